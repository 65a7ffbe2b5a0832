import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SCOPES } from '../../src/auth/scopes.js';
import { encodeGlobalId } from '../../src/global-id.js';
import type { UserRow } from '../../src/sandbox/rows.js';
import { type GraphQLResponse, type Stack, startStack } from '../helpers/stack.js';

let stack: Stack;
let self: UserRow;
let other: UserRow;
let token: string;

beforeAll(async () => {
  stack = await startStack({ auth: true, sandbox: { users: 30 }, env: { SELF_SERVICE_CUSTOM_DATA_KEYS: 'theme,locale' } });
  const users = stack.sandbox.store.usersNewestFirst();
  const [first, second] = [users[3], users[4]];
  if (!first || !second) throw new Error('seed too small');
  // Keys the user may see and change next to keys only the tenant's back office may.
  self = { ...first, customData: { theme: 'dark', plan: 'enterprise', internalNote: 'vip' }, profile: { ...first.profile, nickname: 'sam', locale: 'en-US' } };
  stack.sandbox.store.addUser(self);
  other = second;
  // A user access token for the facade (SPA: sub = the user, client_id = the SPA) with `profile`.
  token = stack.mintToken({ sub: self.id, clientId: 'spaapp0000000000000001', scope: SCOPES.profile });
});

afterAll(async () => {
  await stack.close();
});

async function asSelf<T = Record<string, unknown>>(
  query: string,
  variables?: Record<string, unknown>,
  bearer = token,
): Promise<{ response: GraphQLResponse<T>; requests: string[] }> {
  const since = stack.sandbox.requestLog.lastSeq();
  const response = await stack.post<T>(query, variables, { authorization: `Bearer ${bearer}` });
  const requests = stack.sandbox.requestLog
    .entries({ sinceSeq: since })
    .filter((entry) => entry.path.startsWith('/api/'))
    .map((entry) => `${entry.method} ${entry.path}`);
  return { response, requests };
}

const codes = (response: GraphQLResponse) => (response.body.errors ?? []).map((error) => [error.path?.join('.'), error.extensions?.code]);

const UPDATE_ME = `mutation UpdateMe($input: UpdateMeInput!) {
  updateMe(input: $input) { user { logtoId name avatar customData profile { nickname locale address { country } } } }
}`;

