/**
 * /healthz and /readyz against a real sandbox: status codes, JSON bodies, what the probe costs
 * upstream (read off the sandbox's request log), and what it reports when Logto fails.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { startStack, type Stack } from '../helpers/stack.js';

const stacks: Stack[] = [];
afterEach(async () => {
  for (const stack of stacks.splice(0)) await stack.close();
});

async function stackWith(env: Record<string, string> = {}): Promise<Stack> {
  const stack = await startStack({ env });
  stacks.push(stack);
  return stack;
}

const origin = (stack: Stack) => stack.server.url.replace(/\/graphql$/, '');

async function getJson(url: string): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /healthz', () => {
  it('answers 200 with a JSON body while the process is up, without touching Logto', async () => {
    const stack = await stackWith();
    const { status, headers, body } = await getJson(`${origin(stack)}/healthz`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({ status: 'ok' });
    expect(typeof body.uptimeSeconds).toBe('number');
    expect(stack.sandbox.requestLog.entries()).toHaveLength(0);
  });

  it('refuses other methods with 405', async () => {
    const stack = await stackWith();
    const response = await fetch(`${origin(stack)}/healthz`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('GET /readyz', () => {
  it('gets an M2M token and asks Logto GET /api/status: 200 ready', async () => {
    const stack = await stackWith();
    const { status, body } = await getJson(`${origin(stack)}/readyz`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ready', logto: { status: 'ok', via: 'probe' } });
    const paths = stack.sandbox.requestLog.entries().map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
    expect(paths).toEqual(['POST /oidc/token 200', 'GET /api/status 204']);
  });

  it('reuses its answer for READINESS_CACHE_MS: ten probes cost one upstream request', async () => {
    const stack = await stackWith({ READINESS_CACHE_MS: '5000' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => getJson(`${origin(stack)}/readyz`)));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(stack.sandbox.requestLog.entries({ pathPrefix: '/api/status' })).toHaveLength(1);
  });

  it('sends no probe at all when real traffic reached Logto within the cache period', async () => {
    const stack = await stackWith({ READINESS_CACHE_MS: '5000' });
    await stack.graphql.request('{ users(first: 1) { totalCount } }');
    const { status, body } = await getJson(`${origin(stack)}/readyz`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ready', logto: { status: 'ok', via: 'traffic' } });
    expect(stack.sandbox.requestLog.entries({ pathPrefix: '/api/status' })).toHaveLength(0);
  });

  it('answers 503 UPSTREAM_UNAVAILABLE when Logto keeps failing', async () => {
    const stack = await stackWith({ READINESS_CACHE_MS: '0', LOGTO_MAX_RETRIES: '0' });
    stack.sandbox.injectFaults({ path: '/api/status', kind: 'status-503', times: 1 });
    const { status, body } = await getJson(`${origin(stack)}/readyz`);
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'not_ready', logto: { status: 'failing', code: 'UPSTREAM_UNAVAILABLE', logtoCode: 'http.503' } });
    // Recovers on the next probe (cache 0).
    expect((await getJson(`${origin(stack)}/readyz`)).status).toBe(200);
  });

  it('answers 503 UPSTREAM_AUTH_FAILED when the M2M credentials are refused', async () => {
    const stack = await stackWith({ READINESS_CACHE_MS: '0' });
    // The same server, but a client with a wrong secret.
    const { createLogtoClient } = await import('../../src/logto/client.js');
    const { startServer } = await import('../../src/server.js');
    const { loadConfig } = await import('../../src/config.js');
    const { silentLogger } = await import('../../src/logger.js');
    const config = loadConfig({ LOGTO_ENDPOINT: stack.sandbox.url, LOGTO_M2M_CLIENT_ID: stack.sandbox.clientId, LOGTO_M2M_CLIENT_SECRET: 'wrong-secret', READINESS_CACHE_MS: '0', AUTH_MODE: 'none', ALLOW_UNAUTHENTICATED: 'true' });
    const client = createLogtoClient({ ...config.logto, endpoint: stack.sandbox.url, clientId: stack.sandbox.clientId, clientSecret: 'wrong-secret' });
    const server = await startServer({ config, client, logger: silentLogger }, { port: 0, host: '127.0.0.1' });
    try {
      const { status, body } = await getJson(server.url.replace(/\/graphql$/, '/readyz'));
      expect(status).toBe(503);
      expect(body).toMatchObject({ status: 'not_ready', logto: { code: 'UPSTREAM_AUTH_FAILED' } });
      expect(JSON.stringify(body)).not.toContain('wrong-secret');
    } finally {
      await server.close(100);
      await client.close();
    }
  });

  it('answers 503 shutting_down once shutdown has begun, while /healthz stays 200', async () => {
    const stack = await stackWith();
    // Hold a connection open with a slow query so the server is still up while draining.
    stack.sandbox.configure({ latencyMs: 400 });
    const slow = stack.post('{ users(first: 1) { totalCount } }');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = stack.server.close(5_000);
    // The listener stopped accepting; ask the still-open app directly through its handler.
    const { createServer } = await import('node:http');
    const probe = createServer((request, response) => stack.server.server.emit('request', request, response));
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    const ready = await getJson(`http://127.0.0.1:${port}/readyz`);
    const live = await getJson(`http://127.0.0.1:${port}/healthz`);
    probe.close();
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'shutting_down' });
    expect(live.status).toBe(200);
    expect((await slow).status).toBe(200);
    await closing;
  });
});
