import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { silentLogger } from '../../src/logger.js';
import { RateLimiter, type ReserveOutcome } from '../../src/logto/rate-limit.js';
import { createLogtoClient } from '../../src/logto/client.js';
import { createRedisLink, type RedisLink } from '../../src/redis/connection.js';
import { connectCoordination } from '../../src/redis/index.js';
import { sharedBudgetBackend, type SharedBudgetBackend } from '../../src/redis/shared-budget.js';
import { freePort, type RedisServer, redisTestsCanRun, startRedisServer } from '../helpers/redis-server.js';

/**
 * The shared budget's Redis script and fallback, in one process against a real redis-server: each
 * "replica" is its own connection and backend. What Logto sees is checked end to end in
 * replicas.test.ts.
 */

const run = redisTestsCanRun('the shared-budget tests (test/redis/shared-budget.test.ts)');

describe.skipIf(!run)('shared budget in Redis', () => {
  let redis: RedisServer;
  const links: RedisLink[] = [];
  const backends: SharedBudgetBackend[] = [];
  let keyCounter = 0;

  beforeAll(async () => {
    redis = await startRedisServer();
  }, 30_000);
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    for (const backend of backends.splice(0)) backend.close();
    await Promise.all(links.splice(0).map((link) => link.close()));
  });

  async function connect(url = redis.url): Promise<RedisLink> {
    const link = createRedisLink({ url, logger: silentLogger, reconnectMaxMs: 100 });
    links.push(link);
    await link.waitUntilAvailable(url === redis.url ? 5_000 : 300);
    return link;
  }

  function backend(link: RedisLink, key: string, options: { windowMs?: number; replicas?: number; leaseMs?: number } = {}): SharedBudgetBackend {
    const windowMs = options.windowMs ?? 1_000;
    const created = sharedBudgetBackend({ link, key, replicas: options.replicas ?? 2, leaseMs: options.leaseMs ?? 30_000, logger: silentLogger })(
      windowMs,
      { answerWindowMs: windowMs },
    ) as SharedBudgetBackend;
    backends.push(created);
    return created;
  }

  const newKey = () => `test:budget:${process.pid}:${++keyCounter}`;

  /** Milliseconds from Redis' now until `member` stops counting. */
  async function countsForMs(link: RedisLink, key: string, member: string): Promise<number> {
    const [[, score], [, time]] = (await link.redis.multi().zscore(key, member).time().exec()) as [[null, string], [null, [string, string]]];
    return Number(score) - (Number(time[0]) * 1000 + Number(time[1]) / 1000);
  }

  it('grants exactly the limit among 200 simultaneous reservations from four replicas, each grant its own entry', async () => {
    const key = newKey();
    const replicas = await Promise.all(Array.from({ length: 4 }, () => connect()));
    const budgets = replicas.map((link) => backend(link, key));
    const outcomes = await Promise.all(budgets.flatMap((budget) => Array.from({ length: 50 }, () => budget.reserve(37))));
    expect(outcomes.filter((outcome) => outcome.granted)).toHaveLength(37);
    const members = await replicas[0]!.redis.zrange(key, 0, -1);
    expect(new Set(members).size).toBe(37);
    expect(members.every((member) => budgets.some((budget) => member.startsWith(`${budget.replicaId}:`)))).toBe(true);
  });

  it('counts a request in flight for its lease, then until one window after its answer', async () => {
    const key = newKey();
    const link = await connect();
    const budget = backend(link, key, { windowMs: 1_000, leaseMs: 30_000 });
    const outcome = (await budget.reserve(5)) as Extract<ReserveOutcome, { granted: true }>;
    expect(outcome.granted).toBe(true);
    const [member] = await link.redis.zrange(key, 0, 0);
    expect(member?.startsWith(`${budget.replicaId}:`)).toBe(true);
    // In flight: lease + window (+ the limiter's margin, here none).
    expect(await countsForMs(link, key, member!)).toBeGreaterThan(30_000);
    outcome.settle?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const left = await countsForMs(link, key, member!);
    expect(left).toBeGreaterThan(800);
    expect(left).toBeLessThanOrEqual(1_000);
  });

  it('refuses over the limit with the moment a slot can free, never later than one window for a request in flight', async () => {
    const key = newKey();
    const link = await connect();
    const budget = backend(link, key, { windowMs: 1_000 });
    const first = await budget.reserve(2);
    await budget.reserve(2);
    const refused = await budget.reserve(2);
    expect(refused.granted).toBe(false);
    if (refused.granted) return;
    // Both are in flight (lease 30 s): a slot frees no earlier than one window after an answer.
    expect(refused.retryInMs).toBeGreaterThan(900);
    expect(refused.retryInMs).toBeLessThanOrEqual(1_000 + 20 /* jitter */);
    if (first.granted) first.settle?.();
  });

  it('does not ask Redis again before a refused reservation’s hint, whatever releases happen meanwhile', async () => {
    const key = newKey();
    // Another replica holds half of the budget, so this one's own answers do not hold it back.
    const other = backend(await connect(), key);
    for (let i = 0; i < 3; i++) {
      const outcome = await other.reserve(6);
      if (outcome.granted) outcome.settle?.();
    }
    const link = await connect();
    let reserves = 0;
    let refusals = 0;
    const limiter = new RateLimiter({
      limit: 6,
      windowMs: 300,
      maxConcurrency: 10,
      queueTimeoutMs: 30_000,
      backend: (windowMs, context) => {
        const inner = sharedBudgetBackend({ link, key, replicas: 2, leaseMs: 30_000, logger: silentLogger })(windowMs, context);
        return {
          async reserve(limit) {
            reserves++;
            const outcome = await inner.reserve(limit);
            if (!outcome.granted) refusals++;
            return outcome;
          },
          health: () => inner.health!(),
          close: () => inner.close(),
        };
      },
    });
    const started = performance.now();
    try {
      await Promise.all(
        Array.from({ length: 12 }, async () => {
          const permit = await limiter.acquire();
          await new Promise((resolve) => setTimeout(resolve, 5));
          permit.release();
        }),
      );
    } finally {
      limiter.close();
    }
    const windows = Math.ceil((performance.now() - started) / 300);
    expect(reserves - refusals).toBe(12);
    // At most two refusals per window the run spanned (the first hint for a request still in
    // flight is a lower bound), not one per release: without the hint this run makes about 13.
    // Counted per elapsed window, so a slow machine stretching the run does not fail it.
    expect(refusals).toBeLessThanOrEqual(2 * windows + 2);
    expect(refusals).toBeLessThan(12);
  });

  it('falls back to its share (limit / replicas) while Redis is unreachable, and says it is degraded', async () => {
    const deadPort = await freePort();
    const link = await connect(`redis://127.0.0.1:${deadPort}`);
    const budget = backend(link, newKey(), { replicas: 2 });
    const outcomes = [await budget.reserve(5), await budget.reserve(5), await budget.reserve(5)];
    expect(outcomes.map((outcome) => outcome.granted)).toEqual([true, true, false]);
    expect(budget.health?.()).toMatchObject({ mode: 'local-fallback', degraded: true });
  });

  it('client.health() says degraded while Redis is away and ok once it is back (for /readyz)', async () => {
    const logto = {
      endpoint: 'http://127.0.0.1:9',
      managementApiResource: 'https://default.logto.app/api',
      clientId: 'id',
      connectTimeoutMs: 1_000,
      headersTimeoutMs: 1_000,
      bodyTimeoutMs: 1_000,
    };
    const coordination = await connectCoordination({
      redis: { url: redis.url, tokenKey: undefined, keyPrefix: `test-${process.pid}`, replicas: 2 },
      logto,
      logger: silentLogger,
    });
    links.push(coordination.link);
    const client = createLogtoClient({ ...logto, clientSecret: 'secret', ...coordination.clientOptions });
    try {
      expect(client.health()).toEqual({ status: 'ok', budget: 'shared' });
      await redis.kill();
      // The breaker opens on the closed connection, before any request needs Redis.
      for (let i = 0; i < 100 && client.health().status === 'ok'; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(client.health()).toMatchObject({ status: 'degraded', budget: 'local-fallback' });
      expect(client.health().reason).toMatch(/^Redis unavailable/);
      await redis.start();
      for (let i = 0; i < 200 && client.health().status !== 'ok'; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(client.health()).toEqual({ status: 'ok', budget: 'shared' });
    } finally {
      await client.close();
    }
  }, 20_000);

  it('treats a Redis that stops answering like one that is gone, and shares again once it answers', async () => {
    const key = newKey();
    const link = await connect();
    const budget = backend(link, key, { replicas: 2 });
    expect((await budget.reserve(10)).granted).toBe(true);
    redis.pause();
    try {
      // The connection stays open; the deadline (500 ms) turns silence into the local share.
      const outcome = await budget.reserve(10);
      expect(outcome.granted).toBe(true);
      expect(budget.health?.()).toMatchObject({ mode: 'local-fallback', degraded: true });
    } finally {
      redis.resume();
    }
    for (let i = 0; i < 200 && budget.health?.().mode !== 'shared'; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(budget.health?.()).toMatchObject({ mode: 'shared', degraded: false });
    expect(await link.redis.zcard(key)).toBe(2);
  }, 20_000);

  it('writes its local grants into Redis when it is back, then shares the budget again', async () => {
    const key = newKey();
    const link = await connect();
    const budget = backend(link, key, { replicas: 2 });
    await budget.reserve(10);
    await redis.kill();
    // Down: the next reservation fails over to the local share (this one grant counts there too).
    const local = await budget.reserve(10);
    expect(local.granted).toBe(true);
    expect(budget.health?.().mode).toBe('local-fallback');
    await redis.start();
    for (let i = 0; i < 200 && budget.health?.().mode !== 'shared'; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(budget.health?.()).toMatchObject({ mode: 'shared', degraded: false });
    // Redis came back empty: both of this replica's grants were written back.
    const members = await link.redis.zrange(key, 0, -1);
    expect(members.filter((member) => member.startsWith(`${budget.replicaId}:`))).toHaveLength(2);
    // The local grant was still in flight (lease); its answer now settles it in Redis too.
    const localMember = `${budget.replicaId}:2`;
    expect(await countsForMs(link, key, localMember)).toBeGreaterThan(30_000);
    if (local.granted) local.settle?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await countsForMs(link, key, localMember)).toBeLessThanOrEqual(1_000);
  }, 20_000);
});
