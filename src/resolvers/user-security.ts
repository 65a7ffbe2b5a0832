import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import type { ListRequest } from '../loaders/upstream.js';
import { LogtoApiError } from '../logto/errors.js';
import type { LogtoUser } from '../logto/types.js';
import { ConflictError, type FieldHints, NotFoundError, ValidationError } from '../mutation-errors.js';
import { sendDelete, sendWrite, type WriteRequest } from './writes.js';

/**
 * A user's security screen (`/api/users/:id/{sessions,grants,mfa-verifications,…}`): the reads,
 * through the operation's de-duplicating whole-answer loader (cleared by every write), and the
 * writes, through `sendWrite`/`sendDelete`. None of these routes is paginated by Logto.
 */

export type UserSession = {
  readonly payload: { readonly uid: string; readonly loginTs?: number; readonly authorizations?: Record<string, { readonly grantId?: string }> };
  readonly lastSubmission?: Record<string, unknown> | null;
  readonly clientId?: string | null;
  readonly accountId?: string;
  readonly expiresAt: number;
};

export type UserGrant = {
  readonly id: string;
  readonly payload: { readonly iat?: number; readonly clientId?: string; readonly openid?: { readonly scope?: string } };
  readonly expiresAt: number;
  readonly application?: { readonly id: string; readonly name: string | null } | null;
};

export type MfaVerification = { readonly id: string; readonly createdAt: string; readonly type: string; readonly remainCodes?: number };

export type SocialIdentity = { readonly target: string; readonly userId: string; readonly details?: Record<string, unknown> };

export type EnterpriseIdentity = {
  readonly ssoConnectorId: string;
  readonly issuer: string;
  readonly identityId: string;
  readonly detail?: Record<string, unknown>;
  readonly createdAt: number;
  readonly updatedAt: number;
};

export type AllIdentities = { readonly social: readonly SocialIdentity[]; readonly enterprise: readonly EnterpriseIdentity[] };

/** What the graph keeps of a personal access token: never its `value`, which Logto's GET also returns. */
export type PersonalAccessToken = { readonly name: string; readonly createdAt: number; readonly expiresAt: number | null };

export type LogtoConfig = {
  readonly mfa: { readonly enabled?: boolean; readonly skipped: boolean; readonly skipMfaOnSignIn: boolean; readonly additionalBindingSuggestionSkipped?: boolean };
  readonly passkeySignIn: { readonly skipped: boolean };
};

type RawIdentity = { readonly userId: string; readonly details?: Record<string, unknown> };

/** One GET per distinct request in the operation (the `wholeLists` loader caches any whole answer). */
async function readOnce<T>(ctx: Context, request: ListRequest): Promise<T> {
  return (await ctx.loaders.wholeLists.load(request)) as unknown as T;
}

/** A GET of one object that Logto answers 404 for when there is none: null then. */
async function readOrNull<T>(ctx: Context, request: ListRequest): Promise<T | null> {
  try {
    return await readOnce<T>(ctx, request);
  } catch (error) {
    if (error instanceof LogtoApiError && error.status === 404) return null;
    throw error;
  }
}

/** Only what the graph shows: the token's `value` is dropped at the first place it arrives. */
export function withoutValue(token: PersonalAccessToken & { readonly value?: string }): PersonalAccessToken {
  return { name: token.name, createdAt: token.createdAt, expiresAt: token.expiresAt };
}

export async function userSessions(ctx: Context, user: LogtoUser): Promise<readonly UserSession[]> {
  return (await readOnce<{ sessions: UserSession[] }>(ctx, { route: '/api/users/:id/sessions', params: { id: user.id } })).sessions;
}

export function userSession(ctx: Context, user: LogtoUser, sessionId: string): Promise<UserSession | null> {
  return readOrNull<UserSession>(ctx, { route: '/api/users/:id/sessions/:sessionId', params: { id: user.id, sessionId } });
}

export type GrantAppType = 'FIRST_PARTY' | 'THIRD_PARTY';

