#!/usr/bin/env node
import { type Config, ConfigError, loadConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { createLogtoClient } from './logto/client.js';
import { startServer } from './server.js';

/**
 * Entry point: configuration → (embedded sandbox when no LOGTO_ENDPOINT) → server → graceful
 * shutdown. The only module that knows whether the upstream is the sandbox.
 */
async function main(): Promise<void> {
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

  const logger = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY && process.env.NODE_ENV !== 'production' });
  const stopSandbox = await attachSandboxIfNeeded(config, logger);
  const effective = stopSandbox ? stopSandbox.config : config;

  const { endpoint, clientId, clientSecret } = effective.logto;
  if (!endpoint || !clientId || !clientSecret) throw new Error('no Logto endpoint or credentials'); // config validation guarantees them
  const client = createLogtoClient({ ...effective.logto, endpoint, clientId, clientSecret, logger });
  const server = await startServer({ config: effective, client, logger }, effective.server);
  logger.info({ url: server.url, graphiql: effective.graphiql, authMode: effective.auth.mode }, `logto-graphql listening on ${server.url}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    await server.close();
    await client.close();
    await stopSandbox?.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
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
