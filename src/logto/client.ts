/**
 * The only code that talks HTTP to Logto. Every request — the token request included — waits for
 * the rate limiter, goes out over one undici Pool, is retried where that is safe, and is reported
 * to the caller's meter. See docs/CONTRACTS.md for the interface others code against.
 */

import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Tracer } from '@opentelemetry/api';
import { createM2mTokenProvider, type AccessToken, type M2mTokenStats, type SharedTokenStore } from '../auth/m2m-token.js';
import type { RateLimit } from '../config.js';
import { silentLogger, type Logger } from '../logger.js';
import { LogtoApiError, errorFromResponse } from './errors.js';
import { parseTotalNumber, parseTotalNumberIsCapped, planPages, sliceWindow } from './pagination.js';
import { RateLimiter, type Budget, type BudgetHealth, type RateLimitBackendFactory, type RateLimiterStats } from './rate-limit.js';
import { backoffDelay, isIdempotent, parseRetryAfter, type BackoffOptions } from './retry.js';
import { traceExchange } from './tracing.js';
import { TransportError, createTransport, type Transport, type WireResponse } from './transport.js';

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

/** What one logical request needs besides the caller's options. */
type Exchange = {
  readonly kind: 'api' | 'token';
  readonly method: HttpMethod;
  readonly route: string;
  /** Path and query. */
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
  /** For the token request: the Basic header. API requests get a Bearer token per attempt. */
  readonly authorization?: string;
  /** May be sent again after an answer was possibly lost. */
  readonly idempotent: boolean;
  readonly requestId: string;
};

type Outcome = {
  readonly response: WireResponse;
  readonly retries: number;
  /** An earlier attempt may have reached Logto's handler (see `LogtoApiError.earlierAttemptMayHaveApplied`). */
  readonly earlierAttemptMayHaveApplied: boolean;
};

const SUCCESS = (status: number): boolean => status >= 200 && status < 300;
const RETRYABLE_STATUS = new Set([502, 503, 504]);

