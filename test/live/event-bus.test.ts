import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLiveBus, type LiveBus, type LogtoWebhookEvent } from '../../src/live/event-bus.js';
import { type RedisServer, redisTestsCanRun, startRedisServer } from '../helpers/redis-server.js';

const delivery: LogtoWebhookEvent = { event: 'User.Data.Updated', createdAt: '2026-01-01T00:00:00.000Z', hookId: 'hook1', params: { userId: 'u1' } };

async function next<T>(iterator: AsyncIterator<T>): Promise<T> {
  const result = await iterator.next();
  if (result.done) throw new Error('the subscription ended');
  return result.value;
}

describe('the live bus', () => {
  it('delivers in the process without Redis', async () => {
    const bus = createLiveBus({});
    const subscription = bus.pubsub.subscribe('logto')[Symbol.asyncIterator]();
    const received = next(subscription);
    bus.pubsub.publish('logto', delivery);
    expect(await received).toEqual(delivery);
    expect(bus.shared).toBe(false);
    await subscription.return?.();
  });

  describe.runIf(redisTestsCanRun('the live bus over Redis'))('over Redis', () => {
    let redis: RedisServer;
    let buses: LiveBus[];
    beforeAll(async () => {
      redis = await startRedisServer();
      buses = [createLiveBus({ redisUrl: redis.url }), createLiveBus({ redisUrl: redis.url })];
    });
    afterAll(async () => {
      await Promise.all(buses.map((bus) => bus.close()));
      await redis.stop();
    });

    it('carries a message published on one replica to the others', async () => {
      const [publisher, listener] = buses as [LiveBus, LiveBus];
      const subscription = listener.pubsub.subscribe('resync')[Symbol.asyncIterator]();
      const received = next(subscription);
      // The subscription reaches Redis asynchronously; publish until it is heard.
      const timer = setInterval(() => publisher.pubsub.publish('resync', { reason: 'test' }), 50);
      try {
        expect(await received).toEqual({ reason: 'test' });
      } finally {
        clearInterval(timer);
        await subscription.return?.();
      }
      expect(publisher.shared).toBe(true);
    });
  });
});
