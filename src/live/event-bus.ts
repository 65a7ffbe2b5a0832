/**
 * The live bus: how a change reaches every replica. Two kinds of messages travel on it:
 * - `logto`: a verified webhook delivery (src/webhooks receives it; any replica may);
 * - `facadeWrite`: a write this facade made itself (Logto sends no webhook for many writes).
 * - `resync`: what the bus carried may be incomplete; caches drop everything.
 * Consumers (the response cache's invalidation, GraphQL subscriptions) subscribe on every
 * replica. With `REDIS_URL` the bus is `@graphql-yoga/redis-event-target` (Redis pub/sub), so a
 * message published on one replica reaches all of them; without it, it stays in the process.
 */
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';

/** A webhook body as Logto sends it (../shared/logto-recorded/webhooks/). */
export type LogtoWebhookEvent = {
  readonly event: string;
  readonly createdAt: string;
  readonly hookId: string;
  readonly path?: string;
  readonly method?: string;
  readonly status?: number;
  readonly params?: Readonly<Record<string, string>>;
  readonly matchedRoute?: string;
  readonly data?: unknown;
  readonly [key: string]: unknown;
};

/** A write the facade made: the Logto route template, its params, and what it touched. */
export type FacadeWriteEvent = {
  readonly method: string;
  readonly route: string;
  readonly params: Readonly<Record<string, string>>;
  /** `<Typename>:<logtoId>` of every entity the write changed, as far as the facade knows. */
  readonly touched: readonly string[];
};

/** Drop every cached answer: deliveries may have been lost (the recent-logs gap check, Redis fan-out down). */
export type ResyncEvent = { readonly reason: string };

export type LiveTopics = {
  logto: [LogtoWebhookEvent];
  facadeWrite: [FacadeWriteEvent];
  resync: [ResyncEvent];
};

export type LiveBus = {
  readonly pubsub: PubSub<LiveTopics>;
  /** True when messages reach other replicas (Redis pub/sub). */
  readonly shared: boolean;
  close(): Promise<void>;
};

export function createLiveBus(options: { readonly redisUrl?: string | undefined }): LiveBus {
  const { redisUrl } = options;
  if (!redisUrl) {
    return { pubsub: createPubSub<LiveTopics>(), shared: false, close: async () => {} };
  }
  // Connections open on first use: a replica nobody publishes to or subscribes on (no webhooks,
  // no cache, no subscriptions) holds none. Pub/sub needs its own connections: a subscribed
  // ioredis connection can run no other command.
  let clients: { publish: Redis; subscribe: Redis; target: EventTarget } | undefined;
  const connected = () => {
    if (!clients) {
      const publish = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      const subscribe = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      // Trouble shows in the Redis link's own health; an unhandled 'error' event would crash.
      publish.on('error', () => {});
      subscribe.on('error', () => {});
      const target = createRedisEventTarget<CustomEvent>({ publishClient: publish, subscribeClient: subscribe }) as unknown as EventTarget;
      clients = { publish, subscribe, target };
    }
    return clients.target;
  };
  const lazyTarget: EventTarget = {
    addEventListener: (...args: Parameters<EventTarget['addEventListener']>) => connected().addEventListener(...args),
    removeEventListener: (...args: Parameters<EventTarget['removeEventListener']>) => clients?.target.removeEventListener(...args),
    dispatchEvent: (event: Event) => connected().dispatchEvent(event),
  };
  return {
    // The typed event target's generic cannot be narrowed to the topics' events from here.
    pubsub: createPubSub<LiveTopics>({ eventTarget: lazyTarget as never }),
    shared: true,
    close: async () => {
      clients?.publish.disconnect();
      clients?.subscribe.disconnect();
      clients = undefined;
    },
  };
}
