/**
 * The response cache: `@graphql-yoga/plugin-response-cache` (Envelop's response cache), shared
 * through Redis with `@envelop/response-cache-redis` when `REDIS_URL` is set, kept fresh by the
 * live bus (src/live/event-bus.ts):
 * - `logto` (a verified webhook) invalidates what src/live/freshness.ts says the event changed;
 * - `facadeWrite` (a write of this facade, on any replica) invalidates every entity its route names;
 * - `resync` drops everything.
 * What the plugin cannot do by itself, and this module adds:
 * - the key holds the caller's permission set (and organization, and user when self-service reads
 *   apply) — `sessionOf`;
 * - an answer computed while an invalidation arrived is not stored (it may predate the change);
 * - per-request extensions (`cost`) are not stored; `extensions.cache` says `hit` or `miss`;
 * - `size()`/`hasEntries()` for the recent-logs gap check, `clear()` for `resync`, metrics.
 */
import { createRedisCache } from '@envelop/response-cache-redis';
import { type Cache, createInMemoryCache, hashSHA256, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { type ExecutionResult, getNamedType, type GraphQLSchema, isCompositeType, parse, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { Counter, type Registry } from 'prom-client';

import { type Caller, isSelfServiceCaller } from '../auth/caller.js';
import type { Logger } from '../logger.js';
import type { LiveBus } from './event-bus.js';
import { isSocketRequest } from './websocket.js';
import { createFreshness, type Freshness, type Invalidation, ttlPerSchemaCoordinate } from './freshness.js';

export type ResponseCacheOptions = {
  readonly enabled: boolean;
  /** Longest life of a covered answer. */
  readonly ttlMs: number;
  /** Longest life of an answer touching an uncovered field (0: not cached). */
  readonly uncoveredTtlMs: number;
  /** Share the cache between replicas (Redis); else in this process. */
  readonly redisUrl?: string | undefined;
  /** `REDIS_KEY_PREFIX`: the cache's keys live under `<prefix>:response-cache:`. */
  readonly redisKeyPrefix?: string | undefined;
  readonly liveBus: LiveBus;
  readonly logger: Logger;
  /** Where the hit/miss/invalidation counters are registered. */
  readonly registry?: Registry | undefined;
};

export type ResponseCache = {
  readonly enabled: boolean;
  /** Answers held now (expired ones not counted). */
  size(): Promise<number>;
  /** Whether any answer is held: the gap check needs to compare deliveries only then. */
  hasEntries(): Promise<boolean>;
  /** Drops every answer (what `resync` does on every replica). */
  clear(): Promise<void>;
  /** The yoga plugin; starts listening on the bus (once). */
  plugin(deps: { readonly schema: GraphQLSchema; readonly callerOf: (request: Request) => Caller }): Plugin;
  close(): Promise<void>;
};

/** Keyed by what decides an answer: the caller's kind and permissions, its organization, and its user when self-service reads apply. */
export function sessionOf(caller: Caller): string {
  const parts = [caller.kind, [...caller.scopes].sort().join(' ')];
  if (caller.organizationId !== undefined) parts.push(`organization:${caller.organizationId}`);
  // `self` checks (a user reading its own user without `read:users`) depend on who asks.
  if (isSelfServiceCaller(caller)) parts.push(`user:${caller.userId ?? ''}`);
  return parts.join('|');
}

/**
 * The object types a document selects anywhere. The plugin records only objects with an id (and
 * empty lists); a list read for its `totalCount` alone holds neither, so each answer is also
 * recorded under every type its document selects, and invalidating a list type (`UserConnection`)
 * reaches it.
 */
function selectedTypes(schema: GraphQLSchema): (document: string) => readonly string[] {
  const memo = new Map<string, readonly string[]>();
  return (document) => {
    const known = memo.get(document);
    if (known) return known;
    const types = new Set<string>();
    try {
      const typeInfo = new TypeInfo(schema);
      visit(
        parse(document),
        visitWithTypeInfo(typeInfo, {
          Field() {
            const type = typeInfo.getType();
            const named = type ? getNamedType(type) : undefined;
            if (named && isCompositeType(named)) types.add(named.name);
          },
        }),
      );
    } catch {
      // Not parsable: it will not execute either.
    }
    if (memo.size > 1000) memo.clear();
    memo.set(document, [...types]);
    return [...types];
  };
}

type Store = { readonly cache: Cache; size(): Promise<number>; clear(): Promise<void>; close(): Promise<void> };

/** Only what the operation answered: per-request extensions (cost, timings) would be wrong on a hit. */
function storable(result: ExecutionResult): ExecutionResult {
  return result.errors ? { data: result.data ?? null, errors: result.errors } : { data: result.data ?? null };
}

function memoryStore(): Store {
  const make = () => createInMemoryCache({ max: 10_000 });
  let inner = make();
  // The LRU inside cannot be counted from outside; the keys set since, checked on demand, can.
  const keys = new Set<string>();
  return {
    cache: {
      set(id, result, entities, ttl) {
        keys.add(id);
        return inner.set(id, storable(result), entities, ttl);
      },
      get: (id) => inner.get(id),
      invalidate: (entities) => inner.invalidate(entities),
    },
    async size() {
      let held = 0;
      for (const key of keys) {
        if (await inner.get(key)) held += 1;
        else keys.delete(key);
      }
      return held;
    },
    async clear() {
      inner = make();
      keys.clear();
    },
    async close() {},
  };
}

const RESPONSE_KEY = /^[0-9a-f]{64}$/;

/** Every key under the prefix, without it (ioredis adds `keyPrefix` to keys, not to SCAN/KEYS patterns). */
async function scanKeys(redis: Redis, prefix: string, each: (key: string) => boolean | void): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    for (const key of found) if (each(key.slice(prefix.length)) === false) return;
  } while (cursor !== '0');
}

