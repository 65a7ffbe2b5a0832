/**
 * A small, scriptable stand-in for Logto, for the HTTP client's tests: a real node:http server on
 * port 0 that issues client-credentials tokens, checks them on /api/*, serves a paginated
 * `/api/users`, and injects faults (status answers, socket resets before/after reading the body,
 * delays). Every request is logged with its server-side arrival time. The full sandbox
 * (src/sandbox) is a separate, richer thing; this one exists so the client can be tested alone.
 */

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';

import { createLogtoClient, type LogtoClient, type LogtoClientOptions } from '../../src/logto/client.js';

export type FakeFault = {
  readonly method?: string;
  /** Prefix of the path (without query), or a RegExp on it. Default: any /api request. */
  readonly path?: string | RegExp;
  readonly kind:
    | 'status' // answer `status` with `body`/`headers`
    | 'reset-before' // destroy the socket on arrival, before reading the body
    | 'reset-after-body' // read the whole body (the write "happens"), then destroy the socket
    | 'delay'; // wait `delayMs`, then answer normally
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly delayMs?: number;
  /** How many matching requests this fault takes; default 1. */
  times?: number;
};

export type FakeLogEntry = {
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** Epoch ms with sub-ms fraction, taken when the request's headers arrived. */
  readonly receivedAt: number;
  readonly requestId: string | null;
  readonly authorization: string | null;
  readonly acceptEncoding: string | null;
  body: string;
  status: number; // 0: the connection was dropped
  fault: FakeFault['kind'] | null;
};

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

export type FakeLogtoOptions = {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly resource?: string;
  readonly tokenTtlSeconds?: number;
  /** `scope` in the token answer; default 'all'. */
  readonly tokenScope?: string | null;
  /** Latency of every /api answer. */
  readonly latencyMs?: number;
  /** Rows served by GET /api/users (paginated like Logto: default 20, max 100). */
  readonly users?: number;
  /** Compress JSON answers when the client accepts gzip. */
  readonly gzip?: boolean;
};

