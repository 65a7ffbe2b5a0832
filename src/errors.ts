import { GraphQLError } from 'graphql';

import { LogtoApiError } from './logto/errors.js';
import { ConflictError, NotFoundError, ValidationError } from './mutation-errors.js';

/**
 * The closed list of `extensions.code` values this server answers with. Clients switch on
 * these; adding one is an API change and goes in the README's table.
 */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'QUERY_TOO_EXPENSIVE',
  'UPSTREAM_RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_AUTH_FAILED',
  'UPSTREAM_OUTCOME_UNKNOWN',
  'INTERNAL_SERVER_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function graphQLError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export function badUserInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return graphQLError('BAD_USER_INPUT', message, extensions);
}

/** Which of our codes a Logto answer maps to. */
export function codeForLogtoError(error: LogtoApiError): ErrorCode {
  if (error.authFailed) return 'UPSTREAM_AUTH_FAILED';
  if (error.outcomeUnknown) return 'UPSTREAM_OUTCOME_UNKNOWN';
  if (error.code === 'client.rate_limited' || error.code === 'client.caller_rate_limited' || error.status === 429) return 'UPSTREAM_RATE_LIMITED';
  if (error.status === 0 || error.status >= 500) return 'UPSTREAM_UNAVAILABLE';
  if (error.status === 404) return 'NOT_FOUND';
  // Logto answered 401/403 to our own M2M token: a misconfigured M2M app, not the caller's fault.
  if (error.status === 401 || error.status === 403) return 'UPSTREAM_AUTH_FAILED';
  if (error.status === 400 || error.status === 422 || error.status === 409) return 'BAD_USER_INPUT';
  return 'INTERNAL_SERVER_ERROR';
}

/**
 * The one place a Logto failure becomes a GraphQL error. Only what is safe for clients leaves:
 * Logto's code and its message for 4xx answers; for 5xx and transport failures a fixed message
 * (upstream bodies may carry internals).
 */
export function toGraphQLError(error: LogtoApiError): GraphQLError {
  const code = codeForLogtoError(error);
  const extensions: Record<string, unknown> = { logtoCode: error.code, upstreamRequestId: error.requestId };
  if (error.retryAfterMs !== undefined) extensions.retryAfterMs = error.retryAfterMs;
  return graphQLError(code, error.publicMessage, extensions);
}

/**
 * A typed mutation error that reached the top level: its mutation's result union does not hold
 * it (see `test/mutations/typed-errors.test.ts`, which keeps every error Logto's routes can give
 * in the unions). Still the caller's to fix, so never INTERNAL: NOT_FOUND or BAD_USER_INPUT, with
 * the same `field` and `logtoCode` the typed result would carry.
 */
function typedErrorAsGraphQLError(error: ValidationError | ConflictError | NotFoundError): GraphQLError {
  return graphQLError(error instanceof NotFoundError ? 'NOT_FOUND' : 'BAD_USER_INPUT', error.message, {
    typedError: error.name,
    field: error.field,
    logtoCode: error.logtoCode,
  });
}

/** Maps anything a resolver throws: GraphQL errors pass through, Logto errors are translated. */
export function asGraphQLError(error: unknown): GraphQLError | undefined {
  if (error instanceof GraphQLError) return error;
  if (error instanceof LogtoApiError) return toGraphQLError(error);
  if (error instanceof ValidationError || error instanceof ConflictError || error instanceof NotFoundError) return typedErrorAsGraphQLError(error);
  return undefined;
}