function redisStore(url: string, keyPrefix: string, logger: Logger): Store {
  const REDIS_PREFIX = `${keyPrefix}:response-cache:`;
  const redis = new Redis(url, { keyPrefix: REDIS_PREFIX, maxRetriesPerRequest: 1 });
  redis.on('error', (error: Error) => logger.debug({ err: error.message }, 'response cache: redis error'));
  // The Redis cache lists `<Type>:*` keys with KEYS to invalidate a whole type: give it the prefix there too.
  const scoped = new Proxy(redis, {
    get(target, property, receiver) {
      if (property === 'keys') return async (pattern: string) => (await target.keys(`${REDIS_PREFIX}${pattern}`)).map((key) => key.slice(REDIS_PREFIX.length));
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const inner = createRedisCache({ redis: scoped });
  return {
    cache: {
      set: (id, result, entities, ttl) => inner.set(id, storable(result), entities, ttl),
      get: (id) => inner.get(id),
      invalidate: (entities) => inner.invalidate(entities),
    },
    async size() {
      let held = 0;
      await scanKeys(redis, REDIS_PREFIX, (key) => {
        if (RESPONSE_KEY.test(key)) held += 1;
      });
      return held;
    },
    async clear() {
      const keys: string[] = [];
      await scanKeys(redis, REDIS_PREFIX, (key) => void keys.push(key));
      for (let start = 0; start < keys.length; start += 500) await redis.del(...keys.slice(start, start + 500));
    },
    async close() {
      redis.disconnect();
    },
  };
}

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const store = options.enabled ? (options.redisUrl ? redisStore(options.redisUrl, options.redisKeyPrefix ?? 'logto-graphql', options.logger) : memoryStore()) : undefined;
  const registers = options.registry ? [options.registry] : [];
  const lookups = new Counter({
    name: 'logto_graphql_response_cache_lookups_total',
    help: 'Queries looked up in the response cache, by result (hit, miss).',
    labelNames: ['result'] as const,
    registers,
  });
  const invalidations = new Counter({
    name: 'logto_graphql_response_cache_invalidations_total',
    help: 'Invalidations applied to the response cache, by source (webhook, write, resync).',
    labelNames: ['source'] as const,
    registers,
  });
  // Bumped by every invalidation: an answer whose key was built before the last one may predate the change.
  let epoch = 0;
  const pending = new Map<string, { readonly epoch: number; readonly types: readonly string[] }>();
  const listeners: AsyncIterator<unknown>[] = [];
  let freshness: Freshness | undefined;

  const invalidate = async (entities: Invalidation[], source: 'webhook' | 'write') => {
    if (!store || entities.length === 0) return;
    epoch += 1;
    invalidations.inc({ source });
    await store.cache.invalidate(entities);
  };
  const clear = async () => {
    if (!store) return;
    epoch += 1;
    invalidations.inc({ source: 'resync' });
    await store.clear();
  };

  function listen<T>(iterable: AsyncIterable<T>, handle: (event: T) => Promise<void>) {
    const iterator = iterable[Symbol.asyncIterator]();
    listeners.push(iterator);
    void (async () => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        await handle(next.value).catch((error: unknown) => options.logger.warn({ err: error }, 'response cache: invalidation failed; dropping everything'));
      }
    })();
  }

  function startListening(schema: GraphQLSchema) {
    if (freshness || !store) return;
    const table = createFreshness(schema);
    freshness = table;
    const { pubsub } = options.liveBus;
    listen(pubsub.subscribe('logto'), (event) => invalidate(table.ofWebhook(event), 'webhook'));
    listen(pubsub.subscribe('facadeWrite'), (event) => invalidate(table.ofWrite(event), 'write'));
    listen(pubsub.subscribe('resync'), () => clear());
  }

  return {
    enabled: store !== undefined,
    size: async () => (store ? store.size() : 0),
    hasEntries: async () => (store ? (await store.size()) > 0 : false),
    clear,
    plugin({ schema, callerOf }) {
      if (!store) return {};
      startListening(schema);
      const typesOf = selectedTypes(schema);
      const cache: Cache = {
        get: (id) => store.cache.get(id),
        invalidate: (entities) => store.cache.invalidate(entities),
        set(id, result, entities, ttl) {
          const started = pending.get(id);
          pending.delete(id);
          // A change since the start: the answer may predate it.
          if (!started || started.epoch !== epoch) return;
          return store.cache.set(id, result, [...entities, ...started.types.map((typename) => ({ typename }))], ttl);
        },
      };
      const responseCache = useResponseCache({
        cache,
        session: (request) => sessionOf(callerOf(request)),
        // Operations over a WebSocket have no HTTP request for the plugin to key; they are not cached.
        enabled: (request) => !isSocketRequest(request),
        ttl: options.ttlMs,
        ttlPerSchemaCoordinate: ttlPerSchemaCoordinate(schema, options.uncoveredTtlMs),
        // Writes invalidate through the bus (`facadeWrite`), so every replica hears of them, and
        // by route, so what a payload does not show (a role assignment) is dropped too.
        invalidateViaMutation: false,
        includeExtensionMetadata: true,
        buildResponseCacheKey: async ({ documentString, variableValues, operationName, sessionId }) => {
          const key = await hashSHA256([documentString, operationName ?? '', JSON.stringify(variableValues ?? {}), sessionId ?? ''].join('|'));
          if (pending.size > 10_000) pending.clear();
          // The latest start wins: a concurrent older one that stores a stale answer is overwritten when the newer one finishes.
          pending.set(key, { epoch, types: typesOf(documentString) });
          return key;
        },
      });
      return {
        onPluginInit({ addPlugin }) {
          addPlugin(responseCache);
        },
        onResultProcess({ result, setResult }) {
          if (Array.isArray(result) || !result || typeof result !== 'object' || !('extensions' in result)) return;
          const extensions = (result as ExecutionResult).extensions as Record<string, unknown> | undefined;
          const metadata = extensions?.responseCache as { hit?: boolean } | undefined;
          if (!extensions || !metadata) return;
          const hit = metadata.hit === true;
          lookups.inc({ result: hit ? 'hit' : 'miss' });
          const { responseCache: _metadata, ...rest } = extensions;
          setResult({ ...(result as ExecutionResult), extensions: { ...rest, cache: hit ? 'hit' : 'miss' } });
        },
      };
    },
    async close() {
      for (const listener of listeners) await listener.return?.();
      await store?.close();
    },
  };
}
