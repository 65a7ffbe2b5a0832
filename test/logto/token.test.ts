import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createM2mTokenProvider, type SharedToken, type SharedTokenStore } from '../../src/auth/m2m-token.js';
import type { UpstreamEvent } from '../../src/logto/client.js';
import { LogtoApiError } from '../../src/logto/errors.js';
import { createLogger } from '../../src/logger.js';
import { fakeLogtoClients } from '../helpers/fake-logto.js';

const clients = fakeLogtoClients();
afterEach(() => clients.closeAll());
const setup = clients.setup;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('M2M access tokens', () => {
  it('makes exactly one token request for 100 concurrent requests on a cold start', async () => {
    const { fake, client } = await setup({}, { maxConcurrency: 16 });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => client.request<{ ok: boolean }>({ method: 'GET', route: '/api/things/:id', params: { id: String(i) } })),
    );
    expect(results.every((r) => r.status === 200 && r.body.ok)).toBe(true);
    expect(fake.tokenRequests()).toHaveLength(1);
    expect(fake.apiRequests()).toHaveLength(100);
    expect(new Set(fake.apiRequests().map((e) => e.authorization)).size).toBe(1);
    expect(client.stats().token.requests).toBe(1);
  });

  it('asks for the token as real Logto expects: Basic auth, client_credentials, resource, scope=all', async () => {
    const { fake, client } = await setup();
    await client.request({ method: 'GET', route: '/api/users' });
    const [token] = fake.tokenRequests();
    expect(token?.method).toBe('POST');
    expect(token?.authorization).toBe(`Basic ${Buffer.from(`${fake.clientId}:${fake.clientSecret}`).toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(token?.body))).toEqual({
      grant_type: 'client_credentials',
      resource: 'https://default.logto.app/api',
      scope: 'all',
    });
    expect(token?.requestId).toBeTruthy();
  });

  it('refreshes the token ahead of expiry, so no request ever meets an expired token', async () => {
    // 2 s tokens: the leeway is capped at half the life (1 s), so refreshes start at 1 s.
    const { fake, client } = await setup({ tokenTtlSeconds: 2 });
    const statuses: number[] = [];
    const started = Date.now();
    while (Date.now() - started < 2_600) {
      statuses.push((await client.request({ method: 'GET', route: '/api/users' })).status);
      await sleep(50);
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(fake.apiRequests().every((e) => e.status === 200)).toBe(true); // the server never answered 401
    expect(fake.tokenRequests().length).toBeGreaterThanOrEqual(2);
    expect(client.stats().authRetries).toBe(0);
  });

  it('replaces a token Logto refuses (401) and retries the request once', async () => {
    const { fake, client } = await setup();
    await client.request({ method: 'GET', route: '/api/users' });
    fake.revokeTokens();
    const events: UpstreamEvent[] = [];
    const response = await client.request({ method: 'GET', route: '/api/users' }, { meter: { record: (e) => events.push(e) } });
    expect(response.status).toBe(200);
    expect(fake.tokenRequests()).toHaveLength(2);
    const [, refused, retried] = fake.apiRequests();
    expect(refused?.status).toBe(401);
    expect(retried?.status).toBe(200);
    expect(retried?.authorization).not.toBe(refused?.authorization);
    expect(retried?.requestId).toBe(refused?.requestId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ status: 200, retries: 1 });
  });

  it('replaces a refused token once even when many requests hold it', async () => {
    const { fake, client } = await setup();
    await client.request({ method: 'GET', route: '/api/users' });
    fake.revokeTokens();
    const results = await Promise.all(Array.from({ length: 30 }, () => client.request({ method: 'GET', route: '/api/users' })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    // Each 401 drops the token only if it is still the current one: one new token, not thirty.
    expect(fake.tokenRequests()).toHaveLength(2);
  });

  it('gives up after one token replacement when Logto keeps answering 401', async () => {
    const { fake, client } = await setup();
    fake.fault({ path: '/api/users', kind: 'status', status: 401, body: { code: 'auth.unauthorized', message: 'Unauthorized.' }, times: 10 });
    const error = await client.request({ method: 'GET', route: '/api/users' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, code: 'auth.unauthorized', authFailed: true });
    expect(fake.apiRequests()).toHaveLength(2);
    expect(fake.tokenRequests()).toHaveLength(2);
  });

  it('turns a refused client secret into an authFailed error that never contains the secret', async () => {
    const wrongSecret = 'wrong-Secret-9f8e7d6c5b4a';
    const { fake, client } = await setup({}, { clientSecret: wrongSecret });
    const error = await client.request({ method: 'GET', route: '/api/users' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogtoApiError);
    const apiError = error as LogtoApiError;
    expect(apiError).toMatchObject({ status: 401, code: 'oidc.invalid_client', authFailed: true, oauthError: 'invalid_client' });
    expect(apiError.message).toContain('invalid_client');
    const basic = Buffer.from(`${fake.clientId}:${wrongSecret}`).toString('base64');
    for (const text of [apiError.message, apiError.publicMessage, JSON.stringify(apiError), String(apiError.stack)]) {
      expect(text).not.toContain(wrongSecret);
      expect(text).not.toContain(basic);
    }
    expect(fake.apiRequests()).toHaveLength(0);
    // Not retried: a wrong secret stays wrong.
    expect(fake.tokenRequests()).toHaveLength(1);
  });

  it('warns once when the token is granted without the "all" scope', async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    const { fake, client } = await setup(
      { tokenScope: null, tokenTtlSeconds: 3600 },
      { logger: createLogger({ level: 'warn', destination: stream }) },
    );
    await client.request({ method: 'GET', route: '/api/users' });
    fake.revokeTokens();
    await client.request({ method: 'GET', route: '/api/users' }); // a second token, also without scope
    await sleep(20);
    expect(fake.tokenRequests()).toHaveLength(2);
    const warnings = lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toContain('"all" scope');
  });

  it('sends the token request through the same rate limiter', async () => {
    const { client } = await setup({}, { rateLimit: { limit: 5, windowMs: 10_000 } });
    await client.request({ method: 'GET', route: '/api/users' });
    // One token request and one API request used the budget.
    expect(client.budget().remaining).toBe(3);
    expect(client.stats().limiter.granted).toBe(2);
  });

  it('retries the token request when Logto answers 503 (issuing a token twice is harmless)', async () => {
    const { fake, client } = await setup({}, { retryBaseMs: 1 });
    fake.fault({ path: '/oidc/token', kind: 'status', status: 503, body: 'upstream down' });
    const response = await client.request({ method: 'GET', route: '/api/users' });
    expect(response.status).toBe(200);
    expect(fake.tokenRequests().map((e) => e.status)).toEqual([503, 200]);
  });
});

describe('createM2mTokenProvider (unit)', () => {
  it('caps the refresh leeway at half the token life and shares one request between callers', async () => {
    let clock = 1_000_000;
    let calls = 0;
    const provider = createM2mTokenProvider({
      clientId: 'id',
      clientSecret: 'secret',
      resource: 'r',
      now: () => clock,
      call: async () => {
        calls++;
        return { status: 200, requestId: 'x', body: { access_token: `t${calls}`, expires_in: 10, scope: 'all' } };
      },
    });
    const [a, b] = await Promise.all([provider.get(), provider.get()]);
    expect(calls).toBe(1);
    expect(a).toBe(b);
    expect(a.expiresAt).toBe(1_010_000);
    expect(a.refreshAt).toBe(1_005_000); // leeway 60 s > half of 10 s
    clock = 1_006_000; // past refreshAt, before expiry: answer with the old token, refresh behind
    expect((await provider.get()).value).toBe('t1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(2);
    expect((await provider.get()).value).toBe('t2');
    expect(provider.invalidate('t1')).toBe(false); // not the current token any more
    expect(provider.invalidate('t2')).toBe(true);
    expect(provider.current()).toBeUndefined();
  });

  it('never caches a shared token that Logto refused while it was being taken from the store', async () => {
    // Another replica published `theirs`; a 401 to it arrives while this replica still holds the lock.
    const theirs: SharedToken = { value: 'theirs', scope: 'all', issuedAt: Date.now(), expiresAt: Date.now() + 3_600_000 };
    let published: SharedToken | undefined;
    let reads = 0;
    let unlocking: (() => void) | undefined;
    const unlockStarted = new Promise<void>((resolve) => {
      unlocking = resolve;
    });
    let finishUnlock: (() => void) | undefined;
    const store: SharedTokenStore = {
      available: () => true,
      // The first read finds nothing; by the second (under the lock) the other replica has published.
      read: async () => (++reads === 1 ? undefined : (published ?? theirs)),
      // The first unlock is slow (a Redis round trip): the refusal lands during it.
      lock: async () => async () => {
        if (finishUnlock) return;
        unlocking?.();
        await new Promise<void>((resolve) => {
          finishUnlock = resolve;
        });
      },
      write: async (token) => {
        published = token;
      },
      discard: async () => undefined,
    };
    let calls = 0;
    const provider = createM2mTokenProvider({
      clientId: 'id',
      clientSecret: 'secret',
      resource: 'r',
      shared: store,
      call: async () => {
        calls++;
        return { status: 200, requestId: 'x', body: { access_token: `ours${calls}`, expires_in: 3600, scope: 'all' } };
      },
    });
    const pending = provider.get();
    await unlockStarted;
    provider.invalidate('theirs');
    finishUnlock?.();
    const token = await pending;
    expect(token.value).not.toBe('theirs');
    expect(provider.current()?.value).toBe(token.value);
    expect(provider.isRefused('theirs')).toBe(true);
    expect(calls).toBe(1);
  });
});
