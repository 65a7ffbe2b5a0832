/**
 * OpenTelemetry traces (docs/ARCHITECTURE.md, "Traces"). Off unless OTEL_EXPORTER_OTLP_ENDPOINT
 * is set: then nothing here is loaded, no plugin is added and the Logto client gets no tracer,
 * so an operation pays nothing for it.
 *
 * Spans: the operation (from @envelop/opentelemetry), every upstream exchange (src/logto/tracing.ts)
 * as its child, and resolver calls with OTEL_TRACE_RESOLVERS=true. The operation span is found
 * by the upstream spans through the OTel context manager (AsyncLocalStorage), which the plugin
 * enters around execution.
 */

import { context, SpanKind, SpanStatusCode, type SpanOptions, type Tracer, type TracerProvider } from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Plugin } from 'graphql-yoga';

import type { Config } from '../config.js';

export type Tracing = {
  /** For the Logto client's upstream spans. */
  readonly tracer: Tracer;
  /** The operation (and resolver) spans; add it to Yoga's plugins. */
  readonly plugin: Plugin;
  /** Sends what is buffered (tests, shutdown). */
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
};

/** The scope name of our spans. */
export const TRACER_NAME = 'logto-graphql';

/** The plugin's resolver span puts the resolver's arguments (passwords, secrets) into an attribute: never kept. */
const UNSAFE_ATTRIBUTES = new Set(['graphql.resolver.args', 'graphql.execute.variables', 'graphql.execute.result']);

let contextManagerInstalled: Promise<void> | undefined;

/** Context propagation across awaits, DataLoader batches and timers: once per process. */
function installContextManager(): Promise<void> {
  contextManagerInstalled ??= import('@opentelemetry/context-async-hooks').then(({ AsyncLocalStorageContextManager }) => {
    // false when another library registered one first; any registered manager does the job.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });
  return contextManagerInstalled;
}

/**
 * Tracing as configured, or undefined when it is off. `processor` replaces the OTLP export
 * (tests pass a SimpleSpanProcessor over an InMemorySpanExporter; it also turns tracing on).
 */
export async function createTracing(config: Config['tracing'], processor?: SpanProcessor): Promise<Tracing | undefined> {
  const { endpoint } = config;
  if (endpoint === undefined && !processor) return undefined;
  // Loaded here, not at the top: with tracing off the SDK and the plugin are never loaded.
  const [{ useOpenTelemetry }, { resourceFromAttributes }, { BasicTracerProvider, BatchSpanProcessor }] = await Promise.all([
    import('@envelop/opentelemetry'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
    installContextManager(),
  ]);
  const spanProcessor = processor ?? new BatchSpanProcessor(await otlpExporter(config, endpoint!));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    spanProcessors: [spanProcessor],
  });
  const plugin = useOpenTelemetry(
    {
      resolvers: config.resolvers,
      // Trivial property reads would drown the trace; only resolvers we wrote get spans.
      defaultResolvers: false,
      // The document only when it carries no inline arguments (the plugin's rule); variables and results never.
      variables: false,
      result: false,
    },
    withoutUnsafeAttributes(provider),
    SpanKind.SERVER,
    {},
    TRACER_NAME,
  ) as Plugin;
  return {
    tracer: provider.getTracer(TRACER_NAME),
    plugin,
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

async function otlpExporter(config: Config['tracing'], endpoint: string): Promise<SpanExporter> {
  // The standard says the traces path is appended to OTEL_EXPORTER_OTLP_ENDPOINT; an explicit url is used as given.
  const options = { url: `${endpoint}/v1/traces`, headers: { ...config.headers } };
  if (config.protocol === 'http/json') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    return new OTLPTraceExporter(options);
  }
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter(options);
}

/** The plugin's tracer, minus attributes that may hold secrets (set at span start, where it sets them). */
function withoutUnsafeAttributes(provider: TracerProvider): TracerProvider {
  return {
    getTracer(name, version, options) {
      const tracer = provider.getTracer(name, version, options);
      const clean = (spanOptions: SpanOptions | undefined): SpanOptions | undefined => {
        const attributes = spanOptions?.attributes;
        if (!attributes || !Object.keys(attributes).some((key) => UNSAFE_ATTRIBUTES.has(key))) return spanOptions;
        return { ...spanOptions, attributes: Object.fromEntries(Object.entries(attributes).filter(([key]) => !UNSAFE_ATTRIBUTES.has(key))) };
      };
      return {
        startSpan: (spanName, spanOptions, ctx) => {
          const span = tracer.startSpan(spanName, clean(spanOptions), ctx);
          if (spanOptions?.attributes?.['graphql.resolver.fieldName'] === undefined) return span;
          // @envelop/opentelemetry 9.2 records a failed resolver's exception but never ends its
          // span, so the failures would be missing from the trace: end it there, as an error.
          const recordException = span.recordException.bind(span);
          span.recordException = (exception, time) => {
            recordException(exception, time);
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.end();
          };
          return span;
        },
        // The plugin does not use it; kept whole for the interface.
        startActiveSpan: tracer.startActiveSpan.bind(tracer),
      };
    },
  };
}
