import { describe, expect } from 'vitest';

import { silentLogger } from '../../src/logger.js';
import { createRedisLink } from '../../src/redis/connection.js';
import { hookTable } from '../../src/sandbox/hook-table.js';
import { DATA_EVENTS, HOOK_NAME, registerWebhook } from '../../src/webhooks/registration.js';
import { redisTestsCanRun, startRedisServer } from '../helpers/redis-server.js';
import { stackTest } from '../helpers/stack-test.js';
import { type Stack, upstreamDuring } from '../helpers/stack.js';

/**
 * Registration through the Management API: one `logto-graphql` hook with every data event and the
 * facade's URL — created once, reused on restart (same key, no write), corrected when the URL
 * changed, and one hook however two replicas starting together interleave.
 */

const test = stackTest();
const ours = (stack: Stack) => [...hookTable(stack.sandbox.store).values()].filter((hook) => hook.name === HOOK_NAME);
const register = (stack: Stack, url: string, lock?: Parameters<typeof registerWebhook>[0]['lock']) =>
  registerWebhook({ client: stack.client, url, logger: silentLogger, ...(lock ? { lock } : {}) });

describe('registering the logto-graphql webhook', () => {
  test('creates it once with every data event and the URL, then reuses it (same key, no write) on restart', async ({ stack }) => {
    const url = 'http://facade.internal:4000/webhooks/logto';
    const first = await upstreamDuring(stack, () => register(stack, url));
    expect(first.result.action).toBe('created');
    expect(first.requests.map((request) => request.method)).toEqual(['GET', 'POST', 'GET']);
    const [hook] = ours(stack);
    expect(ours(stack)).toHaveLength(1);
    expect(hook).toMatchObject({ id: first.result.hookId, signingKey: first.result.signingKey, enabled: true, config: { url } });
    expect([...hook!.events].sort()).toEqual([...DATA_EVENTS].sort());
    // Logto's data events, derived from @logto/schemas: the 22 the recorded hook subscribed to.
    expect(DATA_EVENTS).toHaveLength(22);

    const again = await upstreamDuring(stack, () => register(stack, url));
    expect(again.result).toEqual({ hookId: first.result.hookId, signingKey: first.result.signingKey, action: 'reused' });
    expect(again.requests.map((request) => request.method)).toEqual(['GET', 'GET']);
  });

  test('points the existing hook at a new URL instead of making another', async ({ stack }) => {
    const before = ours(stack)[0]!;
    const moved = await register(stack, 'http://facade.internal:5000/webhooks/logto');
    expect(moved).toEqual({ hookId: before.id, signingKey: before.signingKey, action: 'updated' });
    expect(ours(stack)).toHaveLength(1);
    expect(ours(stack)[0]!.config.url).toBe('http://facade.internal:5000/webhooks/logto');
  });

  test('two replicas starting together without Redis end with one hook and the same key', async ({ stack }) => {
    for (const hook of ours(stack)) hookTable(stack.sandbox.store).delete(hook.id);
    const url = 'http://facade.internal:6000/webhooks/logto';
    const [a, b] = await Promise.all([register(stack, url), register(stack, url)]);
    expect(ours(stack)).toHaveLength(1);
    expect(a!.hookId).toBe(ours(stack)[0]!.id);
    expect(b).toMatchObject({ hookId: a!.hookId, signingKey: a!.signingKey });
  });

  const withRedis = redisTestsCanRun('the registration lock test') ? test : test.skip;
  withRedis('with Redis, replicas take turns: one creates, the others reuse', async ({ stack }) => {
    for (const hook of ours(stack)) hookTable(stack.sandbox.store).delete(hook.id);
    const redis = await startRedisServer();
    const links = [0, 1, 2].map(() => createRedisLink({ url: redis.url, logger: silentLogger }));
    try {
      await Promise.all(links.map((link) => link.waitUntilAvailable(3000)));
      const url = 'http://facade.internal:7000/webhooks/logto';
      const { result, requests } = await upstreamDuring(stack, () => Promise.all(links.map((link) => register(stack, url, { link, key: 'test:webhook-registration' }))));
      expect(result.map((each) => each.action).sort()).toEqual(['created', 'reused', 'reused']);
      expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1);
      expect(ours(stack)).toHaveLength(1);
      expect(new Set(result.map((each) => each.signingKey)).size).toBe(1);
    } finally {
      await Promise.all(links.map((link) => link.close()));
      await redis.stop();
    }
  });
});
