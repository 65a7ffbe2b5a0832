import { describe, expect } from 'vitest';

import { encodeGlobalId } from '../../src/global-id.js';
import { mutate, payload } from '../helpers/mutations.js';
import { type Stack, upstreamDuring } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

type UserRow = { id: string; username: string | null; primaryEmail: string | null; primaryPhone: string | null; name: string | null; customData: Record<string, unknown>; isSuspended: boolean; hasPassword: boolean };

const USER = 'id logtoId username primaryEmail primaryPhone name customData isSuspended hasPassword';
const roleId = (stack: Stack, name: string) => [...stack.sandbox.store.roles.values()].find((role) => role.name === name)?.id ?? '';

let counter = 0;
async function newUser(stack: Stack, extra: Record<string, unknown> = {}): Promise<{ id: string; logtoId: string }> {
  counter += 1;
  const call = await mutate(stack, 'createUser', { username: `mutation_user_${counter}`, ...extra }, `... on CreateUserPayload { user { id logtoId } }`);
  expect(call.result?.__typename, JSON.stringify(call)).toBe('CreateUserPayload');
  return payload<{ user: { id: string; logtoId: string } }>(call).user;
}

const it = stackTest({ sandbox: { users: 300 } });

describe('createUser', () => {
  it('creates a user in one POST, readable through the graph and the REST API', async ({ stack, rest }) => {
    const call = await mutate(
      stack,
      'createUser',
      { username: 'ada_lovelace', primaryEmail: 'ada@example.com', primaryPhone: '+44 (20) 7946-0958', name: 'Ada Lovelace', password: 'analytical', customData: { plan: 'pro' } },
      `... on CreateUserPayload { user { ${USER} } userEdge { cursor node { id } } }`,
    );
    expect(call.requests).toEqual([{ method: 'POST', path: '/api/users', query: '', status: 200 }]);
    const { user, userEdge } = payload<{ user: UserRow & { logtoId: string }; userEdge: { cursor: string; node: { id: string } } }>(call);
    expect(user).toMatchObject({ username: 'ada_lovelace', primaryEmail: 'ada@example.com', primaryPhone: '442079460958', name: 'Ada Lovelace', customData: { plan: 'pro' }, isSuspended: false, hasPassword: true });
    expect(user.id).toBe(encodeGlobalId('User', user.logtoId));
    expect(userEdge.node.id).toBe(user.id);

    const stored = await rest.get<UserRow>(`/api/users/${user.logtoId}`);
    expect(stored.body).toMatchObject({ username: 'ada_lovelace', primaryPhone: '442079460958', hasPassword: true });
    // Newest first: the edge is where `users` shows it.
    const page = await stack.post<{ users: { edges: { cursor: string; node: { id: string } }[] } }>('{ users(first: 1) { edges { cursor node { id } } } }');
    expect(page.body.data?.users.edges[0]).toEqual(userEdge);
  });

  it('answers ConflictError for a username in use, after one POST', async ({ stack, rest }) => {
    await newUser(stack, { username: 'taken_name' });
    const call = await mutate(stack, 'createUser', { username: 'taken_name' });
    expect(call.result).toMatchObject({ __typename: 'ConflictError', field: 'username', logtoCode: 'user.username_already_in_use', message: 'This username is already in use.' });
    expect(call.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual(['POST /api/users 422']);
  });

  it('answers ConflictError for an email in use, whatever its case', async ({ stack, rest }) => {
    await newUser(stack, { primaryEmail: 'Grace@Example.com' });
    const call = await mutate(stack, 'createUser', { username: 'grace_2', primaryEmail: 'grace@example.com' });
    expect(call.result).toMatchObject({ __typename: 'ConflictError', field: 'primaryEmail', logtoCode: 'user.email_already_in_use' });
  });

  it('answers ValidationError for an invalid email without calling Logto, with every broken rule', async ({ stack, rest }) => {
    const call = await mutate(stack, 'createUser', { username: '1bad', primaryEmail: 'not-an-email', primaryPhone: 'call me' });
    expect(call.requests).toEqual([]);
    expect(call.result).toMatchObject({ __typename: 'ValidationError', field: 'username', logtoCode: null });
    expect(call.result?.issues?.map((issue) => issue.field)).toEqual(['username', 'primaryEmail', 'primaryPhone']);
    expect(call.cost?.upstreamRequests).toBe(0);
  });

  it('gives new users the default roles, and the payload shows them (no stale reads)', async ({ stack, rest }) => {
    const set = await mutate(stack, 'updateRole', { id: roleId(stack, 'Viewer'), isDefault: true });
    expect(set.result?.__typename).toBe('UpdateRolePayload');
    const call = await mutate(stack, 'createUser', { username: 'defaulted' }, '... on CreateUserPayload { user { roles { totalCount nodes { name } } } }');
    expect(call.result).toMatchObject({ user: { roles: { totalCount: 1, nodes: [{ name: 'Viewer' }] } } });
    await mutate(stack, 'updateRole', { id: roleId(stack, 'Viewer'), isDefault: false });
  });
});

describe('updateUser', () => {
  it('changes and clears fields with one PATCH', async ({ stack, rest }) => {
    const { logtoId } = await newUser(stack, { primaryPhone: '14155550001', name: 'Before' });
    const call = await mutate(stack, 'updateUser', { id: logtoId, name: 'After', primaryPhone: null }, `... on UpdateUserPayload { user { ${USER} } }`);
    expect(call.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`PATCH /api/users/${logtoId}`]);
    expect(call.result).toMatchObject({ user: { name: 'After', primaryPhone: null } });
    expect((await rest.get<UserRow>(`/api/users/${logtoId}`)).body).toMatchObject({ name: 'After', primaryPhone: null });
  });

  it('replaces customData by default and merges it with customDataMode: MERGE', async ({ stack, rest }) => {
    const { id, logtoId } = await newUser(stack, { customData: { a: 1, b: 2 } });
    const merged = await mutate(stack, 'updateUser', { id, customData: { b: 3, c: 4 }, customDataMode: 'MERGE' }, '... on UpdateUserPayload { user { customData } }');
    expect(merged.result).toMatchObject({ user: { customData: { a: 1, b: 3, c: 4 } } });
    // The custom-data route answers only the object: the user is read back.
    expect(merged.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `PATCH /api/users/${logtoId}/custom-data`,
      `GET /api/users/${logtoId}`,
    ]);

    const both = await mutate(stack, 'updateUser', { id, name: 'Merged', customData: { d: 5 }, customDataMode: 'MERGE' }, '... on UpdateUserPayload { user { name customData } }');
    expect(both.result).toMatchObject({ user: { name: 'Merged', customData: { a: 1, b: 3, c: 4, d: 5 } } });
    expect(both.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `PATCH /api/users/${logtoId}`,
      `PATCH /api/users/${logtoId}/custom-data`,
    ]);

    const replaced = await mutate(stack, 'updateUser', { id, customData: { only: true } }, '... on UpdateUserPayload { user { customData } }');
    expect(replaced.result).toMatchObject({ user: { customData: { only: true } } });
    expect((await rest.get(`/api/users/${logtoId}/custom-data`)).body).toEqual({ only: true });
  });

  it('leaves customData alone when a merged update is refused', async ({ stack, rest }) => {
    await newUser(stack, { username: 'merge_owner' });
    const { logtoId } = await newUser(stack, { customData: { keep: true } });
    const call = await mutate(stack, 'updateUser', { id: logtoId, username: 'merge_owner', customData: { lost: true }, customDataMode: 'MERGE' });
    expect(call.result).toMatchObject({ __typename: 'ConflictError', field: 'username' });
    expect(call.requests).toHaveLength(1);
    expect((await rest.get(`/api/users/${logtoId}/custom-data`)).body).toEqual({ keep: true });
  });

  it('answers NotFoundError for an unknown user and ValidationError (no call) for an empty change', async ({ stack, rest }) => {
    const unknown = await mutate(stack, 'updateUser', { id: 'nosuchuser00', name: 'x' });
    expect(unknown.result).toMatchObject({ __typename: 'NotFoundError', field: 'id', logtoCode: 'entity.not_found' });
    const empty = await mutate(stack, 'updateUser', { id: 'nosuchuser00' });
    expect(empty.result).toMatchObject({ __typename: 'ValidationError', field: null });
    expect(empty.requests).toEqual([]);
  });
});