export function createLogtoClient(options: LogtoClientOptions): LogtoClient {
  const logger = options.logger ?? silentLogger;
  const rateLimit = options.rateLimit ?? { limit: 200, windowMs: 10_000 };
  const maxConcurrency = options.maxConcurrency ?? 16;
  const queueTimeoutMs = options.queueTimeoutMs ?? 30_000;
  const maxRetries = options.maxRetries ?? 3;
  const backoff: BackoffOptions = { baseMs: options.retryBaseMs ?? 100, capMs: options.retryCapMs ?? 2_000 };
  const userAgent = options.userAgent ?? 'logto-graphql';

  const transport: Transport = createTransport({
    endpoint: options.endpoint,
    connections: maxConcurrency,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    headersTimeoutMs: options.headersTimeoutMs ?? 15_000,
    bodyTimeoutMs: options.bodyTimeoutMs ?? 15_000,
  });
  const limiter = new RateLimiter({
    limit: rateLimit.limit,
    windowMs: rateLimit.windowMs,
    maxConcurrency,
    queueTimeoutMs,
    ...(options.rateLimitSafetyMarginMs === undefined ? {} : { safetyMarginMs: options.rateLimitSafetyMarginMs }),
    ...(options.rateLimitBackend === undefined ? {} : { backend: options.rateLimitBackend }),
    ...(options.perCallerLimit === undefined ? {} : { perCallerLimit: options.perCallerLimit }),
  });

  const counts = new Map<string, { method: HttpMethod; route: string; status: number; count: number }>();
  let retriesTotal = 0;
  let authRetries = 0;
  let requestCounter = 0;
  let closed = false;

  function countAttempt(method: HttpMethod, route: string, status: number): void {
    const key = `${method} ${route} ${status}`;
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { method, route, status, count: 1 });
  }

  function nextRequestId(prefix: string | undefined): string {
    requestCounter++;
    return prefix ? `${prefix}-${requestCounter}` : randomUUID();
  }

  const tokens = createM2mTokenProvider({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    resource: options.managementApiResource,
    logger,
    ...(options.tokenLeewayMs === undefined ? {} : { leewayMs: options.tokenLeewayMs }),
    ...(options.sharedTokens === undefined ? {} : { shared: options.sharedTokens }),
    call: async ({ form, authorization }) => {
      const requestId = nextRequestId(options.requestIdPrefix);
      const { response } = await run(
        {
          kind: 'token',
          method: 'POST',
          route: '/oidc/token',
          path: '/oidc/token',
          body: form.toString(),
          contentType: 'application/x-www-form-urlencoded',
          authorization,
          // Issuing a second token changes nothing at Logto: safe to repeat like a GET.
          idempotent: true,
          requestId,
        },
        {},
      );
      return { status: response.status, body: response.body, requestId };
    },
  });

  const { tracer } = options;
  /** `exchange` in a span when tracing is on; the span learns status, retries and queueing through the meter. */
  function run(exchange: Exchange, requestOptions: RequestOptions): Promise<Outcome> {
    if (!tracer) return exchangeOnce(exchange, requestOptions);
    return traceExchange(tracer, exchange, requestOptions.meter, (meter) => exchangeOnce(exchange, { ...requestOptions, meter }));
  }

  /**
   * Runs one logical request to a final answer: queue, send, retry what is safe. Returns the last
   * answer whatever its status (the caller decides what a non-2xx means); throws LogtoApiError
   * when no usable answer arrived.
   */
  async function exchangeOnce(exchange: Exchange, requestOptions: RequestOptions): Promise<Outcome> {
    if (closed) throw new LogtoApiError({ status: 0, code: 'client.closed', message: 'The Logto client is closed', requestId: exchange.requestId });
    const { signal } = requestOptions;
    const issuedAt = performance.now();
    // One fair-queue place per logical request, kept by its retries; the token request jumps the queue.
    const ticket = exchange.kind === 'token' ? undefined : limiter.ticket(requestOptions.callerKey);
    let startedAt: number | undefined;
    let retries = 0;
    let attempt = 0; // retries that count against maxRetries (the one 401 retry does not)
    let authRetried = false;
    let lastStatus = 0;
    // Set when an attempt that is repeated may have reached Logto's handler: sent with no answer,
    // or a 5xx. Not for 429 or 401, which Logto answers before doing anything.
    let earlierAttemptMayHaveApplied = false;

    const retryLater = async (delayMs: number, why: string): Promise<void> => {
      attempt++;
      retries++;
      retriesTotal++;
      logger.debug({ requestId: exchange.requestId, route: exchange.route, attempt, delayMs, why }, 'retrying Logto request');
      if (delayMs > 0) await sleep(delayMs, signal, exchange.requestId);
    };

    try {
      for (;;) {
        let token: AccessToken | undefined;
        if (exchange.kind === 'api') token = await untilAborted(tokens.get(), signal, exchange.requestId);
        const permit = await limiter.acquire({ ...(ticket ? { ticket } : { priority: true }), ...(signal ? { signal } : {}) });
        startedAt ??= performance.now();
        if (token) {
          const fresh = tokens.current();
          if (fresh) {
            // A background refresh may have replaced the token while we queued.
            token = fresh;
          } else if (tokens.isRefused(token.value)) {
            // Another request's 401 refused it while we queued, and its successor is on the way:
            // wait for that (the slot goes unused) rather than spend a 401 on a dead token.
            permit.release();
            continue;
          }
        }
        const headers: Record<string, string> = {
          accept: 'application/json',
          'accept-encoding': 'gzip, deflate, br',
          'user-agent': userAgent,
          'x-request-id': exchange.requestId,
        };
        if (exchange.contentType) headers['content-type'] = exchange.contentType;
        if (exchange.authorization) headers.authorization = exchange.authorization;
        if (token) headers.authorization = `Bearer ${token.value}`;

        let response: WireResponse;
        try {
          response = await transport.send({
            method: exchange.method,
            path: exchange.path,
            headers,
            ...(exchange.body === undefined ? {} : { body: exchange.body }),
            ...(signal ? { signal } : {}),
          });
        } catch (error) {
          permit.release();
          if (!(error instanceof TransportError)) throw error;
          lastStatus = error.status ?? 0;
          countAttempt(exchange.method, exchange.route, lastStatus);
          const { failure } = error;
          const outcomeUnknown = failure.maybeSent && !exchange.idempotent;
          if (signal?.aborted || failure.reason === 'aborted') {
            throw new LogtoApiError({
              status: lastStatus,
              code: 'client.aborted',
              message: `The request to Logto was aborted (${exchange.method} ${exchange.route})`,
              requestId: exchange.requestId,
              method: exchange.method,
              route: exchange.route,
              outcomeUnknown,
              cause: error,
            });
          }
          if (attempt < maxRetries && !outcomeUnknown && !closed) {
            if (failure.maybeSent) earlierAttemptMayHaveApplied = true;
            await retryLater(backoffDelay(attempt, backoff), `network.${failure.reason}`);
            continue;
          }
          if (outcomeUnknown) {
            // Someone may have to check by hand whether this write happened: say which one.
            logger.warn(
              { requestId: exchange.requestId, method: exchange.method, route: exchange.route, reason: failure.reason },
              'Logto write sent but its answer was lost; it may have been applied',
            );
          }
          throw new LogtoApiError({
            status: lastStatus,
            code: outcomeUnknown ? 'network.outcome_unknown' : `network.${failure.reason}`,
            message: outcomeUnknown
              ? `No answer from Logto for ${exchange.method} ${exchange.route} after it was sent (${failure.reason}); it may have been applied`
              : `Could not reach Logto for ${exchange.method} ${exchange.route} (${failure.reason})`,
            requestId: exchange.requestId,
            method: exchange.method,
            route: exchange.route,
            outcomeUnknown,
            earlierAttemptMayHaveApplied,
            cause: error,
          });
        }
        permit.release();
        lastStatus = response.status;
        countAttempt(exchange.method, exchange.route, lastStatus);
        if (SUCCESS(response.status)) return { response, retries, earlierAttemptMayHaveApplied };

        if (response.status === 401 && token && !authRetried) {
          // Revoked, rotated or expired early: get a new token and try once more.
          // This retry has its own budget of one and does not count against maxRetries.
          authRetried = true;
          authRetries++;
          retries++;
          retriesTotal++;
          tokens.invalidate(token.value);
          continue;
        }
        if (response.status === 429) {
          const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
          const delayMs = retryAfterMs ?? backoffDelay(attempt, backoff);
          if (attempt < maxRetries && delayMs <= queueTimeoutMs && !closed) {
            // A 429 means "not applied", for writes too. The budget is spent for everyone.
            limiter.pauseUntil(Date.now() + delayMs);
            await retryLater(0, 'http.429');
            continue;
          }
          if (exchange.kind === 'token') return { response, retries, earlierAttemptMayHaveApplied };
          throw errorFromResponse({
            status: 429,
            body: response.body,
            requestId: exchange.requestId,
            method: exchange.method,
            route: exchange.route,
            retryAfterMs: delayMs,
            earlierAttemptMayHaveApplied,
          });
        }
        if (RETRYABLE_STATUS.has(response.status) && exchange.idempotent && attempt < maxRetries && !closed) {
          const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
          const jitter = backoffDelay(attempt, backoff);
          earlierAttemptMayHaveApplied = true;
          await retryLater(retryAfterMs === undefined ? jitter : Math.min(Math.max(retryAfterMs, jitter), queueTimeoutMs), `http.${response.status}`);
          continue;
        }
        return { response, retries, earlierAttemptMayHaveApplied };
      }
    } finally {
      if (startedAt !== undefined) {
        const event: UpstreamEvent = {
          method: exchange.method,
          route: exchange.route,
          status: lastStatus,
          retries,
          issuedAt,
          startedAt,
          endedAt: performance.now(),
          requestId: exchange.requestId,
        };
        safeRecord(requestOptions.meter, event, logger);
        safeRecord(options.meter, event, logger);
      }
    }
  }

  async function request<T>(upstream: UpstreamRequest, requestOptions: RequestOptions = {}): Promise<UpstreamResponse<T>> {
    const requestId = nextRequestId(requestOptions.requestIdPrefix ?? options.requestIdPrefix);
    const path = buildPath(upstream.route, upstream.params, upstream.query);
    const { response, earlierAttemptMayHaveApplied } = await run(
      {
        kind: 'api',
        method: upstream.method,
        route: upstream.route,
        path,
        ...(upstream.body === undefined ? {} : { body: JSON.stringify(upstream.body), contentType: 'application/json' }),
        idempotent: isIdempotent(upstream.method),
        requestId,
      },
      requestOptions,
    );
    if (!SUCCESS(response.status)) {
      const error = errorFromResponse({
        status: response.status,
        body: response.body,
        requestId,
        method: upstream.method,
        route: upstream.route,
        earlierAttemptMayHaveApplied,
      });
      if (response.status >= 500) {
        logger.warn({ err: error, responseBody: truncateForLog(response.body) }, 'Logto answered with a server error');
      }
      throw error;
    }
    return {
      status: response.status,
      body: response.body as T,
      totalCount: parseTotalNumber(response.headers['total-number']),
      totalCountIsCapped: parseTotalNumberIsCapped(response.headers['total-number-is-capped']),
      requestId,
    };
  }

  async function listWindow<T>(
    list: ListRequest,
    window: { offset: number; limit: number },
    requestOptions: RequestOptions = {},
  ): Promise<{ items: T[]; totalCount: number | undefined; totalCountIsCapped: boolean }> {
    const { offset, limit } = window;
    const planned = planPages(offset, limit); // also validates the window
    // limit 0 still asks for the count (a connection's totalCount), with the smallest page.
    const plan = planned.length > 0 ? planned : [{ page: 1, pageSize: 1 }];
    const responses = await Promise.all(
      plan.map((page) => request<unknown>({ ...list, method: 'GET', query: withPage(list.query, page.page, page.pageSize) }, requestOptions)),
    );
    const pages = plan.map((page, i) => ({ ...page, items: arrayBody<T>(responses[i]!, list.route) }));
    return {
      items: limit > 0 ? sliceWindow(offset, limit, pages) : [],
      totalCount: responses.find((r) => r.totalCount !== undefined)?.totalCount,
      totalCountIsCapped: responses.some((r) => r.totalCountIsCapped),
    };
  }

  return {
    request,
    listWindow,
    budget(): Budget {
      return limiter.budget();
    },
    callerShare: (callerKey) => limiter.callerShare(callerKey),
    stats(): LogtoClientStats {
      return {
        requests: [...counts.values()].map((entry) => ({ ...entry })),
        retries: retriesTotal,
        authRetries,
        token: tokens.stats(),
        limiter: limiter.stats(),
      };
    },
    health(): LogtoClientHealth {
      const budget = limiter.health();
      return {
        status: budget.degraded ? 'degraded' : 'ok',
        budget: budget.mode,
        ...(budget.reason === undefined ? {} : { reason: budget.reason }),
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      limiter.close();
      await transport.close();
    },
  };
}

