import { expect } from 'vitest';

import type { LogtoWebhookEvent } from '../../src/live/event-bus.js';
import { silentLogger } from '../../src/logger.js';
import { deliveriesSettled } from '../../src/sandbox/webhook-delivery.js';
import { startWebhooks } from '../../src/webhooks/start.js';
import { stackTest } from '../helpers/stack-test.js';

/**
 * What main.ts starts with LOGTO_WEBHOOK_URL (or the embedded sandbox): registration puts the
 * hook's key in the receiver's keyring, so a write made straight through Logto's REST API reaches
 * the live bus with no setup by hand.
 */

const test = stackTest();

test('registers the hook, learns its key, and a REST write made outside the facade reaches the live bus', async ({ stack, rest }) => {
  const events: LogtoWebhookEvent[] = [];
  const iterator = stack.server.liveBus.pubsub.subscribe('logto')[Symbol.asyncIterator]();
  void (async () => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      events.push(next.value);
    }
  })();
  expect(stack.server.webhooks.keyring.current()).toBeUndefined();
  const stop = startWebhooks({
    silenceCheckMs: 0,
    client: stack.client,
    logger: silentLogger,
    server: stack.server,
    url: stack.server.url.replace(/\/graphql$/, '/webhooks/logto'),
  });
  try {
    await expect.poll(() => stack.server.webhooks.keyring.current()).toMatch(/^[A-Za-z0-9]{32}$/);
    const user = await rest.send<{ id: string }>('POST', '/api/users', { username: 'live_from_rest' });
    await deliveriesSettled(stack.sandbox.store);
    await expect.poll(() => events.map((event) => event.event)).toEqual(['User.Created']);
    expect(events[0]).toMatchObject({ data: { id: user.body.id } });
  } finally {
    stop();
  }
});
