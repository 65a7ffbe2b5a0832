import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { callerKey } from '../../src/auth/caller-key.js';
import { callerFromClaims, unauthenticatedCaller } from '../../src/auth/caller.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { LogtoApiError } from '../../src/logto/errors.js';
import { FairShares, type Ticket } from '../../src/logto/fair-queue.js';
import { RateLimiter, type RateLimiterOptions } from '../../src/logto/rate-limit.js';

/** The callers of `tickets` in the order the queue serves them. */
function served(tickets: readonly Ticket[]): string[] {
  return [...tickets].sort((a, b) => (FairShares.before(a, b) ? -1 : FairShares.before(b, a) ? 1 : 0)).map((t) => t.caller);
}

describe('FairShares (pure ordering)', () => {
  it('alternates two backlogged callers although one queued everything first', () => {
    const fair = new FairShares({ windowMs: 1_000, limit: 100 });
    const tickets = [...Array.from({ length: 4 }, () => fair.ticket('greedy')), ...Array.from({ length: 4 }, () => fair.ticket('polite'))];
    expect(served(tickets)).toEqual(['greedy', 'polite', 'greedy', 'polite', 'greedy', 'polite', 'greedy', 'polite']);
  });

  it('puts a caller arriving late ahead of the backlog of one that was served a lot', () => {
    const fair = new FairShares({ windowMs: 1_000, limit: 100 });
    const backlog = Array.from({ length: 50 }, () => fair.ticket('greedy'));
    for (const ticket of backlog) fair.enqueued(ticket);
    for (const ticket of backlog.slice(0, 20)) fair.dispatched(ticket, 0); // 20 served, 30 still waiting
    const late = fair.ticket('polite');
    const order = served([...backlog.slice(20), late]);
    expect(order.indexOf('polite')).toBe(0);
  });

  it('shares by weight: weight 2 gets two dispatches for every one of weight 1', () => {
    const fair = new FairShares({ windowMs: 1_000, limit: 100 });
    const tickets = [...Array.from({ length: 12 }, () => fair.ticket('heavy', 2)), ...Array.from({ length: 12 }, () => fair.ticket('light', 1))];
    const first9 = served(tickets).slice(0, 9);
    expect(first9.filter((c) => c === 'heavy')).toHaveLength(6);
    expect(first9.filter((c) => c === 'light')).toHaveLength(3);
  });

  it('is plain FIFO for one caller, and priority tickets go first', () => {
    const fair = new FairShares({ windowMs: 1_000, limit: 100 });
    const tickets = Array.from({ length: 5 }, () => fair.ticket('only'));
    const token = fair.priorityTicket();
    const sorted = [...tickets, token].sort((a, b) => (FairShares.before(a, b) ? -1 : 1));
    expect(sorted).toEqual([token, ...tickets]);
  });

  it('caps a caller: dispatches in the window plus queued requests, with the time until one leaves', () => {
    const fair = new FairShares({ windowMs: 1_000, limit: 100, perCallerLimit: 3 });
    const a = [fair.ticket('a'), fair.ticket('a'), fair.ticket('a')];
    for (const ticket of a) fair.enqueued(ticket);
    fair.dispatched(a[0]!, 100);
    fair.dispatched(a[1]!, 300); // a[2] still waits
    expect(fair.admit(fair.ticket('a'), 400)).toEqual({ admitted: false, used: 3, retryAfterMs: 700 }); // 100 + 1000 − 400
    expect(fair.admit(fair.ticket('b'), 400)).toEqual({ admitted: true });
    expect(fair.admit(fair.ticket(), 400)).toEqual({ admitted: true }); // the service's own requests are never capped
    expect(fair.admit(fair.ticket('a'), 1_100)).toEqual({ admitted: true }); // the first dispatch left the window
  });

  it('keeps a reserve of free slots from a caller over its share while others are under theirs', () => {
    const fair = new FairShares({ windowMs: 1_000, limit: 100, reserve: 10 });
    const dispatch = (caller: string, count: number, at: number) => {
      for (let i = 0; i < count; i++) {
        const ticket = fair.ticket(caller);
        fair.enqueued(ticket);
        fair.dispatched(ticket, at);
      }
    };
    dispatch('polite', 5, 0);
    dispatch('greedy', 40, 0);
    expect(fair.reserveFor('greedy', 10)).toBe(0); // 40 < its share (100 / 2 callers)
    dispatch('greedy', 20, 0);
    expect(fair.reserveFor('greedy', 10)).toBe(10); // over its share, polite is 45 under: keep 10 (the most)
    expect(fair.reserveFor('polite', 10)).toBe(0);
    expect(fair.reserveFor('', 10)).toBe(0); // the service itself is never held back
    dispatch('polite', 49, 500);
    expect(fair.reserveFor('greedy', 600)).toBe(0); // polite is at its share too: nothing owed
    expect(fair.reserveFor('greedy', 1_200)).toBe(0); // everyone's window emptied: alone again
  });

  it('forgets callers that went quiet, so the bookkeeping stays as small as the active callers', () => {
    const fair = new FairShares({ windowMs: 1_000, limit: 100, perCallerLimit: 5 });
    for (let i = 0; i < 500; i++) {
      const ticket = fair.ticket(`caller-${i}`);
      fair.enqueued(ticket);
      fair.dispatched(ticket, 10);
    }
    const last = fair.ticket('late');
    fair.enqueued(last);
    fair.dispatched(last, 5_000);
    expect(fair.trackedCallers).toBeLessThanOrEqual(1);
  });
});