export async function userGrants(ctx: Context, user: LogtoUser, appType: GrantAppType | null | undefined): Promise<readonly UserGrant[]> {
  const query = appType ? { appType: appType === 'FIRST_PARTY' ? 'firstParty' : 'thirdParty' } : undefined;
  return (await readOnce<{ grants: UserGrant[] }>(ctx, { route: '/api/users/:id/grants', params: { id: user.id }, query })).grants;
}

export function userMfaVerifications(ctx: Context, user: LogtoUser): Promise<readonly MfaVerification[]> {
  return readOnce<MfaVerification[]>(ctx, { route: '/api/users/:id/mfa-verifications', params: { id: user.id } });
}

export async function userAllIdentities(ctx: Context, user: LogtoUser): Promise<AllIdentities> {
  const answer = await readOnce<{
    socialIdentities: { identity: RawIdentity; target: string }[];
    ssoIdentities: { ssoIdentity: EnterpriseIdentity }[];
  }>(ctx, { route: '/api/users/:id/all-identities', params: { id: user.id } });
  return {
    social: answer.socialIdentities.map(({ identity, target }) => ({ target, ...identity })),
    enterprise: answer.ssoIdentities.map(({ ssoIdentity }) => ssoIdentity),
  };
}

export async function userIdentity(ctx: Context, user: LogtoUser, target: string): Promise<SocialIdentity | null> {
  const answer = await readOrNull<{ identity: RawIdentity }>(ctx, { route: '/api/users/:id/identities/:target', params: { id: user.id, target } });
  return answer ? { target, ...answer.identity } : null;
}

export async function userEnterpriseIdentity(ctx: Context, user: LogtoUser, ssoConnectorId: string): Promise<EnterpriseIdentity | null> {
  const answer = await readOrNull<{ ssoIdentity: EnterpriseIdentity }>(ctx, {
    route: '/api/users/:id/sso-identities/:ssoConnectorId',
    params: { id: user.id, ssoConnectorId },
  });
  return answer?.ssoIdentity ?? null;
}

export async function userPersonalAccessTokens(ctx: Context, user: LogtoUser): Promise<readonly PersonalAccessToken[]> {
  const tokens = await readOnce<(PersonalAccessToken & { value?: string })[]>(ctx, { route: '/api/users/:id/personal-access-tokens', params: { id: user.id } });
  return tokens.map(withoutValue);
}

export function userLogtoConfig(ctx: Context, user: LogtoUser): Promise<LogtoConfig> {
  return readOnce<LogtoConfig>(ctx, { route: '/api/users/:id/logto-configs', params: { id: user.id } });
}

/* ---------------------------------------------------------------- writes */

/** Logto's "already in use / exists" codes of these routes, which `typedErrorFrom` does not know as conflicts. */
const SECURITY_CONFLICTS: Readonly<Record<string, string>> = {
  'user.identity_already_in_use': 'identityUserId',
  'user.personal_access_token_name_exists': 'name',
  'user.totp_already_in_use': 'type',
  'user.backup_code_already_in_use': 'type',
};

function asConflict(error: unknown): unknown {
  if (error instanceof ValidationError && error.logtoCode !== null && error.logtoCode in SECURITY_CONFLICTS) {
    return new ConflictError(error.message, SECURITY_CONFLICTS[error.logtoCode] ?? null, error.logtoCode);
  }
  return error;
}

/** `sendWrite` with these routes' conflicts as `ConflictError`. */
export async function securityWrite<T>(ctx: Context, request: WriteRequest, hints: FieldHints = {}): Promise<T> {
  try {
    return await sendWrite<T>(ctx, request, hints);
  } catch (error) {
    throw asConflict(error);
  }
}

export const userIdOf = (id: string) => logtoIdFrom(id, 'User');

export type RevokeGrantsTarget = 'ALL' | 'FIRST_PARTY';

