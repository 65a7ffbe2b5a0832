/**
 * The Logto client's interface: what a request, an answer, an exchange event and the client
 * look like (docs/CONTRACTS.md). Types only; `client.ts` re-exports them for its importers.
 */
import type { Tracer } from '@opentelemetry/api';

import type { M2mTokenStats, SharedTokenStore } from '../auth/m2m-token.js';
import type { RateLimit } from '../config.js';
import type { Logger } from '../logger.js';
import type { BudgetHealth, RateLimitBackendFactory, RateLimiterStats } from './rate-limit.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
/** Insertion order is kept on the wire; an array value repeats the key (search.id=a&search.id=b). */
export type QueryValue = string | number | boolean | readonly (string | number | boolean)[] | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

export type UpstreamRequest = {
  readonly method: HttpMethod;
  /** Route template, e.g. '/api/users/:id/roles'. Metrics and counts use it as given. */
  readonly route: string;
  /** Values for the template's :params; the client URL-encodes them. */
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Query;
  /** JSON body. */
  readonly body?: unknown;
};

export type UpstreamResponse<T> = {
  readonly status: number;
  /** Parsed JSON, or the text, or undefined for 204. */
  readonly body: T;
  /** Total-Number */
  readonly totalCount: number | undefined;
  /** Total-Number-Is-Capped: true */
  readonly totalCountIsCapped: boolean;
  /** The X-Request-Id we sent. */
  readonly requestId: string;
};

/** One finished upstream exchange, reported to the operation's meter. */
export type UpstreamEvent = {
  readonly method: HttpMethod;
  readonly route: string;
  /** 0 when no HTTP answer arrived. */
  readonly status: number;
  /** Attempts beyond the first. */
  readonly retries: number;
  /** performance.now() when the caller asked (before any queueing). */
  readonly issuedAt: number;
  /** When the first attempt left the rate-limit queue. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly requestId: string;
};

export interface UpstreamMeter {
  record(event: UpstreamEvent): void;
}

export type RequestOptions = {
  readonly meter?: UpstreamMeter;
  readonly signal?: AbortSignal;
  readonly requestIdPrefix?: string;
  /**
   * Who the request is for (src/auth/caller-key.ts): the budget queue is fair between these keys,
   * and `perCallerLimit` caps each. Undefined: the service's own request, never capped.
   */
  readonly callerKey?: string;
  /**
   * A bulk job's request (src/jobs): queued behind every interactive request and, while those
   * are about, kept to `share` (0–1) of each window (`BULK_BUDGET_SHARE`).
   */
  readonly background?: { readonly share: number };
  /** Give up while still queued for the budget (a paused job); a request already sent runs to its answer. */
  readonly queueSignal?: AbortSignal;
};

export type ListRequest = Omit<UpstreamRequest, 'method' | 'body'>;

/** Process-wide counters for a metrics endpoint. */
export type LogtoClientStats = {
  /** Upstream attempts (retries included) by route, method and status (0: no answer). */
  readonly requests: readonly { readonly method: HttpMethod; readonly route: string; readonly status: number; readonly count: number }[];
  /** Attempts beyond the first, all causes. */
  readonly retries: number;
  /** Retries because Logto answered 401 to a cached token. */
  readonly authRetries: number;
  /** Token requests, failures, and tokens dropped after a 401. */
  readonly token: M2mTokenStats;
  /** Queue depth, in-flight count, wait times, queue-timeout rejections. */
  readonly limiter: RateLimiterStats;
};

/**
 * Whether the client runs as configured. `degraded`: it serves, on a fallback — Redis is
 * unreachable, so this replica keeps to its local share of the budget and its own M2M token.
 */
export type LogtoClientHealth = {
  readonly status: 'ok' | 'degraded';
  /** Where the budget is kept: this process alone, Redis (all replicas), or the local share while Redis is away. */
  readonly budget: BudgetHealth['mode'];
  /** Why degraded (no secrets). */
  readonly reason?: string;
};

export interface LogtoClient {
  request<T>(request: UpstreamRequest, options?: RequestOptions): Promise<UpstreamResponse<T>>;
  /** One offset window [offset, offset+limit) of a paginated list, in the fewest page requests. */
  listWindow<T>(
    request: ListRequest,
    window: { offset: number; limit: number },
    options?: RequestOptions,
  ): Promise<{ items: T[]; totalCount: number | undefined; totalCountIsCapped: boolean }>;
  /** The rate-limit budget as this process sees it now. */
  budget(): { limit: number; windowMs: number; remaining: number; resetAt: Date };
  /** A caller's share left under `perCallerLimit` (this process); undefined without a cap. */
  callerShare(callerKey: string): { readonly remaining: number; readonly retryAfterMs: number } | undefined;
  /** Counters for metrics (addition to the original contract). */
  stats(): LogtoClientStats;
  /** For /readyz: `degraded` while a fallback is in use (Redis unreachable). Never calls out. */
  health(): LogtoClientHealth;
  close(): Promise<void>;
}

export type LogtoClientOptions = {
  /** Logto's base URL, e.g. https://acme.logto.app (no `/api`). */
  readonly endpoint: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** e.g. https://default.logto.app/api (OSS) or https://<tenant>.logto.app/api (Cloud). */
  readonly managementApiResource: string;
  /** Default 200 per 10 s (Logto Cloud's per-tenant limit). */
  readonly rateLimit?: RateLimit;
  /** Each caller's share of `rateLimit.limit` per window; undefined (default): no per-caller cap. */
  readonly perCallerLimit?: number;
  /** Default 16. Also the number of pooled connections. */
  readonly maxConcurrency?: number;
  /** Default 30 000. */
  readonly queueTimeoutMs?: number;
  /** Defaults 5 000 / 15 000 / 15 000. */
  readonly connectTimeoutMs?: number;
  readonly headersTimeoutMs?: number;
  readonly bodyTimeoutMs?: number;
  /** Default 3. */
  readonly maxRetries?: number;
  readonly logger?: Logger;
  /** Extra window length against arrival-time jitter; default 2% of the window, at least 10 ms. */
  readonly rateLimitSafetyMarginMs?: number;
  /** Where the sliding-window log lives; default in memory (src/redis/shared-budget.ts: Redis). */
  readonly rateLimitBackend?: RateLimitBackendFactory;
  /** Share the M2M token with other replicas (src/redis/shared-token.ts); default: this process only. */
  readonly sharedTokens?: SharedTokenStore;
  /** Process-wide meter: every exchange, token requests included (per-request meters get only theirs). */
  readonly meter?: UpstreamMeter;
  /** X-Request-Id is `<prefix>-<n>` when set (here or per request), else a random UUID. */
  readonly requestIdPrefix?: string;
  /** Backoff for 5xx/network retries: full jitter on base·2^attempt, capped. Default 100 / 2 000 ms. */
  readonly retryBaseMs?: number;
  readonly retryCapMs?: number;
  /** Refresh tokens this long before expiry (at most half their life). Default 60 000. */
  readonly tokenLeewayMs?: number;
  readonly userAgent?: string;
  /** A span per exchange (src/logto/tracing.ts); undefined: no tracing, no cost. */
  readonly tracer?: Tracer;
};
