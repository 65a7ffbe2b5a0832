import type { LiveBus, LogtoWebhookEvent } from '../live/event-bus.js';
import type { Logger } from '../logger.js';
import type { LogtoClient } from '../logto/client.js';
import type { LogtoLog } from '../logto/types.js';
import type { WebhookReceiver } from './receiver.js';

/**
 * Webhook delivery is best effort: Logto gives up after 3 tries, and a delivery can be refused
 * (a rotated key, a replica restarting). After `silenceMs` without a delivery, while answers are
 * cached (`isNeeded`), the gap check reads what Logto itself recorded as sent
 * (`GET /api/hooks/:id/recent-logs`, one request) and compares it with what the receiver verified.
 * A delivery Logto logged that never arrived — or the Redis fan-out being down, so other replicas
 * may have missed what this one heard — publishes `resync`: every cache drops everything.
 * Correctness first: a false alarm costs a cold cache, a missed one a stale answer.
 */

export type GapCheckResult =
  | { readonly kind: 'skipped'; readonly reason: 'not-needed' | 'no-hook' | 'recent-delivery' }
  | { readonly kind: 'ok'; readonly examined: number }
  | { readonly kind: 'resync'; readonly reason: string };

export type GapCheckOptions = {
  readonly client: LogtoClient;
  readonly receiver: Pick<WebhookReceiver, 'onDelivery'>;
  readonly liveBus: LiveBus;
  readonly logger: Logger;
  /** The registered hook's id (known once registration finished). */
  readonly hookId: () => string | undefined;
  /** Silence that triggers a check (WEBHOOK_SILENCE_CHECK_MS); 0: no timer, `checkNow()` only. */
  readonly silenceMs: number;
  /** Whether anything is cached that a lost delivery could leave stale (the response cache's size > 0). Default: always. */
  readonly isNeeded?: () => boolean | Promise<boolean>;
  /** False while the Redis fan-out is down (REDIS_URL only). */
  readonly fanOutHealthy?: () => boolean;
};

export type GapCheck = {
  /** Checks now, whatever the silence (`force`), or as the timer would. */
  checkNow(options?: { readonly force?: boolean }): Promise<GapCheckResult>;
  stop(): void;
};

/** Logto logs the body it sent; event + createdAt (ms) + path names one delivery. */
const deliveryKey = (body: { event?: unknown; createdAt?: unknown; path?: unknown } | undefined) =>
  body ? `${String(body.event)}|${String(body.createdAt)}|${String(body.path)}` : undefined;

const MAX_REMEMBERED = 10_000;

export function startGapCheck(options: GapCheckOptions): GapCheck {
  const startedAt = Date.now();
  const received = new Set<string>();
  const examined = new Set<string>();
  let lastActivityAt = startedAt;
  let running: Promise<GapCheckResult> | undefined;

  const remember = (set: Set<string>, key: string) => {
    set.add(key);
    if (set.size > MAX_REMEMBERED) set.delete(set.values().next().value as string);
  };
  const unsubscribe = options.receiver.onDelivery((event: LogtoWebhookEvent) => {
    lastActivityAt = Date.now();
    const key = deliveryKey(event);
    if (key) remember(received, key);
  });

  const resync = (reason: string): GapCheckResult => {
    options.logger.warn({ reason }, 'webhook gap: dropping every cached answer');
    options.liveBus.pubsub.publish('resync', { reason });
    return { kind: 'resync', reason };
  };

  async function check(force: boolean): Promise<GapCheckResult> {
    if (options.fanOutHealthy && !options.fanOutHealthy()) return resync('the Redis fan-out is down: other replicas may have missed deliveries');
    if (!force && Date.now() - lastActivityAt < options.silenceMs) return { kind: 'skipped', reason: 'recent-delivery' };
    lastActivityAt = Date.now();
    if (!((await options.isNeeded?.()) ?? true)) return { kind: 'skipped', reason: 'not-needed' };
    const hookId = options.hookId();
    if (!hookId) return { kind: 'skipped', reason: 'no-hook' };
    // Newest first; 100 deliveries cover far more than one silence window.
    const logs = (await options.client.request<LogtoLog[]>({ method: 'GET', route: '/api/hooks/:id/recent-logs', params: { id: hookId }, query: { page: 1, page_size: 100 } })).body;
    const missing: string[] = [];
    for (const log of logs) {
      if (log.createdAt < startedAt || examined.has(log.id)) continue;
      remember(examined, log.id);
      const body = (log.payload as { hookRequest?: { body?: { event?: unknown; createdAt?: unknown; path?: unknown } } }).hookRequest?.body;
      const key = deliveryKey(body);
      if (key && !received.has(key)) missing.push(String(body?.event));
    }
    if (missing.length > 0) return resync(`Logto recorded ${missing.length} webhook deliver${missing.length === 1 ? 'y' : 'ies'} this replica never received (${[...new Set(missing)].join(', ')})`);
    return { kind: 'ok', examined: logs.length };
  }

  const checkNow = (opts: { readonly force?: boolean } = {}): Promise<GapCheckResult> => {
    running ??= check(opts.force ?? false).finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer =
    options.silenceMs > 0
      ? setInterval(() => {
          checkNow().catch((error: unknown) => options.logger.warn({ err: error }, 'webhook gap check failed; will try again'));
        }, Math.max(25, Math.floor(options.silenceMs / 4)))
      : undefined;
  timer?.unref();

  return {
    checkNow,
    stop: () => {
      if (timer) clearInterval(timer);
      unsubscribe();
    },
  };
}
