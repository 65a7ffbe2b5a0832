import { createGraphQLError, type Plugin } from 'graphql-yoga';

import type { Config } from '../config.js';
import type { SummaryListener } from '../observability/operation-summary.js';

/** What yoga's `cors` option gets. Unset CORS_ORIGINS: no CORS headers at all (same-origin callers only). */
export function corsOptions(http: Config['http']):
  | false
  | { origin: string[]; credentials: boolean; methods: string[]; allowedHeaders: string[]; exposedHeaders: string[]; maxAge: number } {
  if (http.corsOrigins === undefined) return false;
  return {
    origin: http.corsOrigins === '*' ? ['*'] : [...http.corsOrigins],
    // Off unless asked for: a browser then sends no cookies or HTTP auth with cross-origin calls.
    credentials: http.corsCredentials,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'accept', 'authorization', 'x-request-id', ...CSRF_HEADERS],
    // A browser app reads why it was refused (RFC 6750) and which request to quote.
    exposedHeaders: ['x-request-id', 'www-authenticate'],
    maxAge: 600,
  };
}

/**
 * Any of these headers marks a request as sent by script (a browser preflights it), which is
 * what the CSRF check wants for GET and form-style POSTs. Apollo Client and Router send
 * `apollo-require-preflight` / `x-apollo-operation-name`; yoga's own is `x-graphql-yoga-csrf`.
 */
export const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'apollo-require-preflight', 'x-apollo-operation-name', 'graphql-preflight'];

/**
 * Refuses a `query` longer than `maxLength` characters before it is parsed. graphql-armor's token
 * limit bounds what the parser builds; this bounds what it reads (comments and long strings are
 * not tokens). Persisted operations come from our own file and are not limited.
 */
export function useDocumentLengthLimit(maxLength: number): Plugin {
  return {
    onParams({ params }) {
      if (typeof params.query === 'string' && params.query.length > maxLength) {
        throw createGraphQLError(`The GraphQL document is ${params.query.length} characters long; the limit is ${maxLength}.`, {
          extensions: { code: 'BAD_USER_INPUT', maxDocumentLength: maxLength, http: { status: 400 } },
        });
      }
    },
  };
}

/**
 * yoga's GET parser runs JSON.parse on the `variables` and `extensions` query parameters and lets
 * a SyntaxError escape as an unexpected error (500-class INTERNAL_SERVER_ERROR). Checked first,
 * bad JSON there is the caller's input error: 400 BAD_USER_INPUT.
 */
export function useQueryParameterJsonCheck(): Plugin {
  return {
    onRequestParse({ request, url }) {
      if (request.method !== 'GET') return;
      for (const name of ['variables', 'extensions']) {
        const value = url.searchParams.get(name);
        if (!value) continue;
        try {
          JSON.parse(value);
        } catch {
          throw createGraphQLError(`The "${name}" query parameter is not valid JSON.`, {
            extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
          });
        }
      }
    },
  };
}

const appendVary = (response: Response, names: readonly string[]): void => {
  const present = (response.headers.get('vary') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const lower = present.map((name) => name.toLowerCase());
  for (const name of names) if (!lower.includes(name.toLowerCase())) present.push(name);
  response.headers.set('vary', present.join(', '));
};

/**
 * Cache headers on GraphQL responses. Only a GET query that succeeded without any error may be
 * kept, and only by the caller's own cache (`private`): answers depend on who asks, and a shared
 * cache must never hold one. Everything else — POST, mutations (GET refuses them anyway),
 * errors, partial results — is `no-store`. With `maxAgeSeconds` 0 (the default) nothing is cached.
 */
export function cacheControl(maxAgeSeconds: number): SummaryListener {
  return (summary, response) => {
    const cacheable =
      maxAgeSeconds > 0 &&
      summary.httpMethod === 'GET' &&
      summary.httpStatus === 200 &&
      summary.operationType === 'query' &&
      summary.outcome === 'success';
    response.headers.set('cache-control', cacheable ? `private, max-age=${maxAgeSeconds}` : 'no-store');
    if (cacheable) appendVary(response, ['Accept', 'Authorization']);
  };
}
