import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { createLogtoClient, type LogtoClient } from '../src/logto/client.js';
import type { Tracing } from '../src/observability/tracing.js';
import type { Sandbox } from '../src/sandbox/index.js';
import { type RunningServer, startServer } from '../src/server.js';

/**
 * The facade in this process, pointed at `sandbox`. Benchmarks measure upstream work, not caller
 * authentication, so it runs unauthenticated (explicitly allowed, as the config demands).
 */
export async function startBenchFacade(
  sandbox: Sandbox,
  env: Record<string, string>,
  /** OpenTelemetry for the client and the server, as main.ts wires it. */
  tracing?: Tracing,
): Promise<{ server: RunningServer; client: LogtoClient; close(): Promise<void> }> {
  const config = loadConfig({
    LOGTO_ENDPOINT: sandbox.url,
    LOGTO_M2M_CLIENT_ID: sandbox.clientId,
    LOGTO_M2M_CLIENT_SECRET: sandbox.clientSecret,
    AUTH_MODE: 'none',
    ALLOW_UNAUTHENTICATED: 'true',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const client = createLogtoClient({ ...config.logto, endpoint: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, logger: silentLogger, ...(tracing ? { tracer: tracing.tracer } : {}) });
  const server = await startServer({ config, client, logger: silentLogger, ...(tracing ? { tracing } : {}) }, { port: 0, host: '127.0.0.1' });
  return {
    server,
    client,
    async close() {
      await server.close(1000);
      await client.close();
    },
  };
}
