/**
 * One span per upstream exchange (src/observability/tracing.ts turns it on). It covers the whole
 * logical request — waiting for a token and for budget, every attempt and retry — and is a child
 * of whatever span is active (the operation's). Attributes name the route template, never the
 * path or query (ids and searches stay out of traces), and never a header.
 */

import { SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';

import type { HttpMethod, UpstreamEvent, UpstreamMeter } from './client-types.js';

export type TracedExchange = {
  readonly kind: 'api' | 'token';
  readonly method: HttpMethod;
  readonly route: string;
  readonly requestId: string;
};

/** Runs `send` inside a span; `send` reports the finished exchange to the meter it is given. */
export async function traceExchange<T>(
  tracer: Tracer,
  exchange: TracedExchange,
  meter: UpstreamMeter | undefined,
  send: (meter: UpstreamMeter) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(`${exchange.method} ${exchange.route}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'http.request.method': exchange.method,
      'url.template': exchange.route,
      'logto.request_id': exchange.requestId,
      'logto.token_request': exchange.kind === 'token',
    },
  });
  const traced: UpstreamMeter = {
    record(event: UpstreamEvent) {
      span.setAttributes({
        'http.response.status_code': event.status,
        'http.request.resend_count': event.retries,
        // Waiting for the M2M token and for rate-limit budget before the first attempt left.
        'logto.queued_ms': round(event.startedAt - event.issuedAt),
        'logto.upstream_ms': round(event.endedAt - event.startedAt),
      });
      if (event.status === 0 || event.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      meter?.record(event);
    },
  };
  try {
    return await send(traced);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    span.setStatus({ code: SpanStatusCode.ERROR, message: typeof code === 'string' ? code : 'error' });
    throw error;
  } finally {
    span.end();
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
