import { describe, expect } from 'vitest';

import { mutate } from '../helpers/mutations.js';
import type { Stack } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

/**
 * Writes whose answer never arrives (the sandbox applies them, then drops the connection): never
 * sent twice when that could apply them twice, and reported as UPSTREAM_OUTCOME_UNKNOWN when the
 * outcome cannot be known.
 */

const it = stackTest({ sandbox: { users: 50 } });

describe('a write whose answer is lost', () => {
  it('creates the user once, sends one POST and answers UPSTREAM_OUTCOME_UNKNOWN', async ({ stack }) => {
    stack.sandbox.injectFaults({ kind: 'reset-after-apply', method: 'POST', path: '/api/users' });
    const call = await mutate(stack, 'createUser', { username: 'lost_answer', primaryEmail: 'lost@example.com' }, '... on CreateUserPayload { user { id } }');

    expect(call.result).toBeNull();
    expect(call.errors).toHaveLength(1);
    expect(call.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', logtoCode: 'network.outcome_unknown' });
    expect(call.requests).toEqual([{ method: 'POST', path: '/api/users', query: '', status: 0 }]);
    const posts = stack.sandbox.requestLog.entries({ pathPrefix: '/api/users' }).filter((entry) => entry.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.fault).toBe('reset-after-apply');
    expect([...stack.sandbox.store.users.values()].filter((user) => user.username === 'lost_answer')).toHaveLength(1);
  });

  it('does not repeat a PATCH either', async ({ stack }) => {
    const user = [...stack.sandbox.store.users.values()][0]!;
    stack.sandbox.injectFaults({ kind: 'reset-after-apply', method: 'PATCH', path: '/api/users/:id' });
    const call = await mutate(stack, 'updateUser', { id: user.id, name: 'Renamed in the dark' });
    expect(call.errors?.[0]?.extensions?.code).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    expect(call.requests.filter((request) => request.method === 'PATCH')).toHaveLength(1);
    expect(stack.sandbox.store.users.get(user.id)?.name).toBe('Renamed in the dark');
  });

  it('treats a repeated DELETE that finds nothing as done: the first attempt deleted it', async ({ stack }) => {
    const user = [...stack.sandbox.store.users.values()][1]!;
    stack.sandbox.injectFaults({ kind: 'reset-after-apply', method: 'DELETE', path: '/api/users/:id' });
    const call = await mutate(stack, 'deleteUser', { id: user.id }, '... on DeleteUserPayload { deletedUserId }');
    expect(call.result?.__typename).toBe('DeleteUserPayload');
    expect(call.requests.map((request) => `${request.method} ${request.status}`)).toEqual(['DELETE 0', 'DELETE 404']);
    expect(stack.sandbox.store.users.has(user.id)).toBe(false);
  });

  it('reports a repeated PUT that Logto refuses as UPSTREAM_OUTCOME_UNKNOWN, not as the caller’s mistake', async ({ stack }) => {
    const pending = [...stack.sandbox.store.invitations.values()].find((invitation) => invitation.status === 'Pending')!;
    stack.sandbox.injectFaults({ kind: 'reset-after-apply', method: 'PUT', path: '/api/organization-invitations/:id/status' });
    const call = await mutate(stack, 'updateOrganizationInvitationStatus', { id: pending.id, status: 'REVOKED' });
    expect(call.errors?.[0]?.extensions?.code).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    expect(call.requests.map((request) => `${request.method} ${request.status}`)).toEqual(['PUT 0', 'PUT 422']);
    expect(stack.sandbox.store.invitations.get(pending.id)?.status).toBe('Revoked');
  });
});

/**
 * A 404 to a repeated DELETE means "the earlier attempt deleted it" only when that attempt may have
 * reached Logto's handler. Logto answers 429 and 401 before it does anything, so a 404 after those
 * means the id names nothing.
 */
describe('a DELETE repeated after a refusal or a lost answer', () => {
  const deleteUnknownRole = (stack: Stack) => mutate(stack, 'deleteRole', { id: 'norole0unknown0id' }, '... on DeleteRolePayload { deletedRoleId }');

  it('answers NotFoundError for an unknown id after a 429: the first attempt did nothing', async ({ stack }) => {
    stack.sandbox.injectFaults({ kind: 'status-429', method: 'DELETE', path: '/api/roles/:id', retryAfterSeconds: 0 });
    const call = await deleteUnknownRole(stack);
    expect(call.requests.map((request) => `${request.method} ${request.status}`)).toEqual(['DELETE 429', 'DELETE 404']);
    expect(call.result?.__typename).toBe('NotFoundError');
  });

  it('answers NotFoundError for an unknown id after a 401 (a revoked token): the first attempt did nothing', async ({ stack }) => {
    stack.sandbox.revokeTokens();
    const call = await deleteUnknownRole(stack);
    expect(call.requests.map((request) => `${request.method} ${request.status}`)).toEqual(['DELETE 401', 'DELETE 404']);
    expect(call.result?.__typename).toBe('NotFoundError');
  });

  it('answers DeleteRolePayload when the first attempt was applied and its answer lost', async ({ stack }) => {
    const role = [...stack.sandbox.store.roles.values()].find((candidate) => candidate.type === 'User')!;
    stack.sandbox.injectFaults({ kind: 'reset-after-apply', method: 'DELETE', path: '/api/roles/:id' });
    const call = await mutate(stack, 'deleteRole', { id: role.id }, '... on DeleteRolePayload { deletedRoleId }');
    expect(call.requests.map((request) => `${request.method} ${request.status}`)).toEqual(['DELETE 0', 'DELETE 404']);
    expect(call.result?.__typename).toBe('DeleteRolePayload');
    expect(stack.sandbox.store.roles.has(role.id)).toBe(false);
  });

  it('counts a 5xx as an attempt that may have applied', async ({ stack }) => {
    stack.sandbox.injectFaults({ kind: 'status-503', method: 'DELETE', path: '/api/roles/:id' });
    const call = await deleteUnknownRole(stack);
    expect(call.requests.map((request) => `${request.method} ${request.status}`)).toEqual(['DELETE 503', 'DELETE 404']);
    expect(call.result?.__typename).toBe('DeleteRolePayload');
  });
});
