import { expect } from 'vitest';

import { upstreamDuring } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

/**
 * Waves at the dependency floor (issue 19): a child whose request is keyed by its parent's id
 * starts with the parent when the parent is named by an argument. These pin what that planning
 * step must not change: gates, @skip, unknown parents, fragments. (The table of screens and their
 * floors is test/upstream-calls.test.ts.)
 */
const test = stackTest({ auth: true });

type Cost = { upstreamRequests: number; upstreamWaves: number };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function someUserId(rest: { get<T>(path: string): Promise<{ body: T }> }): Promise<string> {
  return (await rest.get<{ id: string }[]>('/api/users?page=1&page_size=1')).body[0]!.id;
}

test('a user, its roles and its organizations, selected through a fragment, are one wave of three requests', async ({ stack, rest }) => {
  const id = await someUserId(rest);
  const token = stack.mintToken({ scope: ['read:users', 'read:roles', 'read:organizations'] });
  const query = `query($id: ID!) { user(id: $id) { ...F } } fragment F on User { username roles { totalCount } organizations { totalCount } }`;
  const { result, requests } = await upstreamDuring(stack, () => stack.post(query, { id }, bearer(token)));
  expect(result.body.errors).toBeUndefined();
  expect(requests.map((request) => request.path).sort()).toEqual([`/api/users/${id}`, `/api/users/${id}/organizations`, `/api/users/${id}/roles`].sort());
  expect(result.body.extensions!.cost).toMatchObject({ upstreamRequests: 3, upstreamWaves: 1 });
});

test('a child the caller may not read is refused and costs nothing, while its sibling still starts with the parent', async ({ stack, rest }) => {
  const id = await someUserId(rest);
  const token = stack.mintToken({ scope: ['read:users', 'read:roles'] });
  const { result, requests } = await upstreamDuring(stack, () =>
    stack.post(`{ user(id: "${id}") { roles { totalCount } organizations { totalCount } } }`, undefined, bearer(token)),
  );
  expect(result.body.errors?.map((error) => [error.path?.join('.'), error.extensions?.code])).toEqual([['user.organizations', 'FORBIDDEN']]);
  expect(requests.map((request) => request.path).sort()).toEqual([`/api/users/${id}`, `/api/users/${id}/roles`].sort());
  expect((result.body.extensions!.cost as Cost).upstreamWaves).toBe(1);
});

test('a skipped child is not fetched ahead', async ({ stack, rest }) => {
  const id = await someUserId(rest);
  const token = stack.mintToken({ scope: ['read:users', 'read:roles'] });
  const { result, requests } = await upstreamDuring(stack, () =>
    stack.post(`query($skip: Boolean!) { user(id: "${id}") { username roles @skip(if: $skip) { totalCount } } }`, { skip: true }, bearer(token)),
  );
  expect(result.body.errors).toBeUndefined();
  expect(requests.map((request) => request.path)).toEqual([`/api/users/${id}`]);
});

test('an unknown role is null; its children, started with it, answer nothing into the result', async ({ stack }) => {
  const token = stack.mintToken({ scope: ['read:roles', 'read:users', 'read:resources'] });
  const { result, requests } = await upstreamDuring(stack, () =>
    stack.post('{ role(id: "nosuchrole00000000000") { name users(first: 5) { totalCount } scopes { totalCount } } }', undefined, bearer(token)),
  );
  expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();
  expect(result.body.data).toEqual({ role: null });
  // The role and its two lists were asked at once (Logto answers all three 404); nothing else.
  expect(requests.map((request) => `${request.path} ${request.status}`).sort()).toEqual(
    ['/api/roles/nosuchrole00000000000 404', '/api/roles/nosuchrole00000000000/scopes 404', '/api/roles/nosuchrole00000000000/users 404'].sort(),
  );
  expect((result.body.extensions!.cost as Cost).upstreamWaves).toBe(1);
});
