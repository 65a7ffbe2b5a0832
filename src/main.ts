#!/usr/bin/env node
import { type Config, ConfigError, loadConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { createLogtoClient } from './logto/client.js';
import { createMetrics } from './observability/metrics.js';
import { createTracing } from './observability/tracing.js';
import { connectCoordination } from './redis/index.js';
import { startServer } from './server.js';
import { createKeyring, redisDedupe } from './webhooks/receiver.js';

/**
 * Entry point: configuration → (embedded sandbox when no LOGTO_ENDPOINT) → server → graceful
 * shutdown. The only module that knows whether the upstream is the sandbox.
 */
async function main(): Promise<void> {
  // `logto-graphql import …`: a client of a running facade (src/cli/import.ts), not a server.
  if (process.argv[2] === 'import') {
    const { runImportCommand } = await import('./cli/import.js');
    process.exitCode = await runImportCommand(process.argv.slice(3));
    return;
  }
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) process.stderr.write(`logto-graphql: ${problem}\n`);
      process.exit(1);
    }
    throw error;
  }

  // JSON lines for collectors; pretty only when asked, or on a terminal outside production.
  const pretty = config.logFormat === 'pretty' || (config.logFormat === undefined && process.stdout.isTTY && !config.production);
  const logger = createLogger({ level: config.logLevel, pretty });
  const stopSandbox = await attachSandboxIfNeeded(config, logger);
  const effective = stopSandbox ? stopSandbox.config : config;

  const { endpoint, clientId, clientSecret } = effective.logto;
  if (!endpoint || !clientId || !clientSecret) throw new Error('no Logto endpoint or credentials'); // config validation guarantees them
  // REDIS_URL: replicas share the budget and the token; an unreachable Redis only degrades (never stops) the start.
  const coordination = effective.redis.url
    ? await connectCoordination({ redis: { ...effective.redis, url: effective.redis.url }, logto: { ...effective.logto, endpoint, clientId }, logger })
    : undefined;
  // The metrics exist before the client so its process-wide meter reports every upstream exchange.
  const metrics = createMetrics();
  // OTEL_EXPORTER_OTLP_ENDPOINT: operation and upstream spans over OTLP; else undefined and free.
  const tracing = await createTracing(effective.tracing);
  const client = createLogtoClient({
    ...effective.logto,
    endpoint,
    clientId,
    clientSecret,
    logger,
    meter: metrics.upstreamMeter,
    ...coordination?.clientOptions,
    ...(tracing ? { tracer: tracing.tracer } : {}),
  });
  // Deliveries verify against LOGTO_WEBHOOK_SIGNING_KEY, or the key registration reads below.
  const webhooks = {
    keyring: createKeyring(effective.webhooks.signingKey),
    ...(coordination ? { dedupe: redisDedupe(coordination.link, effective.redis.keyPrefix) } : {}),
  };
  const server = await startServer({ config: effective, client, logger, metrics, webhooks, ...(tracing ? { tracing } : {}) }, effective.server);
  // LOGTO_WEBHOOK_URL (or the embedded sandbox, which reaches us on loopback): one `logto-graphql`
  // hook, its key in the keyring, and the recent-logs gap check.
  const webhookUrl = effective.webhooks.url ?? (stopSandbox && !effective.webhooks.signingKey ? `http://127.0.0.1:${server.port}/webhooks/logto` : undefined);
  // Loaded only when there is a hook to register: a start without webhooks stays as light as before.
  const stopWebhooks = webhookUrl
    ? (await import('./webhooks/start.js')).startWebhooks({
        silenceCheckMs: effective.webhooks.silenceCheckMs,
        client,
        logger,
        server,
        url: webhookUrl,
        // The gap check reads Logto's recent hook logs only while an answer could be stale.
        isNeeded: () => server.responseCache.hasEntries(),
        ...(coordination ? { lock: { link: coordination.link, key: `${effective.redis.keyPrefix}:webhook-registration` } } : {}),
      })
    : () => {};
  logger.info(
    { url: server.url, graphiql: effective.graphiql, authMode: effective.auth.mode, metrics: server.metricsListener?.url ?? server.url.replace(/\/graphql$/, '/metrics') },
    `logto-graphql listening on ${server.url}`,
  );
  if (effective.production && effective.metrics.port === undefined && effective.metrics.token === undefined) {
    logger.warn('/metrics is open on the public port: set METRICS_PORT (a listener to keep off the ingress) or METRICS_TOKEN');
  }
  if (effective.http.persistedOperationsOnly && effective.graphiql) {
    logger.warn('PERSISTED_OPERATIONS_ONLY is on: GraphiQL can only run operations from PERSISTED_OPERATIONS_FILE');
  }

  const { shutdownTimeoutMs } = effective.lifecycle;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      // A second Ctrl+C means "now".
      if (signal === 'SIGINT') process.exit(130);
      return;
    }
    stopping = true;
    logger.info({ signal, timeoutMs: shutdownTimeoutMs }, 'shutting down: no new connections, finishing in-flight requests');
    // Last resort if closing itself hangs (it should not: the server cuts connections at the timeout).
    setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, shutdownTimeoutMs + 5_000).unref();
    const started = performance.now();
    const left = () => Math.max(0, started + shutdownTimeoutMs - performance.now());
    stopWebhooks();
    await server.close(shutdownTimeoutMs);
    // Connections cut at the timeout leave their upstream requests with no one waiting; the pool's
    // graceful close would wait for them, so it gets what is left of the timeout, then we exit.
    const closed = await within(client.close(), left());
    await within(coordination?.close() ?? Promise.resolve(), left());
    // Sends the spans still buffered.
    await within(tracing?.shutdown() ?? Promise.resolve(), left());
    await within(stopSandbox?.close() ?? Promise.resolve(), left());
    logger.info({ durationMs: Math.round(performance.now() - started), upstreamPoolClosed: closed }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** Waits for `promise` at most `ms`; true when it settled in time. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Without LOGTO_ENDPOINT, starts the embedded sandbox on a free loopback port and points the facade at it. */
async function attachSandboxIfNeeded(
  config: Config,
  logger: Logger,
): Promise<{ config: Config; close: () => Promise<void> } | undefined> {
  if (config.logto.endpoint) return undefined;
  const { startSandbox } = await import('./sandbox/index.js');
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
  logger.warn(
    { sandbox: sandbox.url },
    `LOGTO_ENDPOINT is not set: serving the embedded Logto sandbox at ${sandbox.url} (seeded demo data, not a real tenant)`,
  );
  return {
    config: {
      ...config,
      logto: {
        ...config.logto,
        endpoint: sandbox.url,
        clientId: sandbox.clientId,
        clientSecret: sandbox.clientSecret,
        managementApiResource: sandbox.managementApiResource,
      },
    },
    close: () => sandbox.close(),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`logto-graphql: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
