import { randomBytes } from 'node:crypto';

import { z } from 'zod';

import { guardBody } from '../body-guard.js';
import { entityNotExistsWithId, entityNotFound, LogtoError, requestInvalidInput } from '../errors.js';
import { queryEnum } from '../query.js';
import { del, get, patch, post, put, type RouteContext, type RouteDefinition } from '../router.js';
import type { UserRow } from '../rows.js';
import type { SandboxStore } from '../store.js';
import { type GrantRow, type LogtoConfig, newPatValue, type PersonalAccessTokenRow } from '../user-security-tables.js';
import { entityNotExists, jsonObject, nowMs, relationForeignKeyNotFound } from '../write-guards.js';

/**
 * A user's security screen as Logto OSS 1.42 answers it (`routes/admin-user/*`, recordings
 * 140–222): sessions and grants (no parent check, never paginated), MFA verifications, social
 * and enterprise identities, personal access tokens, password checks, the Logto config, and
 * `PUT /users/:id/roles`. Status codes, error codes and messages are the recorded ones.
 */

function findUser(context: RouteContext): UserRow {
  const user = context.store.users.get(context.params.userId ?? '');
  if (!user) throw entityNotFound();
  return user;
}

function saveUser(store: SandboxStore, user: UserRow, changes: Partial<UserRow>): UserRow {
  const updated = { ...user, ...changes, updatedAt: Math.max(nowMs(), user.updatedAt + 1) };
  store.updateUser(updated);
  return updated;
}

const sessionNotFound = () => new LogtoError(404, 'oidc.session_not_found', 'Session not found.');
const sessionOfAnother = () => new LogtoError(404, 'oidc.invalid_session_account_id', 'Session accountId mismatch.');
const invalidGrant = () => new LogtoError(404, 'oidc.invalid_grant', 'Grant request is invalid.');
const identityNotExist = () => new LogtoError(404, 'user.identity_not_exist', 'The social account has not been registered yet.');
const unprocessable = (code: string, message: string) => new LogtoError(422, code, message);

/** A grant as the route lists it: with its application's id and name. */
function grantView(store: SandboxStore, grant: GrantRow) {
  const application = store.applications.get(grant.payload.clientId);
  return { ...grant, application: { id: grant.payload.clientId, name: application?.name ?? null } };
}

const isThirdParty = (store: SandboxStore, clientId: string) => store.applications.get(clientId)?.isThirdParty ?? false;

/** Revoking a grant also drops the session authorizations that point at it (oidc-provider's `revoke`). */
function revokeGrant(store: SandboxStore, grantId: string): void {
  store.userSecurity.grants.delete(grantId);
  for (const session of store.userSecurity.sessions.values()) {
    for (const [clientId, authorization] of Object.entries(session.payload.authorizations)) {
      if (authorization.grantId === grantId) delete session.payload.authorizations[clientId];
    }
  }
}

/** The config as Logto exposes it: `skipped` and `skipMfaOnSignIn` default to false. */
function exposedConfig(config: LogtoConfig | undefined) {
  const mfa = config?.mfa ?? {};
  const passkeySignIn = config?.passkeySignIn ?? {};
  return {
    mfa: { ...mfa, skipped: mfa.skipped ?? false, skipMfaOnSignIn: mfa.skipMfaOnSignIn ?? false },
    passkeySignIn: { ...passkeySignIn, skipped: passkeySignIn.skipped ?? false },
  };
}

const BASE32_SECRET = /^[A-Z2-7]{16,}=*$/i;
const BACKUP_CODE = /^[\da-f]{10}$/;

function base32(bytes: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let output = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return output;
}

/** A 1×1 PNG: the sandbox does not draw QR codes, only answers in Logto's `data:` shape. */
const QR_PLACEHOLDER = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const mfaBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Totp'), secret: z.string().optional() }),
  z.object({ type: z.literal('BackupCode'), codes: z.array(z.string()).optional() }),
]);

function tokensOf(store: SandboxStore, userId: string): PersonalAccessTokenRow[] {
  const tokens = store.userSecurity.personalAccessTokens.get(userId) ?? [];
  store.userSecurity.personalAccessTokens.set(userId, tokens);
  return tokens;
}

function renameToken(context: RouteContext, currentName: string, name: string) {
  const user = findUser(context);
  const tokens = tokensOf(context.store, user.id);
  const token = tokens.find((each) => each.name === currentName);
  if (!token) throw entityNotExists('personal_access_token');
  if (name !== currentName && tokens.some((each) => each.name === name)) {
    throw unprocessable('user.personal_access_token_name_exists', 'Personal access token name already exists.');
  }
  token.name = name;
  return { status: 200, body: token };
}

