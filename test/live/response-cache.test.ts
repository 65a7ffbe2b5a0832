import { describe, expect } from 'vitest';

import { SCOPES } from '../../src/auth/scopes.js';
import { encodeGlobalId } from '../../src/global-id.js';
import { type GraphQLResponse, type Stack, upstreamDuring } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

const test = stackTest({ auth: true, sandbox: { users: 40 }, env: { RESPONSE_CACHE_TTL_MS: '300000', MAX_UPSTREAM_REQUESTS_PER_OPERATION: '5000' } });

const ADMIN_SCOPES = [SCOPES.readUsers, SCOPES.readOrganizations, SCOPES.readRoles, SCOPES.readApplications, SCOPES.writeOrganizations, SCOPES.writeUsers, SCOPES.writeRoles];

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const admin = (stack: Stack) => bearer(stack.mintToken({ scope: ADMIN_SCOPES.join(' ') }));

/** An organization with at least two members, and another one. */
function organizations(stack: Stack): { own: string; other: string; members: string[] } {
  const { store } = stack.sandbox;
  const ids = [...store.organizations.keys()];
  const own = ids.find((id) => store.organizationUsers.rightsOf(id).size >= 2) ?? '';
  const other = ids.find((id) => id !== own) ?? '';
  return { own, other, members: [...store.organizationUsers.rightsOf(own)] };
}

const MEMBERS_SCREEN = /* GraphQL */ `
  query MembersScreen($id: ID!) {
    organization(id: $id) {
      id
      name
      members(first: 20) { totalCount nodes { id username name primaryEmail } }
    }
  }
`;

async function screen(stack: Stack, query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const { result, requests } = await upstreamDuring(stack, () => stack.post(query, variables, headers));
  return { response: result, requests: requests.length, cache: result.body.extensions?.cache };
}

