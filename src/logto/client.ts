/**
 * The only code that talks HTTP to Logto. Every request — the token request included — waits for
 * the rate limiter, goes out over one undici Pool, is retried where that is safe, and is reported
 * to the caller's meter. See docs/CONTRACTS.md for the interface others code against.
 *
 * This module assembles the client; the parts live next to it: `client-types.ts` (the interface),
 * `exchange.ts` (one request to a final answer: the retry policies), `metering.ts` (counters,
 * request ids, meters), `request-path.ts` (URLs), `waits.ts` (abortable waits), `tracing.ts`.
 */

import { createM2mTokenProvider } from '../auth/m2m-token.js';
import { silentLogger } from '../logger.js';
import type {
  ListRequest,
  LogtoClient,
  LogtoClientHealth,
  LogtoClientOptions,
  LogtoClientStats,
  RequestOptions,
  UpstreamRequest,
  UpstreamResponse,
} from './client-types.js';
import { LogtoApiError, errorFromResponse } from './errors.js';
import { createExchange, SUCCESS } from './exchange.js';
import { requestIds, UpstreamCounters } from './metering.js';
import { parseTotalNumber, parseTotalNumberIsCapped, planPages, sliceWindow } from './pagination.js';
import { RateLimiter, type Budget } from './rate-limit.js';
import { buildPath, withPage } from './request-path.js';
import { isIdempotent, type BackoffOptions } from './retry.js';
import { createTransport, type Transport } from './transport.js';

// The client's types and its pure URL helper keep their historical import path.
export type * from './client-types.js';
export { buildPath } from './request-path.js';

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

  const counters = new UpstreamCounters();
  const nextRequestId = requestIds();
  let closed = false;

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

  const run = createExchange({
    transport,
    limiter,
    tokens: () => tokens,
    counters,
    logger,
    processMeter: options.meter,
    tracer: options.tracer,
    maxRetries,
    queueTimeoutMs,
    backoff,
    userAgent,
    isClosed: () => closed,
  });

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
        ...counters.snapshot(),
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

function truncateForLog(body: unknown): unknown {
  if (typeof body === 'string' && body.length > 2_000) return `${body.slice(0, 2_000)}…`;
  return body;
}
