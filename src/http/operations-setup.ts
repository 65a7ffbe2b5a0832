import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin, YogaServerOptions } from 'graphql-yoga';

import type { Config } from '../config.js';
import type { Context } from '../context.js';
import type { LogtoClient } from '../logto/client.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../observability/metrics.js';
import { useMetricsRoute } from '../observability/metrics-endpoint.js';
import { operationLogger } from '../observability/operation-log.js';
import { useOperationSummary } from '../observability/operation-summary.js';
import { useClosedErrorCodes } from './error-codes.js';
import { useGraphiQLPage } from './graphiql.js';
import { createReadinessCheck, type Lifecycle, useHealthRoutes } from './health.js';
import { cacheControl, corsOptions, CSRF_HEADERS, useDocumentLengthLimit, useQueryParameterJsonCheck } from './hygiene.js';
import { loadPersistedOperations, usePersistedOperationStore } from './persisted-operations.js';
import { useRequestIdHeader } from './request-id.js';

export type OperationsSetup = {
  /** yoga options: GraphiQL, CORS, body limit, persisted-operation parameters. */
  readonly yogaOptions: Pick<YogaServerOptions<Record<string, never>, Context>, 'graphiql' | 'cors' | 'maxRequestBodySize' | 'extraParamNames' | 'multipart'>;
  /**
   * Before every other plugin: probes and /metrics (which skip everything else), request id,
   * CSRF, document size, persisted operations, and the closed list of error codes (which must
   * run before the plugin that labels uncoded errors).
   */
  readonly requestPlugins: readonly (Plugin | Plugin<Context>)[];
  /** After every other plugin: yoga's Prometheus plugin and the per-operation summary (log line, metrics, cache headers). */
  readonly observationPlugins: readonly (Plugin | Plugin<Context>)[];
};

/**
 * Everything production operations add to the yoga server (issue 10), in one place, so
 * src/server.ts only splices it in.
 */
export function setUpOperations(deps: {
  readonly config: Config;
  readonly client: LogtoClient;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly lifecycle: Lifecycle;
}): OperationsSetup {
  const { config, client, logger, metrics, lifecycle } = deps;
  metrics.observeClient(client);
  const persisted = config.http.persistedOperationsFile ? loadPersistedOperations(config.http.persistedOperationsFile) : undefined;
  const readiness = createReadinessCheck({
    client,
    lifecycle,
    cacheMs: config.lifecycle.readinessCacheMs,
    lastUpstreamSuccessAt: metrics.lastUpstreamSuccessAt,
    logger,
  });
  return {
    yogaOptions: {
      // GraphiQL is served by useGraphiQLPage below (compressed, cached, origin-bound), not by yoga.
      graphiql: false,
      cors: corsOptions(config.http),
      maxRequestBodySize: config.http.maxBodyBytes,
      // Uploads only for `startUserImport` (the GraphQL multipart request spec), bounded by
      // MAX_BODY_BYTES and, as simple requests, behind the CSRF header check below.
      multipart: true,
      extraParamNames: persisted ? ['documentId'] : [],
    },
    requestPlugins: [
      useHealthRoutes({ lifecycle, readiness }),
      ...(config.graphiql ? [useGraphiQLPage({ endpoint: '/graphql', authMode: config.auth.mode, corsOrigins: config.http.corsOrigins })] : []),
      ...(config.metrics.port === undefined ? [useMetricsRoute({ metrics, token: config.metrics.token })] : []),
      useRequestIdHeader(),
      useCSRFPrevention({ requestHeaders: CSRF_HEADERS }),
      useQueryParameterJsonCheck(),
      useDocumentLengthLimit(config.http.maxDocumentLength),
      ...(persisted ? [usePersistedOperationStore(persisted, { only: config.http.persistedOperationsOnly })] : []),
      useClosedErrorCodes(),
    ],
    observationPlugins: [
      metrics.yogaPlugin(),
      useOperationSummary([operationLogger(logger), metrics.recordOperation, cacheControl(config.http.cacheMaxAgeSeconds)]),
    ],
  };
}
