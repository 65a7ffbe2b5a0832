import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import type { Plugin } from 'graphql-yoga';

import { listen as listenOn } from '../http/listen.js';
import type { Metrics } from './metrics.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Constant-time check of `Authorization: Bearer <token>`; hashing first makes the lengths equal. */
export function bearerMatches(header: string | null | undefined, token: string): boolean {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

type Answer = { status: number; headers: Record<string, string>; body: string };

async function answer(metrics: Metrics, method: string, authorization: string | null | undefined, token: string | undefined): Promise<Answer> {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: { allow: 'GET, HEAD' }, body: '' };
  if (token !== undefined && !bearerMatches(authorization, token)) {
    return {
      status: 401,
      headers: { 'www-authenticate': 'Bearer realm="metrics"', 'content-type': 'text/plain; charset=utf-8' },
      body: 'metrics need Authorization: Bearer <METRICS_TOKEN>\n',
    };
  }
  const { contentType, body } = await metrics.expose();
  return { status: 200, headers: { 'content-type': contentType, 'cache-control': 'no-store' }, body };
}

/** `GET /metrics` on the main listener (when no METRICS_PORT), behind METRICS_TOKEN when set. */
export function useMetricsRoute(options: { readonly metrics: Metrics; readonly token: string | undefined; readonly path?: string }): Plugin {
  const path = options.path ?? '/metrics';
  return {
    onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== path) return;
      return answer(options.metrics, request.method, request.headers.get('authorization'), options.token).then((result) =>
        endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : result.body, { status: result.status, headers: result.headers })),
      );
    },
  };
}

export type MetricsListener = { readonly url: string; readonly port: number; readonly server: Server; close(): Promise<void> };

/**
 * `/metrics` on a listener of its own (METRICS_PORT), so it can stay off the public port: bind it
 * to an internal interface or leave it out of the ingress. Only `/metrics` is served.
 */
export async function startMetricsListener(
  metrics: Metrics,
  listen: { readonly port: number; readonly host: string },
  token: string | undefined,
): Promise<MetricsListener> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://metrics').pathname;
    const done = (result: Answer) => {
      response.writeHead(result.status, result.headers);
      response.end(request.method === 'HEAD' ? undefined : result.body);
    };
    if (path !== '/metrics') {
      done({ status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'not found\n' });
      return;
    }
    answer(metrics, request.method ?? 'GET', request.headers.authorization, token).then(done, () =>
      done({ status: 500, headers: {}, body: '' }),
    );
  });
  const { port, shownHost } = await listenOn(server, listen);
  return {
    url: `http://${shownHost}:${port}/metrics`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
