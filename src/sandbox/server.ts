import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import { rateLimited } from './errors.js';
import type { FaultInjector } from './faults.js';
import { dropConnection, sendReply } from './send-reply.js';
import type { ManagementApi } from './management-api.js';
import { discoveryDocument, handleTokenRequest, headerValue } from './oidc.js';
import type { Random } from './prng.js';
import type { SlidingWindowLimiter } from './rate-limit.js';
import type { SandboxRequestLog } from './request-log.js';
import type { Reply } from './router.js';
import { handleSandboxRoute, type SandboxControls } from './control-api.js';
import type { RuntimeSettings } from './settings.js';
import type { SigningKeys } from './signing-keys.js';
import type { SandboxStore } from './store.js';
import { now, sleep } from './time.js';
import type { TokenRegistry } from './tokens.js';

export type SandboxServerParts = {
  readonly store: SandboxStore;
  readonly api: ManagementApi;
  readonly tokens: TokenRegistry;
  readonly requestLog: SandboxRequestLog;
  readonly limiter: SlidingWindowLimiter;
  readonly faults: FaultInjector;
  readonly settings: RuntimeSettings;
  /** Jitter for `latencyMs: [min, max]`, seeded like everything else. */
  readonly random: Random;
  readonly controls: SandboxControls;
  /** `<sandbox url>/oidc`, known once the server listens. */
  readonly issuer: () => string;
  /** The key behind `/oidc/jwks`. */
  readonly signingKeys: SigningKeys;
};

const MAX_BODY_BYTES = 1_048_576;

const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

/**
 * The HTTP front: sandbox-only routes bypass everything; every other request is logged, counted
 * by the rate limiter (`/api` and `/oidc/token`), delayed, possibly faulted, then answered.
 */
export function createSandboxServer(parts: SandboxServerParts): Server {
  const server = createServer((request, response) => {
    // Only rejects when the client went away mid-request (an aborted body): nothing left to answer.
    handleRequest(parts, request, response).catch(() => dropConnection(request, response));
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

async function handleRequest(parts: SandboxServerParts, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const receivedAt = now();
  const method = request.method ?? 'GET';
  const rawUrl = request.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  const path = queryStart < 0 ? rawUrl : rawUrl.slice(0, queryStart);
  const rawQuery = queryStart < 0 ? '' : rawUrl.slice(queryStart + 1);

  if (path === '/__sandbox' || path.startsWith('/__sandbox/')) {
    const body = await readBody(request);
    sendReply(request, response, handleSandboxRoute(method, path, rawQuery, body ?? '', parts.controls));
    return;
  }

  const { requestLog, limiter, faults, settings } = parts;
  const latencyMs = latencyFor(settings.latencyMs, parts.random);
  const pending = requestLog.begin({
    method,
    path,
    query: rawQuery,
    receivedAt,
    requestId: headerValue(request.headers['x-request-id']) ?? null,
    latencyMs,
  });
  let faultLabel: string | null = null;
  const finish = (status: number) => requestLog.finish(pending, status, faultLabel, now());

  // Decided on arrival, with the arrival time the log shows, so the log can prove the window held.
  const decision = isApiPath(path) || path === '/oidc/token' ? limiter.check(receivedAt) : ({ allowed: true } as const);
  await sleep(latencyMs);

  if (!decision.allowed) {
    finish(
      sendReply(request, response, {
        status: 429,
        body: rateLimited().toBody(),
        headers: { 'Retry-After': String(decision.retryAfterSeconds) },
      }),
    );
    return;
  }

  const fault = faults.take(method, path);
  faultLabel = fault?.label ?? null;
  switch (fault?.kind) {
    case 'delay':
      await sleep(fault.delayMs ?? 1000);
      break;
    case 'status-503':
      finish(sendReply(request, response, { status: 503, body: { message: 'Service Unavailable' } }));
      return;
    case 'status-429':
      finish(
        sendReply(request, response, {
          status: 429,
          body: rateLimited().toBody(),
          headers: { 'Retry-After': String(fault.retryAfterSeconds ?? 1) },
        }),
      );
      return;
    case 'reset-before':
      dropConnection(request, response);
      finish(0);
      return;
    default:
      break;
  }

  let body: string | undefined;
  try {
    body = await readBody(request);
  } catch (error: unknown) {
    finish(0);
    throw error;
  }
  const reply = await dispatch(parts, request, method, path, rawQuery, body);
  if (fault?.kind === 'reset-after-apply') {
    // The effect has happened; the client never learns the outcome.
    dropConnection(request, response);
    finish(0);
    return;
  }
  finish(sendReply(request, response, reply, { etag: isApiPath(path) }));
}

async function dispatch(
  parts: SandboxServerParts,
  request: IncomingMessage,
  method: string,
  path: string,
  rawQuery: string,
  body: string | undefined,
): Promise<Reply> {
  try {
    if (isApiPath(path)) {
      const json = parseJsonBody(request, body);
      if (!json.ok) return { status: 400, body: { message: json.message } };
      return await parts.api.handle({
        method,
        path: path.slice('/api'.length) || '/',
        rawQuery,
        host: request.headers.host,
        authorization: request.headers.authorization,
        body: json.value,
        userAgent: request.headers['user-agent'],
        ip: request.socket.remoteAddress,
      });
    }
    if (path === '/oidc/token' && method === 'POST') {
      return handleTokenRequest(
        { headers: request.headers, body: body ?? '', ip: request.socket.remoteAddress },
        { store: parts.store, tokens: parts.tokens, issuer: parts.issuer(), tokenTtlSeconds: () => parts.settings.tokenTtlSeconds },
      );
    }
    if (path === '/oidc/.well-known/openid-configuration' && (method === 'GET' || method === 'HEAD')) {
      return { status: 200, body: discoveryDocument(parts.issuer()) };
    }
    if (path === '/oidc/jwks' && (method === 'GET' || method === 'HEAD')) {
      return { status: 200, body: parts.signingKeys.jwks() };
    }
    if (path === '/oidc' || path.startsWith('/oidc/')) {
      // oidc-provider's answer for a route it does not serve, with Logto's code and message added.
      return {
        status: 404,
        body: {
          code: 'oidc.invalid_request',
          message: 'Request is invalid.',
          error: 'invalid_request',
          error_description: `unrecognized route or not allowed method (${method} on ${path})`,
        },
      };
    }
    return { status: 404, body: 'Not Found' };
  } catch {
    // Logto's error handler for anything unexpected (e.g. an invalid regex reaching Postgres).
    return { status: 500, body: { message: 'Internal server error.' } };
  }
}

function parseJsonBody(
  request: IncomingMessage,
  body: string | undefined,
): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!body || !(request.headers['content-type'] ?? '').includes('json')) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error: unknown) {
    // Logto exposes JSON syntax errors as 400 `{ message }`.
    return { ok: false, message: error instanceof Error ? error.message : 'Invalid JSON' };
  }
}

function latencyFor(latency: RuntimeSettings['latencyMs'], random: Random): number {
  if (typeof latency === 'number') return latency;
  const [min, max] = latency;
  return min + random() * (max - min);
}

/** The request body as text; GET and HEAD bodies are not read. Oversized bodies are cut off. */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) break;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
