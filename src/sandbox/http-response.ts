import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Reply } from './route.js';

/**
 * Writing a `Reply` the way Logto's Koa stack does: JSON as `application/json; charset=utf-8`,
 * strings as `text/plain`, a body ETag (`koa-body-etag`) on successful Management API reads with
 * 304 when the client already has it, and a `Logto-Core-Request-Id` on every answer.
 */
export function sendReply(
  request: IncomingMessage,
  response: ServerResponse,
  reply: Reply,
  { etag = false }: { etag?: boolean } = {},
): number {
  let status = reply.status;
  for (const [name, value] of Object.entries(reply.headers ?? {})) response.setHeader(name, value as string | string[]);
  response.setHeader('Logto-Core-Request-Id', randomBytes(12).toString('base64url').slice(0, 16));

  let payload: string | undefined;
  if (typeof reply.body === 'string') {
    payload = reply.body;
    response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  } else if (reply.body !== undefined && status !== 204) {
    payload = JSON.stringify(reply.body);
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (etag && (request.method === 'GET' || request.method === 'HEAD') && status >= 200 && status < 300) {
      const tag = bodyEtag(payload);
      response.setHeader('ETag', tag);
      if (isFresh(request.headers['if-none-match'], tag)) {
        status = 304;
        payload = undefined;
        response.removeHeader('Content-Type');
      }
    }
  }

  response.statusCode = status;
  if (payload === undefined || status === 204 || status === 304) {
    response.end();
  } else {
    response.setHeader('Content-Length', Buffer.byteLength(payload));
    response.end(request.method === 'HEAD' ? undefined : payload);
  }
  return status;
}

/** The `etag` package's strong tag: `"<byte length hex>-<first 27 chars of base64 sha1>"`. */
export function bodyEtag(payload: string): string {
  const hash = createHash('sha1').update(payload, 'utf8').digest('base64').slice(0, 27);
  return `"${Buffer.byteLength(payload, 'utf8').toString(16)}-${hash}"`;
}

function isFresh(ifNoneMatch: string | undefined, tag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === tag);
}

/** Drop the connection without answering: what a crashed proxy or a reset looks like to a client. */
export function dropConnection(request: IncomingMessage, response: ServerResponse): void {
  response.destroy();
  request.socket.destroy();
}
