import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';

import helmet from 'helmet';

import type { Reply } from './router.js';

/**
 * Logto's `basicSecurityHeaderSettings` (`middleware/koa-security-headers.ts`), which its mounted
 * apps (`/api`, `/oidc`) answer with, through the same helmet major (7) Logto pins.
 */
const securityHeaders = helmet({
  contentSecurityPolicy: false,
  crossOriginOpenerPolicy: false,
  crossOriginEmbedderPolicy: false,
  dnsPrefetchControl: false,
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
});

/** `koa-compress`'s defaults, which Logto uses: bodies from 1 KiB, `br` before `gzip` before `deflate`. */
const COMPRESS_THRESHOLD_BYTES = 1024;
const ENCODERS = {
  // koa-compress sets Brotli quality 4 (zlib's default, 11, is far too slow for a live answer).
  br: (data: Buffer) => brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }),
  gzip: (data: Buffer) => gzipSync(data),
  deflate: (data: Buffer) => deflateSync(data),
} as const;

/** The encoding koa-compress picks: the highest `q`, ties broken by its preference; none without the header. */
function negotiateEncoding(header: string | undefined): keyof typeof ENCODERS | undefined {
  if (!header) return undefined;
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const star = accepted.get('*') ?? 0;
  const weight = (name: keyof typeof ENCODERS) => accepted.get(name) ?? star;
  const best = Math.max(...(['br', 'gzip', 'deflate'] as const).map(weight));
  return best > 0 ? (['br', 'gzip', 'deflate'] as const).find((name) => weight(name) === best) : undefined;
}

/**
 * Writing a `Reply` the way Logto's Koa stack does: JSON as `application/json; charset=utf-8`,
 * strings as `text/plain`, a body ETag (`koa-body-etag`) on successful Management API reads with
 * 304 when the client already has it, a `Logto-Core-Request-Id` on every answer, helmet's security
 * headers, `Vary: Accept-Encoding, Origin` (koa-compress, @koa/cors) and bodies of 1 KiB or more
 * compressed when the client accepts it.
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
  // Synchronous: helmet only sets and removes headers, then calls `next`.
  securityHeaders(request, response, () => undefined);
  response.setHeader('Vary', 'Accept-Encoding, Origin');

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
    let bytes: Buffer = Buffer.from(payload, 'utf8');
    const encoding = bytes.length >= COMPRESS_THRESHOLD_BYTES ? negotiateEncoding(request.headers['accept-encoding']) : undefined;
    if (encoding) {
      bytes = ENCODERS[encoding](bytes);
      response.setHeader('Content-Encoding', encoding);
    }
    response.setHeader('Content-Length', bytes.length);
    response.end(request.method === 'HEAD' ? undefined : bytes);
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
