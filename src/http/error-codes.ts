import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

import { ERROR_CODES, type ErrorCode } from '../errors.js';

const CLOSED = new Set<string>(ERROR_CODES);

function closedCode(error: GraphQLError): ErrorCode {
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (error.extensions?.unexpected === true || (typeof status === 'number' && status >= 500)) return 'INTERNAL_SERVER_ERROR';
  return 'BAD_USER_INPUT';
}

/**
 * Errors raised by yoga and its plugins before execution (request parsing, body size, CSRF)
 * carry their own codes (`BAD_REQUEST`, `REQUEST_ENTITY_TOO_LARGE`, none at all). Clients switch
 * on our closed list only, so those are mapped onto it, keeping yoga's code as `reason`; the
 * HTTP status yoga chose is kept, and no stack trace ever leaves. Install before the plugin that
 * labels uncoded errors BAD_USER_INPUT, so a 403 here becomes FORBIDDEN.
 */
export function useClosedErrorCodes(): Plugin {
  const fix = (error: GraphQLError): GraphQLError => {
    const code = error.extensions?.code;
    const closed = typeof code === 'string' && CLOSED.has(code);
    const original = error.extensions?.originalError as { name?: unknown; message?: unknown; stack?: unknown } | undefined;
    const hasStack = original !== undefined && typeof original === 'object' && 'stack' in original;
    if (closed && !hasStack) return error;
    const extensions: Record<string, unknown> = { ...error.extensions };
    if (!closed) {
      extensions.code = closedCode(error);
      if (typeof code === 'string') extensions.reason = code;
    }
    // yoga reads the presence of `originalError` (a JSON parse failure) to answer 400; keep that
    // signal, but only its name and message.
    if (original !== undefined) extensions.originalError = typeof original === 'object' ? { name: original.name, message: original.message } : undefined;
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      originalError: error.originalError,
      extensions,
    });
  };
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !result || typeof result !== 'object' || Symbol.asyncIterator in result || !result.errors) return;
      setResult({ ...result, errors: result.errors.map((error) => (error instanceof GraphQLError ? fix(error) : error)) });
    },
  };
}
