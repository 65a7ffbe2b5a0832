/**
 * OpenTelemetry traces: the operation span, one span per upstream Logto request under it, resolver
 * spans behind OTEL_TRACE_RESOLVERS, and a real OTLP export to a local collector.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from '../../src/config.js';
import { createTracing, type Tracing } from '../../src/observability/tracing.js';
import { type Stack, startStack, upstreamDuring } from '../helpers/stack.js';

const LOGS_QUERY = '{ logs(first: 100) { nodes { id user { id } application { id } } } }';

const upstreamSpans = (spans: readonly ReadableSpan[]) => spans.filter((span) => String(span.attributes['url.template']).startsWith('/api/'));
const operationSpans = (spans: readonly ReadableSpan[]) => spans.filter((span) => span.attributes['graphql.execute.operationType'] !== undefined);

describe('traces to an in-memory exporter', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let stack: Stack;

  beforeAll(async () => {
    tracing = (await createTracing(loadConfig({}).tracing, new SimpleSpanProcessor(exporter)))!;
    stack = await startStack({ tracing });
  });
  afterAll(async () => {
    await stack.close();
    await tracing.shutdown();
  });
  afterEach(() => exporter.reset());

  it('puts a span for each of the 3 upstream requests of logs { user application } under the operation span', async () => {
    const { result, requests } = await upstreamDuring(stack, () => stack.post(LOGS_QUERY));
    expect(result.body.errors).toBeUndefined();
    expect(requests.map((request) => request.path).sort()).toEqual(['/api/applications', '/api/logs', '/api/users']);

    const spans = exporter.getFinishedSpans();
    const [operation, ...others] = operationSpans(spans);
    expect(others).toEqual([]);
    expect(operation!.name).toBe('query.anonymous');

    const upstream = upstreamSpans(spans);
    expect(upstream.map((span) => span.name).sort()).toEqual(['GET /api/applications', 'GET /api/logs', 'GET /api/users']);
    for (const span of upstream) {
      expect(span.parentSpanContext?.spanId).toBe(operation!.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(operation!.spanContext().traceId);
      expect(span.attributes).toMatchObject({
        'http.request.method': 'GET',
        'http.response.status_code': 200,
        'http.request.resend_count': 0,
      });
      expect(span.attributes['logto.queued_ms']).toBeTypeOf('number');
      expect(span.attributes['logto.upstream_ms']).toBeTypeOf('number');
    }
    // The users batch starts after the logs page arrived: the trace shows the two waves.
    const logsSpan = upstream.find((span) => span.name === 'GET /api/logs')!;
    const usersSpan = upstream.find((span) => span.name === 'GET /api/users')!;
    expect(timeOf(usersSpan.startTime)).toBeGreaterThanOrEqual(timeOf(logsSpan.endTime));
  });

  it('keeps secrets, paths and queries out of every span, and resolver spans off by default', async () => {
    const { result } = await upstreamDuring(stack, () =>
      stack.post('query Find($q: String!) { users(first: 3, filter: { search: { like: $q } }) { nodes { id } } }', { q: '%alice%' }),
    );
    expect(result.body.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    expect(upstreamSpans(spans).length).toBeGreaterThan(0);
    const recorded = JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events })));
    expect(recorded).not.toContain(stack.sandbox.clientSecret);
    expect(recorded).not.toMatch(/bearer|authorization|basic /i);
    expect(recorded).not.toContain('alice');
    expect(recorded).not.toContain('?');
    expect(spans.filter((span) => span.attributes['graphql.resolver.fieldName'] !== undefined)).toEqual([]);
  });
});

describe('resolver spans (OTEL_TRACE_RESOLVERS=true)', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let stack: Stack;

  beforeAll(async () => {
    tracing = (await createTracing(loadConfig({ OTEL_TRACE_RESOLVERS: 'true' }).tracing, new SimpleSpanProcessor(exporter)))!;
    stack = await startStack({ tracing });
  });
  afterAll(async () => {
    await stack.close();
    await tracing.shutdown();
  });

  it('adds a span per resolver call under the operation, without the arguments', async () => {
    const result = await stack.post(LOGS_QUERY);
    expect(result.body.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    const [operation] = operationSpans(spans);
    const logsResolver = spans.find((span) => span.name === 'Query.logs');
    expect(logsResolver?.attributes['graphql.resolver.fieldName']).toBe('logs');
    expect(logsResolver?.parentSpanContext?.spanId).toBe(operation!.spanContext().spanId);
    expect(spans.some((span) => 'graphql.resolver.args' in span.attributes)).toBe(false);
    expect(upstreamSpans(spans)).toHaveLength(3);
  });

  it('ends a failed resolver span as an error', async () => {
    exporter.reset();
    const result = await stack.post('{ logs(first: 1000) { totalCount } }');
    expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const resolver = exporter.getFinishedSpans().find((span) => span.name === 'Query.logs');
    expect(resolver?.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('OTLP export', () => {
  type Received = { path: string | undefined; headers: IncomingHttpHeaders; body: Buffer };
  let collector: Server;
  let collectorUrl: string;
  const received: Received[] = [];

  beforeAll(async () => {
    // A fake OpenTelemetry collector: records what is posted, answers as a collector does.
    collector = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ path: request.url, headers: request.headers, body: Buffer.concat(chunks) });
        const json = request.headers['content-type'] === 'application/json';
        response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
        response.end(json ? '{}' : undefined);
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));
  afterEach(() => {
    received.length = 0;
  });

  const exportOnce = async (env: Record<string, string>): Promise<void> => {
    const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl, OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=k%20123', ...env });
    const tracing = (await createTracing(config.tracing))!;
    const stack = await startStack({ tracing });
    try {
      const result = await stack.post(LOGS_QUERY);
      expect(result.body.errors).toBeUndefined();
      await tracing.forceFlush();
    } finally {
      await stack.close();
      await tracing.shutdown();
    }
  };

  it('posts the spans as OTLP JSON to <endpoint>/v1/traces with OTEL_EXPORTER_OTLP_PROTOCOL=http/json', async () => {
    await exportOnce({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'facade-under-test' });
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((post) => post.path === '/v1/traces' && post.headers['content-type'] === 'application/json')).toBe(true);
    expect(received[0]!.headers['x-collector-key']).toBe('k 123');
    type OtlpJson = {
      resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: { name: string }[] }[] }[];
    };
    const payloads = received.map((post) => JSON.parse(post.body.toString('utf8')) as OtlpJson);
    const services = payloads.flatMap((p) => p.resourceSpans.flatMap((r) => r.resource.attributes.filter((a) => a.key === 'service.name').map((a) => a.value.stringValue)));
    expect(new Set(services)).toEqual(new Set(['facade-under-test']));
    const names = payloads.flatMap((p) => p.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.name))));
    expect(names).toEqual(expect.arrayContaining(['query.anonymous', 'GET /api/logs', 'GET /api/users', 'GET /api/applications']));
  });

  it('posts protobuf by default (http/protobuf, the standard default) with the default service name', async () => {
    await exportOnce({});
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((post) => post.path === '/v1/traces' && post.headers['content-type'] === 'application/x-protobuf')).toBe(true);
    const body = Buffer.concat(received.map((post) => post.body));
    // Protobuf keeps strings as they are: the names can be found in the bytes.
    for (const text of ['logto-graphql', 'query.anonymous', 'GET /api/logs', 'GET /api/users']) expect(body.includes(text)).toBe(true);
  });
});

describe('tracing configuration', () => {
  it('is off without OTEL_EXPORTER_OTLP_ENDPOINT, and with OTEL_SDK_DISABLED=true', async () => {
    expect(loadConfig({}).tracing).toEqual({ endpoint: undefined, protocol: 'http/protobuf', headers: {}, serviceName: 'logto-graphql', resolvers: false });
    expect(await createTracing(loadConfig({}).tracing)).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/', OTEL_SDK_DISABLED: 'true' }).tracing.endpoint).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing.endpoint).toBe('http://collector:4318');
  });

  it('refuses grpc and malformed headers in one clear line, without echoing the headers', () => {
    const problems = (env: Record<string, string>): readonly string[] => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
    };
    expect(problems({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toEqual([
      'OTEL_EXPORTER_OTLP_PROTOCOL: expected http/protobuf or http/json (grpc is not supported) (got "grpc")',
    ]);
    const [headers] = problems({ OTEL_EXPORTER_OTLP_HEADERS: 'no-equals-sign-secret' });
    expect(headers).toMatch(/^OTEL_EXPORTER_OTLP_HEADERS: expected name=value pairs/);
    expect(headers).not.toContain('no-equals-sign-secret');
  });
});

function timeOf([seconds, nanos]: readonly [number, number]): number {
  return seconds * 1e9 + nanos;
}
