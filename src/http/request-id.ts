import { randomUUID } from 'node:crypto';

import type { Plugin } from 'graphql-yoga';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

const ids = new WeakMap<Request, string>();

/**
 * The request's id: the caller's `X-Request-Id` when it sent a sane one (so logs join across
 * services), else a fresh UUID. Memoised per request, so the context, the operation log line and
 * the `X-Request-Id` response header agree.
 */
export function requestIdOf(request: Request): string {
  let id = ids.get(request);
  if (id === undefined) {
    const given = request.headers.get('x-request-id');
    id = given && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    ids.set(request, id);
  }
  return id;
}

/** Echoes the request id on every response, so a client can quote it when reporting a problem. */
export function useRequestIdHeader(): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };
}
