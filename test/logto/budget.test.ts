/**
 * The rate-limit budget against a real server: arrivals are clocked by the server, as Logto clocks
 * them. The one real-time pace test uses generous bounds (see below); the rest assert order,
 * counts and errors only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type LogtoClientOptions } from '../../src/logto/client.js';
import { LogtoApiError } from '../../src/logto/errors.js';
import { maxInAnyWindow, type FakeLogtoOptions, fakeLogtoClients } from '../helpers/fake-logto.js';

const clients = fakeLogtoClients();
afterEach(() => clients.closeAll());

function setup(clientOptions: Partial<LogtoClientOptions> = {}, fakeOptions: FakeLogtoOptions = {}) {
  return clients.setup(fakeOptions, clientOptions);
}

describe('rate-limit budget (real time, server-side arrival times)', () => {
  // Correctness here; the pace a burst reaches is measured by `npm run bench` (bench/burst.ts,
  // docs/BENCHMARKS.md), not asserted: timings belong in benchmarks.
  it('spreads a burst so no 1 s window holds more than 20 arrivals, never faster than the budget', async () => {
    const limit = 20;
    const windowMs = 1_000;
    const { fake, client } = await setup({ rateLimit: { limit, windowMs }, maxConcurrency: 16 }, { latencyMs: 2 });
    // 99 API requests + the token request = 100 upstream requests = 5 windows' worth.
    const results = await Promise.all(Array.from({ length: 99 }, (_, i) => client.request({ method: 'GET', route: '/api/items/:i', params: { i: String(i) } })));
    expect(results).toHaveLength(99);
    const arrivals = fake.log.map((e) => e.receivedAt);
    expect(arrivals).toHaveLength(100);
    expect(maxInAnyWindow(arrivals, windowMs)).toBeLessThanOrEqual(limit);
    // The first 20 at once, then 20 per window: the last wave cannot start before 4 windows in.
    const spanMs = Math.max(...arrivals) - Math.min(...arrivals);
    const ideal = (Math.ceil(100 / limit) - 1) * windowMs;
    expect(spanMs).toBeGreaterThanOrEqual(ideal);
    console.info(`burst pace: 100 upstream requests in ${spanMs.toFixed(0)} ms (ideal ${ideal} ms, ${((100 * ideal) / spanMs).toFixed(1)}% of the budget's pace)`);
  }, 15_000);

  it('serves queued requests in the order they were made (FIFO)', async () => {
    const { fake, client } = await setup({ rateLimit: { limit: 4, windowMs: 300 }, maxConcurrency: 1, requestIdPrefix: 'fifo' });
    await client.request({ method: 'GET', route: '/api/warm-up' });
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const response = await client.request({ method: 'GET', route: '/api/items/:i', params: { i: String(i) } });
        ids.push(response.requestId);
      }),
    );
    const arrivedPaths = fake.apiRequests().map((e) => e.path).filter((p) => p.startsWith('/api/items/'));
    expect(arrivedPaths).toEqual(Array.from({ length: 10 }, (_, i) => `/api/items/${i}`));
  });

  it('never has more than maxConcurrency requests in flight at Logto', async () => {
    const { fake, client } = await setup({ maxConcurrency: 4 }, { latencyMs: 30 });
    await Promise.all(Array.from({ length: 40 }, () => client.request({ method: 'GET', route: '/api/users' })));
    expect(fake.maxInFlight()).toBe(4);
    expect(client.stats().limiter.inFlight).toBe(0);
  });

  it('fails a request the budget cannot serve within the queue timeout, with retryAfterMs, without sending it', async () => {
    const { fake, client } = await setup({ rateLimit: { limit: 3, windowMs: 10_000 }, queueTimeoutMs: 500 });
    // token + 2 API requests use the budget of 3.
    await Promise.all([client.request({ method: 'GET', route: '/api/a' }), client.request({ method: 'GET', route: '/api/b' })]);
    const error = await client.request({ method: 'GET', route: '/api/c' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogtoApiError);
    expect(error).toMatchObject({ code: 'client.rate_limited', status: 0 });
    const retryAfterMs = (error as LogtoApiError).retryAfterMs!;
    expect(retryAfterMs).toBeGreaterThan(9_000);
    expect(retryAfterMs).toBeLessThanOrEqual(10_200);
    expect(fake.apiRequests().map((e) => e.path)).toEqual(['/api/a', '/api/b']);
    const budget = client.budget();
    expect(budget).toMatchObject({ limit: 3, windowMs: 10_000, remaining: 0 });
    expect(budget.resetAt.getTime()).toBeGreaterThan(Date.now());
    expect(client.stats().limiter.rejected).toBe(1);
  });
});
