import { Writable } from 'node:stream';

import { describe, expect } from 'vitest';

import { SCOPES } from '../../src/auth/scopes.js';
import { encodeGlobalId } from '../../src/global-id.js';
import { createLogger } from '../../src/logger.js';
import { mutate, payload } from '../helpers/mutations.js';
import { stackTest } from '../helpers/stack-test.js';
import type { Stack } from '../helpers/stack.js';

/**
 * The writes of a user's security screen through GraphQL: one Logto request each (pinned from the
 * sandbox's request log), Logto's refusals as typed errors, `write:users:security` required, and
 * the secrets Logto creates here (token values, TOTP secrets, backup codes) only in the creating
 * mutation's payload: never readable later, never in the operation log line or `/metrics`.
 */

const logChunks: string[] = [];
const logger = createLogger({
  level: 'trace',
  destination: new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logChunks.push(chunk.toString('utf8'));
      callback();
    },
  }),
});

const test = stackTest({ auth: true, sandbox: { users: 30 }, logger });

const ADMIN = [SCOPES.readUsers, SCOPES.writeUsers, SCOPES.readRoles, SCOPES.readUsersSecurity, SCOPES.writeUsersSecurity];
const admin = (stack: Stack) => ({ authorization: `Bearer ${stack.mintToken({ scope: ADMIN.join(' ') })}` });
const lines = (call: { requests: { method: string; path: string; query: string; status: number }[] }) =>
  call.requests.map(({ method, path, query, status }) => `${method} ${path}${query ? `?${query}` : ''} ${status}`);

let counter = 0;
async function newUser(stack: Stack, extra: Record<string, unknown> = {}): Promise<string> {
  counter += 1;
  const call = await mutate(stack, 'createUser', { username: `security_user_${counter}`, ...extra }, '... on CreateUserPayload { user { logtoId } }', admin(stack));
  return payload<{ user: { logtoId: string } }>(call).user.logtoId;
}

const signedIn = (stack: Stack) => [...stack.sandbox.store.users.values()][0]!;

async function metricsText(stack: Stack): Promise<string> {
  return (await fetch(stack.server.url.replace(/\/graphql$/, '/metrics'))).text();
}

describe('sessions and grants', () => {
  test('revokeUserSession ends a session and, with revokeGrants: ALL, its grants: one DELETE', async ({ stack }) => {
    const user = signedIn(stack);
    const { userSecurity } = stack.sandbox.store;
    const session = [...userSecurity.sessions.values()].find((each) => each.accountId === user.id)!;
    const grantId = Object.values(session.payload.authorizations)[0]!.grantId;
    const call = await mutate(
      stack,
      'revokeUserSession',
      { userId: encodeGlobalId('User', user.id), sessionId: session.payload.uid, revokeGrants: 'ALL' },
      '... on RevokeUserSessionPayload { revokedSessionId }',
      admin(stack),
    );
    expect(call.result).toEqual({ __typename: 'RevokeUserSessionPayload', revokedSessionId: session.payload.uid });
    expect(lines(call)).toEqual([`DELETE /api/users/${user.id}/sessions/${session.payload.uid}?revokeGrantsTarget=all 204`]);
    expect(call.cost?.upstreamRequests).toBe(1);
    expect(userSecurity.sessions.has(session.payload.uid)).toBe(false);
    expect(userSecurity.grants.has(grantId)).toBe(false);

    const again = await mutate(stack, 'revokeUserSession', { userId: user.id, sessionId: session.payload.uid }, '', admin(stack));
    expect(again.result).toMatchObject({ __typename: 'NotFoundError', field: 'sessionId', logtoCode: 'oidc.session_not_found' });
  });

  test('revokeUserGrant revokes one grant; another user’s grant is a NotFoundError', async ({ stack }) => {
    const user = signedIn(stack);
    const { userSecurity } = stack.sandbox.store;
    const grant = [...userSecurity.grants.values()].find((each) => each.payload.accountId === user.id)!;
    const other = await newUser(stack);
    const foreign = await mutate(stack, 'revokeUserGrant', { userId: other, grantId: grant.id }, '', admin(stack));
    expect(foreign.result).toMatchObject({ __typename: 'NotFoundError', field: 'grantId', logtoCode: 'oidc.invalid_grant' });

    const call = await mutate(stack, 'revokeUserGrant', { userId: user.id, grantId: grant.id }, '... on RevokeUserGrantPayload { revokedGrantId user { logtoId } }', admin(stack));
    expect(call.result).toEqual({ __typename: 'RevokeUserGrantPayload', revokedGrantId: grant.id, user: { logtoId: user.id } });
    // The DELETE, then the payload's user read once.
    expect(lines(call)[0]).toBe(`DELETE /api/users/${user.id}/grants/${grant.id} 204`);
    expect(call.requests).toHaveLength(2);
    expect(userSecurity.grants.has(grant.id)).toBe(false);
  });
});

