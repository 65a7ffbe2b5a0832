import { createServer, IncomingMessage, type Server } from 'node:http';

import compression from 'compression';
import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';

import { isAuthenticated } from './auth/caller.js';
import { callerKey } from './auth/caller-key.js';
import { AccessPolicy } from './auth/policy.js';
import type { Caller } from './auth/caller.js';
import { createRequestAuth, createRequestAuthenticator, type RequestAuthenticator } from './auth/request-auth.js';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { OperationMeter } from './cost/meter.js';
import { useCallerShare } from './cost/caller-share.js';
import { useUpstreamCost } from './cost/plugin.js';
import { asGraphQLError, ERROR_CODES, graphQLError } from './errors.js';
import type { Lifecycle } from './http/health.js';
import { listen as listenOn } from './http/listen.js';
import { setUpOperations } from './http/operations-setup.js';
import { requestIdOf } from './http/request-id.js';
import { createLoaders } from './loaders/index.js';
import { bindUpstream } from './loaders/upstream.js';
import type { LogtoClient } from './logto/client.js';
import type { Logger } from './logger.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { type MetricsListener, startMetricsListener } from './observability/metrics-endpoint.js';
import { markRefused } from './observability/operation-summary.js';
import type { Tracing } from './observability/tracing.js';
import { buildSchema } from './schema/index.js';
import { createLiveBus, type LiveBus } from './live/event-bus.js';
import { createKeyring, createWebhookReceiver, type DeliveryDedupe, type WebhookKeyring, type WebhookReceiver } from './webhooks/receiver.js';
import { createJobService, type JobService } from './jobs/index.js';
import { createResponseCache, type ResponseCache } from './live/response-cache.js';
import { serveWebSocket } from './live/websocket.js';

export type AppDependencies = {
  readonly config: Config;
  readonly client: LogtoClient;
  readonly logger: Logger;
  /**
   * Prometheus metrics. Pass the one whose `upstreamMeter` the client was created with, so
   * upstream latency and retries are measured too; without it the server makes its own.
   */
  readonly metrics?: Metrics;
  /** Draining flag shared with the readiness probe; startServer provides it. */
  readonly lifecycle?: Lifecycle;
  /** OpenTelemetry (src/observability/tracing.ts); pass the one whose tracer the client has. */
  readonly tracing?: Tracing;
  /**
   * The live bus (src/live/event-bus.ts): verified webhook deliveries and the facade's own writes,
   * for the response cache and subscriptions. Without one the app makes its own (Redis pub/sub
   * with `REDIS_URL`, else in-process); startServer closes the one it made.
   */
  readonly liveBus?: LiveBus;
  /**
   * Logto's webhooks (src/webhooks/receiver.ts): the key deliveries are verified with (default:
   * LOGTO_WEBHOOK_SIGNING_KEY; registration sets it later) and how retries are recognised.
   */
  readonly webhooks?: { readonly keyring?: WebhookKeyring; readonly dedupe?: DeliveryDedupe };
  /** Bulk jobs (src/jobs/service.ts); without one the app makes its own, closed by startServer. */
  readonly jobs?: JobService;
  /** The response cache (src/live/response-cache.ts); without one the app makes its own from the configuration. */
  readonly responseCache?: ResponseCache;
  /** Verifies access tokens; startServer shares one with the WebSocket endpoint. */
  readonly authenticator?: RequestAuthenticator;
  /** Callers of operations arriving over a WebSocket (src/live/websocket.ts), by their stand-in request. */
  readonly socketCallers?: WeakMap<Request, Caller>;
};

/** What GraphiQL opens with (the first of its example tabs). */
export { DEFAULT_GRAPHIQL_QUERY } from './http/graphiql.js';

type ServerContext = Record<string, never>;

/**
 * Gives every error a code from our closed list. Execution errors get theirs in `maskError`;
 * what is left — syntax, validation, variable coercion, abuse limits (which bring codes of
 * their own, such as `GRAPHQL_PARSE_FAILED`) — is the caller's input.
 */
function useErrorCodes(): Plugin {
  const withCode = (error: GraphQLError) =>
    (ERROR_CODES as readonly unknown[]).includes(error.extensions?.code)
      ? error
      : new GraphQLError(error.message, {
          nodes: error.nodes,
          source: error.source,
          positions: error.positions,
          path: error.path,
          originalError: error.originalError,
          extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
        });
  return {
    onValidate() {
      return ({ result, setResult }) => {
        if (result.length > 0) setResult(result.map((error) => (error instanceof GraphQLError ? withCode(error) : error)));
      };
    },
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !result || typeof result !== 'object' || !('errors' in result) || !result.errors) return;
      setResult({ ...result, errors: result.errors.map((error) => (error instanceof GraphQLError ? withCode(error) : error)) });
    },
  };
}

/** `INTROSPECTION=false`: `__schema` and `__type` fail validation (`__typename` still works). */
function useDisableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

