import { describe, expect } from 'vitest';

import { BCRYPT, ndjson, START_IMPORT, upload, waitForJob } from '../helpers/bulk-jobs.js';
import type { Stack } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

/**
 * `startUserImport` over HTTP (GraphQL multipart request) against the sandbox: the dry run, a
 * real import, `exists`, and exactly once under lost answers.
 */

const test = stackTest({ sandbox: { users: 5 } });

type Start = { startUserImport: { __typename: string; job?: { id: string; status: string; total: number; description: string; durable: boolean } | null; dryRun?: { total: number; valid: number; estimatedDurationSeconds: number; errors: { row: number; key: string; error: { __typename: string; field: string | null; message: string } }[] } | null; issues?: { field: string }[] } };

const apiRequestsSince = (seq: number, stack: Stack) =>
  stack.sandbox.requestLog.entries({ sinceSeq: seq }).filter((entry) => entry.path.startsWith('/api/'));

describe('a dry run', () => {
  test('reads the whole file, reports every kind of bad row, estimates the time, and sends nothing', async ({ stack }) => {
    const existing = [...stack.sandbox.store.users.values()][0]!;
    const file = ndjson([
      { user_id: 'auth0|1', username: 'fine_one', email: 'fine1@example.com', passwordHash: BCRYPT },
      { user_id: 'auth0|2', username: '9starts_with_digit', email: 'fine2@example.com' },
      { user_id: 'auth0|3', email: 'not-an-email' },
      { user_id: 'auth0|4', username: 'bad_hash', passwordHash: 'not-a-hash' },
      { user_id: 'auth0|5', username: 'dup_email', email: 'FINE1@example.com' },
      { user_id: 'auth0|6', picture: 'https://example.com/nobody.png' },
      { user_id: 'auth0|7', username: 'bad_phone', phone_number: 'call me' },
      { user_id: 'auth0|8', username: existing.username ?? 'taken_in_logto' },
    ]);
    const since = stack.sandbox.requestLog.lastSeq();
    const answer = await upload<Start>(stack, START_IMPORT, { format: 'AUTH0_EXPORT', dryRun: true }, { name: 'users.ndjson', text: `${file}{oops\n` });
    expect(answer.body.errors).toBeUndefined();
    const result = answer.body.data!.startUserImport;
    expect(result.__typename).toBe('StartUserImportPayload');
    expect(result.job).toBeNull();
    const report = result.dryRun!;
    expect(report.total).toBe(9);
    // A user already in Logto is only found by the job (a dry run asks Logto nothing).
    expect(report.valid).toBe(2);
    expect(report.errors.map((error) => [error.row, error.key, error.error.__typename, error.error.field])).toEqual([
      [2, '9starts_with_digit', 'ValidationError', 'username'],
      [3, 'not-an-email', 'ValidationError', 'primaryEmail'],
      [4, 'bad_hash', 'ValidationError', 'passwordDigest'],
      [5, 'dup_email', 'ConflictError', 'primaryEmail'],
      [6, 'row 6', 'ValidationError', 'username'],
      [7, 'bad_phone', 'ValidationError', 'primaryPhone'],
      [9, 'row 9', 'ValidationError', null],
    ]);
    // 2 rows at the stack's budget (200 per 10 s): well under a second, rounded up.
    expect(report.estimatedDurationSeconds).toBe(1);
    expect(apiRequestsSince(since, stack)).toEqual([]);
  });

  test('refuses an upload without a CSRF header, and a file that is not a file', async ({ stack }) => {
    const refused = await upload(stack, START_IMPORT, { format: 'NDJSON', dryRun: true }, { name: 'u.ndjson', text: '{"username":"x"}\n' }, {});
    expect(refused.status).toBe(403);
    const noFile = await stack.post<Start>(START_IMPORT, { input: { format: 'NDJSON', dryRun: true, file: 'just text' } });
    const result = noFile.body.data?.startUserImport;
    expect(result?.__typename).toBe('ValidationError');
    expect(result?.issues?.map((issue) => issue.field)).toContain('file');
  });
});

describe('an import', () => {
  test('creates each valid user once, with its digest, reports bad rows and users already there as `exists`', async ({ stack }) => {
    const taken = [...stack.sandbox.store.users.values()].find((user) => user.username)!;
    const file = ndjson([
      { user_id: 'auth0|a', username: 'imported_a', email: 'a@import.example', given_name: 'Ada', passwordHash: BCRYPT, user_metadata: { plan: 'pro' } },
      { user_id: 'auth0|b', username: 'imported_b', email: 'b@import.example' },
      { user_id: 'auth0|c', username: taken.username },
      { user_id: 'auth0|d', username: 'imported_d', passwordHash: 'not-a-hash' },
    ]);
    const answer = await upload<Start>(stack, START_IMPORT, { format: 'AUTH0_EXPORT' }, { name: 'users.ndjson', text: file });
    const job = answer.body.data!.startUserImport.job!;
    expect(job.description).toMatch(/lost if the facade restarts/);
    expect(job.durable).toBe(false);
    const done = await waitForJob(stack, job.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', total: 4, processed: 4, succeeded: 2, failed: 1, existing: 1, estimatedEndAt: null });
    expect(done.errors.edges.map(({ node }) => [node.row, node.key, node.error.__typename, node.error.field])).toEqual([
      [4, 'imported_d', 'ValidationError', 'passwordDigest'],
      [3, taken.username, 'ConflictError', 'username'],
    ]);
    const users = [...stack.sandbox.store.users.values()];
    const a = users.filter((user) => user.username === 'imported_a');
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ primaryEmail: 'a@import.example', hasPassword: true, customData: { plan: 'pro', auth0: { userId: 'auth0|a' } }, profile: { givenName: 'Ada' } });
    expect(users.filter((user) => user.username === 'imported_d')).toHaveLength(0);
  });

  test('creates every user exactly once when answers are lost: looks each one up before sending it again', async ({ stack }) => {
    const records = Array.from({ length: 6 }, (_, i) => ({ username: `lost_${i}`, email: `lost${i}@import.example` }));
    // The sandbox creates the user, then drops the connection: three times in a row.
    stack.sandbox.injectFaults({ kind: 'reset-after-apply', method: 'POST', path: '/api/users', times: 3 });
    const since = stack.sandbox.requestLog.lastSeq();
    const answer = await upload<Start>(stack, START_IMPORT, { format: 'NDJSON' }, { name: 'users.ndjson', text: ndjson(records) });
    const done = await waitForJob(stack, answer.body.data!.startUserImport.job!.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', succeeded: 6, failed: 0, existing: 0 });
    for (const { username } of records) expect([...stack.sandbox.store.users.values()].filter((user) => user.username === username)).toHaveLength(1);
    const requests = apiRequestsSince(since, stack);
    const posts = requests.filter((entry) => entry.method === 'POST' && entry.path === '/api/users');
    // One POST per user: the three whose answers were lost were found by a look-up, not sent again.
    expect(posts).toHaveLength(6);
    expect(posts.filter((entry) => entry.fault === 'reset-after-apply')).toHaveLength(3);
    expect(requests.filter((entry) => entry.method === 'GET' && entry.path === '/api/users')).toHaveLength(3);
  });
});