/** `DELETE …/sessions/:sessionId` (204), optionally revoking the session's grants too. */
export async function revokeUserSession(
  ctx: Context,
  input: { readonly userId: string; readonly sessionId: string; readonly revokeGrants?: RevokeGrantsTarget | null },
): Promise<{ readonly userId: string; readonly sessionId: string }> {
  const userId = userIdOf(input.userId);
  const query = input.revokeGrants ? { revokeGrantsTarget: input.revokeGrants === 'ALL' ? 'all' : 'firstParty' } : undefined;
  await sendDelete(ctx, { route: '/api/users/:id/sessions/:sessionId', params: { id: userId, sessionId: input.sessionId }, query }, { notFound: 'sessionId' });
  return { userId, sessionId: input.sessionId };
}

/** `DELETE …/grants/:grantId` (204; 404 `oidc.invalid_grant` for an unknown grant or another user's). */
export async function revokeUserGrant(ctx: Context, input: { readonly userId: string; readonly grantId: string }): Promise<{ readonly userId: string; readonly grantId: string }> {
  const userId = userIdOf(input.userId);
  await sendDelete(ctx, { route: '/api/users/:id/grants/:grantId', params: { id: userId, grantId: input.grantId } }, { notFound: 'grantId' });
  return { userId, grantId: input.grantId };
}

export type MfaType = 'TOTP' | 'BACKUP_CODE';
export type AddedMfaVerification = { readonly userId: string; readonly type: MfaType; readonly secret?: string; readonly secretQrCode?: string; readonly codes?: readonly string[] };

/** `POST …/mfa-verifications` (200): the TOTP secret and QR code, or the backup codes, once. */
export async function addUserMfaVerification(
  ctx: Context,
  input: { readonly userId: string; readonly type: MfaType; readonly secret?: string | null; readonly codes?: readonly string[] | null },
): Promise<AddedMfaVerification> {
  const userId = userIdOf(input.userId);
  const body =
    input.type === 'TOTP'
      ? { type: 'Totp', ...(input.secret ? { secret: input.secret } : {}) }
      : { type: 'BackupCode', ...(input.codes ? { codes: input.codes } : {}) };
  const answer = await securityWrite<{ secret?: string; secretQrCode?: string; codes?: string[] }>(
    ctx,
    { method: 'POST', route: '/api/users/:id/mfa-verifications', params: { id: userId }, body },
    {
      'entity.not_found': 'userId',
      'user.totp_secret_invalid': 'secret',
      'user.wrong_backup_code_format': 'codes',
      'session.mfa.backup_code_can_not_be_alone': 'type',
    },
  );
  return { userId, type: input.type, secret: answer.secret, secretQrCode: answer.secretQrCode, codes: answer.codes };
}

/** `DELETE …/mfa-verifications/:verificationId` (204). */
export async function removeUserMfaVerification(
  ctx: Context,
  input: { readonly userId: string; readonly verificationId: string },
): Promise<{ readonly userId: string; readonly verificationId: string }> {
  const userId = userIdOf(input.userId);
  await sendDelete(ctx, { route: '/api/users/:id/mfa-verifications/:verificationId', params: { id: userId, verificationId: input.verificationId } }, { notFound: 'verificationId' });
  return { userId, verificationId: input.verificationId };
}

/** The identities map Logto answers, as a list. */
const identityList = (identities: Record<string, RawIdentity>): SocialIdentity[] =>
  Object.entries(identities).map(([target, identity]) => ({ target, userId: identity.userId, details: identity.details }));

/** `PUT …/identities/:target` (201 new, 200 replaced): answers the whole identities map. */
export async function linkUserIdentity(
  ctx: Context,
  input: { readonly userId: string; readonly target: string; readonly identityUserId: string; readonly details?: Record<string, unknown> | null },
): Promise<{ readonly userId: string; readonly identities: readonly SocialIdentity[] }> {
  const userId = userIdOf(input.userId);
  const body = { userId: input.identityUserId, ...(input.details ? { details: input.details } : {}) };
  const identities = await securityWrite<Record<string, RawIdentity>>(
    ctx,
    { method: 'PUT', route: '/api/users/:id/identities/:target', params: { id: userId, target: input.target }, body },
    { 'entity.not_found': 'userId' },
  );
  return { userId, identities: identityList(identities) };
}