export function createApp(deps: AppDependencies): YogaServerInstance<ServerContext, Context> {
  const { config, client, logger } = deps;
  const liveBus = deps.liveBus ?? createLiveBus({ redisUrl: config.redis.url });
  const jobs = deps.jobs ?? createJobService({ config, client, logger });
  const auth = createRequestAuth(deps.authenticator ?? createRequestAuthenticator(config, logger), {
    graphqlEndpoint: '/graphql',
    onRefused: markRefused,
  });
  const socketCallers = deps.socketCallers ?? new WeakMap<Request, Caller>();
  const callerOf = (request: Request): Caller => socketCallers.get(request) ?? auth.callerOf(request);
  const metrics = deps.metrics ?? createMetrics();
  const ops = setUpOperations({ config, client, logger, metrics, lifecycle: deps.lifecycle ?? { draining: false } });
  const schema = buildSchema({ federation: config.federation });
  const responseCache = deps.responseCache ?? newResponseCache(config, liveBus, logger, metrics);
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    ...ops.yogaOptions, // GraphiQL, CORS, body limit (src/http/operations-setup.ts)
    logging: {
      debug: (...args) => logger.debug({ yoga: args.map(String) }, 'yoga'),
      info: (...args) => logger.info({ yoga: args.map(String) }, 'yoga'),
      warn: (...args) => logger.warn({ yoga: args.map(String) }, 'yoga'),
      // yoga logs every error our maskError rewrites, i.e. every error, client mistakes included
      // (twice). Unexpected ones are logged in full by maskError below, and every operation's
      // codes by its log line, so yoga's copy is debug detail.
      error: (...args) => logger.debug({ yoga: args.map(String) }, 'yoga'),
    },
    plugins: [
      // Authentication before anything else: without a valid token nothing is parsed or fetched.
      auth.plugin,
      ...(config.introspection ? [] : [useDisableIntrospection()]),
      // Probes, /metrics, request id, CSRF, size limits, persisted operations, closed error codes.
      ...ops.requestPlugins,
      // Abuse limits first: a refused document costs nothing further.
      EnvelopArmorPlugin({
        maxDepth: { n: config.limits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
        maxAliases: { n: config.limits.maxAliases },
        maxTokens: { n: config.limits.maxTokens },
        maxDirectives: { n: config.limits.maxDirectives },
        // Our own upstream estimate replaces a generic field-cost limit.
        costLimit: { enabled: false },
        // Suggestions reveal the schema; hide them when introspection is off.
        blockFieldSuggestion: { enabled: !config.introspection },
      }),
      useErrorCodes(),
      // A cached answer is served before anything is estimated or fetched (src/live/response-cache.ts).
      responseCache.plugin({ schema, callerOf }),
      useUpstreamCost({ maxUpstreamRequests: config.limits.maxUpstreamRequestsPerOperation, client }),
      useCallerShare(),
      // The operation span (and resolver spans); upstream spans nest under it.
      ...(deps.tracing ? [deps.tracing.plugin] : []),
      // Last: Prometheus, and the per-operation summary (log line, metrics, cache headers).
      ...ops.observationPlugins,
    ],
    context: (initial): Context => {
      const { request } = initial;
      const requestId = requestIdOf(request);
      const meter = new OperationMeter();
      const caller = callerOf(request);
      // Defence in depth: a request authentication never saw runs nothing, not even `__typename`.
      if (!isAuthenticated(caller)) throw graphQLError('UNAUTHENTICATED', 'An access token is required: send `Authorization: Bearer <token>`.');
      // The budget queue is fair between callers; loaders and resolvers never see this key.
      const upstream = bindUpstream(client, { meter, requestIdPrefix: requestId, callerKey: callerKey(caller, remoteAddressOf(initial)) });
      return {
        requestId,
        config,
        caller,
        access: new AccessPolicy(caller, config.auth.selfServiceCustomDataKeys),
        logger: logger.child({ requestId }),
        upstream,
        loaders: createLoaders(upstream),
        meter,
        cost: { estimatedUpstreamRequests: undefined },
        live: liveBus,
        jobs,
      };
    },
    maskedErrors: {
      // Clients see our closed list of codes and safe messages; anything unexpected is logged
      // in full here and reaches the client as a bare INTERNAL_SERVER_ERROR.
      maskError(error) {
        const located = error instanceof GraphQLError ? error : undefined;
        const original = located?.originalError ?? error;
        const mapped = asGraphQLError(original);
        if (!mapped) logger.error({ err: original }, 'unexpected error while executing an operation');
        const safe = mapped ?? graphQLError('INTERNAL_SERVER_ERROR', 'Unexpected error.');
        return new GraphQLError(safe.message, {
          nodes: located?.nodes,
          source: located?.source,
          positions: located?.positions,
          path: located?.path,
          extensions: safe.extensions,
        });
      },
    },
  });
}

function newResponseCache(config: Config, liveBus: LiveBus, logger: Logger, metrics: Metrics): ResponseCache {
  return createResponseCache({ ...config.responseCache, redisUrl: config.redis.url, redisKeyPrefix: config.redis.keyPrefix, liveBus, logger, registry: metrics.registry });
}

