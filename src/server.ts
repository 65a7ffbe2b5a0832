import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';

import { AccessPolicy } from './auth/policy.js';
import { createRequestAuth, createRequestAuthenticator } from './auth/request-auth.js';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { OperationMeter } from './cost/meter.js';
import { useUpstreamCost } from './cost/plugin.js';
import { asGraphQLError, ERROR_CODES, graphQLError } from './errors.js';
import { createLoaders } from './loaders/index.js';
import { bindUpstream } from './loaders/upstream.js';
import type { LogtoClient } from './logto/client.js';
import type { Logger } from './logger.js';
import { buildSchema } from './schema/index.js';

export type AppDependencies = {
  readonly config: Config;
  readonly client: LogtoClient;
  readonly logger: Logger;
};

/** What GraphiQL opens with: a query that shows real data on the first click. */
export const DEFAULT_GRAPHIQL_QUERY = `# Welcome to logto-graphql: the Logto Management API as one graph.
# Press the run button to fetch the newest users.
query NewestUsers {
  users(first: 10) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      logtoId
      username
      name
      primaryEmail
      isSuspended
      createdAt
    }
  }
}
`;

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Our own request id, or the caller's when it sent a sane one (so logs join across services). */
function requestIdFrom(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
}

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
  const auth = createRequestAuth(createRequestAuthenticator(config, logger), { graphqlEndpoint: '/graphql', graphiql: config.graphiql });
  return createYoga<ServerContext, Context>({
    schema: buildSchema({ federation: config.federation }),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: config.graphiql ? { title: 'logto-graphql', defaultQuery: DEFAULT_GRAPHIQL_QUERY } : false,
    logging: {
      debug: (...args) => logger.debug({ yoga: args.map(String) }, 'yoga'),
      info: (...args) => logger.info({ yoga: args.map(String) }, 'yoga'),
      warn: (...args) => logger.warn({ yoga: args.map(String) }, 'yoga'),
      error: (...args) => logger.error({ yoga: args.map(String) }, 'yoga'),
    },
    plugins: [
      // Authentication before anything else: without a valid token nothing is parsed or fetched.
      auth.plugin,
      ...(config.introspection ? [] : [useDisableIntrospection()]),
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
      useUpstreamCost({ maxUpstreamRequests: config.limits.maxUpstreamRequestsPerOperation, client }),
    ],
    context: ({ request }): Context => {
      const requestId = requestIdFrom(request);
      const meter = new OperationMeter();
      const upstream = bindUpstream(client, { meter, requestIdPrefix: requestId });
      const caller = auth.callerOf(request);
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

export type RunningServer = {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes the rest. */
  close(graceMs?: number): Promise<void>;
};

export async function startServer(deps: AppDependencies, listen: { port: number; host: string }): Promise<RunningServer> {
  const yoga = createApp(deps);
  const server = createServer(yoga);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = listen.host === '0.0.0.0' || listen.host === '::' ? 'localhost' : listen.host;
  return {
    url: `http://${shownHost}:${port}/graphql`,
    port,
    server,
    close: (graceMs = 10_000) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
