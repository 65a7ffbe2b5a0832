import { ALL_SCOPES, PROFILE_SCOPE, SCOPES, type Scope } from './scopes.js';

/**
 * Who is calling, as far as authorization cares. Built once per request from the verified
 * access token (or, with `AUTH_MODE=none`, as an anonymous caller holding every permission).
 *
 * - `anonymous`: no token (`AUTH_MODE=none` only); every permission, tenant-wide.
 * - `m2m`: a client-credentials token (`sub` = `client_id`); tenant-wide, per its scopes.
 * - `user`: a user's token carrying tenant-wide permissions (an admin portal); per its scopes.
 * - `self`: a user's token carrying no tenant-wide permission: it reaches only its own user.
 * - `organization`: an organization token (`organization_id` claim), confined to that one
 *   organization whatever its scopes say.
 * - `nobody`: a request that was never authenticated (`AUTH_MODE=jwt`). Authentication refuses
 *   such requests before they reach the schema; this kind exists so that, if one ever slipped
 *   through, it would hold no permission and fail every `authenticated` check.
 */
export type CallerKind = 'anonymous' | 'm2m' | 'user' | 'organization' | 'self' | 'nobody';

export type Caller = {
  readonly kind: CallerKind;
  /** The token's `sub`: a user id, or an application's client id; undefined without a token. */
  readonly subject: string | undefined;
  /** The token's `client_id`. */
  readonly clientId: string | undefined;
  /** The Logto user the token speaks for (`sub` when it is not the client's own id). */
  readonly userId: string | undefined;
  /** Catalogue permissions the token carries (`scope` claim; unknown names are dropped). */
  readonly scopes: ReadonlySet<Scope>;
  /** Organization tokens: the only organization this caller may reach. */
  readonly organizationId: string | undefined;
};

const KNOWN_SCOPES: ReadonlySet<string> = new Set(ALL_SCOPES);

/** Scopes that reach beyond the caller's own user. */
const TENANT_SCOPES: ReadonlySet<string> = new Set(ALL_SCOPES.filter((scope) => scope !== SCOPES.profile));

/** The caller of `AUTH_MODE=none`: trusted with everything, on purpose and with a loud log line. */
export function unauthenticatedCaller(): Caller {
  return Object.freeze({
    kind: 'anonymous',
    subject: undefined,
    clientId: undefined,
    userId: undefined,
    scopes: new Set(ALL_SCOPES),
    organizationId: undefined,
  });
}

/** The caller of a request that did not pass authentication: no identity, no permission. */
export const NOBODY: Caller = Object.freeze({
  kind: 'nobody',
  subject: undefined,
  clientId: undefined,
  userId: undefined,
  scopes: new Set<Scope>(),
  organizationId: undefined,
});

/** Whether the request was authenticated (a verified token, or `AUTH_MODE=none`). */
export function isAuthenticated(caller: Caller): boolean {
  return caller.kind !== 'nobody';
}

/** The claims of a verified Logto access token this module reads. */
export type AccessTokenClaims = {
  readonly sub?: unknown;
  readonly client_id?: unknown;
  readonly scope?: unknown;
  readonly organization_id?: unknown;
};

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function callerFromClaims(claims: AccessTokenClaims): Caller {
  const subject = text(claims.sub);
  const clientId = text(claims.client_id);
  const organizationId = text(claims.organization_id);
  const scopes = new Set(
    (text(claims.scope) ?? '')
      .split(' ')
      .filter((scope): scope is Scope => KNOWN_SCOPES.has(scope)),
  );
  // Logto's client-credentials tokens name the client as their subject.
  const userId = subject !== undefined && subject !== clientId ? subject : undefined;
  const kind: CallerKind = organizationId
    ? 'organization'
    : !userId
      ? 'm2m'
      : [...scopes].some((scope) => TENANT_SCOPES.has(scope))
        ? 'user'
        : 'self';
  return Object.freeze({ kind, subject, clientId, userId, scopes, organizationId });
}

/** Whether the caller may act on its own user (`me`, `updateMe`). */
export function isSelfServiceCaller(caller: Caller): boolean {
  return caller.userId !== undefined && caller.scopes.has(PROFILE_SCOPE);
}
