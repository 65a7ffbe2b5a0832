import { describe, expect } from 'vitest';

import type { ResyncEvent } from '../../src/live/event-bus.js';
import { silentLogger } from '../../src/logger.js';
import { deliveriesSettled } from '../../src/sandbox/webhook-delivery.js';
import { type GapCheck, startGapCheck } from '../../src/webhooks/gap-check.js';
import { stackTest } from '../helpers/stack-test.js';
import { type Stack, upstreamDuring } from '../helpers/stack.js';

/**
 * The recent-logs gap check: a delivery the sandbox sent (and logged, like Logto) that the
 * receiver dropped makes the facade publish `resync`; deliveries all received do not; nothing is
 * read while nothing is cached; a Redis fan-out that is down resyncs without reading anything.
 */

const test = stackTest({ env: { LOGTO_WEBHOOK_SIGNING_KEY: 'placeholder-key-until-the-hook-exists' } });

function resyncs(stack: Stack): ResyncEvent[] {
  const events: ResyncEvent[] = [];
  const iterator = stack.server.liveBus.pubsub.subscribe('resync')[Symbol.asyncIterator]();
  void (async () => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      events.push(next.value);
    }
  })();
  return events;
}

async function hookedStack(stack: Stack, rest: { send: <T>(method: string, path: string, body?: unknown) => Promise<{ body: T }> }) {
  const url = stack.server.url.replace(/\/graphql$/, '/webhooks/logto');
  const hook = await rest.send<{ id: string; signingKey: string }>('POST', '/api/hooks', { name: 'logto-graphql', events: ['User.Created', 'User.Data.Updated'], config: { url } });
  stack.server.webhooks.keyring.set(hook.body.signingKey);
  return hook.body;
}

function gapCheck(stack: Stack, hookId: string, extra: { isNeeded?: () => boolean; fanOutHealthy?: () => boolean; silenceMs?: number } = {}): GapCheck {
  return startGapCheck({
    client: stack.client,
    receiver: stack.server.webhooks.receiver,
    liveBus: stack.server.liveBus,
    logger: silentLogger,
    hookId: () => hookId,
    silenceMs: extra.silenceMs ?? 0,
    ...extra,
  });
}

describe('the webhook gap check', () => {
  test('stays quiet while every delivery Logto logged arrived, and resyncs once one was dropped', async ({ stack, rest }) => {
    const hook = await hookedStack(stack, rest);
    const check = gapCheck(stack, hook.id);
    const heard = resyncs(stack);
    try {
      const user = await rest.send<{ id: string }>('POST', '/api/users', { username: 'gap_check_user' });
      await deliveriesSettled(stack.sandbox.store);
      const quiet = await upstreamDuring(stack, () => check.checkNow({ force: true }));
      expect(quiet.result).toEqual({ kind: 'ok', examined: 1 });
      expect(quiet.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET /api/hooks/${hook.id}/recent-logs`]);

      // The receiver drops the next delivery (it no longer knows the key): Logto logs it as sent, with an error.
      stack.server.webhooks.keyring.set('a-key-the-sandbox-never-signed-with');
      await rest.send('PATCH', `/api/users/${user.body.id}`, { name: 'Renamed while deaf' });
      await deliveriesSettled(stack.sandbox.store);
      const gap = await check.checkNow({ force: true });
      expect(gap).toMatchObject({ kind: 'resync' });
      await expect.poll(() => heard.length).toBe(1);
      expect(heard[0]!.reason).toMatch(/1 webhook delivery .*User\.Data\.Updated/);

      // The same gap is reported once, not at every check.
      expect(await check.checkNow({ force: true })).toMatchObject({ kind: 'ok' });
    } finally {
      check.stop();
    }
  });

  test('finds a gap on its own after the silence, without being asked', async ({ stack, rest }) => {
    const hook = await hookedStack(stack, rest);
    stack.server.webhooks.keyring.set('a-key-the-sandbox-never-signed-with');
    const heard = resyncs(stack);
    const check = gapCheck(stack, hook.id, { silenceMs: 50 });
    try {
      await rest.send('POST', '/api/users', { username: 'gap_check_user_2' });
      await deliveriesSettled(stack.sandbox.store);
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(heard[0]!.reason).toMatch(/User\.Created/);
    } finally {
      check.stop();
    }
  });

  test('reads nothing while nothing is cached; resyncs without reading while the Redis fan-out is down', async ({ stack }) => {
    const heard = resyncs(stack);
    const idle = gapCheck(stack, 'anyhook', { isNeeded: () => false });
    const idleRun = await upstreamDuring(stack, () => idle.checkNow({ force: true }));
    expect(idleRun.result).toEqual({ kind: 'skipped', reason: 'not-needed' });
    expect(idleRun.requests).toEqual([]);
    idle.stop();

    const cutOff = gapCheck(stack, 'anyhook', { fanOutHealthy: () => false });
    const cutRun = await upstreamDuring(stack, () => cutOff.checkNow());
    expect(cutRun.result).toMatchObject({ kind: 'resync' });
    expect(cutRun.requests).toEqual([]);
    await expect.poll(() => heard.map((event) => event.reason)).toEqual([expect.stringMatching(/Redis fan-out is down/)]);
    cutOff.stop();
  });
});