function deleteToken(context: RouteContext, name: string) {
  const user = findUser(context);
  const tokens = tokensOf(context.store, user.id);
  const index = tokens.findIndex((each) => each.name === name);
  if (index < 0) throw entityNotFound();
  tokens.splice(index, 1);
  return { status: 204 };
}

const tokenName = z.string().min(1).max(256);

export const userSecurityRoutes: readonly RouteDefinition[] = [
  // Sessions: no parent check, never paginated (recordings 169–174, 184–188).
  get('/users/:userId/sessions', (context) => {
    const sessions = [...context.store.userSecurity.sessions.values()].filter((session) => session.accountId === context.params.userId);
    return { status: 200, body: { sessions } };
  }),
  get('/users/:userId/sessions/:sessionId', (context) => {
    const session = context.store.userSecurity.sessions.get(context.params.sessionId ?? '');
    if (!session) throw sessionNotFound();
    if (session.accountId !== context.params.userId) throw sessionOfAnother();
    return { status: 200, body: session };
  }),
  del('/users/:userId/sessions/:sessionId', (context) => {
    const { store } = context;
    const target = queryEnum(context.query, 'revokeGrantsTarget', ['all', 'firstParty'] as const);
    const session = store.userSecurity.sessions.get(context.params.sessionId ?? '');
    if (!session) throw sessionNotFound();
    if (session.accountId !== context.params.userId) throw sessionOfAnother();
    store.userSecurity.sessions.delete(session.payload.uid);
    if (target) {
      for (const [clientId, { grantId }] of Object.entries(session.payload.authorizations)) {
        if (target === 'all' || !isThirdParty(store, clientId)) revokeGrant(store, grantId);
      }
    }
    return { status: 204 };
  }),

  // Grants: no parent check, never paginated, `appType` filter (recordings 175–183).
  get('/users/:userId/grants', (context) => {
    const { store } = context;
    const appType = queryEnum(context.query, 'appType', ['firstParty', 'thirdParty'] as const);
    const grants = [...store.userSecurity.grants.values()]
      .filter((grant) => grant.payload.accountId === context.params.userId)
      .filter((grant) => appType === undefined || isThirdParty(store, grant.payload.clientId) === (appType === 'thirdParty'))
      .map((grant) => grantView(store, grant));
    return { status: 200, body: { grants } };
  }),
  del('/users/:userId/grants/:grantId', (context) => {
    const grant = context.store.userSecurity.grants.get(context.params.grantId ?? '');
    if (!grant || grant.payload.accountId !== context.params.userId) throw invalidGrant();
    revokeGrant(context.store, grant.id);
    return { status: 204 };
  }),

  // MFA verifications (recordings 190–205).
  get('/users/:userId/mfa-verifications', (context) => {
    const user = findUser(context);
    return { status: 200, body: context.store.userSecurity.mfaVerifications.get(user.id) ?? [] };
  }),
  post('/users/:userId/mfa-verifications', (context) => {
    const body = guardBody(mfaBody, context.body);
    const user = findUser(context);
    const { mfaVerifications } = context.store.userSecurity;
    const existing = mfaVerifications.get(user.id) ?? [];
    const id = context.store.newId();
    const createdAt = new Date().toISOString();
    if (body.type === 'Totp') {
      if (existing.some((each) => each.type === 'Totp')) throw unprocessable('user.totp_already_in_use', 'TOTP is already in use.');
      if (body.secret !== undefined && !BASE32_SECRET.test(body.secret)) throw unprocessable('user.totp_secret_invalid', 'Invalid TOTP secret supplied.');
      const secret = body.secret ?? base32(randomBytes(20));
      mfaVerifications.set(user.id, [...existing, { id, createdAt, type: 'Totp' }]);
      return { status: 200, body: { type: 'Totp', secret, secretQrCode: QR_PLACEHOLDER } };
    }
    // Logto's order: one backup code factor per user, then another factor first, then the caller's codes (recordings 191, 197, 198).
    if (existing.some((each) => each.type === 'BackupCode' && (each.remainCodes ?? 0) > 0)) {
      throw unprocessable('user.backup_code_already_in_use', 'Backup code is already in use.');
    }
    if (!existing.some((each) => each.type !== 'BackupCode')) {
      throw unprocessable('session.mfa.backup_code_can_not_be_alone', 'Backup code can not be the only MFA.');
    }
    if (body.codes !== undefined && (body.codes.length !== 10 || !body.codes.every((code) => BACKUP_CODE.test(code)))) {
      throw unprocessable('user.wrong_backup_code_format', 'Backup code format is invalid.');
    }
    const codes = body.codes ?? Array.from({ length: 10 }, () => randomBytes(5).toString('hex'));
    mfaVerifications.set(user.id, [...existing, { id, createdAt, type: 'BackupCode', remainCodes: codes.length }]);
    return { status: 200, body: { type: 'BackupCode', codes } };
  }),
  del('/users/:userId/mfa-verifications/:verificationId', (context) => {
    const user = findUser(context);
    const { mfaVerifications } = context.store.userSecurity;
    const existing = mfaVerifications.get(user.id) ?? [];
    const remaining = existing.filter((each) => each.id !== context.params.verificationId);
    if (remaining.length === existing.length) throw entityNotFound();
    mfaVerifications.set(user.id, remaining);
    return { status: 204 };
  }),

  // Social and enterprise identities (recordings 154–168).
  get('/users/:userId/all-identities', (context) => {
    const user = findUser(context);
    const socialIdentities = Object.entries(user.identities).map(([target, identity]) => ({ identity, target }));
    const ssoIdentities = context.store.userSecurity.ssoIdentities
      .filter((identity) => identity.userId === user.id)
      .map((ssoIdentity) => ({ ssoIdentity, ssoConnectorId: ssoIdentity.ssoConnectorId }));
    return { status: 200, body: { socialIdentities, ssoIdentities } };
  }),
  get('/users/:userId/identities/:target', (context) => {
    const identity = findUser(context).identities[context.params.target ?? ''];
    if (!identity) throw identityNotExist();
    return { status: 200, body: { identity } };
  }),
  get('/users/:userId/sso-identities/:ssoConnectorId', (context) => {
    const user = findUser(context);
    const ssoIdentity = context.store.userSecurity.ssoIdentities.find(
      (identity) => identity.userId === user.id && identity.ssoConnectorId === context.params.ssoConnectorId,
    );
    // Logto's phrase is answered with its placeholder unfilled (recordings 162, 164).
    if (!ssoIdentity) {
      throw new LogtoError(
        404,
        'user.enterprise_sso_identity_not_exists',
        'The user does not have an enterprise identity linked to the specified SSO connector ID: {{ ssoConnectorId }}.',
      );
    }
    return { status: 200, body: { ssoIdentity } };
  }),
  put('/users/:userId/identities/:target', (context) => {
    const { store } = context;
    const body = guardBody(z.object({ userId: z.string(), details: jsonObject.optional() }), context.body);
    const user = findUser(context);
    const target = context.params.target ?? '';
    for (const other of store.users.values()) {
      if (other.id !== user.id && other.identities[target]?.userId === body.userId) {
        throw unprocessable('user.identity_already_in_use', 'The social account has been associated with an existing account.');
      }
    }
    const created = !(target in user.identities);
    const identity = { userId: body.userId, ...(body.details === undefined ? {} : { details: body.details }) };
    const updated = saveUser(store, user, { identities: { ...user.identities, [target]: identity } });
    return { status: created ? 201 : 200, body: updated.identities };
  }),
  // Linking through a connector needs the platform to accept `connectorData`; the sandbox's
  // connectors are not real, so it answers what OSS answers without one (recording 161).
  post('/users/:userId/identities', (context) => {
    guardBody(z.object({ connectorId: z.string(), connectorData: jsonObject }), context.body);
    findUser(context);
    throw entityNotFound();
  }),
  del('/users/:userId/identities/:target', (context) => {
    const user = findUser(context);
    const target = context.params.target ?? '';
    if (!(target in user.identities)) throw identityNotExist();
    const { [target]: _removed, ...identities } = user.identities;
    return { status: 200, body: saveUser(context.store, user, { identities }) };
  }),

  // Personal access tokens: never paginated (recordings 206–222).
  get('/users/:userId/personal-access-tokens', (context) => {
    const user = findUser(context);
    const tokens = [...(context.store.userSecurity.personalAccessTokens.get(user.id) ?? [])].sort((a, b) => b.createdAt - a.createdAt);
    return { status: 200, body: tokens };
  }),
  post('/users/:userId/personal-access-tokens', (context) => {
    const { store } = context;
    const body = guardBody(z.object({ name: tokenName, expiresAt: z.number().nullable().optional() }), context.body);
    if (typeof body.expiresAt === 'number' && body.expiresAt <= Date.now()) {
      throw requestInvalidInput('The value of `expiresAt` must be in the future.', false);
    }
    // An insert whose foreign key names no user: 404 here, unlike the relation routes' 422.
    const user = store.users.get(context.params.userId ?? '');
    if (!user) throw new LogtoError(404, relationForeignKeyNotFound().code, relationForeignKeyNotFound().message);
    const tokens = tokensOf(store, user.id);
    if (tokens.some((token) => token.name === body.name)) {
      throw unprocessable('user.personal_access_token_name_exists', 'Personal access token name already exists.');
    }
    const token: PersonalAccessTokenRow = { tenantId: store.tenantId, userId: user.id, name: body.name, value: newPatValue(), createdAt: Date.now(), expiresAt: body.expiresAt ?? null };
    tokens.push(token);
    return { status: 201, body: token };
  }),
  patch('/users/:userId/personal-access-tokens', (context) => {
    const body = guardBody(z.object({ name: tokenName, currentName: z.string().optional() }), context.body);
    return renameToken(context, body.currentName ?? body.name, body.name);
  }),
  post('/users/:userId/personal-access-tokens/delete', (context) => {
    const body = guardBody(z.object({ name: z.string() }), context.body);
    return deleteToken(context, body.name);
  }),
  patch('/users/:userId/personal-access-tokens/:name', (context) => {
    const body = guardBody(z.object({ name: tokenName }), context.body);
    return renameToken(context, context.params.name ?? '', body.name);
  }),
  del('/users/:userId/personal-access-tokens/:name', (context) => deleteToken(context, context.params.name ?? '')),

  // Password checks (recordings 145–150): no expiration policy can be enabled on OSS here.
  post('/users/:userId/password/verify', (context) => {
    const { password } = guardBody(z.object({ password: z.string().min(1) }), context.body);
    const user = findUser(context);
    if (!user.hasPassword || !context.store.userSecurity.passwordMatches(user.id, password)) {
      throw unprocessable('session.invalid_credentials', 'Incorrect account or password. Please check your input.');
    }
    return { status: 204 };
  }),
  patch('/users/:userId/password/expiration', (context) => {
    const { isExpired } = guardBody(z.object({ isExpired: z.boolean() }), context.body);
    const user = findUser(context);
    if (isExpired && !context.store.userSecurity.passwordExpirationEnabled) {
      throw new LogtoError(
        400,
        'sign_in_experiences.password_expiration_not_enabled',
        'Password expiration policy is not enabled. Enable it in the sign-in experience settings before expiring passwords.',
      );
    }
    return { status: 200, body: saveUser(context.store, user, {}) };
  }),

  // The Logto config (recordings 140–144): a deep merge of the two known objects.
  get('/users/:userId/logto-configs', (context) => {
    const user = findUser(context);
    return { status: 200, body: exposedConfig(context.store.userSecurity.logtoConfigs.get(user.id)) };
  }),
  patch('/users/:userId/logto-configs', (context) => {
    const body = guardBody(
      z.object({
        mfa: z.object({ enabled: z.boolean(), skipped: z.boolean(), additionalBindingSuggestionSkipped: z.boolean(), skipMfaOnSignIn: z.boolean() }).partial().optional(),
        passkeySignIn: z.object({ skipped: z.boolean() }).partial().optional(),
      }),
      context.body,
    );
    const user = findUser(context);
    const { logtoConfigs } = context.store.userSecurity;
    const stored = logtoConfigs.get(user.id) ?? { mfa: {}, passkeySignIn: {} };
    const next: LogtoConfig = { mfa: { ...stored.mfa, ...body.mfa }, passkeySignIn: { ...stored.passkeySignIn, ...body.passkeySignIn } };
    logtoConfigs.set(user.id, next);
    return { status: 200, body: exposedConfig(next) };
  }),

  // Replaces the user's roles (`admin-user/role.ts`): unknown roles are looked up before anything changes.
  put('/users/:userId/roles', (context) => {
    const { store } = context;
    const { roleIds } = guardBody(z.object({ roleIds: z.array(z.string().min(1)) }), context.body);
    const user = findUser(context);
    const existing = store.userRoles.rightsOf(user.id);
    const toAdd = roleIds.filter((id) => !existing.has(id));
    for (const id of toAdd) if (!store.roles.has(id)) throw entityNotExistsWithId('roles', id);
    for (const id of toAdd) {
      if (store.roles.get(id)?.type !== 'User') {
        throw unprocessable('user.invalid_role_type', 'Invalid role type, can not assign machine-to-machine role to user.');
      }
    }
    for (const id of [...existing]) if (!roleIds.includes(id)) store.userRoles.delete(user.id, id);
    for (const id of toAdd) store.userRoles.add(user.id, id);
    return { status: 200, body: { roleIds } };
  }),
];