describe('setUserSuspended, updateUserPassword, deleteUser', () => {
  it('suspends and reinstates a user', async ({ stack, rest }) => {
    const { id, logtoId } = await newUser(stack);
    const call = await mutate(stack, 'setUserSuspended', { id, isSuspended: true }, '... on SetUserSuspendedPayload { user { isSuspended } }');
    expect(call.result).toMatchObject({ user: { isSuspended: true } });
    expect(call.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`PATCH /api/users/${logtoId}/is-suspended`]);
    const read = await stack.post<{ user: { isSuspended: boolean } }>(`{ user(id: "${logtoId}") { isSuspended } }`);
    expect(read.body.data?.user.isSuspended).toBe(true);
  });

  it('sets a password without ever showing it', async ({ stack, rest }) => {
    const { logtoId } = await newUser(stack);
    const call = await mutate(stack, 'updateUserPassword', { id: logtoId, password: 'correct horse battery staple' }, '... on UpdateUserPasswordPayload { user { hasPassword } }');
    expect(call.result).toMatchObject({ user: { hasPassword: true } });
    expect(JSON.stringify(call)).not.toContain('correct horse');
    const empty = await mutate(stack, 'updateUserPassword', { id: logtoId, password: '' });
    expect(empty.result).toMatchObject({ __typename: 'ValidationError', field: 'password' });
  });

  it('deletes a user: gone from the graph and the REST API; a second delete is NotFoundError', async ({ stack, rest }) => {
    const { id, logtoId } = await newUser(stack);
    const call = await mutate(stack, 'deleteUser', { id }, '... on DeleteUserPayload { deletedUserId }');
    expect(call.result).toEqual({ __typename: 'DeleteUserPayload', deletedUserId: id });
    expect((await rest.get(`/api/users/${logtoId}`)).status).toBe(404);
    const read = await stack.post<{ user: unknown }>(`{ user(id: "${id}") { id } }`);
    expect(read.body.data?.user).toBeNull();
    const again = await mutate(stack, 'deleteUser', { id });
    expect(again.result).toMatchObject({ __typename: 'NotFoundError', field: 'id', logtoCode: 'entity.not_found' });
  });
});

