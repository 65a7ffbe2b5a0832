import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import type { LogtoClient, UpstreamEvent, UpstreamMeter } from '../logto/client.js';
import type { OperationSummary, SummaryListener } from './operation-summary.js';

/**
 * Prometheus metrics: GraphQL operations (ours, with bounded labels, plus yoga's phase timings),
 * upstream Logto traffic (every exchange, from the client's process-wide meter and its counters),
 * the rate-limit queue, M2M tokens, and cost rejections.
 */
export type Metrics = {
  readonly registry: Registry;
  /** Hand to `createLogtoClient({ meter })`: latency, retries and queue wait per exchange. */
  readonly upstreamMeter: UpstreamMeter;
  /** Read this client's counters (requests by status, tokens, queue) at every scrape. */
  observeClient(client: LogtoClient): void;
  /** Listener for `useOperationSummary`. */
  readonly recordOperation: SummaryListener;
  /** yoga's own Prometheus plugin (parse/validate/execute phase timings, HTTP durations), on this registry. */
  yogaPlugin(): Plugin;
  /** When Logto last answered 2xx to anything (performance.now()), for the readiness probe. */
  lastUpstreamSuccessAt(): number | undefined;
  /** Prometheus text exposition. */
  expose(): Promise<{ contentType: string; body: string }>;
};

export type MetricsOptions = {
  /** Process metrics (CPU, memory, event-loop lag, GC). Default true. */
  readonly defaultMetrics?: boolean;
  /** Distinct operation names kept as label values; the rest are counted as `other`. Default 200. */
  readonly maxOperationNames?: number;
};

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const QUEUE_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const REQUEST_COUNT_BUCKETS = [0, 1, 2, 3, 5, 10, 20, 50, 100];
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

