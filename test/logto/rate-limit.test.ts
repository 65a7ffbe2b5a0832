import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LogtoApiError } from '../../src/logto/errors.js';
import { RateLimiter, type Permit, type RateLimiterOptions, type RateLimitBackend } from '../../src/logto/rate-limit.js';

/** The most grants inside any half-open span [t, t + span) that starts at a grant. */
function maxInAnySpan(times: readonly number[], span: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (sorted[j]! + span <= sorted[i]!) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

const limiters: RateLimiter[] = [];
function limiter(options: Partial<RateLimiterOptions> = {}): RateLimiter {
  const created = new RateLimiter({ limit: 5, windowMs: 1_000, maxConcurrency: 100, queueTimeoutMs: 60_000, ...options });
  limiters.push(created);
  return created;
}

/** Acquires, records the grant time, releases immediately. */
function burst(rl: RateLimiter, count: number): { times: number[]; order: number[]; done: Promise<void> } {
  const times: number[] = [];
  const order: number[] = [];
  const done = Promise.all(
    Array.from({ length: count }, (_, i) =>
      rl.acquire().then((permit) => {
        times.push(Date.now());
        order.push(i);
        permit.release();
      }),
    ),
  ).then(() => undefined);
  return { times, order, done };
}

describe('RateLimiter (fake time)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
  });
  afterEach(() => {
    for (const rl of limiters.splice(0)) rl.close();
    vi.useRealTimers();
  });

  it('dispatches a whole window at once, then one window later, with the safety margin', async () => {
    const rl = limiter({ limit: 5, windowMs: 1_000 }); // margin: max(10, 2%) = 20 ms
    expect(rl.effectiveWindowMs).toBe(1_020);
    const start = Date.now();
    const { times, done } = burst(rl, 12);
    await vi.advanceTimersByTimeAsync(5_000);
    await done;
    expect(times.map((t) => t - start)).toEqual([0, 0, 0, 0, 0, 1_020, 1_020, 1_020, 1_020, 1_020, 2_040, 2_040]);
  });

  it('never exceeds the budget in any sliding window, and keeps the budget’s pace (160 at 20/s ≈ 7 s)', async () => {
    const rl = limiter({ limit: 20, windowMs: 1_000 });
    const start = Date.now();
    const { times, done } = burst(rl, 160);
    await vi.advanceTimersByTimeAsync(20_000);
    await done;
    expect(times).toHaveLength(160);
    expect(maxInAnySpan(times, 1_000)).toBeLessThanOrEqual(20);
    expect(maxInAnySpan(times, rl.effectiveWindowMs)).toBeLessThanOrEqual(20);
    // 8 windows: the first at once, 7 more one (margin-padded) window apart.
    expect(Math.max(...times) - start).toBe(7 * 1_020);
  });

  it('holds the budget with staggered arrivals and uneven releases (every window)', async () => {
    const rl = limiter({ limit: 7, windowMs: 500, maxConcurrency: 3 });
    const times: number[] = [];
    const all: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      all.push(
        rl.acquire().then(async (permit) => {
          times.push(Date.now());
          await new Promise((resolve) => setTimeout(resolve, (i * 37) % 90));
          permit.release();
        }),
      );
      await vi.advanceTimersByTimeAsync((i * 13) % 40);
    }
    await vi.advanceTimersByTimeAsync(30_000);
    await Promise.all(all);
    expect(times).toHaveLength(60);
    expect(maxInAnySpan(times, rl.effectiveWindowMs)).toBeLessThanOrEqual(7);
  });

  it('counts a request until one window after its answer, since Logto clocks arrival, not dispatch', async () => {
    const rl = limiter({ limit: 2, windowMs: 1_000 });
    const start = Date.now();
    const grants: number[] = [];
    const slow = [1, 2].map(() =>
      rl.acquire().then(async (permit) => {
        grants.push(Date.now() - start);
        await new Promise((resolve) => setTimeout(resolve, 300)); // the answers take 300 ms
        permit.release();
      }),
    );
    const next = [3, 4].map(() => rl.acquire().then((permit) => (grants.push(Date.now() - start), permit.release())));
    await vi.advanceTimersByTimeAsync(5_000);
    await Promise.all([...slow, ...next]);
    // Dispatch + margin alone would allow 1 020; the requests may have arrived as late as 300.
    expect(grants).toEqual([0, 0, 1_300, 1_300]);
  });

  it('grants in FIFO order', async () => {
    const rl = limiter({ limit: 3, windowMs: 1_000 });
    const { order, done } = burst(rl, 10);
    await vi.advanceTimersByTimeAsync(10_000);
    await done;
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('puts a retry back at its original place, ahead of later requests', async () => {
    const rl = limiter({ limit: 1, windowMs: 1_000 });
    const early = rl.ticket(); // a request that was sent, failed, and now retries
    await rl.acquire().then((p) => p.release()); // uses the window
    const order: string[] = [];
    const later = [1, 2, 3].map((n) => rl.acquire().then((p) => (order.push(`new-${n}`), p.release())));
    const retry = rl.acquire({ ticket: early }).then((p) => (order.push('retry'), p.release()));
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all([...later, retry]);
    expect(order).toEqual(['retry', 'new-1', 'new-2', 'new-3']);
  });

  it('lets a priority request (the token request) jump the queue', async () => {
    const rl = limiter({ limit: 1, windowMs: 1_000 });
    await rl.acquire().then((p) => p.release());
    const order: string[] = [];
    const queued = [1, 2].map((n) => rl.acquire().then((p) => (order.push(`api-${n}`), p.release())));
    const token = rl.acquire({ priority: true }).then((p) => (order.push('token'), p.release()));
    await vi.advanceTimersByTimeAsync(5_000);
    await Promise.all([...queued, token]);
    expect(order).toEqual(['token', 'api-1', 'api-2']);
  });

  it('never has more than maxConcurrency permits out', async () => {
    const rl = limiter({ limit: 100, maxConcurrency: 3 });
    const held: Permit[] = [];
    const all = Array.from({ length: 10 }, () => rl.acquire().then((p) => held.push(p)));
    await vi.advanceTimersByTimeAsync(10);
    expect(held).toHaveLength(3);
    expect(rl.stats()).toMatchObject({ inFlight: 3, queued: 7 });
    held[0]!.release();
    held[0]!.release(); // releasing twice frees one slot only
    await vi.advanceTimersByTimeAsync(10);
    expect(held).toHaveLength(4);
    expect(rl.stats().inFlight).toBe(3);
    for (const p of held.slice(1)) p.release();
    await vi.advanceTimersByTimeAsync(10);
    for (const p of held.slice(4)) p.release();
    await vi.advanceTimersByTimeAsync(10);
    await Promise.all(all);
    for (const p of held.slice(7)) p.release();
    expect(rl.stats()).toMatchObject({ inFlight: 0, queued: 0, granted: 10 });
  });

  it('refuses at once, with retryAfterMs, a request the budget cannot serve within the queue timeout', async () => {
    const rl = limiter({ limit: 2, windowMs: 10_000, queueTimeoutMs: 500 }); // margin 200 ms
    await rl.acquire().then((p) => p.release());
    await vi.advanceTimersByTimeAsync(1_000);
    await rl.acquire().then((p) => p.release());
    const error = await rl.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogtoApiError);
    expect(error).toMatchObject({ code: 'client.rate_limited', status: 0 });
    // The first dispatch leaves the window 10 200 ms after it happened, 9 200 ms from now.
    expect((error as LogtoApiError).retryAfterMs).toBe(9_200);
    expect(rl.stats().rejected).toBe(1);
  });

  it('queues a request that fits in the queue timeout and serves it when the window slides', async () => {
    const rl = limiter({ limit: 1, windowMs: 1_000, queueTimeoutMs: 2_000 });
    const start = Date.now();
    await rl.acquire().then((p) => p.release());
    let grantedAt = 0;
    const waiting = rl.acquire().then((p) => ((grantedAt = Date.now()), p.release()));
    await vi.advanceTimersByTimeAsync(1_500);
    await waiting;
    expect(grantedAt - start).toBe(1_020);
  });

  it('times out a request stuck behind the concurrency cap', async () => {
    const rl = limiter({ limit: 100, maxConcurrency: 1, queueTimeoutMs: 500 });
    const held = await rl.acquire();
    const stuck = rl.acquire().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(499);
    expect(rl.stats().queued).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const error = await stuck;
    expect(error).toMatchObject({ code: 'client.rate_limited' });
    expect((error as LogtoApiError).retryAfterMs).toBeGreaterThan(0);
    expect(rl.stats().queued).toBe(0);
    held.release();
  });

  it('drops an aborted waiter and serves the next one', async () => {
    const rl = limiter({ limit: 1, windowMs: 1_000 });
    await rl.acquire().then((p) => p.release());
    const controller = new AbortController();
    const aborted = rl.acquire({ signal: controller.signal }).catch((e: unknown) => e);
    const next = rl.acquire().then((p) => (p.release(), 'served'));
    controller.abort();
    expect(await aborted).toMatchObject({ code: 'client.aborted' });
    await vi.advanceTimersByTimeAsync(1_100);
    expect(await next).toBe('served');
  });

  it('holds the whole queue while paused after a 429', async () => {
    const rl = limiter({ limit: 100 });
    const start = Date.now();
    rl.pauseUntil(start + 2_000);
    expect(rl.budget().remaining).toBe(0);
    const grants: number[] = [];
    const all = [1, 2, 3].map(() => rl.acquire().then((p) => (grants.push(Date.now() - start), p.release())));
    await vi.advanceTimersByTimeAsync(3_000);
    await Promise.all(all);
    expect(grants).toEqual([2_000, 2_000, 2_000]);
  });

  it('reports the budget: remaining and when the oldest dispatch leaves the window', async () => {
    const rl = limiter({ limit: 5, windowMs: 1_000 });
    const start = Date.now();
    expect(rl.budget()).toEqual({ limit: 5, windowMs: 1_000, remaining: 5, resetAt: new Date(start) });
    await rl.acquire().then((p) => p.release());
    await vi.advanceTimersByTimeAsync(100);
    await rl.acquire().then((p) => p.release());
    expect(rl.budget()).toEqual({ limit: 5, windowMs: 1_000, remaining: 3, resetAt: new Date(start + 1_020) });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(rl.budget().remaining).toBe(4);
  });

  it('reports queue depth and wait times', async () => {
    const rl = limiter({ limit: 2, windowMs: 1_000 });
    const { done } = burst(rl, 4);
    await vi.advanceTimersByTimeAsync(0);
    expect(rl.stats().queued).toBe(2);
    await vi.advanceTimersByTimeAsync(2_000);
    await done;
    expect(rl.stats()).toMatchObject({ queued: 0, granted: 4, waitMsMax: 1_020, waitMsTotal: 2_040 });
  });

  it('asks the backend for slots and waits as long as the backend says (the Redis seam)', async () => {
    const windows: number[] = [];
    let calls = 0;
    const backend: RateLimitBackend = {
      async reserve() {
        calls++;
        // Another replica used the budget: the first two asks are refused.
        return calls <= 2 ? { granted: false, usage: 5, retryInMs: 300 } : { granted: true, usage: 1 };
      },
      close() {},
    };
    const rl = limiter({
      backend: (windowMs) => {
        windows.push(windowMs);
        return backend;
      },
    });
    expect(windows).toEqual([1_020]);
    const start = Date.now();
    let grantedAt = 0;
    const p = rl.acquire().then((permit) => ((grantedAt = Date.now()), permit.release()));
    await vi.advanceTimersByTimeAsync(1_000);
    await p;
    expect(grantedAt - start).toBe(600);
  });

  it('settles a shared grant once, when its permit is released, and waits out a refusal without asking again', async () => {
    const settled: number[] = [];
    let calls = 0;
    let grants = 0;
    const backend: RateLimitBackend = {
      async reserve() {
        calls++;
        // Another replica holds the budget once, for 500 ms.
        if (calls === 2) return { granted: false, usage: 5, retryInMs: 500 };
        const n = ++grants;
        return { granted: true, usage: 1, settle: () => settled.push(n) };
      },
      close() {},
    };
    const rl = limiter({ backend: () => backend });
    const first = await rl.acquire();
    const second = rl.acquire();
    await vi.advanceTimersByTimeAsync(100);
    first.release();
    first.release();
    expect(settled).toEqual([1]);
    // The release does not make the limiter ask before the refusal's 500 ms are up.
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(400);
    (await second).release();
    expect(calls).toBe(3);
    expect(settled).toEqual([1, 2]);
  });

  it('rejects queued requests on close', async () => {
    const rl = limiter({ limit: 1 });
    await rl.acquire().then((p) => p.release());
    const queued = rl.acquire().catch((e: unknown) => e);
    rl.close();
    expect(await queued).toMatchObject({ code: 'client.closed' });
    await expect(rl.acquire()).rejects.toMatchObject({ code: 'client.closed' });
  });
});
