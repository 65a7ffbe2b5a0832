import { entityNotExistsWithId, LogtoError } from '../errors.js';
import { listReply } from '../pagination.js';
import { queryString, yes } from '../query.js';
import { compareText, featuredUser, memberResponse, roleSummaries } from '../row-views.js';
import { get, type RouteContext, type RouteDefinition } from '../router.js';
import type { ApplicationRow, OrganizationRow, UserRow } from '../rows.js';
import { keywordFilter } from './keyword.js';
import { APPLICATION_SEARCH_FIELDS, USER_SEARCH_FIELDS } from './search-fields.js';

function findOrganization(context: RouteContext): OrganizationRow {
  const id = context.params.id ?? '';
  const organization = context.store.organizations.get(id);
  if (!organization) throw entityNotExistsWithId('organizations', id);
  return organization;
}

/** Logto checks membership in a `router.use()` middleware, so it fails before pagination is parsed. */
function requireMembership(context: Pick<RouteContext, 'params' | 'store'>): void {
  if (!context.store.organizationUsers.has(context.params.id ?? '', context.params.userId ?? '')) {
    throw new LogtoError(422, 'organization.require_membership', 'The user must be a member of the organization to proceed.');
  }
}

export const organizationRoutes: readonly RouteDefinition[] = [
  get(
    '/organizations',
    (context) => {
      const { store, query } = context;
      const q = queryString(query, 'q');
      const showFeatured = yes(queryString(query, 'showFeatured'));
      const matches = keywordFilter<OrganizationRow>(q, [(org) => org.id, (org) => org.name]);
      // No ORDER BY in Logto: heap order, which is creation order on a fresh database.
      const organizations = [...store.organizations.values()].filter((org) => !matches || matches(org));
      return listReply(context, organizations, {
        map: (org) => {
          if (!showFeatured) return org;
          const members = [...store.organizationUsers.rightsOf(org.id)];
          const featured = members
            .slice(0, 3)
            .map((id) => store.users.get(id))
            .filter((user) => user !== undefined)
            .map(featuredUser);
          return { ...org, usersCount: members.length, featuredUsers: featured };
        },
      });
    },
    { pagination: 'always' },
  ),

  get('/organizations/:id', (context) => ({ status: 200, body: findOrganization(context) })),

  // Logto does not check that the organization exists: an unknown one simply has no members.
  get(
    '/organizations/:id/users',
    (context) => {
      const { store, query } = context;
      const organizationId = context.params.id ?? '';
      const q = queryString(query, 'q');
      const organizationRoleId = queryString(query, 'organizationRoleId', { nonEmpty: true });
      const matches = keywordFilter<UserRow>(q, USER_SEARCH_FIELDS.map(([, read]) => read));
      const members = [...store.organizationUsers.rightsOf(organizationId)]
        .sort(compareText)
        .map((id) => store.users.get(id))
        .filter((user) => user !== undefined)
        .filter(
          (user) =>
            (!organizationRoleId || store.organizationUserRoles.rolesOf(organizationId, user.id).has(organizationRoleId)) &&
            (!matches || matches(user)),
        );
      return listReply(context, members, { map: (user) => memberResponse(store, organizationId, user) });
    },
    { pagination: 'always' },
  ),

  get(
    '/organizations/:id/users/:userId/roles',
    (context) => {
      const roles = [...context.store.organizationUserRoles.rolesOf(context.params.id ?? '', context.params.userId ?? '')]
        .map((id) => context.store.organizationRoles.get(id))
        .filter((role) => role !== undefined);
      return listReply(context, roles);
    },
    { pagination: 'optional', before: requireMembership },
  ),

  // Unlike `/roles`, Logto does not check membership here: a non-member just has no scopes.
  get('/organizations/:id/users/:userId/scopes', (context) => {
    const { store, params } = context;
    const scopeIds = new Set<string>();
    for (const roleId of store.organizationUserRoles.rolesOf(params.id ?? '', params.userId ?? '')) {
      for (const scopeId of store.organizationRoleScopes.rightsOf(roleId)) scopeIds.add(scopeId);
    }
    // `select distinct on (scope id)`: ordered by id.
    const scopes = [...scopeIds]
      .sort(compareText)
      .map((id) => store.organizationScopes.get(id))
      .filter((scope) => scope !== undefined);
    return { status: 200, body: scopes };
  }),

  get(
    '/organizations/:id/applications',
    (context) => {
      const { store, query } = context;
      const organizationId = context.params.id ?? '';
      const q = queryString(query, 'q');
      const matches = keywordFilter<ApplicationRow>(q, APPLICATION_SEARCH_FIELDS.map(([, read]) => read));
      const applications = [...store.organizationApplications.rightsOf(organizationId)]
        .map((id) => store.applications.get(id))
        .filter((app) => app !== undefined)
        .filter((app) => !matches || matches(app));
      return listReply(context, applications, {
        map: (app) => ({
          ...app,
          organizationRoles: roleSummaries(store, store.organizationApplicationRoles.rolesOf(organizationId, app.id)),
        }),
      });
    },
    { pagination: 'always' },
  ),
];
