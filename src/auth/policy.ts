import { type Caller, isAuthenticated, isSelfServiceCaller } from './caller.js';
import { type Scope, SCOPES } from './scopes.js';

/**
 * The named checks fields and types are gated by (Pothos scope-auth "auth scopes"). Each takes a
 * parameter and answers for the current caller; `builder.ts` hands them to the plugin.
 */
export type AuthScopes = {
  /**
   * A caller that passed authentication: a verified token, or anyone with `AUTH_MODE=none`.
   * Fails for a request that never went through authentication (`NOBODY`).
   */
  authenticated: boolean;
  /** The permission, tenant-wide: organization tokens never pass, whatever their scopes. */
  tenant: Scope;
  /**
   * The permission inside one organization (Logto id): tenant-wide holders pass for any
   * organization, an organization token only for its own.
   */
  organization: { readonly scope: Scope; readonly organizationId: string };
  /**
   * The permission, tenant-wide or from an organization token. Only for objects an organization
   * token can reach solely through its own organization (organization roles and scopes held there).
   */
  permission: Scope;
  /** The caller's own user (a user token with `profile`), given its Logto id. */
  self: string;
  /** A member of the caller's organization, met through that organization's members in this request. */
  member: string;
  /** A user token with `profile`: self-service (`me`, `updateMe`). */
  profile: boolean;
};

/** A requirement as fields and types declare it: named checks, combined by `$any`/`$all` (default any). */
export type Requirement = { readonly [K in keyof AuthScopes]?: AuthScopes[K] } & {
  readonly $any?: Requirement;
  readonly $all?: Requirement;
};

/**
 * One request's view of what its caller may reach. Besides the token's claims it remembers the
 * members an organization caller has listed, because a `User` is in such a caller's reach only
 * as a member of its organization.
 */
export class AccessPolicy {
  readonly #members = new Set<string>();

  constructor(
    readonly caller: Caller,
    readonly selfServiceCustomDataKeys: readonly string[],
  ) {}

  get authenticated(): boolean {
    return isAuthenticated(this.caller);
  }

  tenant(scope: Scope): boolean {
    return this.caller.organizationId === undefined && this.caller.scopes.has(scope);
  }

  organization(scope: Scope, organizationId: string): boolean {
    if (!this.caller.scopes.has(scope)) return false;
    return this.caller.organizationId === undefined || this.caller.organizationId === organizationId;
  }

  permission(scope: Scope): boolean {
    return this.caller.scopes.has(scope);
  }

  self(userId: string): boolean {
    return isSelfServiceCaller(this.caller) && this.caller.userId === userId;
  }

  member(userId: string): boolean {
    return this.caller.organizationId !== undefined && this.caller.scopes.has(SCOPES.readUsers) && this.#members.has(userId);
  }

  get selfService(): boolean {
    return isSelfServiceCaller(this.caller);
  }

  /** Called with the rows of `Organization.members`: those users are now within an organization caller's reach. */
  recordMember(organizationId: string, userId: string): void {
    if (organizationId === this.caller.organizationId) this.#members.add(userId);
  }

  /** Evaluates a requirement the way scope-auth does (for places that check outside a field's auth step). */
  allows(requirement: Requirement | boolean, strategy: 'any' | 'all' = 'any'): boolean {
    if (typeof requirement === 'boolean') return requirement;
    const results: boolean[] = [];
    for (const [name, parameter] of Object.entries(requirement) as [keyof Requirement, unknown][]) {
      if (parameter === undefined) continue;
      results.push(this.#check(name, parameter));
    }
    return strategy === 'any' ? results.some(Boolean) : results.length > 0 && results.every(Boolean);
  }

  #check(name: keyof Requirement, parameter: unknown): boolean {
    switch (name) {
      case '$any':
        return this.allows(parameter as Requirement, 'any');
      case '$all':
        return this.allows(parameter as Requirement, 'all');
      case 'authenticated':
        return parameter === true && this.authenticated;
      case 'tenant':
        return this.tenant(parameter as Scope);
      case 'organization': {
        const { scope, organizationId } = parameter as AuthScopes['organization'];
        return this.organization(scope, organizationId);
      }
      case 'permission':
        return this.permission(parameter as Scope);
      case 'self':
        return this.self(parameter as string);
      case 'member':
        return this.member(parameter as string);
      case 'profile':
        return parameter === true && this.selfService;
    }
  }

  /** A user's customData as this caller may see it: whole with `read:users:sensitive`, else only the self-service keys. */
  visibleCustomData(customData: Readonly<Record<string, unknown>>): Record<string, unknown> {
    if (this.tenant(SCOPES.readUsersSensitive)) return { ...customData };
    const visible: Record<string, unknown> = {};
    for (const key of this.selfServiceCustomDataKeys) if (Object.hasOwn(customData, key)) visible[key] = customData[key];
    return visible;
  }
}
