import { afterEach, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { callApi, getToken, requestToken } from '../helpers/sandbox-client.js';

let sandboxes: Sandbox[] = [];

async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ users: 50, ...options });
  sandboxes.push(sandbox);
  return sandbox;
}

afterEach(async () => {
  await Promise.all(sandboxes.map(async (sandbox) => sandbox.close()));
  sandboxes = [];
});

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const startedAt = performance.now();
  const result = await run();
  return [result, performance.now() - startedAt];
}

/** Resolves to the status, or 0 when the sandbox dropped the connection. */
async function statusOf(request: Promise<Response>): Promise<number> {
  try {
    const response = await request;
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

describe('latency', () => {
  it('delays every answer by a fixed latency, changeable while running', async () => {
    const sandbox = await start({ latencyMs: 120 });
    const token = await getToken(sandbox);
    const [, slow] = await timed(async () => (await callApi(sandbox, '/api/users', token)).arrayBuffer());
    expect(slow).toBeGreaterThanOrEqual(115);
    sandbox.configure({ latencyMs: 0 });
    await (await callApi(sandbox, '/api/users', token)).arrayBuffer();
    // What was injected is in the log: no wall-clock upper bound (a busy machine adds its own).
    expect(sandbox.requestLog.entries({ pathPrefix: '/api/' }).map((entry) => entry.latencyMs)).toEqual([120, 0]);
  });

  it('jitters within [min, max]', async () => {
    const sandbox = await start({ latencyMs: [40, 90] });
    const token = await getToken(sandbox);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const [, elapsed] = await timed(async () => (await callApi(sandbox, '/api/status', token)).arrayBuffer());
      expect(elapsed).toBeGreaterThanOrEqual(38);
    }
    const injected = sandbox.requestLog.entries({ pathPrefix: '/api/' }).map((entry) => entry.latencyMs);
    expect(injected).toHaveLength(5);
    for (const latency of injected) expect(latency >= 40 && latency <= 90).toBe(true);
    expect(new Set(injected).size).toBeGreaterThan(1);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past the budget, and the log never shows a window over it', async () => {
    const windowMs = 600;
    const sandbox = await start({ rateLimit: { limit: 5, windowMs } });
    const token = await getToken(sandbox); // counts: token requests are rate limited too
    const statuses = await Promise.all(Array.from({ length: 10 }, async () => statusOf(callApi(sandbox, '/api/roles', token))));
    expect(statuses.filter((status) => status === 200)).toHaveLength(4);
    expect(statuses.filter((status) => status === 429)).toHaveLength(6);

    const limited = await callApi(sandbox, '/api/roles', token);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toEqual({
      code: 'request.rate_limited',
      message: 'Too many requests. Please try again later.',
    });

    // Rejected requests do not count: once the window passes, the full budget is back.
    await new Promise((resolve) => setTimeout(resolve, windowMs + 50));
    const after = await Promise.all(Array.from({ length: 5 }, async () => statusOf(callApi(sandbox, '/api/roles', token))));
    expect(after).toEqual([200, 200, 200, 200, 200]);

    const accepted = sandbox.requestLog.entries().filter((entry) => entry.status !== 429);
    for (const entry of accepted) {
      const inWindow = accepted.filter(
        (other) => other.receivedAt > entry.receivedAt - windowMs && other.receivedAt <= entry.receivedAt,
      );
      expect(inWindow.length).toBeLessThanOrEqual(5);
    }
  });

  it('can be switched on and off while running', async () => {
    const sandbox = await start();
    const token = await getToken(sandbox);
    sandbox.configure({ rateLimit: { limit: 1, windowMs: 10_000 } });
    expect(await statusOf(callApi(sandbox, '/api/roles', token))).toBe(200);
    expect(await statusOf(callApi(sandbox, '/api/roles', token))).toBe(429);
    sandbox.configure({ rateLimit: undefined });
    expect(await statusOf(callApi(sandbox, '/api/roles', token))).toBe(200);
  });
});

describe('injected faults', () => {
  it('answers 503 for as many matching requests as asked, then recovers', async () => {
    const sandbox = await start();
    const token = await getToken(sandbox);
    sandbox.injectFaults({ kind: 'status-503', times: 2 });
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt += 1) statuses.push(await statusOf(callApi(sandbox, '/api/users', token)));
    expect(statuses).toEqual([503, 503, 200]);
    expect(sandbox.requestLog.entries({ pathPrefix: '/api' }).map((entry) => entry.fault)).toEqual(['status-503', 'status-503', null]);
  });

  it('answers 429 with the given Retry-After', async () => {
    const sandbox = await start();
    const token = await getToken(sandbox);
    sandbox.injectFaults({ kind: 'status-429', retryAfterSeconds: 7 });
    const response = await callApi(sandbox, '/api/users', token);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
  });

  it('drops the connection before answering and logs status 0', async () => {
    const sandbox = await start();
    const token = await getToken(sandbox);
    sandbox.injectFaults({ kind: 'reset-before', method: 'GET', path: '/api/users/:id' });
    expect(await statusOf(callApi(sandbox, '/api/users', token))).toBe(200); // path does not match
    const userId = sandbox.store.usersNewestFirst()[0]?.id ?? '';
    await expect(callApi(sandbox, `/api/users/${userId}`, token)).rejects.toThrow();
    expect(sandbox.requestLog.entries().at(-1)).toMatchObject({ path: `/api/users/${userId}`, status: 0, fault: 'reset-before' });
  });

  it('applies the request and then drops the connection (reset-after-apply)', async () => {
    const sandbox = await start();
    const logsBefore = sandbox.store.logCount;
    sandbox.injectFaults({ kind: 'reset-after-apply', path: '/oidc/token' });
    await expect(requestToken(sandbox)).rejects.toThrow();
    // The exchange happened (Logto writes an audit log for it) although the client saw nothing.
    expect(sandbox.store.logCount).toBe(logsBefore + 1);
    expect(sandbox.requestLog.entries().at(-1)).toMatchObject({ path: '/oidc/token', status: 0, fault: 'reset-after-apply' });
  });

  it('delays a matching request', async () => {
    const sandbox = await start();
    const token = await getToken(sandbox);
    sandbox.injectFaults({ kind: 'delay', delayMs: 150, path: /^\/api\/roles/ });
    const [status, elapsed] = await timed(async () => statusOf(callApi(sandbox, '/api/roles', token)));
    expect(status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(145);
  });

  it('fails the configured fraction of /api requests, reproducibly for a seed, never /oidc/token', async () => {
    const outcomes = async (faultRate: number) => {
      const sandbox = await start({ faultRate, seed: 7 });
      const token = await getToken(sandbox);
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 40; attempt += 1) statuses.push(await statusOf(callApi(sandbox, '/api/status', token)));
      return statuses;
    };
    const first = await outcomes(0.3);
    expect(await outcomes(0.3)).toEqual(first);
    const failed = first.filter((status) => status !== 204);
    expect(failed.length).toBeGreaterThan(4);
    expect(failed.length).toBeLessThan(24);
    expect(new Set(failed)).toEqual(new Set([0, 503]));
    expect(await outcomes(1)).toEqual(expect.not.arrayContaining([204]));
  });
});

