import { entityNotExistsWithId, entityNotFound } from '../errors.js';
import { listReply } from '../pagination.js';
import { queryString } from '../query.js';
import { compareText, organizationRoleWithScopes } from '../row-views.js';
import { get, type RouteContext, type RouteDefinition } from '../router.js';
import type { OrganizationRoleRow, OrganizationScopeRow } from '../rows.js';
import { keywordFilter } from './keyword.js';

/** Logto's organization-role queries use `pool.one`, so an unknown id is the generic `entity.not_found`. */
function findOrganizationRole(context: RouteContext): OrganizationRoleRow {
  const role = context.store.organizationRoles.get(context.params.id ?? '');
  if (!role) throw entityNotFound();
  return role;
}

const byName = <Row extends { name: string }>(a: Row, b: Row) => compareText(a.name, b.name);

/** The organization template: organization roles and organization scopes. */
export const organizationTemplateRoutes: readonly RouteDefinition[] = [
  get(
    '/organization-roles',
    (context) => {
      const { store } = context;
      const matches = keywordFilter<OrganizationRoleRow>(queryString(context.query, 'q'), [
        (role) => role.id,
        (role) => role.name,
        (role) => role.description,
      ]);
      const roles = [...store.organizationRoles.values()].filter((role) => !matches || matches(role)).sort(byName);
      return listReply(context, roles, { map: (role) => organizationRoleWithScopes(store, role) });
    },
    { pagination: 'always' },
  ),

  get('/organization-roles/:id', (context) => ({ status: 200, body: findOrganizationRole(context) })),

  get(
    '/organization-roles/:id/scopes',
    (context) => {
      const role = findOrganizationRole(context);
      const scopes = [...context.store.organizationRoleScopes.rightsOf(role.id)]
        .map((id) => context.store.organizationScopes.get(id))
        .filter((scope) => scope !== undefined);
      return listReply(context, scopes);
    },
    { pagination: 'optional' },
  ),

  get(
    '/organization-roles/:id/resource-scopes',
    (context) => {
      const role = findOrganizationRole(context);
      const scopes = [...context.store.organizationRoleResourceScopes.rightsOf(role.id)]
        .map((id) => context.store.scopes.get(id))
        .filter((scope) => scope !== undefined);
      return listReply(context, scopes);
    },
    { pagination: 'optional' },
  ),

  get(
    '/organization-scopes',
    (context) => {
      const matches = keywordFilter<OrganizationScopeRow>(queryString(context.query, 'q'), [(scope) => scope.name]);
      const scopes = [...context.store.organizationScopes.values()].filter((scope) => !matches || matches(scope)).sort(byName);
      return listReply(context, scopes);
    },
    { pagination: 'optional' },
  ),

  get('/organization-scopes/:id', (context) => {
    const id = context.params.id ?? '';
    const scope = context.store.organizationScopes.get(id);
    if (!scope) throw entityNotExistsWithId('organization_scopes', id);
    return { status: 200, body: scope };
  }),
];
