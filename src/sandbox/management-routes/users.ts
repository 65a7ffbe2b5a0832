import { entityNotFound, requestInvalidInput } from '../errors.js';
import { listReply } from '../pagination.js';
import { queryString, yes } from '../query.js';
import { compareText, roleSummaries } from '../row-views.js';
import { get, type RouteContext, type RouteDefinition } from '../router.js';
import type { UserRow } from '../rows.js';
import { searchRoles, searchUsers } from './queries.js';

function findUser(context: RouteContext): UserRow {
  const user = context.store.users.get(context.params.userId ?? '');
  if (!user) throw entityNotFound();
  return user;
}

export const userRoutes: readonly RouteDefinition[] = [
  get(
    '/users',
    (context) => {
      const { store, searchParams } = context;
      const excludeRoleId = searchParams.get('excludeRoleId');
      const excludeOrganizationId = searchParams.get('excludeOrganizationId');
      if (excludeRoleId && excludeOrganizationId) {
        throw requestInvalidInput(
          'Parameter `excludeRoleId` and `excludeOrganizationId` cannot be used at the same time.',
          false,
        );
      }
      const relation = excludeRoleId
        ? (user: UserRow) => !store.userRoles.has(user.id, excludeRoleId)
        : excludeOrganizationId
          ? (user: UserRow) => !store.organizationUsers.has(excludeOrganizationId, user.id)
          : () => true;
      return listReply(context, searchUsers(context, relation));
    },
    { pagination: 'always' },
  ),

  get('/users/:userId', (context) => {
    const includeSsoIdentities = queryString(context.query, 'includeSsoIdentities');
    // `includePasswordHash` is accepted and ignored: the sandbox holds no hash to hand out.
    queryString(context.query, 'includePasswordHash');
    const user = findUser(context);
    return { status: 200, body: yes(includeSsoIdentities) ? { ...user, ssoIdentities: [] } : user };
  }),

  get('/users/:userId/custom-data', (context) => ({ status: 200, body: findUser(context).customData })),

  get('/users/:userId/has-password', (context) => ({ status: 200, body: { hasPassword: findUser(context).hasPassword } })),

  get(
    '/users/:userId/roles',
    (context) => {
      const user = findUser(context);
      const roleIds = context.store.userRoles.rightsOf(user.id);
      return listReply(context, searchRoles(context, (role) => roleIds.has(role.id) && role.type === 'User'));
    },
    { pagination: 'always' },
  ),

  // Not paginated in Logto ("aligns with the issuing of organizations to ID tokens").
  get('/users/:userId/organizations', (context) => {
    const { store } = context;
    const user = findUser(context);
    const organizations = [...store.organizationUsers.leftsOf(user.id)]
      .sort(compareText)
      .flatMap((id) => {
        const organization = store.organizations.get(id);
        if (!organization) return [];
        const roles = store.organizationUserRoles.rolesOf(id, user.id);
        return [{ ...organization, organizationRoles: roleSummaries(store, roles) }];
      });
    return { status: 200, body: organizations };
  }),
];