describe('tokens', () => {
  it('refuses every issued token after revokeTokens(), and issues working ones again', async () => {
    const sandbox = await start();
    const token = await getToken(sandbox);
    expect((await callApi(sandbox, '/api/users', token)).status).toBe(200);
    sandbox.revokeTokens();
    const refused = await callApi(sandbox, '/api/users', token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'auth.unauthorized' });
    expect((await callApi(sandbox, '/api/users', await getToken(sandbox))).status).toBe(200);
  });

  it('expires tokens after tokenTtlSeconds', async () => {
    const sandbox = await start({ tokenTtlSeconds: 1 });
    const response = await requestToken(sandbox);
    const { access_token: token, expires_in: expiresIn } = (await response.json()) as { access_token: string; expires_in: number };
    expect(expiresIn).toBe(1);
    expect((await callApi(sandbox, '/api/users', token)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await callApi(sandbox, '/api/users', token);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ code: 'auth.unauthorized', data: { code: 'ERR_JWT_EXPIRED' } });
  });
});

describe('request log', () => {
  it('records every request with its id, status and timing, but not the sandbox’s own routes', async () => {
    const sandbox = await start();
    const token = await getToken(sandbox);
    const mark = sandbox.requestLog.lastSeq();
    await callApi(sandbox, '/api/users?page=2&page_size=5', token, { headers: { 'x-request-id': 'req-1' } });
    await fetch(`${sandbox.url}/__sandbox/requests`);
    await callApi(sandbox, '/api/nope', token);
    const entries = sandbox.requestLog.entries({ sinceSeq: mark });
    expect(entries.map(({ method, path, query, status, requestId }) => ({ method, path, query, status, requestId }))).toEqual([
      { method: 'GET', path: '/api/users', query: 'page=2&page_size=5', status: 200, requestId: 'req-1' },
      { method: 'GET', path: '/api/nope', query: '', status: 404, requestId: null },
    ]);
    expect(entries[0]?.finishedAt).toBeGreaterThanOrEqual(entries[0]?.receivedAt ?? Number.POSITIVE_INFINITY);
    expect(sandbox.requestLog.entries({ pathPrefix: '/oidc' })).toHaveLength(1);

    sandbox.requestLog.clear();
    expect(sandbox.requestLog.entries()).toEqual([]);
    expect(sandbox.requestLog.lastSeq()).toBe(mark + 2);
  });
});

describe('/__sandbox/ routes', () => {
  it('drive the request log, faults, settings and revocation over HTTP', async () => {
    const sandbox = await start();
    const token = await getToken(sandbox);
    const control = async (method: string, path: string, body?: unknown) =>
      fetch(`${sandbox.url}/__sandbox/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    const listed = (await (await control('GET', 'requests?since=0')).json()) as { entries: { path: string }[] };
    expect(listed.entries.map((entry) => entry.path)).toEqual(['/oidc/token']);
    expect((await control('DELETE', 'requests')).status).toBe(204);

    expect((await control('POST', 'faults', { kind: 'status-503', path: '/api/roles' })).status).toBe(204);
    expect((await control('POST', 'faults', { kind: 'explode' })).status).toBe(400);
    expect((await callApi(sandbox, '/api/roles', token)).status).toBe(503);

    const settings = await control('POST', 'config', { latencyMs: [1, 2], faultRate: 0, tokenTtlSeconds: 60 });
    expect(await settings.json()).toMatchObject({ latencyMs: [1, 2], faultRate: 0, tokenTtlSeconds: 60, rateLimit: null });
    expect((await control('POST', 'config', { faultRate: 2 })).status).toBe(400);

    expect((await control('POST', 'revoke-tokens')).status).toBe(204);
    expect((await callApi(sandbox, '/api/roles', token)).status).toBe(401);
  });

  it('rejects bad settings in configure()', async () => {
    const sandbox = await start();
    expect(() => sandbox.configure({ faultRate: 1.5 })).toThrow(/faultRate/);
    expect(() => sandbox.configure({ latencyMs: [50, 10] })).toThrow(/latency/);
  });
});
