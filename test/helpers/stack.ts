import { GraphQLClient } from 'graphql-request';

import { loadConfig } from '../../src/config.js';
import { type Logger, silentLogger } from '../../src/logger.js';
import { createLogtoClient, type LogtoClient } from '../../src/logto/client.js';
import { createMetrics } from '../../src/observability/metrics.js';
import type { Tracing } from '../../src/observability/tracing.js';
import { type MintTokenOptions, type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import { type RunningServer, startServer } from '../../src/server.js';

export type GraphQLResponse<T = Record<string, unknown>> = {
  status: number;
  headers: Headers;
  body: {
    data?: T | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
};

/** The API resource indicator the facade is registered under in auth-enabled stacks. */
export const FACADE_AUDIENCE = 'https://graphql.logto-sandbox.test';

export type Stack = {
  readonly sandbox: Sandbox;
  /** A JWT for the facade's audience, signed by the sandbox's JWKS key (`auth: true` stacks). */
  mintToken(options?: Partial<MintTokenOptions>): string;
  readonly server: RunningServer;
  readonly client: LogtoClient;
  /** graphql-request client for the happy path (throws on GraphQL errors). */
  readonly graphql: GraphQLClient;
  /** A raw POST, for asserting errors, status codes and extensions. */
  post<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
};

export type StackOptions = {
  readonly sandbox?: SandboxOptions;
  /** Extra environment for the facade's configuration. */
  readonly env?: Record<string, string>;
  /**
   * `true`: the facade verifies Logto access tokens (`AUTH_MODE=jwt`, audience `FACADE_AUDIENCE`,
   * the sandbox as issuer). Default: no authentication (`AUTH_MODE=none`), as the read-graph
   * tests assume.
   */
  readonly auth?: boolean;
  /** Where the facade and its client log (default: nowhere). */
  readonly logger?: Logger;
  /** Something between the facade and the sandbox (a proxy): given the sandbox's URL, the URL the facade calls. */
  readonly upstream?: (sandboxUrl: string) => Promise<string>;
  /** OpenTelemetry for the client and the server, as main.ts wires it (src/observability/tracing.ts). */
  readonly tracing?: Tracing;
};

/**
 * A real sandbox and a real facade, each on a free loopback port, talking over HTTP: what
 * integration tests run against.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', ...options.sandbox });
  const endpoint = options.upstream ? await options.upstream(sandbox.url) : sandbox.url;
  const config = loadConfig({
    LOGTO_ENDPOINT: endpoint,
    LOGTO_M2M_CLIENT_ID: sandbox.clientId,
    LOGTO_M2M_CLIENT_SECRET: sandbox.clientSecret,
    LOG_LEVEL: 'silent',
    ...(options.auth ? { AUTH_MODE: 'jwt', AUTH_AUDIENCE: FACADE_AUDIENCE } : { AUTH_MODE: 'none', ALLOW_UNAUTHENTICATED: 'true' }),
    ...options.env,
  });
  const logger = options.logger ?? silentLogger;
  // As in main.ts: the client reports every upstream exchange to the server's metrics.
  const metrics = createMetrics({ defaultMetrics: false });
  const client = createLogtoClient({
    ...config.logto,
    endpoint,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    logger,
    meter: metrics.upstreamMeter,
    ...(options.tracing ? { tracer: options.tracing.tracer } : {}),
  });
  const server = await startServer({ config, client, logger, metrics, ...(options.tracing ? { tracing: options.tracing } : {}) }, { port: 0, host: '127.0.0.1' });
  const graphql = new GraphQLClient(server.url);
  return {
    sandbox,
    mintToken: (mint = {}) => sandbox.mintToken({ audience: FACADE_AUDIENCE, ...mint }),
    server,
    client,
    graphql,
    async post<T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: JSON.parse(text) as GraphQLResponse<T>['body'] };
    },
    async close() {
      await server.close(1000);
      await client.close();
      await sandbox.close();
    },
  };
}

/** Management API requests (token requests excluded) the sandbox received while `run` ran. */
export async function upstreamDuring<T>(
  stack: Stack,
  run: () => Promise<T>,
): Promise<{ result: T; requests: { method: string; path: string; query: string; status: number }[] }> {
  const since = stack.sandbox.requestLog.lastSeq();
  const result = await run();
  const requests = stack.sandbox.requestLog
    .entries({ sinceSeq: since })
    .filter((entry) => entry.path.startsWith('/api/'))
    .map(({ method, path, query, status }) => ({ method, path, query, status }));
  return { result, requests };
}
