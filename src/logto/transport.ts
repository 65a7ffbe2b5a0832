/**
 * One HTTP exchange with Logto over a shared undici Pool: no retries, no limiter, no auth here.
 * Failures are classified (may the request have been sent?) so the caller can decide on retries.
 */

import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { Pool } from 'undici';
import type { HttpMethod } from './client.js';
import { classifyNetworkError, type NetworkFailure } from './retry.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);
const brotliAsync = promisify(brotliDecompress);

export type TransportOptions = {
  /** Logto's base URL; a path (a reverse proxy's prefix) is kept in front of every request path. */
  readonly endpoint: string;
  /** Connections kept to Logto; the limiter's concurrency cap, so no request waits inside undici. */
  readonly connections: number;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
};

export type WireRequest = {
  readonly method: HttpMethod;
  /** Path and query, starting with '/', without the endpoint's own path prefix. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
};

export type WireHeaders = Readonly<Record<string, string | string[] | undefined>>;

export type WireResponse = {
  readonly status: number;
  readonly headers: WireHeaders;
  /** Parsed JSON when the answer says JSON, else the text; undefined when empty. */
  readonly body: unknown;
};

/** The exchange failed without a complete answer. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  /** Set when the status line arrived and the body did not. */
  readonly status: number | undefined;
  readonly failure: NetworkFailure;

  constructor(failure: NetworkFailure, cause: unknown, status?: number) {
    super(`${failure.reason}${cause instanceof Error ? `: ${cause.message}` : ''}`, { cause });
    this.failure = failure;
    this.status = status;
  }
}

export type Transport = {
  send(request: WireRequest): Promise<WireResponse>;
  close(): Promise<void>;
};

export function createTransport(options: TransportOptions): Transport {
  const url = new URL(options.endpoint);
  const basePath = url.pathname.replace(/\/+$/, '');
  const pool = new Pool(url.origin, {
    connections: options.connections,
    pipelining: 1,
    connectTimeout: options.connectTimeoutMs,
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    // Logto (Node) closes idle sockets after 5 s and says so in `Keep-Alive: timeout=5`; undici
    // honours the hint minus this threshold, so we stop reusing a socket before the server drops it
    // (a write raced by that close would have an unknown outcome).
    keepAliveTimeout: 4_000,
    keepAliveTimeoutThreshold: 1_500,
  });

  return {
    async send(request) {
      let status: number | undefined;
      try {
        const response = await pool.request({
          method: request.method,
          path: basePath + request.path,
          headers: request.headers,
          body: request.body,
          signal: request.signal,
        });
        status = response.statusCode;
        const raw = Buffer.from(await response.body.arrayBuffer());
        const headers = response.headers as WireHeaders;
        const decoded = await decode(raw, headers['content-encoding']);
        return { status, headers, body: parseBody(decoded, headers['content-type'], status) };
      } catch (error) {
        if (error instanceof TransportError) throw new TransportError(error.failure, error.cause, status);
        throw new TransportError(classifyNetworkError(error), error, status);
      }
    },
    async close() {
      await pool.close();
    },
  };
}

async function decode(raw: Buffer, encodingHeader: string | string[] | undefined): Promise<Buffer> {
  const header = Array.isArray(encodingHeader) ? encodingHeader.join(',') : encodingHeader;
  if (!header || raw.length === 0) return raw;
  // Codings are listed in the order they were applied; undo them from the last.
  const codings = header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity')
    .reverse();
  let data = raw;
  try {
    for (const coding of codings) {
      if (coding === 'gzip' || coding === 'x-gzip') data = await gunzipAsync(data);
      else if (coding === 'deflate') data = await inflateAsync(data);
      else if (coding === 'br') data = await brotliAsync(data);
      else return raw; // unknown coding: hand over what we got rather than guess
    }
  } catch (error) {
    // A truncated gzip stream is a broken transfer, like a reset mid-body.
    throw new TransportError({ reason: 'connection_reset', maybeSent: true }, error);
  }
  return data;
}

function parseBody(data: Buffer, contentType: string | string[] | undefined, status: number): unknown {
  if (status === 204 || status === 304 || data.length === 0) return undefined;
  const text = data.toString('utf8');
  const type = (Array.isArray(contentType) ? contentType[0] : contentType)?.toLowerCase() ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text; // a proxy that lies about its content type: keep the text for the error
    }
  }
  return text;
}
