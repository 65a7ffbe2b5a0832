import { entityOf } from '../entities.js';
import { logtoIdFrom, tryDecodeGlobalId } from '../global-id.js';
import type { Requirement } from './policy.js';
import type { Scope } from './scopes.js';

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
 * What reading one object by id takes, decided from the id alone — before anything is loaded:
 * the type's read permission in the entity registry (`src/entities.ts`). Used by `node`, `nodes`,
 * `_entities` and the by-id root fields; `false` for a type that is not an entity.
 */
export function requirementToLoad(typename: string, logtoId: string): Requirement | false {
  const read = entityOf(typename)?.read;
  if (!read) return false;
  switch (read.where) {
    case 'tenantOrSelf':
      return requires.tenantOrSelf(read.scope, logtoId);
    case 'organization':
      return requires.organization(read.scope, logtoId);
    case 'permission':
      return requires.permission(read.scope);
    case 'tenant':
      return requires.tenant(read.scope);
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
  if (!decoded || !entityOf(decoded.typename)) return true;
  return requirementToLoad(decoded.typename, decoded.id);
}
