import { expect } from 'vitest';

import { SCOPES } from '../../src/auth/scopes.js';
import { encodeGlobalId } from '../../src/global-id.js';
import { stackTest } from '../helpers/stack-test.js';
import { type Stack, upstreamDuring } from '../helpers/stack.js';

/**
 * A user's security screen read through the graph (`User.sessions`, `grants`, `mfaVerifications`,
 * `allIdentities`, `identity`, `enterpriseIdentity`, `personalAccessTokens`, `logtoConfig`): what
 * the sandbox's seeded signed-in user holds, one upstream request per field, behind
 * `read:users:security` — and never a token's value.
 */

const test = stackTest({ auth: true, sandbox: { users: 30 } });

const READER = [SCOPES.readUsers, SCOPES.readUsersSecurity, SCOPES.readApplications];
const as = (stack: Stack, scopes: readonly string[], extra: { organizationId?: string } = {}) => ({
  authorization: `Bearer ${stack.mintToken({ scope: scopes.join(' '), ...extra })}`,
});
/** The seed's oldest user signed in three times (two apps) and set up TOTP, backup codes, two tokens and an SSO identity. */
const signedIn = (stack: Stack) => [...stack.sandbox.store.users.values()][0]!;
const requestLines = (requests: { method: string; path: string; query: string; status: number }[]) =>
  requests.map(({ method, path, query, status }) => `${method} ${path}${query ? `?${query}` : ''} ${status}`);

const SCREEN = `query($id: ID!) { user(id: $id) {
  sessions { sessionId applicationId signedInAt expiresAt grantIds }
  grants { grantId applicationId applicationName scopes expiresAt }
  mfaVerifications { verificationId type createdAt remainingCodes }
  allIdentities { social { target userId } enterprise { ssoConnectorId issuer identityId } }
  personalAccessTokens { name createdAt expiresAt }
  logtoConfig { mfa { enabled skipped skipOnSignIn } passkeySignInSkipped }
} }`;

type Screen = {
  user: {
    sessions: { sessionId: string; applicationId: string; grantIds: string[] }[];
    grants: { grantId: string; applicationName: string; scopes: string[] }[];
    mfaVerifications: { type: string; remainingCodes: number | null }[];
    allIdentities: { social: unknown[]; enterprise: { ssoConnectorId: string }[] };
    personalAccessTokens: { name: string; expiresAt: string | null }[];
    logtoConfig: { mfa: { enabled: boolean | null; skipped: boolean; skipOnSignIn: boolean }; passkeySignInSkipped: boolean };
  };
};

test('reads the whole security screen of a user: one request per field, as the cost estimate says', async ({ stack }) => {
  const user = signedIn(stack);
  const { store } = stack.sandbox;
  const { result, requests } = await upstreamDuring(stack, () => stack.post<Screen>(SCREEN, { id: encodeGlobalId('User', user.id) }, as(stack, READER)));
  expect(result.body.errors).toBeUndefined();
  const screen = result.body.data!.user;

  const sessions = [...store.userSecurity.sessions.values()].filter((session) => session.accountId === user.id);
  expect(screen.sessions.map((session) => session.sessionId)).toEqual(sessions.map((session) => session.payload.uid));
  expect(screen.sessions.flatMap((session) => session.grantIds)).toEqual(
    sessions.flatMap((session) => Object.values(session.payload.authorizations).map((authorization) => authorization.grantId)),
  );
  expect(screen.grants).toHaveLength(3);
  expect(new Set(screen.grants.map((grant) => grant.applicationName))).toEqual(new Set(['Customer Portal', 'Example Analytics (third party)']));
  expect(screen.mfaVerifications).toEqual([
    expect.objectContaining({ type: 'TOTP', remainingCodes: null }),
    expect.objectContaining({ type: 'BACKUP_CODE', remainingCodes: 8 }),
  ]);
  expect(screen.allIdentities.enterprise).toEqual([expect.objectContaining({ ssoConnectorId: 'sandboxoidcsso', issuer: 'https://idp.example.com' })]);
  expect(screen.personalAccessTokens.map((token) => token.name)).toEqual(['deploy-bot', 'ci-token']);
  expect(screen.logtoConfig).toEqual({ mfa: { enabled: true, skipped: false, skipOnSignIn: false }, passkeySignInSkipped: false });

  // The user by id (one id: its GET), then one GET per field: Logto paginates none of these lists.
  expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([
    `GET /api/users/${user.id}`,
    `GET /api/users/${user.id}/sessions`,
    `GET /api/users/${user.id}/grants`,
    `GET /api/users/${user.id}/mfa-verifications`,
    `GET /api/users/${user.id}/all-identities`,
    `GET /api/users/${user.id}/personal-access-tokens`,
    `GET /api/users/${user.id}/logto-configs`,
  ]);
  const cost = result.body.extensions?.cost as { upstreamRequests: number; estimatedUpstreamRequests: number };
  expect(cost.upstreamRequests).toBe(7);
  expect(cost.estimatedUpstreamRequests).toBe(7);
});

