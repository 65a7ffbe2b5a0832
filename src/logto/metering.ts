/**
 * What the client counts and reports: per-route attempt counters and retry totals for
 * `stats()`, request ids, and the meters every finished exchange is reported to.
 */
import { randomUUID } from 'node:crypto';

import type { Logger } from '../logger.js';
import type { HttpMethod, LogtoClientStats, UpstreamEvent, UpstreamMeter } from './client-types.js';

/** Process-wide counters behind `LogtoClient.stats()` (the token and limiter keep their own). */
export class UpstreamCounters {
  readonly #counts = new Map<string, { method: HttpMethod; route: string; status: number; count: number }>();
  #retries = 0;
  #authRetries = 0;

  /** One attempt that got `status` (0: no answer). */
  attempt(method: HttpMethod, route: string, status: number): void {
    const key = `${method} ${route} ${status}`;
    const entry = this.#counts.get(key);
    if (entry) entry.count++;
    else this.#counts.set(key, { method, route, status, count: 1 });
  }

  /** An attempt beyond the first; `auth`: because Logto answered 401 to a cached token. */
  retry({ auth = false }: { auth?: boolean } = {}): void {
    this.#retries++;
    if (auth) this.#authRetries++;
  }

  snapshot(): Pick<LogtoClientStats, 'requests' | 'retries' | 'authRetries'> {
    return { requests: [...this.#counts.values()].map((entry) => ({ ...entry })), retries: this.#retries, authRetries: this.#authRetries };
  }
}

/** X-Request-Id values: `<prefix>-<n>` with a prefix, else a random UUID. */
export function requestIds(): (prefix: string | undefined) => string {
  let counter = 0;
  return (prefix) => {
    counter++;
    return prefix ? `${prefix}-${counter}` : randomUUID();
  };
}

export function safeRecord(meter: UpstreamMeter | undefined, event: UpstreamEvent, logger: Logger): void {
  if (!meter) return;
  try {
    meter.record(event);
  } catch (error) {
    // A metrics bug must not turn a successful request into a failed one.
    logger.error({ err: error }, 'upstream meter threw');
  }
}
