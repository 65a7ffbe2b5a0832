/**
 * /metrics after known operations: the values must match what happened, counted independently
 * from the sandbox's request log.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { startStack, type Stack } from '../helpers/stack.js';

const stacks: Stack[] = [];
afterEach(async () => {
  for (const stack of stacks.splice(0)) await stack.close();
});

async function stackWith(env: Record<string, string> = {}): Promise<Stack> {
  const stack = await startStack({ env });
  stacks.push(stack);
  return stack;
}

/** Parses the Prometheus text format into `name{labels}` → value. */
function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line);
    if (match) values.set(`${match[1]}${match[2] ?? ''}`, Number(match[3]));
  }
  return values;
}

/** Sum of the samples of `name` whose labels include every given pair. */
function sum(values: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const [key, value] of values) {
    if (!(key === name || key.startsWith(`${name}{`))) continue;
    if (Object.entries(labels).every(([label, expected]) => key.includes(`${label}="${expected}"`))) total += value;
  }
  return total;
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<Map<string, number>> {
  const response = await fetch(url, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return parseMetrics(await response.text());
}

const metricsUrl = (stack: Stack) => stack.server.url.replace(/\/graphql$/, '/metrics');

describe('GET /metrics', () => {
  it('counts operations, upstream requests, tokens and cost rejections exactly', async () => {
    const stack = await stackWith({ MAX_UPSTREAM_REQUESTS_PER_OPERATION: '20' });
    await stack.graphql.request('query ListUsers { users(first: 5) { totalCount nodes { username } } }');
    await stack.graphql.request('query ListUsers { users(first: 2) { nodes { username roles(first: 3) { nodes { name } } } } }');
    await stack.graphql.request('query Roles { roles(first: 5) { totalCount } }');
    const tooExpensive = await stack.post('query Everything { users(first: 100) { nodes { roles(first: 100) { nodes { name } } } } }');
    expect(tooExpensive.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_EXPENSIVE');
    const invalid = await stack.post('query Broken { users(first: 1) { nosuchfield } }');
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const m = await scrape(metricsUrl(stack));
    // GraphQL operations by name, type and outcome.
    expect(sum(m, 'logto_graphql_operations_total', { operation_name: 'ListUsers', operation_type: 'query', outcome: 'success' })).toBe(2);
    expect(sum(m, 'logto_graphql_operations_total', { operation_name: 'Roles', outcome: 'success' })).toBe(1);
    expect(sum(m, 'logto_graphql_operations_total', { operation_name: 'Everything', outcome: 'error' })).toBe(1);
    expect(sum(m, 'logto_graphql_operations_total', { operation_name: 'Broken', outcome: 'error' })).toBe(1);
    expect(sum(m, 'logto_graphql_operation_duration_seconds_count', { operation_name: 'ListUsers' })).toBe(2);
    expect(sum(m, 'logto_graphql_cost_rejected_operations_total', { operation_name: 'Everything' })).toBe(1);
    expect(sum(m, 'logto_graphql_errors_total', { code: 'QUERY_TOO_EXPENSIVE' })).toBe(1);
    expect(sum(m, 'logto_graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(1);

    // Upstream requests by route template, method and status = the sandbox's own log.
    const log = stack.sandbox.requestLog.entries();
    const apiRequests = log.filter((entry) => entry.path.startsWith('/api/'));
    expect(sum(m, 'logto_upstream_requests_total')).toBe(log.length);
    expect(sum(m, 'logto_upstream_requests_total', { route: '/api/users', method: 'GET', status: '200' })).toBe(
      log.filter((entry) => entry.path === '/api/users').length,
    );
    expect(sum(m, 'logto_upstream_requests_total', { route: '/api/users/:id/roles' })).toBe(2);
    expect(sum(m, 'logto_upstream_requests_total', { route: '/oidc/token', method: 'POST', status: '200' })).toBe(1);
    // Every exchange also lands in the latency histogram (one observation per logical request).
    expect(sum(m, 'logto_upstream_request_duration_seconds_count')).toBe(log.length);
    expect(sum(m, 'logto_upstream_queue_wait_seconds_count')).toBe(log.length);
    // Per-operation upstream counts add up to the API requests (the token request belongs to none).
    expect(sum(m, 'logto_graphql_operation_upstream_requests_sum')).toBe(apiRequests.length);
    // Tokens and the queue.
    expect(sum(m, 'logto_upstream_token_requests_total')).toBe(1);
    expect(sum(m, 'logto_upstream_token_failures_total')).toBe(0);
    expect(m.get('logto_upstream_queue_depth')).toBe(0);
    expect(m.get('logto_upstream_in_flight')).toBe(0);
    expect(m.has('logto_upstream_queue_wait_seconds_total')).toBe(true);
    expect(m.get('logto_upstream_budget_limit')).toBe(200);
    expect(m.get('logto_upstream_budget_remaining')).toBe(200 - log.length);
    expect(sum(m, 'logto_upstream_retries_total')).toBe(0);
    // yoga's own plugin: phase timings, without caller-chosen operation names or URLs as labels.
    expect(sum(m, 'graphql_envelop_phase_execute_count')).toBe(3);
    expect(sum(m, 'graphql_yoga_http_duration_count')).toBeGreaterThanOrEqual(4);
    expect([...m.keys()].some((key) => key.startsWith('graphql_') && /operationName=|url=/.test(key))).toBe(false);
  });

  it('counts retries and the rate-limit queue', async () => {
    const stack = await stackWith({ LOGTO_RATE_LIMIT: '3/1s', LOGTO_MAX_CONCURRENCY: '1' });
    stack.sandbox.injectFaults({ path: '/api/roles', kind: 'status-503', times: 1 });
    await stack.graphql.request('{ roles(first: 1) { totalCount } }');
    // Four list requests against a budget of 3 per second: the last ones wait in the queue.
    await Promise.all(Array.from({ length: 4 }, () => stack.graphql.request('{ users(first: 1) { totalCount } }')));
    const m = await scrape(metricsUrl(stack));
    expect(sum(m, 'logto_upstream_retries_total', { route: '/api/roles', method: 'GET' })).toBe(1);
    expect(sum(m, 'logto_upstream_requests_total', { route: '/api/roles', status: '503' })).toBe(1);
    expect(sum(m, 'logto_upstream_requests_total', { route: '/api/roles', status: '200' })).toBe(1);
    expect(m.get('logto_upstream_queue_wait_seconds_max')).toBeGreaterThan(0.2);
    expect(m.get('logto_upstream_queue_wait_seconds_total')).toBeGreaterThan(0.2);
    // Some request waited at least half a second in the queue.
    expect(sum(m, 'logto_upstream_queue_wait_seconds_count') - sum(m, 'logto_upstream_queue_wait_seconds_bucket', { le: '0.25' })).toBeGreaterThan(0);
  }, 20_000);

  it('bounds operation-name labels: after the first 200 distinct names the rest count as "other"', async () => {
    const { createMetrics } = await import('../../src/observability/metrics.js');
    const metrics = createMetrics({ defaultMetrics: false, maxOperationNames: 2 });
    const base = {
      requestId: 'r',
      httpMethod: 'POST',
      httpStatus: 200,
      operationType: 'query' as const,
      persistedOperationId: undefined,
      durationMs: 1,
      upstreamRequests: 0,
      upstreamWaves: 0,
      estimatedUpstreamRequests: 0,
      outcome: 'success' as const,
      errorCodes: [],
      variableNames: [],
    };
    for (const name of ['A', 'B', 'C', 'D', undefined, 'not a name!']) metrics.recordOperation({ ...base, operationName: name }, new Response());
    const m = parseMetrics((await metrics.expose()).body);
    expect(sum(m, 'logto_graphql_operations_total', { operation_name: 'A' })).toBe(1);
    expect(sum(m, 'logto_graphql_operations_total', { operation_name: 'other' })).toBe(2);
    expect(sum(m, 'logto_graphql_operations_total', { operation_name: 'anonymous' })).toBe(1);
    expect(sum(m, 'logto_graphql_operations_total', { operation_name: 'invalid' })).toBe(1);
  });

  it('wants Authorization: Bearer <METRICS_TOKEN> when one is set', async () => {
    const token = 'metrics-token-0123456789';
    const stack = await stackWith({ METRICS_TOKEN: token });
    const anonymous = await fetch(metricsUrl(stack));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await anonymous.text()).not.toContain(token);
    expect((await fetch(metricsUrl(stack), { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const m = await scrape(metricsUrl(stack), { authorization: `Bearer ${token}` });
    expect(m.has('logto_upstream_queue_depth')).toBe(true);
  });

  it('serves /metrics on METRICS_PORT instead of the main port when set', async () => {
    const stack = await stackWith({ METRICS_PORT: '0', METRICS_HOST: '127.0.0.1' });
    const listener = stack.server.metricsListener;
    expect(listener).toBeDefined();
    expect(listener?.port).not.toBe(stack.server.port);
    expect((await fetch(metricsUrl(stack))).status).toBe(404);
    await stack.graphql.request('query One { users(first: 1) { totalCount } }');
    const m = await scrape(listener!.url);
    expect(sum(m, 'logto_graphql_operations_total', { operation_name: 'One' })).toBe(1);
    expect((await fetch(listener!.url.replace('/metrics', '/graphql'))).status).toBe(404);
  });
});