describe('MFA verifications', () => {
  test('addUserMfaVerification answers the TOTP secret and QR code once; the list never shows them', async ({ stack }) => {
    const userId = await newUser(stack);
    const call = await mutate(stack, 'addUserMfaVerification', { userId, type: 'TOTP' }, '... on AddUserMfaVerificationPayload { type secret secretQrCode codes }', admin(stack));
    const added = payload<{ type: string; secret: string; secretQrCode: string; codes: null }>(call);
    expect(added).toMatchObject({ type: 'TOTP', codes: null });
    expect(added.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(added.secretQrCode).toMatch(/^data:image\/png;base64,/);
    expect(lines(call)).toEqual([`POST /api/users/${userId}/mfa-verifications 200`]);

    const again = await mutate(stack, 'addUserMfaVerification', { userId, type: 'TOTP' }, '', admin(stack));
    expect(again.result).toMatchObject({ __typename: 'ConflictError', logtoCode: 'user.totp_already_in_use', field: 'type' });

    const codes = await mutate(stack, 'addUserMfaVerification', { userId, type: 'BACKUP_CODE' }, '... on AddUserMfaVerificationPayload { codes }', admin(stack));
    const backup = payload<{ codes: string[] }>(codes).codes;
    expect(backup).toHaveLength(10);

    const list = await stack.post<{ user: { mfaVerifications: { verificationId: string; type: string; remainingCodes: number | null }[] } }>(
      `{ user(id: "${userId}") { mfaVerifications { verificationId type remainingCodes } } }`,
      undefined,
      admin(stack),
    );
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(added.secret);
    for (const code of backup) expect(text).not.toContain(code);
    const verifications = list.body.data!.user.mfaVerifications;
    expect(verifications.map((each) => [each.type, each.remainingCodes])).toEqual([['TOTP', null], ['BACKUP_CODE', 10]]);

    // Neither the operation log lines nor /metrics ever carry them.
    const logged = logChunks.join('');
    const metrics = await metricsText(stack);
    for (const secret of [added.secret, added.secretQrCode, ...backup]) {
      expect(logged).not.toContain(secret);
      expect(metrics).not.toContain(secret);
    }

    const removed = await mutate(stack, 'removeUserMfaVerification', { userId, verificationId: verifications[0]!.verificationId }, '... on RemoveUserMfaVerificationPayload { removedVerificationId }', admin(stack));
    expect(removed.result).toMatchObject({ removedVerificationId: verifications[0]!.verificationId });
    expect(lines(removed)).toEqual([`DELETE /api/users/${userId}/mfa-verifications/${verifications[0]!.verificationId} 204`]);
    const gone = await mutate(stack, 'removeUserMfaVerification', { userId, verificationId: verifications[0]!.verificationId }, '', admin(stack));
    expect(gone.result).toMatchObject({ __typename: 'NotFoundError', field: 'verificationId', logtoCode: 'entity.not_found' });
  });

  test('backup codes alone are Logto’s ValidationError; malformed codes are refused before any request', async ({ stack }) => {
    const userId = await newUser(stack);
    const alone = await mutate(stack, 'addUserMfaVerification', { userId, type: 'BACKUP_CODE' }, '', admin(stack));
    expect(alone.result).toMatchObject({ __typename: 'ValidationError', field: 'type', logtoCode: 'session.mfa.backup_code_can_not_be_alone' });
    expect(alone.requests).toHaveLength(1);
    const malformed = await mutate(stack, 'addUserMfaVerification', { userId, type: 'BACKUP_CODE', codes: ['123', 'abc'] }, '', admin(stack));
    expect(malformed.result).toMatchObject({ __typename: 'ValidationError', field: 'codes.0', logtoCode: null });
    expect(malformed.requests).toEqual([]);
  });
});

describe('identities', () => {
  test('links, replaces and unlinks a social identity; a second holder is a ConflictError', async ({ stack }) => {
    const userId = await newUser(stack);
    const linked = await mutate(
      stack,
      'linkUserIdentity',
      { userId, target: 'github', identityUserId: 'gh-security-1', details: { name: 'Octo' } },
      '... on LinkUserIdentityPayload { identities { target userId details } }',
      admin(stack),
    );
    expect(linked.result).toMatchObject({ identities: [{ target: 'github', userId: 'gh-security-1', details: { name: 'Octo' } }] });
    expect(lines(linked)).toEqual([`PUT /api/users/${userId}/identities/github 201`]);
    const replaced = await mutate(stack, 'linkUserIdentity', { userId, target: 'github', identityUserId: 'gh-security-1' }, '... on LinkUserIdentityPayload { identities { details } }', admin(stack));
    expect(lines(replaced)).toEqual([`PUT /api/users/${userId}/identities/github 200`]);
    expect(replaced.result).toMatchObject({ identities: [{ details: null }] });

    const other = await newUser(stack);
    const taken = await mutate(stack, 'linkUserIdentity', { userId: other, target: 'github', identityUserId: 'gh-security-1' }, '', admin(stack));
    expect(taken.result).toMatchObject({ __typename: 'ConflictError', field: 'identityUserId', logtoCode: 'user.identity_already_in_use' });

    const read = await stack.post<{ user: { identity: { userId: string } } }>(`{ user(id: "${userId}") { identity(target: "github") { userId } } }`, undefined, admin(stack));
    expect(read.body.data?.user.identity).toEqual({ userId: 'gh-security-1' });

    const unlinked = await mutate(stack, 'unlinkUserIdentity', { userId, target: 'github' }, '... on UnlinkUserIdentityPayload { unlinkedTarget user { logtoId } }', admin(stack));
    expect(unlinked.result).toEqual({ __typename: 'UnlinkUserIdentityPayload', unlinkedTarget: 'github', user: { logtoId: userId } });
    // The user Logto answered is the payload's: no read after the DELETE.
    expect(lines(unlinked)).toEqual([`DELETE /api/users/${userId}/identities/github 200`]);
    const again = await mutate(stack, 'unlinkUserIdentity', { userId, target: 'github' }, '', admin(stack));
    expect(again.result).toMatchObject({ __typename: 'NotFoundError', field: 'target', logtoCode: 'user.identity_not_exist' });
  });

  test('linking through a connector is a NotFoundError on connectorId where the connector cannot verify (as on OSS without it)', async ({ stack }) => {
    const userId = await newUser(stack);
    const call = await mutate(stack, 'linkUserIdentityWithConnector', { userId, connectorId: 'nosuchconnector', connectorData: { code: 'abc' } }, '', admin(stack));
    expect(call.result).toMatchObject({ __typename: 'NotFoundError', field: 'connectorId', logtoCode: 'entity.not_found' });
    expect(lines(call)).toEqual([`POST /api/users/${userId}/identities 404`]);
  });
});

describe('personal access tokens', () => {
  test('the value appears once, in createUserPersonalAccessToken’s payload: never in a read, a log line or /metrics', async ({ stack }) => {
    const userId = await newUser(stack);
    const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const call = await mutate(
      stack,
      'createUserPersonalAccessToken',
      { userId, name: 'ci', expiresAt },
      '... on CreateUserPersonalAccessTokenPayload { value personalAccessToken { name expiresAt } }',
      admin(stack),
    );
    const created = payload<{ value: string; personalAccessToken: { name: string; expiresAt: string } }>(call);
    expect(created.value).toMatch(/^pat_[A-Za-z0-9]{32}$/);
    expect(created.personalAccessToken).toEqual({ name: 'ci', expiresAt });
    expect(lines(call)).toEqual([`POST /api/users/${userId}/personal-access-tokens 201`]);

    const read = await stack.post(`{ user(id: "${userId}") { personalAccessTokens { name expiresAt createdAt } } }`, undefined, admin(stack));
    expect(JSON.stringify(read.body)).not.toContain(created.value);
    // The capture works (one line per operation), and none of it carries the value.
    expect(logChunks.join('')).toContain('graphql mutation');
    expect(logChunks.join('')).not.toContain(created.value);
    expect(await metricsText(stack)).not.toContain(created.value);
    // The sandbox, like Logto, does hand it out: the graph is what keeps it back.
    expect(stack.sandbox.store.userSecurity.personalAccessTokens.get(userId)?.[0]?.value).toBe(created.value);
  });

  test('refuses a duplicate name (ConflictError) and a past expiry (ValidationError, no request)', async ({ stack }) => {
    const userId = await newUser(stack);
    await mutate(stack, 'createUserPersonalAccessToken', { userId, name: 'dup' }, '', admin(stack));
    const duplicate = await mutate(stack, 'createUserPersonalAccessToken', { userId, name: 'dup' }, '', admin(stack));
    expect(duplicate.result).toMatchObject({ __typename: 'ConflictError', field: 'name', logtoCode: 'user.personal_access_token_name_exists' });
    const past = await mutate(stack, 'createUserPersonalAccessToken', { userId, name: 'old', expiresAt: '2020-01-01T00:00:00Z' }, '', admin(stack));
    expect(past.result).toMatchObject({ __typename: 'ValidationError', field: 'expiresAt' });
    expect(past.requests).toEqual([]);
  });

  test('renames with one PATCH, and deletes several with one POST each, reporting names it did not find', async ({ stack }) => {
    const userId = await newUser(stack);
    for (const name of ['a', 'b']) await mutate(stack, 'createUserPersonalAccessToken', { userId, name }, '', admin(stack));
    const renamed = await mutate(stack, 'renameUserPersonalAccessToken', { userId, currentName: 'a', name: 'a2' }, '... on RenameUserPersonalAccessTokenPayload { personalAccessToken { name } }', admin(stack));
    expect(renamed.result).toMatchObject({ personalAccessToken: { name: 'a2' } });
    expect(lines(renamed)).toEqual([`PATCH /api/users/${userId}/personal-access-tokens 200`]);
    const unknown = await mutate(stack, 'renameUserPersonalAccessToken', { userId, currentName: 'nope', name: 'x' }, '', admin(stack));
    expect(unknown.result).toMatchObject({ __typename: 'NotFoundError', field: 'currentName', logtoCode: 'entity.not_exists' });

    const deleted = await mutate(stack, 'deleteUserPersonalAccessTokens', { userId, names: ['a2', 'b', 'never'] }, '... on DeleteUserPersonalAccessTokensPayload { deletedNames missingNames }', admin(stack));
    expect(deleted.result).toMatchObject({ deletedNames: ['a2', 'b'], missingNames: ['never'] });
    expect(lines(deleted)).toEqual([204, 204, 404].map((status) => `POST /api/users/${userId}/personal-access-tokens/delete ${status}`));
    expect(deleted.cost?.estimatedUpstreamRequests).toBeGreaterThanOrEqual(3);
    expect(stack.sandbox.store.userSecurity.personalAccessTokens.get(userId)).toEqual([]);
  });
});

describe('password, Logto config and roles', () => {
  test('verifyUserPassword answers matches true or false, one POST each; the password is never logged', async ({ stack }) => {
    const password = 'security-screen-password-7';
    const userId = await newUser(stack, { password });
    const right = await mutate(stack, 'verifyUserPassword', { userId, password }, '... on VerifyUserPasswordPayload { matches }', admin(stack));
    expect(right.result).toMatchObject({ matches: true });
    expect(lines(right)).toEqual([`POST /api/users/${userId}/password/verify 204`]);
    const wrong = await mutate(stack, 'verifyUserPassword', { userId, password: 'not-it' }, '... on VerifyUserPasswordPayload { matches }', admin(stack));
    expect(wrong.result).toMatchObject({ matches: false });
    expect(lines(wrong)).toEqual([`POST /api/users/${userId}/password/verify 422`]);
    expect(logChunks.join('')).not.toContain(password);
  });

  test('setUserPasswordExpired: expiring without a policy is a ValidationError on isExpired (Logto OSS’s answer)', async ({ stack }) => {
    const userId = await newUser(stack, { password: 'whatever-it-is-1' });
    const refused = await mutate(stack, 'setUserPasswordExpired', { userId, isExpired: true }, '', admin(stack));
    expect(refused.result).toMatchObject({ __typename: 'ValidationError', field: 'isExpired', logtoCode: 'sign_in_experiences.password_expiration_not_enabled' });
    const cleared = await mutate(stack, 'setUserPasswordExpired', { userId, isExpired: false }, '... on SetUserPasswordExpiredPayload { user { logtoId hasPassword } }', admin(stack));
    expect(cleared.result).toMatchObject({ user: { logtoId: userId, hasPassword: true } });
    expect(lines(cleared)).toEqual([`PATCH /api/users/${userId}/password/expiration 200`]);
  });

  test('updateUserLogtoConfig merges the flags given, in one PATCH', async ({ stack }) => {
    const userId = await newUser(stack);
    const call = await mutate(
      stack,
      'updateUserLogtoConfig',
      { userId, mfa: { skipOnSignIn: true }, passkeySignInSkipped: true },
      '... on UpdateUserLogtoConfigPayload { logtoConfig { mfa { enabled skipped skipOnSignIn } passkeySignInSkipped } }',
      admin(stack),
    );
    expect(call.result).toMatchObject({ logtoConfig: { mfa: { enabled: null, skipped: false, skipOnSignIn: true }, passkeySignInSkipped: true } });
    expect(lines(call)).toEqual([`PATCH /api/users/${userId}/logto-configs 200`]);
    const empty = await mutate(stack, 'updateUserLogtoConfig', { userId }, '', admin(stack));
    expect(empty.result).toMatchObject({ __typename: 'ValidationError' });
    expect(empty.requests).toEqual([]);
  });

  test('replaceUserRoles leaves the user with exactly the roles given (one PUT); an unknown role changes nothing', async ({ stack }) => {
    const role = (name: string) => [...stack.sandbox.store.roles.values()].find((each) => each.name === name)!.id;
    const userId = await newUser(stack);
    await mutate(stack, 'assignUserRoles', { userId, roleIds: [role('Viewer')] }, '', admin(stack));
    const call = await mutate(stack, 'replaceUserRoles', { userId, roleIds: [role('Editor')] }, '... on ReplaceUserRolesPayload { roleIds }', admin(stack));
    expect(call.result).toMatchObject({ roleIds: [encodeGlobalId('Role', role('Editor'))] });
    expect(lines(call)).toEqual([`PUT /api/users/${userId}/roles 200`]);
    expect([...stack.sandbox.store.userRoles.rightsOf(userId)]).toEqual([role('Editor')]);
    const unknown = await mutate(stack, 'replaceUserRoles', { userId, roleIds: ['nosuchrole12345'] }, '', admin(stack));
    expect(unknown.result).toMatchObject({ __typename: 'NotFoundError', field: 'roleIds' });
    expect([...stack.sandbox.store.userRoles.rightsOf(userId)]).toEqual([role('Editor')]);
  });
});

test('the security writes need write:users:security, tenant-wide: FORBIDDEN and no request otherwise', async ({ stack }) => {
  const userId = await newUser(stack);
  const writer = { authorization: `Bearer ${stack.mintToken({ scope: [SCOPES.readUsers, SCOPES.writeUsers].join(' ') })}` };
  for (const [name, input] of [
    ['createUserPersonalAccessToken', { userId, name: 'x' }],
    ['addUserMfaVerification', { userId, type: 'TOTP' }],
    ['revokeUserSession', { userId, sessionId: 'some-session' }],
  ] as const) {
    const call = await mutate(stack, name, input, '', writer);
    expect(call.errors?.[0]?.extensions?.code, name).toBe('FORBIDDEN');
    expect(call.requests, name).toEqual([]);
  }
});
