import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { hookEvents } from '@logto/schemas/lib/foundations/jsonb-types/hooks.js';
import { Counter, type Registry } from 'prom-client';

import type { LiveBus, LogtoWebhookEvent } from '../live/event-bus.js';
import type { Logger } from '../logger.js';
import type { RedisLink } from '../redis/connection.js';

/**
 * `POST /webhooks/logto`: where Logto delivers its webhooks. Served by the node handler before
 * yoga (src/server.ts), so no caller authentication, GraphiQL or CORS ever applies to it; the
 * delivery's own signature is its authentication:
 * - `logto-signature-sha-256` must be the hex HMAC-SHA256 of the raw body under the hook's signing
 *   key, compared in constant time; missing or wrong → 401 and nothing is published;
 * - Logto retries a delivery (same body) and sends no event id: a body seen in the last ten
 *   minutes is answered 200 and not acted on again (with Redis, across replicas: `SET NX PX`);
 * - a verified delivery is answered 200 at once, then published on the live bus (`logto`).
 */

export const WEBHOOK_PATH = '/webhooks/logto';
/** Logto's bodies are a few KiB (an entity, or 5 000 ids at most per membership list). */
const MAX_BODY_BYTES = 1024 * 1024;
const DEDUPE_WINDOW_MS = 10 * 60 * 1000;

/** The signing key deliveries are checked against: fixed (LOGTO_WEBHOOK_SIGNING_KEY) or learnt at registration. */
export type WebhookKeyring = {
  current(): string | undefined;
  set(key: string): void;
};

export function createKeyring(initial?: string): WebhookKeyring {
  let key = initial;
  return {
    current: () => key,
    set: (next) => {
      key = next;
    },
  };
}

/** Whether a delivery body was already acted on; true the first time only. */
export type DeliveryDedupe = { firstTime(bodyHash: string): Promise<boolean> };

/** In-process: hashes seen in the last `windowMs`, oldest dropped first. */
export function memoryDedupe(windowMs = DEDUPE_WINDOW_MS): DeliveryDedupe {
  const seen = new Map<string, number>();
  return {
    firstTime: async (hash) => {
      const now = Date.now();
      for (const [key, at] of seen) {
        if (at > now - windowMs) break;
        seen.delete(key);
      }
      if (seen.has(hash)) return false;
      seen.set(hash, now);
      return true;
    },
  };
}

/**
 * Shared by replicas through Redis (`SET key 1 NX PX`), so a retried delivery that reaches another
 * replica is not acted on twice. While Redis is unreachable each replica falls back to its own
 * memory: a duplicate may then be acted on twice, which only costs an extra invalidation.
 */
export function redisDedupe(link: RedisLink, prefix: string, windowMs = DEDUPE_WINDOW_MS): DeliveryDedupe {
  const local = memoryDedupe(windowMs);
  return {
    firstTime: async (hash) => {
      const locallyNew = await local.firstTime(hash);
      if (!link.available()) return locallyNew;
      try {
        const set = await link.command('webhook dedupe', (redis) => redis.set(`${prefix}:webhook:${hash}`, '1', 'PX', windowMs, 'NX'));
        return set === 'OK';
      } catch {
        return locallyNew;
      }
    },
  };
}

export type WebhookReceiverOptions = {
  readonly keyring: WebhookKeyring;
  readonly liveBus: LiveBus;
  readonly logger: Logger;
  readonly dedupe?: DeliveryDedupe;
  /** Where the counters go (the server's /metrics registry). */
  readonly registry?: Registry;
};

export type WebhookReceiver = {
  /** Handles the request when it is for the receiver's path; false otherwise (yoga takes it). */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** Runs `listener` for every verified delivery, duplicates included (the gap check counts them); returns an unsubscribe function. */
  onDelivery(listener: (event: LogtoWebhookEvent) => void): () => void;
};

const KNOWN_EVENTS = new Set<string>(hookEvents);

/** `sha256=`-less hex, as Logto sends it; compared as bytes of equal length in constant time. */
export function signatureMatches(key: string, raw: Buffer, header: string | undefined): boolean {
  if (!header || !/^[0-9a-f]{64}$/i.test(header)) return false;
  const expected = createHmac('sha256', key).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(header, 'hex'));
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  const dedupe = options.dedupe ?? memoryDedupe();
  const listeners = new Set<(event: LogtoWebhookEvent) => void>();
  const registers = options.registry ? [options.registry] : [];
  const deliveries = new Counter({
    name: 'logto_graphql_webhook_deliveries_total',
    help: 'Verified Logto webhook deliveries, by event; duplicate="true" for retries already acted on.',
    labelNames: ['event', 'duplicate'],
    registers,
  });
  const rejected = new Counter({
    name: 'logto_graphql_webhook_rejected_total',
    help: 'Webhook deliveries refused, by reason (signature, body, method, not_ready).',
    labelNames: ['reason'],
    registers,
  });

  const answer = (response: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }).end(JSON.stringify(body));
  };

  async function receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST') {
      rejected.inc({ reason: 'method' });
      answer(response, 405, { error: 'POST only' }, { allow: 'POST' });
      return;
    }
    const key = options.keyring.current();
    const raw = await readBody(request);
    if (raw === undefined) {
      rejected.inc({ reason: 'body' });
      answer(response, 413, { error: 'body too large' }, { connection: 'close' });
      return;
    }
    if (key === undefined) {
      // Registration has not read the key yet: a 5xx makes Logto retry the delivery.
      rejected.inc({ reason: 'not_ready' });
      answer(response, 503, { error: 'not ready' }, { 'retry-after': '1' });
      return;
    }
    const header = request.headers['logto-signature-sha-256'];
    if (!signatureMatches(key, raw, Array.isArray(header) ? header[0] : header)) {
      rejected.inc({ reason: 'signature' });
      answer(response, 401, { error: 'missing or wrong logto-signature-sha-256' });
      return;
    }
    let event: LogtoWebhookEvent;
    try {
      event = JSON.parse(raw.toString('utf8')) as LogtoWebhookEvent;
      if (typeof event !== 'object' || event === null || typeof event.event !== 'string') throw new Error('no event');
    } catch {
      rejected.inc({ reason: 'body' });
      answer(response, 400, { error: 'not a Logto webhook body' });
      return;
    }
    const first = await dedupe.firstTime(createHash('sha256').update(raw).digest('hex'));
    const label = KNOWN_EVENTS.has(event.event) ? event.event : 'other';
    deliveries.inc({ event: label, duplicate: String(!first) });
    // Answer first: Logto waits at most 10 s, and what subscribers do is not its concern.
    answer(response, 200, { received: true });
    for (const listener of listeners) listener(event);
    if (first) options.liveBus.pubsub.publish('logto', event);
  }

  return {
    handle(request, response) {
      const path = (request.url ?? '').split('?')[0];
      if (path !== WEBHOOK_PATH) return false;
      receive(request, response).catch((error: unknown) => {
        options.logger.error({ err: error }, 'webhook receiver failed');
        if (!response.headersSent) answer(response, 500, { error: 'internal error' });
      });
      return true;
    },
    onDelivery(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
