import { createHmac } from 'node:crypto';

import { describe, expect } from 'vitest';

import type { LogtoWebhookEvent } from '../../src/live/event-bus.js';
import { createRedisLink } from '../../src/redis/connection.js';
import { silentLogger } from '../../src/logger.js';
import { deliveriesSettled } from '../../src/sandbox/webhook-delivery.js';
import { redisDedupe } from '../../src/webhooks/receiver.js';
import { redisTestsCanRun, startRedisServer } from '../helpers/redis-server.js';
import { stackTest } from '../helpers/stack-test.js';
import type { Stack } from '../helpers/stack.js';

/**
 * `POST /webhooks/logto`: only a body signed with the hook's key is acted on (published on the
 * live bus), once per body however often Logto retries it; it needs no caller token and is never
 * a CORS or GraphQL endpoint; deliveries from the sandbox (Logto's behaviour) pass.
 */

const KEY = 'k3yOfTheHookUnderTest0123456789A';
const test = stackTest({ auth: true, env: { LOGTO_WEBHOOK_SIGNING_KEY: KEY } });

const receiverUrl = (stack: Stack) => stack.server.url.replace(/\/graphql$/, '/webhooks/logto');
const sign = (key: string, body: string) => createHmac('sha256', key).update(body).digest('hex');

/** Every `logto` message the bus carries from now on. */
function heard(stack: Stack): LogtoWebhookEvent[] {
  const events: LogtoWebhookEvent[] = [];
  const iterator = stack.server.liveBus.pubsub.subscribe('logto')[Symbol.asyncIterator]();
  void (async () => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      events.push(next.value);
    }
  })();
  return events;
}

const delivery = (event = 'User.Created') =>
  JSON.stringify({ event, createdAt: new Date().toISOString(), userAgent: 'node', ip: '127.0.0.1', path: '/users', method: 'POST', status: 200, params: {}, matchedRoute: '/users', data: { id: 'u1' }, hookId: 'h1' });

async function post(stack: Stack, body: string, headers: Record<string, string>) {
  const response = await fetch(receiverUrl(stack), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function metric(stack: Stack, pattern: RegExp): Promise<number> {
  const text = await (await fetch(stack.server.url.replace(/\/graphql$/, '/metrics'))).text();
  return text
    .split('\n')
    .filter((line) => pattern.test(line))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('POST /webhooks/logto', () => {
  test('refuses a missing signature, a wrong key and a right key over another body with 401, publishing nothing', async ({ stack }) => {
    const events = heard(stack);
    const body = delivery();
    const cases: Record<string, string>[] = [
      {},
      { 'logto-signature-sha-256': sign('another-key-entirely-0123456789ab', body) },
      { 'logto-signature-sha-256': sign(KEY, delivery('User.Deleted')) },
      { 'logto-signature-sha-256': 'zz' },
    ];
    for (const headers of cases) expect((await post(stack, body, headers)).status).toBe(401);
    // A valid one after them is heard: the refusals were not merely slow.
    expect((await post(stack, body, { 'logto-signature-sha-256': sign(KEY, body) })).status).toBe(200);
    await expect.poll(() => events.length).toBe(1);
    expect(events[0]?.event).toBe('User.Created');
    expect(await metric(stack, /^logto_graphql_webhook_rejected_total\{reason="signature"\}/)).toBe(4);
  });

  test('acts once on a delivery Logto retries (same body), and answers every retry 200', async ({ stack }) => {
    const events = heard(stack);
    const body = delivery('Role.Created');
    const headers = { 'logto-signature-sha-256': sign(KEY, body) };
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await post(stack, body, headers)).status).toBe(200);
    const other = delivery('Role.Deleted');
    expect((await post(stack, other, { 'logto-signature-sha-256': sign(KEY, other) })).status).toBe(200);
    await expect.poll(() => events.map((event) => event.event)).toEqual(['Role.Created', 'Role.Deleted']);
    expect(await metric(stack, /^logto_graphql_webhook_deliveries_total\{event="Role.Created",duplicate="true"\}/)).toBe(2);
  });

  test('needs no caller token and is no CORS or GraphQL endpoint', async ({ stack }) => {
    const preflight = await fetch(receiverUrl(stack), {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(405);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const query = await post(stack, JSON.stringify({ query: '{ __typename }' }), { authorization: 'Bearer nonsense' });
    expect(query.status).toBe(401);
    expect(query.text).not.toContain('__typename');
  });

  test('verifies and publishes what the sandbox delivers for a write, like Logto', async ({ stack, rest }) => {
    const events = heard(stack);
    const hook = await rest.send<{ signingKey: string }>('POST', '/api/hooks', { name: 'logto-graphql', events: ['User.Created'], config: { url: receiverUrl(stack) } });
    // The hook's own key, as registration would set it.
    stack.server.webhooks.keyring.set(hook.body.signingKey);
    const user = await rest.send<{ id: string }>('POST', '/api/users', { username: 'receiver_e2e' });
    await deliveriesSettled(stack.sandbox.store);
    await expect.poll(() => events.length).toBe(1);
    expect(events[0]).toMatchObject({ event: 'User.Created', data: { id: user.body.id } });
    stack.server.webhooks.keyring.set(KEY);
  });
});

describe('deduplication across replicas (REDIS_URL)', () => {
  const it = redisTestsCanRun('the shared webhook dedupe test') ? test : test.skip;
  it('two replicas sharing Redis act on a retried delivery once', async () => {
    const redis = await startRedisServer();
    const links = [createRedisLink({ url: redis.url, logger: silentLogger }), createRedisLink({ url: redis.url, logger: silentLogger })];
    try {
      await Promise.all(links.map((link) => link.waitUntilAvailable(3000)));
      const [a, b] = links.map((link) => redisDedupe(link, 'test'));
      expect(await a!.firstTime('hash-1')).toBe(true);
      expect(await b!.firstTime('hash-1')).toBe(false);
      expect(await b!.firstTime('hash-2')).toBe(true);
    } finally {
      await Promise.all(links.map((link) => link.close()));
      await redis.stop();
    }
  });
});