/**
 * `POST …/identities`: Logto asks the connector to verify `connectorData` with the platform. On
 * OSS without that social connector installed it answers 404 `entity.not_found` (a NotFoundError
 * on `connectorId`).
 */
export async function linkUserIdentityWithConnector(
  ctx: Context,
  input: { readonly userId: string; readonly connectorId: string; readonly connectorData: Record<string, unknown> },
): Promise<{ readonly userId: string; readonly identities: readonly SocialIdentity[] }> {
  const userId = userIdOf(input.userId);
  const identities = await securityWrite<Record<string, RawIdentity>>(
    ctx,
    { method: 'POST', route: '/api/users/:id/identities', params: { id: userId }, body: { connectorId: input.connectorId, connectorData: input.connectorData } },
    { notFound: 'connectorId', 'user.identity_already_in_use': 'connectorData' },
  );
  return { userId, identities: identityList(identities) };
}

/** `DELETE …/identities/:target` answers 200 with the user: primed, so the payload costs nothing. */
export async function unlinkUserIdentity(ctx: Context, input: { readonly userId: string; readonly target: string }): Promise<{ readonly user: LogtoUser; readonly target: string }> {
  const userId = userIdOf(input.userId);
  const user = await securityWrite<LogtoUser>(ctx, { method: 'DELETE', route: '/api/users/:id/identities/:target', params: { id: userId, target: input.target } }, {
    'entity.not_found': 'userId',
    'user.identity_not_exist': 'target',
  });
  ctx.loaders.users.prime(user.id, user);
  return { user, target: input.target };
}

/** `POST …/personal-access-tokens` (201): the only answer whose `value` reaches the graph. */
export async function createUserPersonalAccessToken(
  ctx: Context,
  input: { readonly userId: string; readonly name: string; readonly expiresAt?: Date | null },
): Promise<{ readonly userId: string; readonly token: PersonalAccessToken; readonly value: string }> {
  const userId = userIdOf(input.userId);
  const body = { name: input.name, ...(input.expiresAt ? { expiresAt: input.expiresAt.getTime() } : {}) };
  const created = await securityWrite<PersonalAccessToken & { value: string }>(
    ctx,
    { method: 'POST', route: '/api/users/:id/personal-access-tokens', params: { id: userId }, body },
    { notFound: 'userId', 'request.invalid_input': 'expiresAt' },
  );
  return { userId, token: withoutValue(created), value: created.value };
}

/** `PATCH …/personal-access-tokens { currentName, name }` (200); the legacy `PATCH …/:name` does the same. */
export async function renameUserPersonalAccessToken(
  ctx: Context,
  input: { readonly userId: string; readonly currentName: string; readonly name: string },
): Promise<{ readonly userId: string; readonly token: PersonalAccessToken }> {
  const userId = userIdOf(input.userId);
  const renamed = await securityWrite<PersonalAccessToken & { value?: string }>(
    ctx,
    { method: 'PATCH', route: '/api/users/:id/personal-access-tokens', params: { id: userId }, body: { currentName: input.currentName, name: input.name } },
    { 'entity.not_exists': 'currentName', 'entity.not_found': 'userId' },
  );
  return { userId, token: withoutValue(renamed) };
}

/**
 * `POST …/personal-access-tokens/delete { name }` once per name, in order (Logto deletes one per
 * request). A name Logto does not know (404 `entity.not_found`) is reported, not an error: it is
 * gone either way.
 */
export async function deleteUserPersonalAccessTokens(
  ctx: Context,
  input: { readonly userId: string; readonly names: readonly string[] },
): Promise<{ readonly userId: string; readonly deletedNames: readonly string[]; readonly missingNames: readonly string[] }> {
  const userId = userIdOf(input.userId);
  const deletedNames: string[] = [];
  const missingNames: string[] = [];
  for (const name of new Set(input.names)) {
    try {
      await sendWrite(ctx, { method: 'POST', route: '/api/users/:id/personal-access-tokens/delete', params: { id: userId }, body: { name } });
      deletedNames.push(name);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      missingNames.push(name);
    }
  }
  return { userId, deletedNames, missingNames };
}