/** `http://host/a?b` → `/a?b`; anything unparsable → `/` (which is then a 404). */
function originForm(target: string): string {
  try {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  } catch {
    return '/';
  }
}

/** The peer's address: yoga's node adapter puts `req` in the context (not under `yoga.fetch`). */
function remoteAddressOf(initial: object): string | undefined {
  return 'req' in initial && initial.req instanceof IncomingMessage ? initial.req.socket.remoteAddress : undefined;
}

export type RunningServer = {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  readonly metrics: Metrics;
  /** The separate /metrics listener (METRICS_PORT), if configured. */
  readonly metricsListener: MetricsListener | undefined;
  /** The live bus the server publishes to and subscribes on. */
  readonly liveBus: LiveBus;
  /** `POST /webhooks/logto` and the key it verifies with (registration sets it). */
  readonly webhooks: { readonly keyring: WebhookKeyring; readonly receiver: WebhookReceiver };
  /** Bulk jobs run by this server. */
  readonly jobs: JobService;
  /** The response cache (`enabled` false when off): `hasEntries()` tells the gap check whether anything could be stale. */
  readonly responseCache: ResponseCache;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes the rest. */
  close(graceMs?: number): Promise<void>;
};

export async function startServer(deps: AppDependencies, listen: { port: number; host: string }): Promise<RunningServer> {
  const metrics = deps.metrics ?? createMetrics();
  const lifecycle: Lifecycle = deps.lifecycle ?? { draining: false };
  const liveBus = deps.liveBus ?? createLiveBus({ redisUrl: deps.config.redis.url });
  const jobs = deps.jobs ?? createJobService({ config: deps.config, client: deps.client, logger: deps.logger });
  const responseCache = deps.responseCache ?? newResponseCache(deps.config, liveBus, deps.logger, metrics);
  const authenticator = deps.authenticator ?? createRequestAuthenticator(deps.config, deps.logger);
  const socketCallers = new WeakMap<Request, Caller>();
  const yoga = createApp({ ...deps, metrics, lifecycle, liveBus, jobs, responseCache, authenticator, socketCallers });
  const keyring = deps.webhooks?.keyring ?? createKeyring(deps.config.webhooks.signingKey);
  const webhookReceiver = createWebhookReceiver({ keyring, liveBus, logger: deps.logger, registry: metrics.registry, ...(deps.webhooks?.dedupe ? { dedupe: deps.webhooks.dedupe } : {}) });
  // Responses over 1 KB are compressed by Accept-Encoding (brotli, gzip), negotiated by the
  // `compression` middleware. GraphiQL arrives already compressed (src/http/graphiql.ts) and is
  // left alone; event streams are never buffered.
  const compress = compression({
    threshold: 1024,
    filter: (request, response) => !String(response.getHeader('content-type') ?? '').startsWith('text/event-stream') && compression.filter(request, response),
  });
  const server = createServer((request, response) => {
    // An absolute-form request target (`POST http://host/graphql HTTP/1.1`, RFC 9112 §3.2.2) is
    // valid HTTP, but yoga's adapter prefixes it with the Host and answers 500 with a stack trace.
    // Reduced to its path and query it is routed (and authenticated) like any other request.
    if (request.url !== undefined && !request.url.startsWith('/')) request.url = originForm(request.url);
    // Logto's deliveries: verified by their signature, never behind caller authentication or CORS.
    if (webhookReceiver.handle(request, response)) return;
    // `compression` is Express middleware; Node's own request and response are all it touches.
    compress(request as Parameters<typeof compress>[0], response as Parameters<typeof compress>[1], () => void yoga(request, response));
  });
  // Subscriptions over WebSocket (graphql-ws) on the GraphQL endpoint; SSE is yoga's own.
  const webSocket = serveWebSocket({ server, path: '/graphql', yoga, authenticator, remember: (request, caller) => socketCallers.set(request, caller), logger: deps.logger });
  const { port, shownHost } = await listenOn(server, listen);
  const { metrics: metricsConfig } = deps.config;
  const metricsListener =
    metricsConfig.port === undefined
      ? undefined
      : await startMetricsListener(metrics, { port: metricsConfig.port, host: metricsConfig.host }, metricsConfig.token);
  return {
    url: `http://${shownHost}:${port}/graphql`,
    port,
    server,
    metrics,
    metricsListener,
    liveBus,
    webhooks: { keyring, receiver: webhookReceiver },
    jobs,
    responseCache,
    close: async (graceMs = 10_000) => {
      // Readiness answers 503 from now on and responses close their connections.
      lifecycle.draining = true;
      await webSocket.close();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
      await metricsListener?.close();
      if (!deps.responseCache) await responseCache.close();
      if (!deps.liveBus) await liveBus.close();
      // Jobs stop between batches (the rows in flight are confirmed first).
      if (!deps.jobs) await jobs.close();
    },
  };
}
