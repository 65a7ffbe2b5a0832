import { afterEach, describe, expect, it } from 'vitest';

import type { RequestLogEntry } from '../../src/sandbox/index.js';
import { type Stack, startStack } from '../helpers/stack.js';
import { maxInAnyWindow } from '../helpers/windows.js';

/**
 * The client's guarantees end to end: GraphQL operations through the facade against the sandbox
 * over real HTTP, with the sandbox's latency, rate-limit and fault knobs. Counts come from the
 * sandbox's request log.
 */

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const tokenRequests = (entries: RequestLogEntry[]) => entries.filter((entry) => entry.path === '/oidc/token');
const apiRequests = (entries: RequestLogEntry[]) => entries.filter((entry) => entry.path.startsWith('/api/'));

async function userIds(current: Stack, count: number): Promise<string[]> {
  const response = await current.post<{ users: { nodes: { logtoId: string }[] } }>(`{ users(first: ${Math.min(count, 100)}) { nodes { logtoId } } }`);
  return response.body.data!.users.nodes.map((user) => user.logtoId);
}

describe('M2M token', () => {
  it('makes exactly one token request for 100 concurrent operations on a cold start', async () => {
    stack = await startStack({ sandbox: { latencyMs: 5 } });
    const current = stack;
    const answers = await Promise.all(Array.from({ length: 100 }, () => current.post('{ users(first: 1) { totalCount } }')));
    expect(answers.every((answer) => answer.body.errors === undefined && answer.status === 200)).toBe(true);
    expect(tokenRequests(current.sandbox.requestLog.entries())).toHaveLength(1);
    expect(apiRequests(current.sandbox.requestLog.entries())).toHaveLength(100);
  });

  it('renews an expiring token without a failed query', async () => {
    stack = await startStack({ sandbox: { tokenTtlSeconds: 2 } });
    const deadline = Date.now() + 5_000;
    let queries = 0;
    while (Date.now() < deadline) {
      const answer = await stack.post('{ users(first: 1) { totalCount } }');
      expect(answer.body.errors).toBeUndefined();
      queries += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const entries = stack.sandbox.requestLog.entries();
    expect(queries).toBeGreaterThan(20);
    expect(tokenRequests(entries).length).toBeGreaterThanOrEqual(3);
    // Renewed ahead of expiry: Logto never had to refuse an expired token.
    expect(apiRequests(entries).filter((entry) => entry.status === 401)).toHaveLength(0);
  });

  it('replaces a revoked token and answers the query', async () => {
    stack = await startStack();
    expect((await stack.post('{ users(first: 1) { totalCount } }')).body.errors).toBeUndefined();
    stack.sandbox.revokeTokens();
    const answer = await stack.post('{ users(first: 1) { totalCount } }');
    expect(answer.body.errors).toBeUndefined();
    const entries = stack.sandbox.requestLog.entries();
    expect(tokenRequests(entries)).toHaveLength(2);
    expect(apiRequests(entries).map((entry) => entry.status)).toEqual([200, 401, 200]);
  });

  it('revoked under 50 requests in flight: one new token, and a 401 only for requests already sent with the old one', async () => {
    // 4 connections: most of the 50 requests wait in the client's queue, holding the old token.
    const maxConcurrency = 4;
    stack = await startStack({ sandbox: { latencyMs: 40 }, env: { LOGTO_MAX_CONCURRENCY: String(maxConcurrency) } });
    const { client, sandbox } = stack;
    const listUsers = () => client.request<unknown[]>({ method: 'GET', route: '/api/users', query: { page_size: 1 } });
    await listUsers();
    sandbox.revokeTokens();
    const since = sandbox.requestLog.lastSeq();

    // Issued together, the way one wide operation's loaders (or many operations) issue them.
    const answers = await Promise.all(Array.from({ length: 50 }, listUsers));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);

    const entries = sandbox.requestLog.entries({ sinceSeq: since });
    expect(tokenRequests(entries)).toHaveLength(1);
    const refused = apiRequests(entries).filter((entry) => entry.status === 401);
    // At most one 401 per logical request (X-Request-Id is kept across its attempts) ...
    expect(new Set(refused.map((entry) => entry.requestId)).size).toBe(refused.length);
    // ... and only for requests already on the wire when the client learnt of the revocation: every
    // answer after it is a 401, so no more than the connection cap can have left with the old token.
    // The ones queued behind them wait for the new token instead of spending a 401 each.
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThanOrEqual(maxConcurrency);
    expect(apiRequests(entries).filter((entry) => entry.status === 200)).toHaveLength(50);
  });
});

describe('shared rate-limit budget', () => {
  // Correctness only; how much of the budget's pace a burst uses is measured by `npm run bench`
  // (bench/burst.ts) and written down in docs/BENCHMARKS.md, not asserted here.
  it('runs a burst of 1,000 queries with no 429, no failure and no window over the budget', async () => {
    // 200 requests / 10 s scaled down to 100 / 1 s so the burst takes ~10 s.
    const limit = 100;
    const windowMs = 1_000;
    stack = await startStack({
      sandbox: { rateLimit: { limit, windowMs }, latencyMs: [1, 5] },
      env: { LOGTO_RATE_LIMIT: `${limit}/${windowMs}ms`, LOGTO_QUEUE_TIMEOUT_MS: '60000' },
    });
    const current = stack;
    const ids = await userIds(current, 100);
    current.sandbox.requestLog.clear();
    const answers = await Promise.all(
      Array.from({ length: 1_000 }, (_, index) => current.post('query($id: ID!) { user(id: $id) { username } }', { id: ids[index % ids.length] })),
    );
    const failed = answers.filter((answer) => answer.body.errors !== undefined || answer.body.data?.user === null);
    expect(failed).toHaveLength(0);
    const entries = current.sandbox.requestLog.entries();
    expect(entries.filter((entry) => entry.status === 429)).toHaveLength(0);
    expect(maxInAnyWindow(entries.map((entry) => entry.receivedAt), windowMs)).toBeLessThanOrEqual(limit);
    expect(entries).toHaveLength(1_000);
  }, 60_000);
});

describe('upstream faults', () => {
  it('waits out a 429 with Retry-After and answers', async () => {
    stack = await startStack();
    stack.sandbox.injectFaults({ kind: 'status-429', path: '/api/users', retryAfterSeconds: 1, times: 1 });
    const started = performance.now();
    const answer = await stack.post('{ users(first: 1) { totalCount } }');
    expect(answer.body.errors).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(apiRequests(stack.sandbox.requestLog.entries()).map((entry) => entry.status)).toEqual([429, 200]);
  });

  it('answers read queries with 20% of upstream requests failing with 503 or a reset', async () => {
    stack = await startStack({ sandbox: { faultRate: 0.2 }, env: { LOGTO_MAX_RETRIES: '6' } });
    const current = stack;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, index) => current.post(`{ users(first: 2, after: null) { totalCount nodes { logtoId } } roles(first: ${1 + (index % 5)}) { totalCount } }`)),
    );
    expect(answers.filter((answer) => answer.body.errors !== undefined)).toHaveLength(0);
    const faults = current.sandbox.requestLog.entries().filter((entry) => entry.fault !== null);
    expect(faults.length).toBeGreaterThan(0);
  });
});