export type FakeLogto = {
  readonly url: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly resource: string;
  readonly log: FakeLogEntry[];
  /** Requests to /oidc/token. */
  tokenRequests(): FakeLogEntry[];
  /** Requests to /api/*. */
  apiRequests(): FakeLogEntry[];
  /** The most /api exchanges that were in progress at once. */
  maxInFlight(): number;
  fault(rule: FakeFault): void;
  /** Custom answers for a route (exact path, any method) ahead of the built-in ones. */
  route(path: string, handler: (entry: FakeLogEntry) => Answer | Promise<Answer>): void;
  /** Every token issued so far answers 401 from now on. */
  revokeTokens(): void;
  configure(options: Partial<Pick<FakeLogtoOptions, 'tokenTtlSeconds' | 'tokenScope' | 'latencyMs'>>): void;
  /** Stop listening (connections are cut); `start()` listens again on the same port, state kept. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startFakeLogto(options: FakeLogtoOptions = {}): Promise<FakeLogto> {
  const clientId = options.clientId ?? 'm2m-test-client';
  const clientSecret = options.clientSecret ?? 's3cr3t-Value-that-must-not-leak';
  const resource = options.resource ?? 'https://default.logto.app/api';
  let tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
  let tokenScope: string | null = options.tokenScope === undefined ? 'all' : options.tokenScope;
  let latencyMs = options.latencyMs ?? 0;
  const users = Array.from({ length: options.users ?? 0 }, (_, i) => ({ id: `user${String(i).padStart(8, '0')}`, index: i }));

  const log: FakeLogEntry[] = [];
  const faults: FakeFault[] = [];
  const routes = new Map<string, (entry: FakeLogEntry) => Answer | Promise<Answer>>();
  const tokens = new Map<string, number>(); // value → expiresAt (epoch ms)
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;
  let seq = 0;

  const matches = (rule: FakeFault, entry: FakeLogEntry): boolean => {
    if (rule.method && rule.method !== entry.method) return false;
    if (rule.path === undefined) return entry.path.startsWith('/api/');
    return typeof rule.path === 'string' ? entry.path.startsWith(rule.path) : rule.path.test(entry.path);
  };

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const send = (req: IncomingMessage, res: ServerResponse, entry: FakeLogEntry, answer: Answer): void => {
    entry.status = answer.status;
    const headers: Record<string, string> = { ...answer.headers };
    let payload: Buffer | undefined;
    if (answer.body !== undefined) {
      if (typeof answer.body === 'string') {
        payload = Buffer.from(answer.body);
        headers['content-type'] ??= 'text/plain; charset=utf-8';
      } else {
        payload = Buffer.from(JSON.stringify(answer.body));
        headers['content-type'] ??= 'application/json; charset=utf-8';
        if (options.gzip && /gzip/.test(req.headers['accept-encoding'] ?? '')) {
          payload = gzipSync(payload);
          headers['content-encoding'] = 'gzip';
        }
      }
    }
    res.writeHead(answer.status, headers);
    res.end(payload);
  };

  const tokenEndpoint = (entry: FakeLogEntry): Answer => {
    const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    if (entry.authorization !== expected) {
      // As recorded from real Logto (004-token-wrong-secret).
      return {
        status: 401,
        headers: { 'www-authenticate': 'Basic realm="oidc", error="invalid_client", error_description="client authentication failed"' },
        body: {
          code: 'oidc.invalid_client',
          message: 'An OIDC error occurred: oidc.invalid_client.',
          error: 'invalid_client',
          error_description: 'client authentication failed',
        },
      };
    }
    const form = new URLSearchParams(entry.body);
    if (form.get('grant_type') !== 'client_credentials' || form.get('resource') !== resource) {
      return {
        status: 400,
        body: { code: 'oidc.invalid_target', message: 'Invalid resource indicator.', error: 'invalid_target', error_description: 'resource indicator is missing, or unknown' },
      };
    }
    const value = `tok-${randomUUID()}`;
    tokens.set(value, Date.now() + tokenTtlSeconds * 1000);
    const body: Record<string, unknown> = { access_token: value, expires_in: tokenTtlSeconds, token_type: 'Bearer' };
    if (tokenScope !== null && form.get('scope') === 'all') body.scope = tokenScope;
    return { status: 200, headers: { 'cache-control': 'no-store' }, body };
  };

  const apiAnswer = async (entry: FakeLogEntry): Promise<Answer> => {
    const bearer = /^Bearer (.+)$/.exec(entry.authorization ?? '')?.[1];
    if (!bearer) return { status: 401, body: { code: 'auth.authorization_header_missing', message: 'Authorization header is missing.' } };
    const expiresAt = tokens.get(bearer);
    if (expiresAt === undefined || expiresAt <= Date.now()) {
      return { status: 401, body: { code: 'auth.unauthorized', message: 'Unauthorized. Please check credentials and its scope.' } };
    }
    const custom = routes.get(entry.path);
    if (custom) return custom(entry);
    if (entry.path === '/api/users' && entry.method === 'GET') return usersPage(entry);
    if (entry.method === 'DELETE') return { status: 204 };
    if (entry.path === '/api/does-not-exist') return { status: 404, body: 'Not Found' };
    return { status: 200, body: { ok: true, method: entry.method, path: entry.path, query: entry.query, body: entry.body } };
  };

  const usersPage = (entry: FakeLogEntry): Answer => {
    const params = new URLSearchParams(entry.query);
    const page = Number(params.get('page') ?? '1');
    const pageSize = Number(params.get('page_size') ?? '20');
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
      return { status: 400, body: { code: 'guard.invalid_pagination', message: 'The pagination value is not valid.' } };
    }
    const rows = users.slice((page - 1) * pageSize, page * pageSize);
    const last = Math.max(1, Math.ceil(users.length / pageSize));
    const link = (p: number, rel: string) => `<http://fake/users?page=${p}&page_size=${pageSize}>; rel="${rel}"`;
    const links = [link(1, 'first'), ...(page > 1 ? [link(page - 1, 'prev')] : []), link(last, 'last'), ...(page < last ? [link(page + 1, 'next')] : [])];
    return { status: 200, headers: { 'total-number': String(users.length), link: links.join(', ') }, body: rows };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const receivedAt = performance.timeOrigin + performance.now();
    const url = new URL(req.url ?? '/', 'http://fake');
    const entry: FakeLogEntry = {
      seq: ++seq,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      receivedAt,
      requestId: (req.headers['x-request-id'] as string | undefined) ?? null,
      authorization: req.headers.authorization ?? null,
      acceptEncoding: (req.headers['accept-encoding'] as string | undefined) ?? null,
      body: '',
      status: 0,
      fault: null,
    };
    log.push(entry);
    const isApi = entry.path.startsWith('/api/');
    if (isApi) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.on('close', () => inFlight--);
    }
    const rule = faults.find((f) => (f.times ?? 1) > 0 && matches(f, entry));
    if (rule) {
      rule.times = (rule.times ?? 1) - 1;
      entry.fault = rule.kind;
      if (rule.kind === 'reset-before') {
        req.socket.destroy();
        return;
      }
    }
    entry.body = await readBody(req);
    if (rule?.kind === 'reset-after-body') {
      req.socket.destroy();
      return;
    }
    if (rule?.kind === 'status') {
      send(req, res, entry, { status: rule.status ?? 503, body: rule.body, headers: { ...rule.headers } });
      return;
    }
    if (rule?.kind === 'delay') await sleep(rule.delayMs ?? 0);
    if (entry.path === '/oidc/token' && entry.method === 'POST') {
      send(req, res, entry, tokenEndpoint(entry));
      return;
    }
    if (isApi && latencyMs > 0) await sleep(latencyMs);
    if (res.destroyed) return;
    send(req, res, entry, isApi ? await apiAnswer(entry) : { status: 404, body: 'Not Found' });
  };

  let server: Server | undefined;
  let port = 0;
  const start = async (): Promise<void> => {
    const created = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => {
        res.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
    created.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => created.listen(port, '127.0.0.1', resolve));
    port = (created.address() as AddressInfo).port;
    server = created;
  };
  const stop = async (): Promise<void> => {
    const current = server;
    server = undefined;
    if (!current) return;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => current.close(() => resolve()));
  };
  await start();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    clientId,
    clientSecret,
    resource,
    log,
    tokenRequests: () => log.filter((e) => e.path === '/oidc/token'),
    apiRequests: () => log.filter((e) => e.path.startsWith('/api/')),
    maxInFlight: () => maxInFlight,
    fault: (rule) => faults.push({ ...rule }),
    route: (path, handler) => routes.set(path, handler),
    revokeTokens: () => tokens.clear(),
    configure(changes) {
      if (changes.tokenTtlSeconds !== undefined) tokenTtlSeconds = changes.tokenTtlSeconds;
      if (changes.tokenScope !== undefined) tokenScope = changes.tokenScope;
      if (changes.latencyMs !== undefined) latencyMs = changes.latencyMs;
    },
    stop,
    start,
    close: stop,
  };
}

export { maxInAnyWindow } from './windows.js';

/**
 * Each test's fake Logto and a client pointed at it; `closeAll()` (in `afterEach`) closes every
 * one a test made, newest first.
 */
export function fakeLogtoClients(): {
  setup(fakeOptions?: FakeLogtoOptions, clientOptions?: Partial<LogtoClientOptions>): Promise<{ fake: FakeLogto; client: LogtoClient }>;
  closeAll(): Promise<void>;
} {
  const cleanups: (() => Promise<void>)[] = [];
  return {
    async setup(fakeOptions = {}, clientOptions = {}) {
      const fake = await startFakeLogto(fakeOptions);
      cleanups.push(() => fake.close());
      const client = createLogtoClient({
        endpoint: fake.url,
        clientId: fake.clientId,
        clientSecret: fake.clientSecret,
        managementApiResource: fake.resource,
        ...clientOptions,
      });
      cleanups.push(() => client.close());
      return { fake, client };
    },
    async closeAll() {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    },
  };
}