describe('the response cache', () => {
  test('a repeated screen costs no upstream request and says it was a hit', async ({ stack }) => {
    const { own } = organizations(stack);
    const headers = admin(stack);
    const first = await screen(stack, MEMBERS_SCREEN, { id: own }, headers);
    expect(first.response.body.errors).toBeUndefined();
    expect(first.cache).toBe('miss');
    expect(first.requests).toBeGreaterThan(0);
    const second = await screen(stack, MEMBERS_SCREEN, { id: own }, headers);
    expect(second.cache).toBe('hit');
    expect(second.requests).toBe(0);
    expect(second.response.body.data).toEqual(first.response.body.data);
    // Another token with the same permissions shares the answer.
    const third = await screen(stack, MEMBERS_SCREEN, { id: own }, admin(stack));
    expect(third).toMatchObject({ cache: 'hit', requests: 0 });
    const { body } = await stack.server.metrics.expose();
    expect(body).toMatch(/logto_graphql_response_cache_lookups_total\{result="hit"\} [1-9]/);
    expect(body).toMatch(/logto_graphql_response_cache_lookups_total\{result="miss"\} [1-9]/);
  });

  test('a caller never receives an answer computed for other permissions', async ({ stack }) => {
    const { own } = organizations(stack);
    await screen(stack, MEMBERS_SCREEN, { id: own }, admin(stack));
    expect((await screen(stack, MEMBERS_SCREEN, { id: own }, admin(stack))).cache).toBe('hit');
    // Without read:users the members are refused: the admin's cached answer must not be served.
    const fewer = await screen(stack, MEMBERS_SCREEN, { id: own }, bearer(stack.mintToken({ scope: SCOPES.readOrganizations })));
    expect(fewer.cache).not.toBe('hit');
    expect(fewer.response.body.errors?.map((error) => error.extensions?.code)).toContain('FORBIDDEN');
  });

  test('organization tokens are keyed by their organization', async ({ stack }) => {
    const { own, other } = organizations(stack);
    const scope = [SCOPES.readUsers, SCOPES.readOrganizations].join(' ');
    const ownToken = bearer(stack.mintToken({ scope, organizationId: own, sub: [...stack.sandbox.store.organizationUsers.rightsOf(own)][0] }));
    const otherToken = bearer(stack.mintToken({ scope, organizationId: other }));
    const mine = await screen(stack, MEMBERS_SCREEN, { id: own }, ownToken);
    expect(mine.response.body.errors).toBeUndefined();
    expect((await screen(stack, MEMBERS_SCREEN, { id: own }, ownToken)).cache).toBe('hit');
    // The same document and variables from another organization: refused, never the cached answer.
    const theirs = await screen(stack, MEMBERS_SCREEN, { id: own }, otherToken);
    expect(theirs.cache).not.toBe('hit');
    expect(theirs.response.body.data?.organization ?? null).toBeNull();
    expect(theirs.response.body.errors?.map((error) => error.extensions?.code)).toContain('FORBIDDEN');
  });

  test("the facade's own write invalidates at once what it changed", async ({ stack }) => {
    const { own } = organizations(stack);
    const headers = admin(stack);
    await screen(stack, MEMBERS_SCREEN, { id: own }, headers);
    expect((await screen(stack, MEMBERS_SCREEN, { id: own }, headers)).cache).toBe('hit');
    const renamed = await stack.post(
      `mutation($id: ID!) { updateOrganization(input: { id: $id, name: "Renamed through the facade" }) { __typename } }`,
      { id: own },
      headers,
    );
    expect(renamed.body.errors).toBeUndefined();
    const after = await screen(stack, MEMBERS_SCREEN, { id: own }, headers);
    expect(after.cache).toBe('miss');
    expect((after.response.body.data as { organization: { name: string } }).organization.name).toBe('Renamed through the facade');
  });

  test('resync drops every answer', async ({ stack }) => {
    const { own } = organizations(stack);
    const headers = admin(stack);
    await screen(stack, MEMBERS_SCREEN, { id: own }, headers);
    expect(await stack.server.responseCache.hasEntries()).toBe(true);
    await stack.server.liveBus.pubsub.publish('resync', { reason: 'test' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await stack.server.responseCache.size()).toBe(0);
    expect((await screen(stack, MEMBERS_SCREEN, { id: own }, headers)).cache).toBe('miss');
    expect((await stack.server.metrics.expose()).body).toMatch(/logto_graphql_response_cache_invalidations_total\{source="resync"\} 1/);
  });

  describe('no uncovered field is served stale (changes made straight through the REST API, no webhook)', () => {
    const twice = async (stack: Stack, query: string, variables: Record<string, unknown>, change: () => Promise<unknown>) => {
      const headers = admin(stack);
      const before = await screen(stack, query, variables, headers);
      expect(before.response.body.errors).toBeUndefined();
      await change();
      const after = await screen(stack, query, variables, headers);
      // The cache is on and answered (a miss, as every time: the field is uncovered).
      expect([before.cache, after.cache]).toEqual(['miss', 'miss']);
      return { before: before.response, after: after.response };
    };

    test("a user's role assignment", async ({ stack, rest }) => {
      const { store } = stack.sandbox;
      const user = [...store.users.keys()][0] ?? '';
      const role = [...store.roles.values()].find((row) => row.type === 'User' && !store.userRoles.rightsOf(user).has(row.id));
      const query = `query($id: ID!) { user(id: $id) { id roles(first: 50) { totalCount } } }`;
      const { before, after } = await twice(stack, query, { id: user }, () => rest.send('POST', `/api/users/${user}/roles`, { roleIds: [role?.id] }));
      const count = (response: GraphQLResponse) => (response.body.data as { user: { roles: { totalCount: number } } }).user.roles.totalCount;
      expect(count(after)).toBe(count(before) + 1);
    });

    test("a member's organization roles", async ({ stack, rest }) => {
      const { own, members } = organizations(stack);
      const { store } = stack.sandbox;
      const member = members[0] ?? '';
      const role = [...store.organizationRoles.values()].find((row) => !store.organizationUserRoles.rolesOf(own, member).has(row.id));
      const query = `query($id: ID!) { organization(id: $id) { members(first: 100) { edges { node { id } organizationRoles { id } } } } }`;
      const rolesOf = (response: GraphQLResponse) =>
        (response.body.data as { organization: { members: { edges: { node: { id: string }; organizationRoles: unknown[] }[] } } }).organization.members.edges.find(
          (edge) => edge.node.id === encodeGlobalId('User', member),
        )?.organizationRoles.length ?? -1;
      const { before, after } = await twice(stack, query, { id: own }, () =>
        rest.send('POST', `/api/organizations/${own}/users/${member}/roles`, { organizationRoleIds: [role?.id] }),
      );
      expect(rolesOf(after)).toBe(rolesOf(before) + 1);
    });

    test('applications', async ({ stack, rest }) => {
      const application = [...stack.sandbox.store.applications.values()][0];
      const query = `query($id: ID!) { application(id: $id) { id name } }`;
      const { after } = await twice(stack, query, { id: application?.id }, () => rest.send('PATCH', `/api/applications/${application?.id}`, { name: 'Renamed behind our back' }));
      expect((after.body.data as { application: { name: string } }).application.name).toBe('Renamed behind our back');
    });
  });
});
