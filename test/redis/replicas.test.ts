import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { type RequestLogEntry, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { ensureProductionBuild, type FacadeProcess, maxInAnyWindow, startFacadeProcess } from '../helpers/facade-process.js';
import { type RedisServer, redisTestsCanRun, startRedisServer } from '../helpers/redis-server.js';

/**
 * Several replicas of the production build (`node dist/main.js`, child processes) sharing one
 * Redis, against a sandbox that enforces 20 requests per sliding second and logs each arrival.
 * Counts and windows come from the sandbox's request log; no timing is asserted.
 */

const LIMIT = 20;
const WINDOW_MS = 1_000;
const USER_QUERY = 'query($id: ID!) { user(id: $id) { username } }';

const run = redisTestsCanRun('the several-replicas tests (test/redis/replicas.test.ts)');

describe.skipIf(!run)('several replicas sharing one Redis', () => {
  let redis: RedisServer;
  let sandbox: Sandbox;
  let userIds: string[];
  const facades: FacadeProcess[] = [];

  beforeAll(async () => {
    await ensureProductionBuild();
    redis = await startRedisServer();
  }, 180_000);
  afterAll(async () => {
    await redis?.stop();
  });

  async function freshSandbox(): Promise<void> {
    sandbox = await startSandbox({ port: 0, rateLimit: { limit: LIMIT, windowMs: WINDOW_MS }, latencyMs: [1, 5] });
    userIds = [...sandbox.store.users.keys()];
  }

  /** `count` replicas at once; each budget key is per sandbox URL, so tests do not share budgets. */
  async function startReplicas(count: number, extra: Record<string, string> = {}): Promise<FacadeProcess[]> {
    const started = await Promise.all(
      Array.from({ length: count }, () =>
        startFacadeProcess({
          LOGTO_ENDPOINT: sandbox.url,
          LOGTO_M2M_CLIENT_ID: sandbox.clientId,
          LOGTO_M2M_CLIENT_SECRET: sandbox.clientSecret,
          LOGTO_RATE_LIMIT: `${LIMIT}/${WINDOW_MS}ms`,
          LOGTO_QUEUE_TIMEOUT_MS: '120000',
          LOGTO_REPLICAS: '2',
          REDIS_URL: redis.url,
          ...extra,
        }),
      ),
    );
    facades.push(...started);
    return started;
  }

  afterEach(async () => {
    await Promise.all(facades.splice(0).map((facade) => facade.stop()));
    await sandbox?.close();
  });

  /** `count` distinct user queries, spread round-robin over `replicas`, all at once. */
  function burst(replicas: FacadeProcess[], count: number, offset = 0) {
    return Promise.all(
      Array.from({ length: count }, (_, index) =>
        replicas[index % replicas.length]!.post<{ user: { username: string } | null }>(USER_QUERY, { id: userIds[offset + index]! }),
      ),
    );
  }

  const failed = (answers: { data?: Record<string, unknown> | null; errors?: unknown[] }[]) =>
    answers.filter((answer) => answer.errors !== undefined || !answer.data?.user);
  const arrivals = (entries: RequestLogEntry[]) => entries.map((entry) => entry.receivedAt);

  it('two processes answer 100 distinct user queries with no 429 and no sliding second over 20 requests', async () => {
    await freshSandbox();
    const replicas = await startReplicas(2);
    const answers = await burst(replicas, 100);

    expect(failed(answers)).toHaveLength(0);
    const entries = sandbox.requestLog.entries();
    expect(entries.filter((entry) => entry.path.startsWith('/api/'))).toHaveLength(100);
    expect(entries.filter((entry) => entry.status === 429)).toHaveLength(0);
    expect(maxInAnyWindow(arrivals(entries), WINDOW_MS)).toBeLessThanOrEqual(LIMIT);
    // Both replicas served upstream requests (the split is the test's, the pacing is Redis').
    for (const replica of replicas) expect(replica.logs.some((line) => String(line.msg).includes('sharing the Logto budget'))).toBe(true);
  }, 120_000);

  it('a fleet of three started at once against a cold Redis makes exactly one token request (and one more after a revocation)', async () => {
    await freshSandbox();
    const replicas = await startReplicas(3);
    const answers = await Promise.all(replicas.flatMap((replica, index) => [0, 1, 2].map((n) => replica.post(USER_QUERY, { id: userIds[index * 3 + n]! }))));

    expect(failed(answers)).toHaveLength(0);
    const entries = sandbox.requestLog.entries();
    expect(entries.filter((entry) => entry.path === '/oidc/token')).toHaveLength(1);
    expect(entries.filter((entry) => entry.path.startsWith('/api/'))).toHaveLength(9);

    // Logto revokes it: every replica meets a 401, the shared token is dropped once and replaced once.
    sandbox.revokeTokens();
    sandbox.requestLog.clear();
    const after = await Promise.all(replicas.flatMap((replica, index) => [0, 1].map((n) => replica.post(USER_QUERY, { id: userIds[20 + index * 2 + n]! }))));
    expect(failed(after)).toHaveLength(0);
    expect(sandbox.requestLog.entries().filter((entry) => entry.path === '/oidc/token')).toHaveLength(1);
  }, 60_000);

  it('keeps every query and the budget when Redis dies mid-burst, and shares the budget again once it is back', async () => {
    await freshSandbox();
    const replicas = await startReplicas(2);
    const [first] = replicas as [FacadeProcess, FacadeProcess];

    // 1. Redis is killed while a burst of 120 queries is under way.
    const answers = burst(replicas, 120);
    while (sandbox.requestLog.entries({ pathPrefix: '/api/' }).length < 40) await new Promise((resolve) => setTimeout(resolve, 20));
    await redis.kill();
    const failedAt = Date.now();
    expect(failed(await answers)).toHaveLength(0);
    await Promise.all(replicas.map((replica) => replica.waitForLog('Redis is unreachable')));

    let entries = sandbox.requestLog.entries();
    expect(entries.filter((entry) => entry.path.startsWith('/api/') && entry.status === 200)).toHaveLength(120);
    // From one window after the failure on, every window stays within the budget.
    expect(maxInAnyWindow(arrivals(entries.filter((entry) => entry.receivedAt >= failedAt + WINDOW_MS)), WINDOW_MS)).toBeLessThanOrEqual(LIMIT);

    // /readyz says so: still ready, budget degraded to the local share.
    expect(await readiness(first)).toMatchObject({ status: 'ready', budget: { status: 'degraded', budget: 'local-fallback' } });

    // 2. While Redis is away, one replica alone keeps to its local share: 20 / 2 replicas.
    sandbox.requestLog.clear();
    expect(failed(await burst([first], 40, 120))).toHaveLength(0);
    entries = sandbox.requestLog.entries();
    expect(entries.filter((entry) => entry.status === 429)).toHaveLength(0);
    expect(maxInAnyWindow(arrivals(entries), WINDOW_MS)).toBeLessThanOrEqual(LIMIT / 2);

    // 3. Redis is back (empty): both replicas return to the shared budget, so one replica alone
    //    may use all of it again — and the two together still never exceed it.
    await redis.start();
    await Promise.all(replicas.map((replica) => replica.waitForLog('Redis is reachable again')));
    // /readyz reuses its answer for READINESS_CACHE_MS (5 s): the degraded one read in step 1 may
    // still be served, so wait for the fresh one rather than read once.
    await vi.waitFor(async () => expect(await readiness(first)).toMatchObject({ status: 'ready', budget: { status: 'ok', budget: 'shared' } }), { timeout: 15_000, interval: 250 });
    sandbox.requestLog.clear();
    const together = burst(replicas, 60, 160);
    const alone = burst([first], 80, 220);
    expect(failed([...(await together), ...(await alone)])).toHaveLength(0);
    entries = sandbox.requestLog.entries();
    expect(entries.filter((entry) => entry.status === 429)).toHaveLength(0);
    expect(maxInAnyWindow(arrivals(entries), WINDOW_MS)).toBeLessThanOrEqual(LIMIT);

    sandbox.requestLog.clear();
    expect(failed(await burst([first], 60, 300))).toHaveLength(0);
    entries = sandbox.requestLog.entries();
    expect(entries.filter((entry) => entry.status === 429)).toHaveLength(0);
    expect(maxInAnyWindow(arrivals(entries), WINDOW_MS)).toBeGreaterThan(LIMIT / 2);
    expect(maxInAnyWindow(arrivals(entries), WINDOW_MS)).toBeLessThanOrEqual(LIMIT);
  }, 150_000);
});

async function readiness(replica: FacadeProcess): Promise<Record<string, unknown>> {
  const response = await fetch(new URL('/readyz', replica.url));
  return (await response.json()) as Record<string, unknown>;
}