describe('self-service callers (a user token with `profile`)', () => {
  it('read their own user through `me`, with only the self-service customData keys', async () => {
    const { response, requests } = await asSelf<{ me: Record<string, unknown> }>(
      '{ me { id logtoId username name customData profile { nickname locale } identities { target } hasPassword } }',
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.me).toMatchObject({
      id: encodeGlobalId('User', self.id),
      logtoId: self.id,
      username: self.username,
      customData: { theme: 'dark' },
      profile: { nickname: 'sam', locale: 'en-US' },
    });
    expect(requests).toHaveLength(1);
  });

  it('reach no other user — node, nodes, user(id:), users — and fetch nothing for them', async () => {
    const { response, requests } = await asSelf<Record<string, unknown>>(`{
      node(id: "${encodeGlobalId('User', other.id)}") { id }
      user(id: "${other.id}") { logtoId }
      nodes(ids: ["${encodeGlobalId('User', self.id)}", "${encodeGlobalId('User', other.id)}"]) { id }
      users { totalCount }
      organizations { totalCount }
    }`);
    expect(codes(response)).toEqual([
      ['node', 'FORBIDDEN'],
      ['user', 'FORBIDDEN'],
      ['users', 'FORBIDDEN'],
      ['organizations', 'FORBIDDEN'],
      ['nodes.1', 'FORBIDDEN'],
    ]);
    expect(response.body.data).toMatchObject({ node: null, user: null, nodes: [{ id: encodeGlobalId('User', self.id) }, null] });
    // Only the caller's own user was read.
    expect(requests).toHaveLength(1);
  });

  it('keep the relations of their own user behind their own permissions', async () => {
    const { response, requests } = await asSelf('{ me { logtoId roles { totalCount } organizations { totalCount } logs { totalCount } } }');
    expect(codes(response)).toEqual([
      ['me.roles', 'FORBIDDEN'],
      ['me.organizations', 'FORBIDDEN'],
      ['me.logs', 'FORBIDDEN'],
    ]);
    expect(requests).toEqual([expect.stringMatching(/^GET \/api\/users\/[^/]+$/)]);
  });

  it('update their name, avatar, profile and allowed customData keys; the rest of what Logto stores stays', async () => {
    const { response, requests } = await asSelf<{ updateMe: { user: Record<string, unknown> } }>(UPDATE_ME, {
      input: {
        name: 'Sam Self',
        avatar: 'https://cdn.example.com/sam.png',
        profile: { locale: 'fr-FR', address: { country: 'FR' } },
        customData: { theme: 'light', locale: 'fr' },
      },
    });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.updateMe.user).toEqual({
      logtoId: self.id,
      name: 'Sam Self',
      avatar: 'https://cdn.example.com/sam.png',
      customData: { theme: 'light', locale: 'fr' },
      profile: { nickname: 'sam', locale: 'fr-FR', address: { country: 'FR' } },
    });
    expect(requests).toEqual([`PATCH /api/users/${self.id}/custom-data`, `PATCH /api/users/${self.id}/profile`, `PATCH /api/users/${self.id}`]);
    const stored = stack.sandbox.store.users.get(self.id);
    expect(stored?.customData).toEqual({ theme: 'light', plan: 'enterprise', internalNote: 'vip', locale: 'fr' });
    expect(stored?.profile).toMatchObject({ nickname: 'sam', locale: 'fr-FR', address: { country: 'FR' } });
    expect(stored?.name).toBe('Sam Self');
  });

  it('clear their name with null, and read the fresh user when only customData changes', async () => {
    const cleared = await asSelf<{ updateMe: { user: { name: string | null } } }>(UPDATE_ME, { input: { name: null } });
    expect(cleared.response.body.data?.updateMe.user.name).toBeNull();
    expect(cleared.requests).toEqual([`PATCH /api/users/${self.id}`]);

    const onlyData = await asSelf<{ updateMe: { user: { customData: unknown } } }>(UPDATE_ME, { input: { customData: { theme: 'solarized' } } });
    expect(onlyData.response.body.data?.updateMe.user.customData).toEqual({ theme: 'solarized', locale: 'fr' });
    expect(onlyData.requests).toEqual([`PATCH /api/users/${self.id}/custom-data`, `GET /api/users/${self.id}`]);
  });

  it('cannot change customData keys outside SELF_SERVICE_CUSTOM_DATA_KEYS, nor send an empty update: nothing is sent', async () => {
    const before = stack.sandbox.store.users.get(self.id);
    for (const input of [{ customData: { plan: 'free', theme: 'x' } }, {}]) {
      const { response, requests } = await asSelf(UPDATE_ME, { input });
      expect(codes(response)).toEqual([['updateMe', 'BAD_USER_INPUT']]);
      expect(requests).toEqual([]);
    }
    expect(stack.sandbox.store.users.get(self.id)).toEqual(before);
  });

  it('are refused `me` and `updateMe` without `profile`, and machine-to-machine tokens have no `me`', async () => {
    const noProfile = stack.mintToken({ sub: self.id, clientId: 'spaapp0000000000000001', scope: SCOPES.readUsers });
    const machine = stack.mintToken({ scope: `${SCOPES.profile} ${SCOPES.writeUsers}` });
    for (const bearer of [noProfile, machine]) {
      const read = await asSelf('{ me { logtoId } }', undefined, bearer);
      expect(codes(read.response)).toEqual([['me', 'FORBIDDEN']]);
      const write = await asSelf(UPDATE_ME, { input: { name: 'Mallory' } }, bearer);
      expect(codes(write.response)).toEqual([['updateMe', 'FORBIDDEN']]);
      expect([...read.requests, ...write.requests]).toEqual([]);
    }
  });

  it('leave the whole customData to tenant-wide readers with read:users:sensitive', async () => {
    const admin = stack.mintToken({ scope: `${SCOPES.readUsers} ${SCOPES.readUsersSensitive}` });
    const { response } = await asSelf<{ user: { customData: Record<string, unknown> } }>(`{ user(id: "${self.id}") { customData } }`, undefined, admin);
    expect(response.body.data?.user.customData).toMatchObject({ plan: 'enterprise', internalNote: 'vip' });
  });
});
