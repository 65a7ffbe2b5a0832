import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { type Permit, RateLimiter } from '../../src/logto/rate-limit.js';

/**
 * Bulk jobs' requests in the budget queue (fake clock): behind every interactive request, paced,
 * and kept to their share of the window while interactive traffic is about.
 */

const limiters: RateLimiter[] = [];
beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
});
afterEach(() => {
  for (const rl of limiters.splice(0)) rl.close();
  vi.useRealTimers();
});

function limiter(): RateLimiter {
  // 10 per second, no safety margin: windows are easy to count.
  const rl = new RateLimiter({ limit: 10, windowMs: 1_000, maxConcurrency: 100, queueTimeoutMs: 600_000, safetyMarginMs: 0 });
  limiters.push(rl);
  return rl;
}

type Grant = { readonly kind: 'job' | 'screen'; readonly at: number; readonly waitedMs: number };

function request(rl: RateLimiter, kind: Grant['kind'], grants: Grant[]): Promise<void> {
  const ticket = kind === 'job' ? rl.ticket('job:1', 1, 0.5) : rl.ticket('screen');
  return rl.acquire({ ticket }).then((permit: Permit) => {
    grants.push({ kind, at: Date.now(), waitedMs: permit.waitedMs });
    permit.release();
  });
}

/** The most grants of `kind` inside any window [t, t + 1000) that starts at one of them. */
function mostInAWindow(grants: readonly Grant[], kind: Grant['kind']): number {
  const times = grants.filter((grant) => grant.kind === kind).map((grant) => grant.at);
  let most = 0;
  for (const start of times) most = Math.max(most, times.filter((at) => at >= start && at < start + 1_000).length);
  return most;
}

describe('a bulk job in the budget queue', () => {
  it('lets interactive requests queued after its backlog go first', async () => {
    const rl = limiter();
    const grants: Grant[] = [];
    const all = [
      ...Array.from({ length: 20 }, () => request(rl, 'job', grants)),
      ...Array.from({ length: 15 }, () => request(rl, 'screen', grants)),
    ];
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(all);
    expect(grants.map((grant) => grant.kind)).toEqual([...Array<string>(15).fill('screen'), ...Array<string>(20).fill('job')]);
  });

  it('uses the whole window when nobody else is about, one request per window/limit', async () => {
    const rl = limiter();
    const grants: Grant[] = [];
    const all = Array.from({ length: 30 }, () => request(rl, 'job', grants));
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(all);
    expect(mostInAWindow(grants, 'job')).toBe(10);
    // Paced, not a burst: consecutive grants at least window/limit apart.
    const gaps = grants.slice(1).map((grant, index) => grant.at - grants[index]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(100);
  });

  it('keeps to its share of every window while a screen keeps loading, and the screen never waits', async () => {
    const rl = limiter();
    const grants: Grant[] = [];
    const job = Array.from({ length: 60 }, () => request(rl, 'job', grants));
    const screens: Promise<void>[] = [];
    // A screen asks for two requests every 500 ms for 4 s: 4 per window, within the half left to it.
    for (let tick = 0; tick < 8; tick++) {
      screens.push(request(rl, 'screen', grants), request(rl, 'screen', grants));
      await vi.advanceTimersByTimeAsync(500);
    }
    await Promise.all(screens);
    expect(mostInAWindow(grants.filter((grant) => grant.at < 4_000), 'job')).toBeLessThanOrEqual(5);
    expect(grants.filter((grant) => grant.kind === 'screen').every((grant) => grant.waitedMs === 0)).toBe(true);
    // Once the screen stops, the job takes the whole window again.
    await vi.advanceTimersByTimeAsync(20_000);
    await Promise.all(job);
    expect(mostInAWindow(grants.filter((grant) => grant.at >= 5_500), 'job')).toBe(10);
  });
});
