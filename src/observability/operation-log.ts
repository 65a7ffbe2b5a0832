import type { Logger } from '../logger.js';
import type { OperationSummary, SummaryListener } from './operation-summary.js';

/** Codes that mean something went wrong on our side or upstream, not in the caller's request. */
const SERVER_SIDE_CODES = new Set([
  'INTERNAL_SERVER_ERROR',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_AUTH_FAILED',
  'UPSTREAM_OUTCOME_UNKNOWN',
  'UPSTREAM_RATE_LIMITED',
]);

/** The fields of the one log line per operation. Built from the summary only: no query text, no variable values, no headers. */
export function operationLogFields(summary: OperationSummary): Record<string, unknown> {
  return {
    requestId: summary.requestId,
    operation: {
      name: summary.operationName ?? null,
      type: summary.operationType ?? null,
      ...(summary.persistedOperationId ? { persistedId: summary.persistedOperationId } : {}),
    },
    http: { method: summary.httpMethod, status: summary.httpStatus },
    durationMs: Math.round(summary.durationMs * 10) / 10,
    upstream: {
      requests: summary.upstreamRequests ?? 0,
      waves: summary.upstreamWaves ?? 0,
      ...(summary.estimatedUpstreamRequests === undefined ? {} : { estimated: summary.estimatedUpstreamRequests }),
    },
    outcome: summary.outcome,
    errorCodes: summary.errorCodes,
    variableNames: summary.variableNames,
  };
}

/**
 * One JSON line per GraphQL operation: name, type, duration, upstream requests and waves,
 * outcome, error codes and request id. `info` normally, `warn` when the failure is ours or
 * Logto's (so alerting can key on level without parsing codes).
 */
export function operationLogger(logger: Logger): SummaryListener {
  return (summary) => {
    const fields = operationLogFields(summary);
    const message = `graphql ${summary.operationType ?? 'request'} ${summary.operationName ?? '(anonymous)'} ${summary.outcome}`;
    if (summary.errorCodes.some((code) => SERVER_SIDE_CODES.has(code))) logger.warn(fields, message);
    else logger.info(fields, message);
  };
}