export function createMetrics(options: MetricsOptions = {}): Metrics {
  // One registry per server, not prom-client's global one: tests run several servers per process.
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const maxNames = options.maxOperationNames ?? 200;
  const knownNames = new Set<string>();
  let client: LogtoClient | undefined;
  let lastSuccessAt: number | undefined;

  /** Operation names come from the caller: keep the label set bounded whatever they send. */
  const nameLabel = (name: string | undefined): string => {
    if (name === undefined) return 'anonymous';
    if (!NAME.test(name)) return 'invalid';
    if (knownNames.has(name)) return name;
    if (knownNames.size >= maxNames) return 'other';
    knownNames.add(name);
    return name;
  };

  // Every metric of this registry, defined the same way: name, help, labels (and buckets).
  const counter = <Label extends string>(name: string, help: string, labelNames: readonly Label[]) =>
    new Counter<Label>({ name, help, labelNames, registers: [registry] });
  const histogram = <Label extends string>(name: string, help: string, labelNames: readonly Label[], buckets: number[]) =>
    new Histogram<Label>({ name, help, labelNames, buckets, registers: [registry] });
  const operations = counter('logto_graphql_operations_total', 'GraphQL requests by operation name, type (unknown: did not parse) and outcome (success, partial, error).', ['operation_name', 'operation_type', 'outcome']);
  const operationDuration = histogram('logto_graphql_operation_duration_seconds', 'Time from request arrival to response, by operation name, type and outcome.', ['operation_name', 'operation_type', 'outcome'], SECONDS_BUCKETS);
  const operationUpstream = histogram('logto_graphql_operation_upstream_requests', 'Logto requests one operation sent (retries included), by operation type.', ['operation_type'], REQUEST_COUNT_BUCKETS);
  const errors = counter('logto_graphql_errors_total', 'GraphQL errors returned, by extensions.code.', ['code']);
  const costRejected = counter('logto_graphql_cost_rejected_operations_total', 'Operations refused before execution with QUERY_TOO_EXPENSIVE, by operation name.', ['operation_name']);
  const upstreamDuration = histogram('logto_upstream_request_duration_seconds', 'Logto exchanges from leaving the rate-limit queue to the final answer (retries included), by route template, method and final status (0: no answer).', ['route', 'method', 'status'], SECONDS_BUCKETS);
  const upstreamQueueWait = histogram('logto_upstream_queue_wait_seconds', 'Time a Logto request waited before its first attempt left the rate-limit queue (token wait included).', [], QUEUE_BUCKETS);
  const upstreamRetries = counter('logto_upstream_retries_total', 'Logto attempts beyond the first (429, 5xx, network, one 401 token refresh), by route template and method.', ['route', 'method']);

  // Gauges and counters read from the client's own counters at scrape time.
  new Counter({
    name: 'logto_upstream_requests_total',
    help: 'Logto attempts (retries included) by route template, method and status (0: no answer).',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
    collect() {
      if (!client) return;
      this.reset();
      for (const entry of client.stats().requests) {
        this.inc({ route: entry.route, method: entry.method, status: String(entry.status) }, entry.count);
      }
    },
  });
  const fromStats = (name: string, help: string, kind: 'counter' | 'gauge', read: (c: LogtoClient) => number): void => {
    const collect = function (this: Counter | Gauge) {
      if (!client) return;
      this.reset();
      const value = read(client);
      if (this instanceof Gauge) this.set(value);
      else if (value > 0) this.inc(value);
    };
    if (kind === 'counter') new Counter({ name, help, registers: [registry], collect });
    else new Gauge({ name, help, registers: [registry], collect });
  };
  fromStats('logto_upstream_queue_depth', 'Logto requests waiting in the rate-limit queue now.', 'gauge', (c) => c.stats().limiter.queued);
  fromStats('logto_upstream_in_flight', 'Logto requests in flight now.', 'gauge', (c) => c.stats().limiter.inFlight);
  fromStats('logto_upstream_queue_wait_seconds_total', 'Total time requests spent waiting in the rate-limit queue.', 'counter', (c) => c.stats().limiter.waitMsTotal / 1000);
  fromStats('logto_upstream_queue_wait_seconds_max', 'Longest wait in the rate-limit queue so far.', 'gauge', (c) => c.stats().limiter.waitMsMax / 1000);
  fromStats('logto_upstream_queue_rejected_total', 'Logto requests refused by the queue timeout (UPSTREAM_RATE_LIMITED).', 'counter', (c) => c.stats().limiter.rejected);
  fromStats('logto_upstream_paused', '1 while a 429 Retry-After holds the whole queue.', 'gauge', (c) => (c.stats().limiter.pausedUntil === undefined ? 0 : 1));
  fromStats('logto_upstream_budget_limit', 'Requests allowed per rate-limit window.', 'gauge', (c) => c.budget().limit);
  fromStats('logto_upstream_budget_remaining', 'Requests left in the current rate-limit window.', 'gauge', (c) => c.budget().remaining);
  fromStats('logto_upstream_token_requests_total', 'M2M token requests (first token and refreshes).', 'counter', (c) => c.stats().token.requests);
  fromStats('logto_upstream_token_failures_total', 'M2M token requests that failed.', 'counter', (c) => c.stats().token.failures);
  fromStats('logto_upstream_token_invalidations_total', 'Cached tokens dropped because Logto answered 401.', 'counter', (c) => c.stats().token.invalidations);

  const upstreamMeter: UpstreamMeter = {
    record(event: UpstreamEvent) {
      const labels = { route: event.route, method: event.method, status: String(event.status) };
      upstreamDuration.observe(labels, Math.max(0, event.endedAt - event.startedAt) / 1000);
      upstreamQueueWait.observe(Math.max(0, event.startedAt - event.issuedAt) / 1000);
      if (event.retries > 0) upstreamRetries.inc({ route: event.route, method: event.method }, event.retries);
      if (event.status >= 200 && event.status < 300) lastSuccessAt = event.endedAt;
    },
  };

  const recordOperation = (summary: OperationSummary): void => {
    const name = nameLabel(summary.operationName);
    const type = summary.operationType ?? 'unknown';
    const labels = { operation_name: name, operation_type: type, outcome: summary.outcome };
    operations.inc(labels);
    operationDuration.observe(labels, summary.durationMs / 1000);
    if (summary.upstreamRequests !== undefined) operationUpstream.observe({ operation_type: type }, summary.upstreamRequests);
    for (const code of summary.errorCodes) errors.inc({ code });
    if (summary.errorCodes.includes('QUERY_TOO_EXPENSIVE')) costRejected.inc({ operation_name: name });
  };

  return {
    registry,
    upstreamMeter,
    observeClient(observed) {
      client = observed;
    },
    recordOperation,
    yogaPlugin() {
      return usePrometheus({
        registry,
        endpoint: false, // served by our own route, which can demand a token or live on its own port
        skipIntrospection: true,
        metrics: {
          // Same timing as our duration histogram; a summary costs CPU at every observation.
          graphql_envelop_request_time_summary: false,
          // Walks every document with a TypeInfo to count deprecated fields: the largest single
          // cost of a simple operation in a CPU profile (issue 19), for a schema with none.
          graphql_envelop_deprecated_field: false,
        },
        // Caller-chosen operation names and URLs would make label sets unbounded; ours are bounded.
        labels: { operationName: false, url: false },
      });
    },
    lastUpstreamSuccessAt: () => lastSuccessAt,
    async expose() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