/** `/api/users/:id/roles` + `{ id }` + query → the path Logto sees. Exported for tests. */
export function buildPath(route: string, params: Readonly<Record<string, string>> | undefined, query: Query | undefined): string {
  const path = route.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_match, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new TypeError(`Missing value for :${name} in ${route}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly (string | number | boolean)[]) search.append(key, String(item));
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** The request's query with `page`/`page_size` set last (Logto keeps parameters in order). */
function withPage(query: Query | undefined, page: number, pageSize: number): Query {
  const result: Record<string, QueryValue> = {};
  for (const [key, value] of Object.entries(query ?? {})) {
    if (key !== 'page' && key !== 'page_size') result[key] = value;
  }
  result.page = page;
  result.page_size = pageSize;
  return result;
}

function arrayBody<T>(response: UpstreamResponse<unknown>, route: string): T[] {
  if (Array.isArray(response.body)) return response.body as T[];
  throw new LogtoApiError({
    status: response.status,
    code: 'client.unexpected_response',
    message: `Expected a JSON array from GET ${route}`,
    requestId: response.requestId,
    method: 'GET',
    route,
  });
}

function safeRecord(meter: UpstreamMeter | undefined, event: UpstreamEvent, logger: Logger): void {
  if (!meter) return;
  try {
    meter.record(event);
  } catch (error) {
    // A metrics bug must not turn a successful request into a failed one.
    logger.error({ err: error }, 'upstream meter threw');
  }
}

function truncateForLog(body: unknown): unknown {
  if (typeof body === 'string' && body.length > 2_000) return `${body.slice(0, 2_000)}…`;
  return body;
}

/** Stops waiting when the caller aborts; the shared token request itself goes on for the others. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, requestId: string): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void =>
      reject(new LogtoApiError({ status: 0, code: 'client.aborted', message: 'The request was aborted before it was sent to Logto', requestId, cause: signal.reason }));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function sleep(ms: number, signal: AbortSignal | undefined, requestId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = (): LogtoApiError =>
      new LogtoApiError({ status: 0, code: 'client.aborted', message: 'The request was aborted while waiting to retry', requestId, cause: signal?.reason });
    if (signal?.aborted) {
      reject(aborted());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
