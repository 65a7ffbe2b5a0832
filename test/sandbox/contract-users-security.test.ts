import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { GrantRow, SessionRow, SsoIdentityRow } from '../../src/sandbox/user-security-tables.js';
import { loadRecording, recordingFiles, shapeProblems } from '../helpers/logto-recordings.js';
import { callApi, getToken } from '../helpers/sandbox-client.js';
import { substitute } from '../helpers/sandbox-equivalents.js';

/**
 * The users' security routes held to the coverage recordings 140–222, replayed in order against
 * one sandbox: status, content type, pagination headers (never sent here), body shape, and
 * error code, message, `details` and Zod issues. What the recorder set up without recording it
 * (three users, two signed-in apps, OIDC sessions and grants from a real sign-in, an enterprise
 * identity planted with SQL) is set up here the same way: users through the API, the rest
 * straight into the sandbox's tables, copied from the recorded answers.
 */

const PASSWORD = 'coverage-password-1';
const FIRST = '140';
const LAST = '222';

let sandbox: Sandbox;
let token: string;
const equivalents = new Map<string, string>();

const send = (method: string, path: string, body?: unknown) =>
  callApi(sandbox, path, token, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });

async function createUser(body: Record<string, unknown>): Promise<string> {
  const response = await send('POST', '/api/users', body);
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

const appId = (name: string) => [...sandbox.store.applications.values()].find((app) => app.name === name)?.id ?? '';
const replace = <T>(value: T): T => JSON.parse(substitute(JSON.stringify(value), equivalents)) as T;

beforeAll(async () => {
  sandbox = await startSandbox();
  token = await getToken(sandbox);
  equivalents.set('kz7vjo14u5c6', await createUser({ username: 'coverage_user_1', primaryEmail: 'coverage.user.1@example.com', name: 'Coverage User 1', password: PASSWORD }));
  equivalents.set('dbxvxkdrmgp2', await createUser({ username: 'coverage_user_2', name: 'Coverage User 2' }));
  equivalents.set('ht8ihzcgepyp', await createUser({ username: 'coverage_session_user', password: PASSWORD }));
  // The recorder's SPA and third-party app: the seed has one of each kind.
  equivalents.set('tnk5s02s2q7etjkutdfoz', appId('Customer Portal'));
  equivalents.set('otvvp2curc87rui9rw9wl', appId('Example Analytics (third party)'));
  // The sign-ins: the recorded sessions and grants, as Logto stored them.
  const { sessions } = replace(loadRecording('169-user-sessions.json').response.body as { sessions: SessionRow[] });
  for (const session of sessions) sandbox.store.userSecurity.sessions.set(session.payload.uid, session);
  const { grants } = replace(loadRecording('175-user-grants.json').response.body as { grants: (GrantRow & { application: unknown })[] });
  for (const { application: _application, ...grant } of grants) sandbox.store.userSecurity.grants.set(grant.id, grant);
});

afterAll(async () => {
  await sandbox?.close();
});

const cases = recordingFiles()
  .filter((file) => file.slice(0, 3) >= FIRST && file.slice(0, 3) <= LAST)
  .map((file) => [file.slice(0, 3), file] as const);

/** The request body as replayed: redacted passwords become the real (or a wrong) one; expiries stay in the future. */
function requestBody(id: string, body: unknown): unknown {
  if (body === undefined) return undefined;
  const replaced = replace(body) as Record<string, unknown>;
  if (id === '148') return { password: PASSWORD };
  if (id === '149' || id === '150') return { password: 'not-the-password' };
  if (id === '207') return { ...replaced, expiresAt: Date.now() + 30 * 86_400_000 };
  return replaced;
}

describe('the sandbox answers the users’ security routes like the recorded Logto server', () => {
  it(`has every users' security recording (${FIRST}–${LAST})`, () => {
    expect(cases).toHaveLength(83);
  });

  it('replays them in order', async () => {
    for (const [id, file] of cases) {
      const { request, response: expected } = loadRecording(file);
      // The enterprise identity was planted with SQL between 162 and 163.
      if (id === '146') sandbox.store.userSecurity.passwordExpirationEnabled = true;
      if (id === '163') {
        const { ssoIdentity } = replace(expected.body as { ssoIdentity: SsoIdentityRow });
        sandbox.store.userSecurity.ssoIdentities.push(ssoIdentity);
      }
      const response = await send(request.method, substitute(request.path, equivalents), requestBody(id, (request as { body?: unknown }).body));
      const text = await response.text();
      expect(response.status, `${id}: ${text}`).toBe(expected.status);

      const contentType = (value: string | null | undefined) => value?.split(';')[0] ?? null;
      expect(contentType(response.headers.get('content-type')), id).toBe(contentType(expected.headers['content-type']));
      expect(response.headers.has('total-number'), id).toBe('total-number' in expected.headers);
      expect(response.headers.has('link'), id).toBe('link' in expected.headers);
      const actual: unknown = text === '' ? null : contentType(response.headers.get('content-type')) === 'application/json' ? JSON.parse(text) : text;
      expect(shapeProblems(expected.body, actual), id).toEqual([]);

      if (expected.status >= 400) {
        const { code, message, details, data } = expected.body as { code: string; message: string; details?: string; data?: { issues: object[] } };
        expect(actual, id).toMatchObject({ code, message });
        if (details !== undefined) expect((actual as { details?: string }).details, id).toBe(details);
        if (data?.issues) expect((actual as { data: { issues: object[] } }).data.issues, id).toEqual(data.issues);
      }
      // Answers that carry no secret and no fresh id or time compare whole.
      if (['140', '142', '143', '151', '152', '154', '155', '156', '157', '165', '166', '171', '172', '173', '190'].includes(id)) {
        expect(actual, id).toEqual(replace(expected.body));
      }
      // Revoking a grant re-saves the sessions that pointed at it (a new jti and expiry there): compare what they hold.
      if (id === '188') {
        const held = (body: unknown) => (body as { sessions: SessionRow[] }).sessions.map((session) => [session.payload.uid, session.payload.authorizations]);
        expect(held(actual), id).toEqual(held(replace(expected.body)));
      }
      // Grants name their application, whose seeded name differs from the recorder's: compare the rest.
      if (['175', '177', '183', '189'].includes(id)) {
        const withoutNames = (body: unknown) => (body as { grants: { application: { id: string } }[] }).grants.map((grant) => ({ ...grant, application: grant.application.id }));
        expect(withoutNames(actual), id).toEqual(withoutNames(replace(expected.body)));
      }
      // The MFA verification 204 deletes is the TOTP created in 192.
      if (id === '201') {
        const totp = (actual as { id: string; type: string }[]).find((row) => row.type === 'Totp');
        equivalents.set('hw6eeywr89xvfqlln1kvg', totp?.id ?? '');
      }
      if (id === '192' || id === '196') expect(actual, id).not.toHaveProperty('value');
      if (id === '196') expect((actual as { codes: string[] }).codes.every((code) => /^[\da-f]{10}$/.test(code)), id).toBe(true);
      if (id === '206') expect((actual as { value: string }).value, id).toMatch(/^pat_[A-Za-z0-9]{32}$/);
    }
  });
});

describe('users’ security routes beyond the recordings', () => {
  it('seeds signed-in users for GraphiQL: sessions, grants, MFA, personal access tokens, an enterprise identity', async () => {
    const seeded = await startSandbox();
    try {
      const { userSecurity } = seeded.store;
      expect(userSecurity.sessions.size).toBeGreaterThan(0);
      expect(userSecurity.grants.size).toBe(userSecurity.sessions.size);
      expect(userSecurity.mfaVerifications.size).toBeGreaterThan(0);
      expect(userSecurity.personalAccessTokens.size).toBeGreaterThan(0);
      expect(userSecurity.ssoIdentities.length).toBeGreaterThan(0);
    } finally {
      await seeded.close();
    }
  });

  it('revokes only first-party grants with revokeGrantsTarget=firstParty, and forgets a deleted user’s security rows', async () => {
    const userId = await createUser({ username: 'revoke_first_party' });
    const app = (name: string) => ({ id: appId(name), isThirdParty: name.includes('third party') });
    const { seedUserSecurity } = await import('../../src/sandbox/user-security-tables.js');
    seedUserSecurity(sandbox.store.userSecurity, [{ id: userId, username: 'revoke_first_party' }], { firstParty: app('Customer Portal'), thirdParty: app('Example Analytics (third party)') }, Date.now());
    const sessions = ((await (await send('GET', `/api/users/${userId}/sessions`)).json()) as { sessions: SessionRow[] }).sessions;
    expect(sessions).toHaveLength(3);
    const thirdParty = sessions.find((session) => session.clientId === appId('Example Analytics (third party)'));
    expect((await send('DELETE', `/api/users/${userId}/sessions/${thirdParty?.payload.uid}?revokeGrantsTarget=firstParty`)).status).toBe(204);
    const grants = ((await (await send('GET', `/api/users/${userId}/grants?appType=thirdParty`)).json()) as { grants: unknown[] }).grants;
    expect(grants).toHaveLength(1);

    expect((await send('DELETE', `/api/users/${userId}`)).status).toBe(204);
    expect(((await (await send('GET', `/api/users/${userId}/grants`)).json()) as { grants: unknown[] }).grants).toEqual([]);
    expect(sandbox.store.userSecurity.personalAccessTokens.has(userId)).toBe(false);
  });

  it('replaces a user’s roles with PUT (200 `{ roleIds }`), refusing unknown roles before changing anything', async () => {
    const userId = await createUser({ username: 'replace_roles' });
    const role = (name: string) => [...sandbox.store.roles.values()].find((each) => each.name === name)?.id ?? '';
    await send('POST', `/api/users/${userId}/roles`, { roleIds: [role('Viewer')] });
    const replaced = await send('PUT', `/api/users/${userId}/roles`, { roleIds: [role('Editor')] });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toEqual({ roleIds: [role('Editor')] });
    expect([...sandbox.store.userRoles.rightsOf(userId)]).toEqual([role('Editor')]);
    const unknown = await send('PUT', `/api/users/${userId}/roles`, { roleIds: ['nosuchrole'] });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'entity.not_exists_with_id' });
    expect([...sandbox.store.userRoles.rightsOf(userId)]).toEqual([role('Editor')]);
  });
});