const limiters: RateLimiter[] = [];
function limiter(options: Partial<RateLimiterOptions> = {}): RateLimiter {
  const created = new RateLimiter({ limit: 3, windowMs: 1_000, maxConcurrency: 100, queueTimeoutMs: 60_000, ...options });
  limiters.push(created);
  return created;
}

describe('RateLimiter between callers (fake time)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
  });
  afterEach(() => {
    for (const rl of limiters.splice(0)) rl.close();
    vi.useRealTimers();
  });

  it("serves a polite caller's request before the greedy caller's backlog", async () => {
    const rl = limiter({ limit: 3, windowMs: 1_000 });
    const order: string[] = [];
    const take = (caller: string, label: string) => rl.acquire({ caller }).then((p) => (order.push(label), p.release()));
    const greedy = Array.from({ length: 9 }, (_, i) => take('greedy', `g${i}`));
    await vi.advanceTimersByTimeAsync(100); // the first window went to the greedy caller
    const polite = take('polite', 'p0');
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all([...greedy, polite]);
    expect(order).toEqual(['g0', 'g1', 'g2', 'p0', 'g3', 'g4', 'g5', 'g6', 'g7', 'g8']);
  });

  it('leaves free slots to a caller under its share, so its request needs no wait at all', async () => {
    const rl = limiter({ limit: 10, windowMs: 1_000, shareReserve: 3 });
    (await rl.acquire({ caller: 'polite' })).release(); // polite is active: 1 of its 5
    const greedyGranted: number[] = [];
    const greedy = Array.from({ length: 20 }, () => rl.acquire({ caller: 'greedy' }).then((p) => (greedyGranted.push(Date.now()), p.release())));
    await vi.advanceTimersByTimeAsync(0);
    // Greedy gets its share (5 of 10) at once; beyond it, one per 100 ms (the budget's pace)...
    expect(greedyGranted).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(500);
    // ...and never the last 3 free slots, kept for polite: 10 − 1 − 3 = 6.
    expect(greedyGranted).toHaveLength(6);
    const start = Date.now();
    const politeAt = await rl.acquire({ caller: 'polite' }).then((p) => (p.release(), Date.now()));
    expect(politeAt).toBe(start);
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(greedy);
    expect(greedyGranted).toHaveLength(20);
  });

  it('gives a caller alone the whole window (the reserve only applies between callers)', async () => {
    const rl = limiter({ limit: 10, windowMs: 1_000, shareReserve: 3 });
    const granted: number[] = [];
    const all = Array.from({ length: 10 }, () => rl.acquire({ caller: 'alone' }).then((p) => (granted.push(Date.now()), p.release())));
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toHaveLength(10);
    await Promise.all(all);
  });

  it('keeps the window guarantee while reordering (no window holds more than the limit)', async () => {
    const rl = limiter({ limit: 4, windowMs: 500 });
    const times: number[] = [];
    const all: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) {
      all.push(rl.acquire({ caller: `c${i % 3}` }).then((p) => (times.push(Date.now()), p.release())));
      await vi.advanceTimersByTimeAsync(i % 7);
    }
    await vi.advanceTimersByTimeAsync(20_000);
    await Promise.all(all);
    const sorted = times.sort((a, b) => a - b);
    for (let i = 4; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 4]!).toBeGreaterThanOrEqual(rl.effectiveWindowMs);
  });

  it('refuses a caller over its cap at once, with retryAfterMs, and not the others; its retries pass', async () => {
    const rl = limiter({ limit: 10, windowMs: 1_000, perCallerLimit: 2 });
    const first = rl.ticket('greedy');
    const permits = [await rl.acquire({ ticket: first }), await rl.acquire({ caller: 'greedy' })];
    const refused = await rl.acquire({ caller: 'greedy' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(LogtoApiError);
    expect(refused).toMatchObject({ code: 'client.caller_rate_limited', retryAfterMs: rl.effectiveWindowMs });
    expect(rl.stats()).toMatchObject({ queued: 0, callerCapRejected: 1 });
    // Another caller and the service itself are not affected.
    (await rl.acquire({ caller: 'polite' })).release();
    (await rl.acquire()).release();
    // A retry of an admitted request keeps its admission.
    for (const permit of permits) permit.release();
    (await rl.acquire({ ticket: first })).release();
    // One window later the caller's share is back.
    await vi.advanceTimersByTimeAsync(rl.effectiveWindowMs);
    (await rl.acquire({ caller: 'greedy' })).release();
  });

  it('counts queued requests against the cap, so a backlog is refused instead of waiting', async () => {
    const rl = limiter({ limit: 2, windowMs: 1_000, perCallerLimit: 3 });
    const settled = Promise.allSettled(Array.from({ length: 6 }, () => rl.acquire({ caller: 'greedy' }).then((p) => p.release())));
    await vi.advanceTimersByTimeAsync(5_000);
    const outcomes = await settled;
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected']);
  });
});

