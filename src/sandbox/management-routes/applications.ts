import { entityNotExistsWithId, guardInvalidInput, LogtoError, requestInvalidInput } from '../errors.js';
import { listReply } from '../pagination.js';
import { queryEnumList, queryString } from '../query.js';
import { get, type RouteContext, type RouteDefinition } from '../router.js';
import type { ApplicationRow, ApplicationType } from '../rows.js';
import { compileSearch, parseSearch, searchFilter } from '../search.js';
import { INTERNAL_ADMIN_ROLE_NAME } from '../constants.js';
import { searchRoles } from './queries.js';
import { APPLICATION_SEARCH_FIELDS } from './search-fields.js';

const APPLICATION_TYPES: readonly ApplicationType[] = ['Native', 'SPA', 'Traditional', 'MachineToMachine', 'Protected', 'SAML'];

function findApplication(context: RouteContext, id = context.params.id ?? ''): ApplicationRow {
  const application = context.store.applications.get(id);
  if (!application) throw entityNotExistsWithId('applications', id);
  return application;
}

function newestFirst(apps: Iterable<ApplicationRow>): ApplicationRow[] {
  return [...apps].sort((a, b) => b.createdAt - a.createdAt);
}

export const applicationRoutes: readonly RouteDefinition[] = [
  get(
    '/applications',
    (context) => {
      const { store, query } = context;
      const types = queryEnumList(query, 'types', APPLICATION_TYPES);
      const excludeRoleId = queryString(query, 'excludeRoleId');
      const excludeOrganizationId = queryString(query, 'excludeOrganizationId');
      const isThirdParty = queryString(query, 'isThirdParty');
      if (isThirdParty !== undefined && isThirdParty !== 'true' && isThirdParty !== 'false') {
        throw guardInvalidInput('query', [{ code: 'invalid_union', path: ['isThirdParty'], message: 'Invalid input' }]);
      }
      if (excludeRoleId && excludeOrganizationId) {
        throw requestInvalidInput(
          'Parameter `excludeRoleId` and `excludeOrganizationId` cannot be used at the same time.',
          false,
        );
      }
      const search = parseSearch(context.searchParams);
      const excluded = excludeRoleId ? store.applicationRoles.leftsOf(excludeRoleId) : new Set<string>();
      const base = (app: ApplicationRow) =>
        !excluded.has(app.id) &&
        (!excludeOrganizationId || !store.organizationApplications.has(excludeOrganizationId, app.id)) &&
        (!types?.length || types.includes(app.type)) &&
        (isThirdParty === undefined || app.isThirdParty === (isThirdParty === 'true'));
      const filter = searchFilter(search, compileSearch(search, APPLICATION_SEARCH_FIELDS), base, { leakyOr: true });
      return listReply(context, newestFirst(store.applications.values()).filter(filter));
    },
    { pagination: 'optional' },
  ),

  get('/applications/:id', (context) => {
    const application = findApplication(context);
    const isAdmin = [...context.store.applicationRoles.rightsOf(application.id)].some((roleId) =>
      context.store.roles.get(roleId)?.name === INTERNAL_ADMIN_ROLE_NAME,
    );
    return { status: 200, body: { ...application, isAdmin } };
  }),

  get(
    '/applications/:applicationId/roles',
    (context) => {
      const application = findApplication(context, context.params.applicationId);
      if (application.type !== 'MachineToMachine') {
        throw new LogtoError(422, 'application.invalid_type', 'Only machine to machine applications can have associated roles.');
      }
      const roleIds = context.store.applicationRoles.rightsOf(application.id);
      return listReply(context, searchRoles(context, (role) => roleIds.has(role.id) && role.type === 'MachineToMachine'));
    },
    { pagination: 'always' },
  ),

  get('/applications/:id/secrets', (context) => {
    const application = findApplication(context);
    return { status: 200, body: context.store.applicationSecrets.get(application.id) ?? [] };
  }),
];