/**
 * `POST …/password/verify`: 204 when it matches, 422 `session.invalid_credentials` when it does
 * not (or the user has no password) — an answer, not an error, here.
 */
export async function verifyUserPassword(ctx: Context, input: { readonly userId: string; readonly password: string }): Promise<{ readonly userId: string; readonly matches: boolean }> {
  const userId = userIdOf(input.userId);
  try {
    await sendWrite(ctx, { method: 'POST', route: '/api/users/:id/password/verify', params: { id: userId }, body: { password: input.password } }, { 'entity.not_found': 'userId' });
    return { userId, matches: true };
  } catch (error) {
    if (error instanceof ValidationError && error.logtoCode === 'session.invalid_credentials') return { userId, matches: false };
    throw error;
  }
}

/** `PATCH …/password/expiration` (200 the user). OSS refuses `true` without an expiration policy. */
export async function setUserPasswordExpired(ctx: Context, input: { readonly userId: string; readonly isExpired: boolean }): Promise<{ readonly user: LogtoUser }> {
  const userId = userIdOf(input.userId);
  const user = await sendWrite<LogtoUser>(
    ctx,
    { method: 'PATCH', route: '/api/users/:id/password/expiration', params: { id: userId }, body: { isExpired: input.isExpired } },
    { 'entity.not_found': 'userId', 'sign_in_experiences.password_expiration_not_enabled': 'isExpired' },
  );
  ctx.loaders.users.prime(user.id, user);
  return { user };
}

export type LogtoConfigInput = {
  readonly mfa?: { readonly enabled?: boolean | null; readonly skipped?: boolean | null; readonly skipMfaOnSignIn?: boolean | null; readonly additionalBindingSuggestionSkipped?: boolean | null } | null;
  readonly passkeySignIn?: { readonly skipped?: boolean | null } | null;
};

/** Keeps the flags given (Logto's guard takes no null). */
const flags = <T extends Record<string, boolean | null | undefined>>(values: T | null | undefined) =>
  values ? Object.fromEntries(Object.entries(values).filter(([, value]) => typeof value === 'boolean')) : undefined;

/** `PATCH …/logto-configs` (200 the whole config): Logto merges the flags given into the stored ones. */
export async function updateUserLogtoConfig(ctx: Context, input: { readonly userId: string } & LogtoConfigInput): Promise<{ readonly logtoConfig: LogtoConfig }> {
  const userId = userIdOf(input.userId);
  const mfa = flags(input.mfa);
  const passkeySignIn = flags(input.passkeySignIn);
  const logtoConfig = await sendWrite<LogtoConfig>(
    ctx,
    { method: 'PATCH', route: '/api/users/:id/logto-configs', params: { id: userId }, body: { ...(mfa ? { mfa } : {}), ...(passkeySignIn ? { passkeySignIn } : {}) } },
    { 'entity.not_found': 'userId' },
  );
  return { logtoConfig };
}

/** `PUT /api/users/:id/roles` (200 `{ roleIds }`): the user holds exactly these roles afterwards. */
export async function replaceUserRoles(ctx: Context, input: { readonly userId: string; readonly roleIds: readonly string[] }): Promise<{ readonly userId: string; readonly roleIds: readonly string[] }> {
  const userId = userIdOf(input.userId);
  const roleIds = [...new Set(input.roleIds.map((id) => logtoIdFrom(id, 'Role')))];
  await sendWrite(ctx, { method: 'PUT', route: '/api/users/:id/roles', params: { id: userId }, body: { roleIds } }, {
    'entity.not_found': 'userId',
    'entity.not_exists_with_id': 'roleIds',
    'user.invalid_role_type': 'roleIds',
  });
  return { userId, roleIds };
}
