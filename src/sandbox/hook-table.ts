import { createHmac, randomInt } from 'node:crypto';

import { TENANT_ID } from './constants.js';
import type { SandboxStore } from './store.js';

/**
 * The sandbox's `hooks` table and the webhook sender Logto's hook library uses
 * (`libraries/hook/utils.ts` `sendWebhookRequest`): kept beside the store rather than in it, so the
 * hooks family stays in its own files.
 */

export type HookConfig = { url: string; headers?: Record<string, string>; retries?: number };

export type HookRow = {
  tenantId: string;
  id: string;
  name: string;
  /** The legacy single event (interaction hooks), or null. */
  event: string | null;
  events: string[];
  config: HookConfig;
  signingKey: string;
  enabled: boolean;
  createdAt: number;
};

const tables = new WeakMap<SandboxStore, Map<string, HookRow>>();

/** The hooks of one sandbox, in creation order (Logto lists them `created_at` descending). */
export function hookTable(store: SandboxStore): Map<string, HookRow> {
  let table = tables.get(store);
  if (!table) {
    table = new Map();
    tables.set(store, table);
  }
  return table;
}

const ALPHANUMERIC = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `generateStandardSecret()`: 32 alphanumeric characters, from the OS's CSPRNG (a real secret, not the seeded PRNG). */
export function newSigningKey(): string {
  let key = '';
  for (let index = 0; index < 32; index += 1) key += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return key;
}

export const newHookRow = (fields: Omit<HookRow, 'tenantId' | 'signingKey' | 'createdAt'>): HookRow => ({
  tenantId: TENANT_ID,
  ...fields,
  signingKey: newSigningKey(),
  createdAt: Date.now(),
});

/** `logto-signature-sha-256`: hex HMAC-SHA256 of `JSON.stringify(payload)` keyed with the signing key (`utils/sign.ts`). */
export function signPayload(signingKey: string, payload: unknown): string {
  return createHmac('sha256', signingKey).update(JSON.stringify(payload)).digest('hex');
}

/** Logto's fixed webhook retry count (5xx only) and per-attempt timeout. */
export const WEBHOOK_RETRY_LIMIT = 3;
export const WEBHOOK_TIMEOUT_MS = 10_000;

export type WebhookResponse = { readonly statusCode: number; readonly body: unknown };

/** A 4xx/5xx answer (ky's `HTTPError`), after the retries. */
export class WebhookHttpError extends Error {
  constructor(readonly response: WebhookResponse & { readonly text: string }) {
    super(`Request failed with status code ${response.statusCode}`);
    this.name = 'HTTPError';
  }
}

async function parseResponse(response: Response): Promise<WebhookResponse & { text: string }> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // Logto keeps a non-JSON body as its text.
  }
  return { statusCode: response.status, body, text };
}

/**
 * POSTs a payload as Logto does: its user agent, the hook's headers, the signature, JSON body;
 * 10 s per attempt; retried on 5xx (`config.retries`, else 3) with ky's backoff
 * (0.3 s × 2^(attempt−1)); a network error is not retried. Resolves with the answer, throws
 * `WebhookHttpError` for a 4xx/5xx and the network error otherwise.
 */
export async function sendWebhookRequest(config: HookConfig, payload: unknown, signingKey: string): Promise<WebhookResponse> {
  const limit = config.retries ?? WEBHOOK_RETRY_LIMIT;
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(config.url, {
      method: 'POST',
      headers: {
        'user-agent': 'Logto (https://logto.io/)',
        ...config.headers,
        ...(signingKey ? { 'logto-signature-sha-256': signPayload(signingKey, payload) } : {}),
        'content-type': 'application/json',
      },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    const parsed = await parseResponse(response);
    if (response.ok) return parsed;
    if (response.status < 500 || attempt >= limit) throw new WebhookHttpError(parsed);
    await new Promise((resolve) => setTimeout(resolve, 300 * 2 ** attempt));
  }
}

/** `String(normalizeError(error))` as Logto logs a failed delivery. */
export function describeSendError(error: unknown): string {
  if (error instanceof WebhookHttpError) return `HTTPError: ${error.message}`;
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? { message: error.cause.message, ...(error.cause as unknown as Record<string, unknown>) } : undefined;
    return `${error.name}: ${JSON.stringify({ message: error.message, ...(cause ? { cause } : {}) })}`;
  }
  return String(error);
}