test('never answers a personal access token’s value, although Logto’s list returns it', async ({ stack }) => {
  const user = signedIn(stack);
  const values = (stack.sandbox.store.userSecurity.personalAccessTokens.get(user.id) ?? []).map((token) => token.value);
  expect(values.length).toBeGreaterThan(0);
  const response = await stack.post(`{ user(id: "${user.id}") { personalAccessTokens { name } } __type(name: "PersonalAccessToken") { fields { name } } }`, undefined, as(stack, READER));
  const text = JSON.stringify(response.body);
  for (const value of values) expect(text).not.toContain(value);
  const fields = (response.body.data as { __type: { fields: { name: string }[] } }).__type.fields.map((field) => field.name);
  expect(fields.sort()).toEqual(['createdAt', 'expiresAt', 'name']);
});

test('filters grants by application type with Logto’s `appType`', async ({ stack }) => {
  const user = signedIn(stack);
  const { result, requests } = await upstreamDuring(stack, () =>
    stack.post<{ user: { grants: { applicationName: string; scopes: string[] }[] } }>(`{ user(id: "${user.id}") { grants(appType: THIRD_PARTY) { applicationName scopes } } }`, undefined, as(stack, READER)),
  );
  expect(result.body.data?.user.grants).toEqual([{ applicationName: 'Example Analytics (third party)', scopes: ['openid'] }]);
  expect(requestLines(requests).at(-1)).toBe(`GET /api/users/${user.id}/grants?appType=thirdParty 200`);
});

test('reads one session, one social identity and one enterprise identity; null when there is none', async ({ stack }) => {
  const user = signedIn(stack);
  const uid = [...stack.sandbox.store.userSecurity.sessions.values()].find((session) => session.accountId === user.id)!.payload.uid;
  const { result, requests } = await upstreamDuring(stack, () =>
    stack.post<{ user: Record<string, unknown> }>(
      `query($uid: String!) { user(id: "${user.id}") {
        session(sessionId: $uid) { sessionId application { name } }
        missing: session(sessionId: "nosuchsession") { sessionId }
        identity(target: "github") { userId }
        enterpriseIdentity(ssoConnectorId: "sandboxoidcsso") { identityId }
        otherSso: enterpriseIdentity(ssoConnectorId: "nosuchconnector") { identityId }
      } }`,
      { uid },
      as(stack, READER),
    ),
  );
  expect(result.body.errors).toBeUndefined();
  expect(result.body.data?.user).toEqual({
    session: { sessionId: uid, application: { name: 'Customer Portal' } },
    missing: null,
    identity: null,
    enterpriseIdentity: { identityId: `idp-${user.id}` },
    otherSso: null,
  });
  // The user, one GET per field (sent together, so compared as a set), then the session's application by id.
  expect(requests.map((request) => request.path).filter((path) => path === `/api/users/${user.id}` || path.startsWith('/api/applications'))).toEqual([
    `/api/users/${user.id}`,
    expect.stringMatching(/^\/api\/applications\/[^/]+$/),
  ]);
  expect(requestLines(requests.filter((request) => request.path.startsWith(`/api/users/${user.id}/`))).sort()).toEqual(
    [
      `GET /api/users/${user.id}/sessions/${uid} 200`,
      `GET /api/users/${user.id}/sessions/nosuchsession 404`,
      `GET /api/users/${user.id}/identities/github 404`,
      `GET /api/users/${user.id}/sso-identities/sandboxoidcsso 200`,
      `GET /api/users/${user.id}/sso-identities/nosuchconnector 404`,
    ].sort(),
  );
  expect(requests).toHaveLength(7);
  expect((result.body.extensions?.cost as { upstreamRequests: number }).upstreamRequests).toBe(7);
});

test('refuses the security screen without `read:users:security`, and to organization tokens, before asking Logto', async ({ stack }) => {
  const user = signedIn(stack);
  const query = `{ user(id: "${user.id}") { username sessions { sessionId } personalAccessTokens { name } } }`;
  const { result, requests } = await upstreamDuring(stack, () => stack.post<{ user: Record<string, unknown> }>(query, undefined, as(stack, [SCOPES.readUsers])));
  expect(result.body.data?.user).toEqual({ username: user.username, sessions: null, personalAccessTokens: null });
  expect(result.body.errors?.map((error) => [error.path?.join('.'), error.extensions?.code])).toEqual([
    ['user.sessions', 'FORBIDDEN'],
    ['user.personalAccessTokens', 'FORBIDDEN'],
  ]);
  expect(requests.filter((request) => request.path !== `/api/users/${user.id}`)).toEqual([]);

  // An organization token reads its members, never their security screen (it concerns the whole account).
  const { store } = stack.sandbox;
  const organization = [...store.organizations.values()].find((each) => store.organizationUsers.rightsOf(each.id).size > 0)!;
  const orgToken = as(stack, [SCOPES.readUsers, SCOPES.readOrganizations, SCOPES.readUsersSecurity], { organizationId: organization.id });
  const { result: refused, requests: none } = await upstreamDuring(stack, () =>
    stack.post<{ organization: { members: { nodes: Record<string, unknown>[] } } }>(
      `{ organization(id: "${organization.id}") { members(first: 1) { nodes { logtoId sessions { sessionId } } } } }`,
      undefined,
      orgToken,
    ),
  );
  expect(refused.body.data?.organization.members.nodes[0]).toEqual({ logtoId: expect.any(String), sessions: null });
  expect(refused.body.errors?.map((error) => [error.path?.join('.'), error.extensions?.code])).toEqual([['organization.members.nodes.0.sessions', 'FORBIDDEN']]);
  expect(none.filter((request) => request.path.includes('/sessions'))).toEqual([]);
});
