import { entityNotExistsWithId } from '../errors.js';
import { listReply } from '../pagination.js';
import { queryEnum, queryString } from '../query.js';
import { featuredApplication, featuredUser, scopeWithResource } from '../row-views.js';
import { get, type RouteContext, type RouteDefinition } from '../router.js';
import type { ApplicationRow, RoleRow, UserRow } from '../rows.js';
import { compileSearch, parseSearch, searchFilter } from '../search.js';
import type { SandboxStore } from '../store.js';
import { APPLICATION_SEARCH_FIELDS, SCOPE_SEARCH_FIELDS } from './search-fields.js';
import { searchRoles, searchUsers } from './queries.js';

function findRole(context: RouteContext, id = context.params.id ?? ''): RoleRow {
  const role = context.store.roles.get(id);
  if (!role) throw entityNotExistsWithId('roles', id);
  return role;
}

/** The first three related rows, as Logto's `row_number() over (partition by role_id) <= 3`. */
function firstThree<T>(ids: Iterable<string>, lookup: (id: string) => T | undefined): T[] {
  const rows: T[] = [];
  for (const id of ids) {
    const row = lookup(id);
    if (row) rows.push(row);
    if (rows.length === 3) break;
  }
  return rows;
}

function roleWithFeatured(store: SandboxStore, role: RoleRow): Record<string, unknown> {
  const userIds = store.userRoles.leftsOf(role.id);
  const applicationIds = store.applicationRoles.leftsOf(role.id);
  return {
    ...role,
    usersCount: userIds.size,
    featuredUsers: firstThree(userIds, (id) => store.users.get(id)).map((user: UserRow) => featuredUser(user)),
    applicationsCount: applicationIds.size,
    featuredApplications: firstThree(applicationIds, (id) => store.applications.get(id)).map((app: ApplicationRow) =>
      featuredApplication(app),
    ),
  };
}

export const roleRoutes: readonly RouteDefinition[] = [
  get(
    '/roles',
    (context) => {
      const { store, query } = context;
      const excludeUserId = queryString(query, 'excludeUserId');
      const excludeApplicationId = queryString(query, 'excludeApplicationId');
      const type = queryEnum(query, 'type', ['User', 'MachineToMachine'] as const);
      const excluded = new Set([
        ...(excludeUserId ? store.userRoles.rightsOf(excludeUserId) : []),
        ...(excludeApplicationId ? store.applicationRoles.rightsOf(excludeApplicationId) : []),
      ]);
      const roles = searchRoles(context, (role) => !excluded.has(role.id) && (!type || role.type === type));
      return listReply(context, roles, { map: (role) => roleWithFeatured(store, role) });
    },
    { pagination: 'always' },
  ),

  get('/roles/:id', (context) => ({ status: 200, body: findRole(context) })),

  get(
    '/roles/:id/users',
    (context) => {
      const role = findRole(context);
      const holders = context.store.userRoles.leftsOf(role.id);
      return listReply(context, searchUsers(context, (user) => holders.has(user.id)));
    },
    { pagination: 'always' },
  ),

  get(
    '/roles/:id/applications',
    (context) => {
      const { store } = context;
      const role = findRole(context);
      const search = parseSearch(context.searchParams);
      const holders = store.applicationRoles.leftsOf(role.id);
      // No ORDER BY in Logto: heap (creation) order. Only machine-to-machine apps are listed.
      const base = (app: ApplicationRow) => app.type === 'MachineToMachine' && holders.has(app.id);
      const filter = searchFilter(search, compileSearch(search, APPLICATION_SEARCH_FIELDS), base, { leakyOr: true });
      return listReply(context, holders.size === 0 ? [] : [...store.applications.values()].filter(filter));
    },
    { pagination: 'always' },
  ),

  get(
    '/roles/:id/scopes',
    (context) => {
      const { store } = context;
      const role = findRole(context);
      const search = parseSearch(context.searchParams);
      const scopeIds = store.roleScopes.rightsOf(role.id);
      const filter = searchFilter(
        search,
        compileSearch(search, SCOPE_SEARCH_FIELDS),
        (scope) => scopeIds.has(scope.id),
        { leakyOr: true },
      );
      const scopes = [...store.scopes.values()].filter(filter);
      return listReply(context, scopes, { map: (scope) => scopeWithResource(store, scope) });
    },
    { pagination: 'optional' },
  ),
];