describe('caller keys', () => {
  it('keys users by user id, applications by client id, organization tokens by organization, anonymous callers by address', () => {
    expect(callerKey(callerFromClaims({ sub: 'u1', client_id: 'spa', scope: 'read:users' }), '10.0.0.1')).toBe('user:u1');
    expect(callerKey(callerFromClaims({ sub: 'u1', client_id: 'other-app' }), undefined)).toBe('user:u1');
    expect(callerKey(callerFromClaims({ sub: 'm2m-app', client_id: 'm2m-app', scope: 'read:users' }), undefined)).toBe('application:m2m-app');
    expect(callerKey(callerFromClaims({ sub: 'u2', client_id: 'spa', organization_id: 'org1' }), undefined)).toBe('organization:org1');
    expect(callerKey(callerFromClaims({ sub: 'u3', client_id: 'spa', organization_id: 'org1' }), undefined)).toBe('organization:org1');
    expect(callerKey(unauthenticatedCaller(), '127.0.0.2')).not.toBe(callerKey(unauthenticatedCaller(), '127.0.0.3'));
  });
});

describe('LOGTO_RATE_LIMIT_PER_CALLER', () => {
  const problemsOf = (env: Record<string, string>): readonly string[] => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  };

  it('takes a share of the budget or a number of requests per its window; unset means no cap', () => {
    expect(loadConfig({}).logto.perCallerLimit).toBeUndefined();
    expect(loadConfig({ LOGTO_RATE_LIMIT_PER_CALLER: '25%' }).logto.perCallerLimit).toBe(50);
    expect(loadConfig({ LOGTO_RATE_LIMIT: '20/1s', LOGTO_RATE_LIMIT_PER_CALLER: '12.5%' }).logto.perCallerLimit).toBe(2);
    expect(loadConfig({ LOGTO_RATE_LIMIT: '20/1s', LOGTO_RATE_LIMIT_PER_CALLER: '1%' }).logto.perCallerLimit).toBe(1);
    expect(loadConfig({ LOGTO_RATE_LIMIT_PER_CALLER: '50' }).logto.perCallerLimit).toBe(50);
  });

  it.each(['0%', '150%', 'half', '0', '2.5', '50/10s', '-5'])('refuses %s with one clear line', (value) => {
    const problems = problemsOf({ LOGTO_RATE_LIMIT_PER_CALLER: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^LOGTO_RATE_LIMIT_PER_CALLER: expected a share of LOGTO_RATE_LIMIT like 25%/);
  });

  it('refuses a count above the whole budget', () => {
    expect(problemsOf({ LOGTO_RATE_LIMIT: '20/1s', LOGTO_RATE_LIMIT_PER_CALLER: '30' })).toEqual([
      'LOGTO_RATE_LIMIT_PER_CALLER: 30 requests is more than the whole budget (LOGTO_RATE_LIMIT allows 20); unset it for no cap (got "30")',
    ]);
  });
});
