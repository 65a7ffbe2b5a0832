import { devFeatureHookEvents, hookEvents, InteractionHookEvent } from '@logto/schemas/lib/foundations/jsonb-types/hooks.js';

import type { Logger } from '../logger.js';
import type { LogtoClient } from '../logto/client.js';
import type { LogtoHook } from '../logto/types.js';
import type { RedisLink } from '../redis/connection.js';

/**
 * Registration (LOGTO_WEBHOOK_URL, or the embedded sandbox): at start the facade makes sure that
 * exactly one hook named `logto-graphql` exists in Logto, subscribed to every data event and
 * pointing at this facade, and reads its signing key — through the same Management API routes as
 * the hook mutations. Restarting reuses the hook (and so its key); replicas starting together
 * serialise on a Redis lock when there is one, and in any case re-list after creating and delete
 * the extra `logto-graphql` hooks by one deterministic rule (the oldest, then the smallest id, is
 * kept), so however they interleave they end with one hook and all use its key.
 */

export const HOOK_NAME = 'logto-graphql';

const INTERACTION = new Set<string>(Object.values(InteractionHookEvent));
const EXCEPTIONS = new Set(['Identifier.Lockout', 'Message.RateLimited', 'Grant.LimitExceeded']);
const DEV_ONLY = new Set<string>(devFeatureHookEvents);

/** Every data event Logto emits for Management API writes (users, roles, scopes, organizations and their roles and scopes). */
export const DATA_EVENTS: readonly string[] = hookEvents.filter((event) => !INTERACTION.has(event) && !EXCEPTIONS.has(event) && !DEV_ONLY.has(event));

export type RegisteredHook = { readonly hookId: string; readonly signingKey: string; readonly action: 'created' | 'updated' | 'reused' };

export type RegistrationOptions = {
  readonly client: LogtoClient;
  /** Where Logto must POST: this facade's `/webhooks/logto`. */
  readonly url: string;
  readonly logger: Logger;
  /** With REDIS_URL: replicas take turns (`SET NX PX`), so usually only one ever creates. */
  readonly lock?: { readonly link: RedisLink; readonly key: string };
};

/** The deterministic keeper among hooks of our name: oldest first, then smallest id. */
const keeperFirst = (a: LogtoHook, b: LogtoHook) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

async function ourHooks(client: LogtoClient): Promise<LogtoHook[]> {
  const hooks = (await client.request<LogtoHook[]>({ method: 'GET', route: '/api/hooks' })).body;
  return hooks.filter((hook) => hook.name === HOOK_NAME).sort(keeperFirst);
}

const sameEvents = (hook: LogtoHook) => hook.events.length === DATA_EVENTS.length && DATA_EVENTS.every((event) => (hook.events as readonly string[]).includes(event));

async function withLock<T>(lock: RegistrationOptions['lock'], run: () => Promise<T>): Promise<T> {
  if (!lock || !lock.link.available()) return run();
  const token = `${process.pid}:${Math.random()}`;
  const deadline = Date.now() + 15_000;
  let held = false;
  while (!held && Date.now() < deadline) {
    try {
      held = (await lock.link.command('webhook registration lock', (redis) => redis.set(lock.key, token, 'PX', 15_000, 'NX'))) === 'OK';
    } catch {
      break; // Redis is gone: the re-list below still converges.
    }
    if (!held) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  try {
    return await run();
  } finally {
    if (held) {
      await lock.link
        .command('webhook registration unlock', (redis) => redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0", 1, lock.key, token))
        .catch(() => undefined);
    }
  }
}

/** Ensures the one `logto-graphql` hook; answers its id and signing key. */
export async function registerWebhook(options: RegistrationOptions): Promise<RegisteredHook> {
  const { client, url, logger } = options;
  return withLock(options.lock, async () => {
    let action: RegisteredHook['action'] = 'reused';
    let [keeper] = await ourHooks(client);
    if (!keeper) {
      const created = await client.request<LogtoHook>({ method: 'POST', route: '/api/hooks', body: { name: HOOK_NAME, events: DATA_EVENTS, config: { url } } });
      keeper = created.body;
      action = 'created';
    } else if (keeper.config.url !== url || !sameEvents(keeper) || !keeper.enabled) {
      const updated = await client.request<LogtoHook>({
        method: 'PATCH',
        route: '/api/hooks/:id',
        params: { id: keeper.id },
        body: { events: DATA_EVENTS, config: { ...keeper.config, url }, enabled: true },
      });
      keeper = updated.body;
      action = 'updated';
    }
    // Another replica may have created one at the same time (no Redis, or its lock expired).
    const all = await ourHooks(client);
    const [first, ...extra] = all;
    if (first && first.id !== keeper.id) keeper = first;
    for (const hook of extra) {
      await client.request({ method: 'DELETE', route: '/api/hooks/:id', params: { id: hook.id } }).catch((error: unknown) => {
        // Another replica deleted it first.
        logger.debug({ err: error, hookId: hook.id }, 'extra logto-graphql hook already gone');
      });
    }
    logger.info({ hookId: keeper.id, url, action, removedDuplicates: extra.length }, `Logto webhook ${HOOK_NAME} ${action}`);
    return { hookId: keeper.id, signingKey: keeper.signingKey, action };
  });
}
