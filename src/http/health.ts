import type { Plugin } from 'graphql-yoga';

import { codeForLogtoError, type ErrorCode } from '../errors.js';
import type { LogtoClient } from '../logto/client.js';
import { isLogtoApiError } from '../logto/errors.js';
import type { Logger } from '../logger.js';

/** Shared between the server and its probes: set when shutdown begins. */
export type Lifecycle = { draining: boolean };

export type ReadinessBody = {
  readonly status: 'ready' | 'not_ready' | 'shutting_down';
  readonly checkedAt: string;
  readonly logto?: {
    readonly status: 'ok' | 'degraded' | 'failing';
    /** `probe`: GET /api/status with the M2M token; `traffic`: a real request succeeded recently. */
    readonly via: 'probe' | 'traffic';
    readonly latencyMs?: number;
    readonly code?: ErrorCode;
    readonly logtoCode?: string;
    readonly reason?: string;
  };
};

export type ReadinessAnswer = { readonly httpStatus: 200 | 503; readonly body: ReadinessBody };

export type ReadinessOptions = {
  readonly client: LogtoClient;
  readonly lifecycle: Lifecycle;
  /** Answers are reused this long (and recent traffic counts this long), so probes cost almost no budget. */
  readonly cacheMs: number;
  /** Longest a probe waits for Logto. Default 3 000. */
  readonly timeoutMs?: number;
  /** When Logto last answered 2xx (performance.now() clock); a fresh success stands in for a probe. */
  readonly lastUpstreamSuccessAt?: () => number | undefined;
  readonly logger?: Logger;
};

/**
 * Readiness: can a valid M2M token be obtained and does Logto answer? The probe is
 * `GET /api/status` sent with the token (one cheap request: Logto answers it without a database
 * query; getting the token proves the credentials). Answers are cached for `cacheMs`, concurrent
 * probes share one check, and when real traffic succeeded within `cacheMs` no request is sent.
 *
 * A full rate-limit queue is reported as `degraded` but still ready: every replica shares the
 * tenant budget, so taking replicas out would only turn slow answers into refused ones.
 */
export function createReadinessCheck(options: ReadinessOptions): () => Promise<ReadinessAnswer> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  let cached: { answer: ReadinessAnswer; at: number } | undefined;
  let inFlight: Promise<ReadinessAnswer> | undefined;

  const answer = (status: ReadinessBody['status'], logto: ReadinessBody['logto']): ReadinessAnswer => ({
    httpStatus: status === 'ready' ? 200 : 503,
    body: { status, checkedAt: new Date().toISOString(), ...(logto ? { logto } : {}) },
  });

  async function probe(): Promise<ReadinessAnswer> {
    const started = performance.now();
    try {
      await options.client.request({ method: 'GET', route: '/api/status' }, { signal: AbortSignal.timeout(timeoutMs), requestIdPrefix: 'readyz' });
      return answer('ready', { status: 'ok', via: 'probe', latencyMs: Math.round(performance.now() - started) });
    } catch (error) {
      if (!isLogtoApiError(error)) {
        options.logger?.error({ err: error }, 'readiness probe failed unexpectedly');
        return answer('not_ready', { status: 'failing', via: 'probe', code: 'INTERNAL_SERVER_ERROR' });
      }
      const code = codeForLogtoError(error);
      const limiter = options.client.stats().limiter;
      const queueBusy = limiter.queued > 0 || limiter.pausedUntil !== undefined;
      if (code === 'UPSTREAM_RATE_LIMITED' || (error.code === 'client.aborted' && queueBusy)) {
        return answer('ready', { status: 'degraded', via: 'probe', code: 'UPSTREAM_RATE_LIMITED', logtoCode: error.code, reason: 'the upstream rate-limit budget is exhausted; requests queue' });
      }
      options.logger?.warn({ logtoCode: error.code, status: error.status, code }, 'readiness probe: Logto is not usable');
      return answer('not_ready', {
        status: 'failing',
        via: 'probe',
        code: error.code === 'client.aborted' ? 'UPSTREAM_UNAVAILABLE' : code,
        logtoCode: error.code === 'client.aborted' ? 'network.probe_timeout' : error.code,
        latencyMs: Math.round(performance.now() - started),
      });
    }
  }

  return async () => {
    if (options.lifecycle.draining) return answer('shutting_down', undefined);
    const now = performance.now();
    if (cached && now - cached.at < options.cacheMs) return cached.answer;
    const lastSuccess = options.lastUpstreamSuccessAt?.();
    if (lastSuccess !== undefined && now - lastSuccess < options.cacheMs) {
      const fromTraffic = answer('ready', { status: 'ok', via: 'traffic' });
      cached = { answer: fromTraffic, at: now };
      return fromTraffic;
    }
    inFlight ??= probe().then((result) => {
      cached = { answer: result, at: performance.now() };
      inFlight = undefined;
      return result;
    });
    return inFlight;
  };
}

const json = (fetchAPI: { Response: typeof Response }, body: unknown, status: number): Response =>
  new fetchAPI.Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });

/**
 * `GET /healthz` (liveness: the process answers) and `GET /readyz` (readiness, see
 * createReadinessCheck). Runs before every other plugin so probes skip CSRF, CORS and GraphQL
 * handling entirely.
 */
export function useHealthRoutes(options: { readonly readiness: () => Promise<ReadinessAnswer>; readonly lifecycle: Lifecycle }): Plugin {
  const startedAt = Date.now();
  return {
    onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== '/healthz' && url.pathname !== '/readyz') return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      if (url.pathname === '/healthz') {
        endResponse(json(fetchAPI, { status: 'ok', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) }, 200));
        return;
      }
      return options.readiness().then((result) => endResponse(json(fetchAPI, result.body, result.httpStatus)));
    },
    onResponse({ response }) {
      // While draining, keep-alive connections close after their response instead of idling until
      // the shutdown timeout (Node closes the socket when the response says so).
      if (options.lifecycle.draining) response.headers.set('connection', 'close');
    },
  };
}
