import { describe, expect } from 'vitest';

import { readJob, waitForJob } from '../helpers/bulk-jobs.js';
import { mutate, payload } from '../helpers/mutations.js';
import type { Stack } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

/** Bulk changes as jobs: suspension, roles, deletion (with its confirmation), and pause / resume / cancel. */

// 20 per second: a job of 40 rows runs for about two seconds, long enough to pause it.
const test = stackTest({ sandbox: { users: 120 }, env: { LOGTO_RATE_LIMIT: '20/1s' } });

const JOB_FIELDS = '... on StartBulkSuspensionPayload { job { id status total } dryRun { total valid } }';
const userIds = (stack: Stack, from: number, count: number) => [...stack.sandbox.store.users.keys()].slice(from, from + count);
const requestsTo = (stack: Stack, method: string, pattern: RegExp, sinceSeq: number) =>
  stack.sandbox.requestLog.entries({ sinceSeq }).filter((entry) => entry.method === method && pattern.test(entry.path));

async function control(stack: Stack, action: 'pause' | 'resume' | 'cancel', id: string): Promise<{ status: string }> {
  const name = `${action}BulkJob`;
  const call = await mutate(stack, name, { id }, `... on ${action.charAt(0).toUpperCase()}${action.slice(1)}BulkJobPayload { job { status } }`);
  return payload<{ job: { status: string } }>(call).job;
}

describe('a bulk suspension', () => {
  test('pauses between rows, resumes from the next one, and touches each user exactly once', async ({ stack }) => {
    const ids = userIds(stack, 0, 40);
    const since = stack.sandbox.requestLog.lastSeq();
    const started = await mutate(stack, 'startBulkSuspension', { userIds: ids }, JOB_FIELDS);
    expect(started.requests).toEqual([]); // the mutation itself sends nothing
    const { id } = payload<{ job: { id: string } }>(started).job;

    await waitForJob(stack, id, (job) => job.processed >= 4);
    expect((await control(stack, 'pause', id)).status).toBe('PAUSED');
    // The batch in flight is confirmed; nothing after it is sent.
    const paused = await waitForJob(stack, id, (job) => job.processed === requestsTo(stack, 'PATCH', /is-suspended$/, since).length);
    expect(paused.status).toBe('PAUSED');
    expect(paused.processed).toBeLessThan(40);

    expect((await control(stack, 'resume', id)).status).toBe('QUEUED');
    const done = await waitForJob(stack, id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', total: 40, processed: 40, succeeded: 40, failed: 0 });
    const patched = requestsTo(stack, 'PATCH', /is-suspended$/, since).map((entry) => entry.path.split('/')[3]);
    expect(patched.sort()).toEqual([...ids].sort());
    for (const userId of ids) expect(stack.sandbox.store.users.get(userId)?.isSuspended).toBe(true);
  });

  test('cancelled, sends no further row and never succeeds', async ({ stack }) => {
    const ids = userIds(stack, 40, 40);
    const since = stack.sandbox.requestLog.lastSeq();
    const started = await mutate(stack, 'startBulkSuspension', { userIds: ids, suspended: true }, JOB_FIELDS);
    const { id } = payload<{ job: { id: string } }>(started).job;
    await waitForJob(stack, id, (job) => job.processed >= 4);
    expect((await control(stack, 'cancel', id)).status).toBe('CANCELLED');
    const cancelled = await waitForJob(stack, id, (job) => job.processed === requestsTo(stack, 'PATCH', /is-suspended$/, since).length);
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.processed).toBeLessThan(40);
    // Resuming a cancelled job changes nothing.
    expect((await control(stack, 'resume', id)).status).toBe('CANCELLED');
    expect(requestsTo(stack, 'PATCH', /is-suspended$/, since)).toHaveLength(cancelled.processed);
  });
});

describe('a bulk deletion', () => {
  test('needs `confirm` equal to the dry run’s count, then deletes each user once; unknown ids are NotFoundError rows', async ({ stack }) => {
    const ids = userIds(stack, 80, 5);
    const withUnknown = [...ids, ids[0]!, 'nosuchuser01'];
    const dry = await mutate(stack, 'startBulkDeletion', { userIds: withUnknown, dryRun: true }, '... on StartBulkDeletionPayload { job { id } dryRun { total valid } }');
    expect(dry.requests).toEqual([]);
    expect(dry.result).toMatchObject({ __typename: 'StartBulkDeletionPayload', job: null, dryRun: { total: 6, valid: 6 } });

    const unconfirmed = await mutate(stack, 'startBulkDeletion', { userIds: withUnknown, confirm: 5 }, '... on StartBulkDeletionPayload { job { id } }');
    expect(unconfirmed.result).toMatchObject({ __typename: 'ValidationError', field: 'confirm' });
    expect(unconfirmed.requests).toEqual([]);

    const since = stack.sandbox.requestLog.lastSeq();
    const started = await mutate(stack, 'startBulkDeletion', { userIds: withUnknown, confirm: 6 }, '... on StartBulkDeletionPayload { job { id } }');
    const done = await waitForJob(stack, payload<{ job: { id: string } }>(started).job.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', total: 6, succeeded: 5, failed: 1 });
    expect(done.errors.edges.map(({ node }) => [node.row, node.key, node.error.__typename])).toEqual([[6, 'nosuchuser01', 'NotFoundError']]);
    expect(requestsTo(stack, 'DELETE', /^\/api\/users\//, since)).toHaveLength(6);
    for (const userId of ids) expect(stack.sandbox.store.users.has(userId)).toBe(false);
  });
});

describe('a bulk role assignment', () => {
  test('gives every user the roles, one request per user', async ({ stack }) => {
    const role = [...stack.sandbox.store.roles.values()].find((each) => each.type === 'User' && !each.isDefault)!;
    const ids = userIds(stack, 90, 6);
    const since = stack.sandbox.requestLog.lastSeq();
    const started = await mutate(stack, 'startBulkRoleAssignment', { userIds: ids, roleIds: [role.id] }, '... on StartBulkRoleAssignmentPayload { job { id } }');
    const done = await waitForJob(stack, payload<{ job: { id: string } }>(started).job.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', succeeded: 6 });
    expect(requestsTo(stack, 'POST', /\/roles$/, since)).toHaveLength(6);
    for (const userId of ids) expect(stack.sandbox.store.userRoles.rightsOf(userId).has(role.id)).toBe(true);
    expect(await readJob(stack, 'nosuchjob000')).toBeNull();
  });
});