describe('assignUserRoles and removeUserRole', () => {
  it('assigns roles in one POST, and the payload reads them back fresh', async ({ stack, rest }) => {
    const { id, logtoId } = await newUser(stack);
    const call = await mutate(
      stack,
      'assignUserRoles',
      { userId: id, roleIds: [encodeGlobalId('Role', roleId(stack, 'Viewer')), roleId(stack, 'Guest')] },
      '... on AssignUserRolesPayload { addedRoleIds roles { name } user { roles { totalCount } } }',
    );
    expect(call.result).toMatchObject({ addedRoleIds: [encodeGlobalId('Role', roleId(stack, 'Viewer')), encodeGlobalId('Role', roleId(stack, 'Guest'))], user: { roles: { totalCount: 2 } } });
    expect(payload<{ roles: { name: string }[] }>(call).roles.map((role) => role.name).sort()).toEqual(['Guest', 'Viewer']);
    expect(call.requests.filter((request) => request.method !== 'GET')).toEqual([{ method: 'POST', path: `/api/users/${logtoId}/roles`, query: '', status: 201 }]);
    expect((await rest.all<{ name: string }>(`/api/users/${logtoId}/roles`)).map((role) => role.name).sort()).toEqual(['Guest', 'Viewer']);
  });

  it('refuses a machine-to-machine role (ValidationError) and an unknown one (NotFoundError)', async ({ stack, rest }) => {
    const { id } = await newUser(stack);
    const m2m = await mutate(stack, 'assignUserRoles', { userId: id, roleIds: [roleId(stack, 'Inventory Sync')] });
    expect(m2m.result).toMatchObject({ __typename: 'ValidationError', field: 'roleIds', logtoCode: 'user.invalid_role_type' });
    const unknown = await mutate(stack, 'assignUserRoles', { userId: id, roleIds: ['nosuchrole00000000000'] });
    expect(unknown.result).toMatchObject({ __typename: 'NotFoundError', field: 'roleIds', logtoCode: 'entity.not_exists_with_id' });
    const noUser = await mutate(stack, 'assignUserRoles', { userId: 'nosuchuser00', roleIds: [roleId(stack, 'Viewer')] });
    expect(noUser.result).toMatchObject({ __typename: 'NotFoundError', field: 'userId' });
  });

  it('sees each write of one operation: counts after an assign then a removal', async ({ stack, rest }) => {
    const { id } = await newUser(stack);
    const query = `mutation($user: ID!, $viewer: ID!, $guest: ID!) {
      add: assignUserRoles(input: { userId: $user, roleIds: [$viewer, $guest] }) { ... on AssignUserRolesPayload { user { roles { totalCount } } } }
      remove: removeUserRole(input: { userId: $user, roleId: $viewer }) { ... on RemoveUserRolePayload { removedRoleId user { roles { totalCount nodes { name } } } } }
    }`;
    const response = await stack.post<Record<string, { user: { roles: { totalCount: number } } }>>(query, { user: id, viewer: roleId(stack, 'Viewer'), guest: roleId(stack, 'Guest') });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.add?.user.roles.totalCount).toBe(2);
    expect(response.body.data?.remove).toMatchObject({ removedRoleId: encodeGlobalId('Role', roleId(stack, 'Viewer')), user: { roles: { totalCount: 1, nodes: [{ name: 'Guest' }] } } });
  });

  it('answers NotFoundError when removing a role the user does not hold', async ({ stack, rest }) => {
    const { id } = await newUser(stack);
    const call = await mutate(stack, 'removeUserRole', { userId: id, roleId: roleId(stack, 'Viewer') });
    expect(call.result).toMatchObject({ __typename: 'NotFoundError', field: 'roleId', logtoCode: 'entity.not_found' });
  });

  it('costs what it declares: the estimate bounds the requests', async ({ stack, rest }) => {
    const { id } = await newUser(stack);
    const { result } = await upstreamDuring(stack, () =>
      stack.post<unknown>(
        `mutation($id: ID!, $role: ID!) { assignUserRoles(input: { userId: $id, roleIds: [$role] }) { ... on AssignUserRolesPayload { user { name } roles { name } } } }`,
        { id, role: roleId(stack, 'Viewer') },
      ),
    );
    const cost = result.body.extensions?.cost as { estimatedUpstreamRequests: number; upstreamRequests: number };
    expect(cost.upstreamRequests).toBe(3);
    expect(cost.estimatedUpstreamRequests).toBeGreaterThanOrEqual(cost.upstreamRequests);
  });
});
