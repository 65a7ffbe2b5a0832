import { logtoIdFrom, NODE_TYPENAMES, tryDecodeGlobalId } from '../global-id.js';
import type { Requirement } from './policy.js';
import { type Scope, SCOPES } from './scopes.js';

/**
 * Building blocks for `authScopes` on fields and types. Every root field, every mutation and
 * every field that reaches another entity declares one (a schema test enforces it):
 *
 *   authScopes: requires.tenant(SCOPES.writeUsers)                        // tenant-wide only
 *   authScopes: (_root, { input }) =>
 *     requires.organization(SCOPES.writeOrganizations, input.organizationId) // one organization
 *
 * A field whose arguments name the object it touches checks that object before loading it, so
 * a caller never makes the facade fetch something it may not see.
 */
export const requires = {
  /** Any authenticated caller. */
  authenticated: { authenticated: true } satisfies Requirement,
  /** The permission, tenant-wide (organization tokens never pass). */
  tenant: (scope: Scope): Requirement => ({ tenant: scope }),
  /** The permission inside this organization (global id or Logto id). */
  organization: (scope: Scope, organizationId: string): Requirement => ({
    organization: { scope, organizationId: logtoIdFrom(organizationId, 'Organization') },
  }),
  /** The permission, tenant-wide or from an organization token (see `AuthScopes.permission`). */
  permission: (scope: Scope): Requirement => ({ permission: scope }),
  /** The permission tenant-wide, or the caller's own user (global id or Logto id). */
  tenantOrSelf: (scope: Scope, userId: string): Requirement => ({
    $any: { tenant: scope, self: logtoIdFrom(userId, 'User') },
  }),
  /** A user token with `profile` (self-service). */
  profile: { profile: true } satisfies Requirement,
} as const;

/**
 * What reading one object by id takes, decided from the id alone — before anything is loaded.
 * Used by `node`, `nodes` and the by-id root fields.
 */
export function requirementToLoad(typename: string, logtoId: string): Requirement | false {
  switch (typename) {
    case 'User':
      return requires.tenantOrSelf(SCOPES.readUsers, logtoId);
    case 'Organization':
      return requires.organization(SCOPES.readOrganizations, logtoId);
    case 'OrganizationInvitation':
      // The id does not say whose invitation it is; an organization caller's lookup only ever
      // reads its own organization's invitations (`organizationInvitationById`).
      return requires.permission(SCOPES.readOrganizations);
    case 'OrganizationRole':
    case 'OrganizationScope':
      // The organization template: the same for every organization, readable by its callers.
      return requires.permission(SCOPES.readOrganizations);
    case 'Role':
      return requires.tenant(SCOPES.readRoles);
    case 'Application':
      return requires.tenant(SCOPES.readApplications);
    case 'Resource':
    case 'Scope':
      return requires.tenant(SCOPES.readResources);
    case 'Log':
      return requires.tenant(SCOPES.readLogs);
    case 'Connector':
      return requires.tenant(SCOPES.readConnectors);
    default:
      return false;
  }
}

/** `requirementToLoad` for a by-id argument that takes a global id or a Logto id of `typename`. */
export function requirementToLoadById(typename: string, id: string): Requirement | false {
  return requirementToLoad(typename, logtoIdFrom(id, typename));
}

/**
 * `requirementToLoad` for `node(id:)`'s raw argument. An id that is not a valid global id passes
 * here and fails in the resolver with BAD_USER_INPUT, as it does for everyone.
 */
export function requirementToLoadGlobalId(globalId: string): Requirement | boolean {
  const decoded = tryDecodeGlobalId(globalId);
  if (!decoded || !NODE_TYPENAMES.has(decoded.typename)) return true;
  return requirementToLoad(decoded.typename, decoded.id);
}
