import { afterEach, describe, expect, it } from 'vitest';
import { type LogtoClient, type LogtoClientOptions, type UpstreamEvent } from '../../src/logto/client.js';
import { LogtoApiError } from '../../src/logto/errors.js';
import { type FakeLogto, type FakeLogtoOptions, fakeLogtoClients } from '../helpers/fake-logto.js';

const clients = fakeLogtoClients();
afterEach(() => clients.closeAll());

async function setup(
  clientOptions: Partial<LogtoClientOptions> = {},
  fakeOptions: FakeLogtoOptions = {},
): Promise<{ fake: FakeLogto; client: LogtoClient; events: UpstreamEvent[] }> {
  const events: UpstreamEvent[] = [];
  const { fake, client } = await clients.setup(fakeOptions, {
    // Small backoff so retry tests stay fast; the policy, not the delay, is under test.
    retryBaseMs: 5,
    retryCapMs: 20,
    maxRetries: 3,
    meter: { record: (event) => events.push(event) },
    ...clientOptions,
  });
  return { fake, client, events };
}

/** Gets a token first so the test's faults hit the request under test. */
async function warm(client: LogtoClient): Promise<void> {
  await client.request({ method: 'GET', route: '/api/warm-up' });
}

/** A few event-loop turns for socket close events to reach undici. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

const apiCalls = (fake: FakeLogto, path: string) => fake.apiRequests().filter((e) => e.path === path);

describe('429 Too Many Requests', () => {
  it('waits Retry-After (seconds) and succeeds', async () => {
    const { fake, client, events } = await setup();
    await warm(client);
    fake.fault({ path: '/api/users', kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { code: 'rate_limited', message: 'Too many' } });
    const response = await client.request({ method: 'GET', route: '/api/users' });
    expect(response.status).toBe(200);
    const [first, second] = apiCalls(fake, '/api/users');
    expect(first?.status).toBe(429);
    expect(second?.status).toBe(200);
    // Honoured, not merely retried: the retry came no sooner than Logto asked (timer slack allowed).
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(990);
    expect(events.at(-1)).toMatchObject({ route: '/api/users', status: 200, retries: 1 });
  });

  it('waits Retry-After given as an HTTP-date and succeeds', async () => {
    const { fake, client } = await setup();
    await warm(client);
    // HTTP-dates have whole seconds: 2 s ahead of now is between 1 and 2 s away.
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2_000).toUTCString();
    fake.fault({ path: '/api/users', kind: 'status', status: 429, headers: { 'retry-after': at } });
    const response = await client.request({ method: 'GET', route: '/api/users' });
    expect(response.status).toBe(200);
    const [, second] = apiCalls(fake, '/api/users');
    expect(second!.receivedAt).toBeGreaterThanOrEqual(Date.parse(at) - 10);
  });

  it('retries a POST after 429 — a 429 means it was not applied', async () => {
    const { fake, client } = await setup();
    await warm(client);
    fake.fault({ method: 'POST', path: '/api/users', kind: 'status', status: 429, headers: { 'retry-after': '0' } });
    const response = await client.request({ method: 'POST', route: '/api/users', body: { username: 'ada' } });
    expect(response.status).toBe(200);
    expect(apiCalls(fake, '/api/users').map((e) => e.status)).toEqual([429, 200]);
  });

  it('holds other queued requests while Logto asks to wait', async () => {
    const { fake, client } = await setup();
    await warm(client);
    fake.fault({ path: '/api/a', kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    const first = client.request({ method: 'GET', route: '/api/a' });
    await new Promise((resolve) => setTimeout(resolve, 100)); // the 429 has arrived by now
    const second = client.request({ method: 'GET', route: '/api/b' });
    await Promise.all([first, second]);
    const a429 = apiCalls(fake, '/api/a')[0]!;
    const b = apiCalls(fake, '/api/b')[0]!;
    expect(b.receivedAt - a429.receivedAt).toBeGreaterThanOrEqual(990);
  });

  it('gives up with retryAfterMs when Retry-After is longer than the queue timeout', async () => {
    const { fake, client } = await setup({ queueTimeoutMs: 1_000 });
    await warm(client);
    fake.fault({ path: '/api/users', kind: 'status', status: 429, headers: { 'retry-after': '120' }, body: { code: 'too_many', message: 'slow down' } });
    const error = await client.request({ method: 'GET', route: '/api/users' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, code: 'too_many', retryAfterMs: 120_000 });
    expect(apiCalls(fake, '/api/users')).toHaveLength(1);
  });
});

describe('idempotent requests', () => {
  it('retries a GET answered 503 and succeeds', async () => {
    const { fake, client, events } = await setup();
    await warm(client);
    fake.fault({ path: '/api/users', kind: 'status', status: 503, body: 'busy', times: 2 });
    const response = await client.request({ method: 'GET', route: '/api/users' });
    expect(response.status).toBe(200);
    expect(apiCalls(fake, '/api/users').map((e) => e.status)).toEqual([503, 503, 200]);
    expect(events.at(-1)).toMatchObject({ status: 200, retries: 2 });
    expect(client.stats().requests).toEqual(
      expect.arrayContaining([
        { method: 'GET', route: '/api/users', status: 503, count: 2 },
        { method: 'GET', route: '/api/users', status: 200, count: 1 },
      ]),
    );
  });

  it('retries a GET whose connection is reset before or after the request was read', async () => {
    const { fake, client } = await setup();
    await warm(client);
    fake.fault({ path: '/api/users', kind: 'reset-before' });
    fake.fault({ path: '/api/users', kind: 'reset-after-body' });
    const response = await client.request({ method: 'GET', route: '/api/users' });
    expect(response.status).toBe(200);
    expect(apiCalls(fake, '/api/users').map((e) => e.fault)).toEqual(['reset-before', 'reset-after-body', null]);
  });

  it('retries PUT and DELETE on 502/504', async () => {
    const { fake, client } = await setup();
    await warm(client);
    fake.fault({ method: 'PUT', kind: 'status', status: 502 });
    fake.fault({ method: 'DELETE', kind: 'status', status: 504 });
    expect((await client.request({ method: 'PUT', route: '/api/x', body: {} })).status).toBe(200);
    expect((await client.request({ method: 'DELETE', route: '/api/x' })).status).toBe(204);
  });

  it('retries a GET whose answer does not arrive within the headers timeout', async () => {
    const { fake, client } = await setup({ headersTimeoutMs: 200 });
    await warm(client);
    fake.fault({ path: '/api/slow', kind: 'delay', delayMs: 1_000 });
    const response = await client.request({ method: 'GET', route: '/api/slow' });
    expect(response.status).toBe(200);
    expect(apiCalls(fake, '/api/slow')).toHaveLength(2);
  });

  it('stops after maxRetries and reports the last answer', async () => {
    const { fake, client, events } = await setup({ maxRetries: 2 });
    await warm(client);
    fake.fault({ path: '/api/users', kind: 'status', status: 503, body: '<h1>db at 10.0.0.5 down</h1>', times: 10 });
    const error = await client.request({ method: 'GET', route: '/api/users' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogtoApiError);
    expect(error).toMatchObject({ status: 503, code: 'http.503', outcomeUnknown: false });
    expect((error as LogtoApiError).publicMessage).not.toContain('10.0.0.5');
    expect((error as LogtoApiError).message).not.toContain('10.0.0.5');
    expect(apiCalls(fake, '/api/users')).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ status: 503, retries: 2 });
  });
});

describe('writes (POST, PATCH)', () => {
  it('sends a POST exactly once when its answer is lost, and says the outcome is unknown', async () => {
    const { fake, client, events } = await setup();
    await warm(client);
    fake.fault({ method: 'POST', path: '/api/users', kind: 'reset-after-body' });
    const error = await client.request({ method: 'POST', route: '/api/users', body: { username: 'ada' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogtoApiError);
    expect(error).toMatchObject({ status: 0, code: 'network.outcome_unknown', outcomeUnknown: true });
    const posts = apiCalls(fake, '/api/users');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toBe('{"username":"ada"}');
    expect((error as LogtoApiError).requestId).toBe(posts[0]?.requestId);
    expect(events.at(-1)).toMatchObject({ method: 'POST', status: 0, retries: 0 });
  });

  it('does not retry a PATCH that timed out waiting for its answer', async () => {
    const { fake, client } = await setup({ headersTimeoutMs: 200 });
    await warm(client);
    fake.fault({ method: 'PATCH', kind: 'delay', delayMs: 1_000 });
    const error = await client.request({ method: 'PATCH', route: '/api/users/:id', params: { id: 'u1' }, body: { name: 'x' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'network.outcome_unknown', outcomeUnknown: true });
    expect(apiCalls(fake, '/api/users/u1')).toHaveLength(1);
  });

  it('reports a 503 answer to a POST as an error without retrying (Logto answered: not unknown)', async () => {
    const { fake, client } = await setup();
    await warm(client);
    fake.fault({ method: 'POST', kind: 'status', status: 503 });
    const error = await client.request({ method: 'POST', route: '/api/users', body: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: 'http.503', outcomeUnknown: false });
    expect(apiCalls(fake, '/api/users')).toHaveLength(1);
  });

  it('retries a POST that could not connect, then fails with a clear error', async () => {
    const { fake, client, events } = await setup({ maxRetries: 2 });
    await warm(client);
    await fake.stop(); // the port now refuses connections
    await settle(); // let the pool see its keep-alive socket close (else the POST races it: outcome unknown)
    const error = await client.request({ method: 'POST', route: '/api/users', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogtoApiError);
    expect(error).toMatchObject({ status: 0, code: 'network.connection_refused', outcomeUnknown: false });
    expect(events.at(-1)).toMatchObject({ method: 'POST', status: 0, retries: 2 });
  });

  it('delivers a POST once Logto accepts connections again', async () => {
    const { fake, client } = await setup({ maxRetries: 6, retryBaseMs: 100, retryCapMs: 400 });
    await warm(client);
    await fake.stop();
    await settle();
    const pending = client.request({ method: 'POST', route: '/api/users', body: { username: 'grace' } });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await fake.start();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(apiCalls(fake, '/api/users')).toHaveLength(1);
  });
});

describe('aborts', () => {
  it('stops a request whose signal fires while it waits for the token', async () => {
    const { fake, client } = await setup();
    fake.fault({ path: '/oidc/token', kind: 'delay', delayMs: 300 });
    const controller = new AbortController();
    const pending = client.request({ method: 'GET', route: '/api/users' }, { signal: controller.signal }).catch((e: unknown) => e);
    const other = client.request({ method: 'GET', route: '/api/users' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect(await pending).toMatchObject({ code: 'client.aborted' });
    expect((await other).status).toBe(200); // the shared token request went on
    expect(apiCalls(fake, '/api/users')).toHaveLength(1);
  });

  it('reports an aborted in-flight POST as outcome unknown', async () => {
    const { fake, client } = await setup();
    await warm(client);
    fake.fault({ method: 'POST', kind: 'delay', delayMs: 500 });
    const controller = new AbortController();
    const pending = client.request({ method: 'POST', route: '/api/users', body: {} }, { signal: controller.signal }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 100)); // it has reached the server
    controller.abort();
    expect(await pending).toMatchObject({ code: 'client.aborted', outcomeUnknown: true });
    expect(apiCalls(fake, '/api/users')).toHaveLength(1);
  });

  it('stops a request whose signal fires while it waits for a retry', async () => {
    const { fake, client } = await setup({ retryBaseMs: 5_000, retryCapMs: 5_000 });
    await warm(client);
    fake.fault({ path: '/api/users', kind: 'status', status: 503, times: 10 });
    const controller = new AbortController();
    const pending = client.request({ method: 'GET', route: '/api/users' }, { signal: controller.signal }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    expect(await pending).toMatchObject({ code: 'client.aborted' });
  });
});
