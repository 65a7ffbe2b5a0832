/**
 * One logical request to a final answer, with the client's retry policies: a network failure
 * (backoff, unless a write may have been sent), 401 (one retry on a new token), 429 (wait for
 * Retry-After, pausing the whole budget) and 502/503/504 (backoff, idempotent requests only).
 */
import { performance } from 'node:perf_hooks';

import type { Tracer } from '@opentelemetry/api';

import type { AccessToken, M2mTokenProvider } from '../auth/m2m-token.js';
import type { Logger } from '../logger.js';
import type { HttpMethod, RequestOptions, UpstreamEvent, UpstreamMeter } from './client-types.js';
import { LogtoApiError, errorFromResponse } from './errors.js';
import { safeRecord, type UpstreamCounters } from './metering.js';
import type { RateLimiter } from './rate-limit.js';
import { backoffDelay, parseRetryAfter, type BackoffOptions } from './retry.js';
import { traceExchange } from './tracing.js';
import { TransportError, type Transport, type WireResponse } from './transport.js';
import { sleep, untilAborted } from './waits.js';

/** What one logical request needs besides the caller's options. */
export type Exchange = {
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

export type Outcome = {
  readonly response: WireResponse;
  readonly retries: number;
  /** An earlier attempt may have reached Logto's handler (see `LogtoApiError.earlierAttemptMayHaveApplied`). */
  readonly earlierAttemptMayHaveApplied: boolean;
};

export const SUCCESS = (status: number): boolean => status >= 200 && status < 300;
const RETRYABLE_STATUS = new Set([502, 503, 504]);

export type ExchangeDependencies = {
  readonly transport: Transport;
  readonly limiter: RateLimiter;
  /** Resolved when a request needs it: the token provider itself sends its requests through here. */
  readonly tokens: () => M2mTokenProvider;
  readonly counters: UpstreamCounters;
  readonly logger: Logger;
  /** The process-wide meter (`LogtoClientOptions.meter`); the request's own one comes with each call. */
  readonly processMeter: UpstreamMeter | undefined;
  readonly tracer: Tracer | undefined;
  readonly maxRetries: number;
  readonly queueTimeoutMs: number;
  readonly backoff: BackoffOptions;
  readonly userAgent: string;
  readonly isClosed: () => boolean;
};

/** `run(exchange, options)`: the exchange, in a span when tracing is on (the span learns status, retries and queueing through the meter). */
export function createExchange(deps: ExchangeDependencies): (exchange: Exchange, requestOptions: RequestOptions) => Promise<Outcome> {
  const exchangeOnce = exchangeRunner(deps);
  const { tracer } = deps;
  return (exchange, requestOptions) => {
    if (!tracer) return exchangeOnce(exchange, requestOptions);
    return traceExchange(tracer, exchange, requestOptions.meter, (meter) => exchangeOnce(exchange, { ...requestOptions, meter }));
  };
}

function exchangeRunner({
  transport,
  limiter,
  tokens: tokenProvider,
  counters,
  logger,
  processMeter,
  maxRetries,
  queueTimeoutMs,
  backoff,
  userAgent,
  isClosed,
}: ExchangeDependencies): (exchange: Exchange, requestOptions: RequestOptions) => Promise<Outcome> {
  /**
   * Runs one logical request to a final answer: queue, send, retry what is safe. Returns the last
   * answer whatever its status (the caller decides what a non-2xx means); throws LogtoApiError
   * when no usable answer arrived.
   */
  return async function exchangeOnce(exchange: Exchange, requestOptions: RequestOptions): Promise<Outcome> {
    if (isClosed()) throw new LogtoApiError({ status: 0, code: 'client.closed', message: 'The Logto client is closed', requestId: exchange.requestId });
    const { signal } = requestOptions;
    const tokens = tokenProvider();
    const issuedAt = performance.now();
    // One fair-queue place per logical request, kept by its retries; the token request jumps the queue.
    const ticket = exchange.kind === 'token' ? undefined : limiter.ticket(requestOptions.callerKey, 1, requestOptions.background?.share);
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
      counters.retry();
      logger.debug({ requestId: exchange.requestId, route: exchange.route, attempt, delayMs, why }, 'retrying Logto request');
      if (delayMs > 0) await sleep(delayMs, signal, exchange.requestId);
    };

    try {
      for (;;) {
        let token: AccessToken | undefined;
        if (exchange.kind === 'api') token = await untilAborted(tokens.get(), signal, exchange.requestId);
        const waitSignal = signal && requestOptions.queueSignal ? AbortSignal.any([signal, requestOptions.queueSignal]) : (signal ?? requestOptions.queueSignal);
        const permit = await limiter.acquire({ ...(ticket ? { ticket } : { priority: true }), ...(waitSignal ? { signal: waitSignal } : {}) });
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
          counters.attempt(exchange.method, exchange.route, lastStatus);
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
          if (attempt < maxRetries && !outcomeUnknown && !isClosed()) {
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
        counters.attempt(exchange.method, exchange.route, lastStatus);
        if (SUCCESS(response.status)) return { response, retries, earlierAttemptMayHaveApplied };

        if (response.status === 401 && token && !authRetried) {
          // Revoked, rotated or expired early: get a new token and try once more.
          // This retry has its own budget of one and does not count against maxRetries.
          authRetried = true;
          retries++;
          counters.retry({ auth: true });
          tokens.invalidate(token.value);
          continue;
        }
        if (response.status === 429) {
          const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
          const delayMs = retryAfterMs ?? backoffDelay(attempt, backoff);
          if (attempt < maxRetries && delayMs <= queueTimeoutMs && !isClosed()) {
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
        if (RETRYABLE_STATUS.has(response.status) && exchange.idempotent && attempt < maxRetries && !isClosed()) {
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
        safeRecord(processMeter, event, logger);
      }
    }
  };
}
