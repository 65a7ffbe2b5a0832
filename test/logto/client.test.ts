import { afterEach, describe, expect, it } from 'vitest';
import { buildPath, type UpstreamEvent } from '../../src/logto/client.js';
import { LogtoApiError, isNotFound } from '../../src/logto/errors.js';
import { fakeLogtoClients } from '../helpers/fake-logto.js';

const clients = fakeLogtoClients();
afterEach(() => clients.closeAll());
const setup = clients.setup;

type User = { id: string; index: number };
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('buildPath', () => {
  it('fills and encodes :params and keeps query order, repeating array values', () => {
    expect(
      buildPath('/api/users/:id/roles', { id: 'a/b c' }, { 'search.id': ['x,y', 'z'], 'mode.id': 'exact', page: 2, flag: true, skip: undefined }),
    ).toBe('/api/users/a%2Fb%20c/roles?search.id=x%2Cy&search.id=z&mode.id=exact&page=2&flag=true');
    expect(buildPath('/api/users', undefined, { search: '%alice%' })).toBe('/api/users?search=%25alice%25');
    expect(() => buildPath('/api/users/:id', {}, undefined)).toThrow(TypeError);
  });
});

describe('request', () => {
  it('sends X-Request-Id, accepts gzip, decodes it, and reads Total-Number', async () => {
    const { fake, client } = await setup({ users: 120, gzip: true }, { requestIdPrefix: 'gql' });
    const response = await client.request<User[]>({ method: 'GET', route: '/api/users', query: { page: 2, page_size: 50 } });
    expect(response.body.map((u) => u.index)).toEqual(range(50, 50));
    expect(response.totalCount).toBe(120);
    expect(response.totalCountIsCapped).toBe(false);
    const entry = fake.apiRequests()[0]!;
    expect(entry.requestId).toBe(response.requestId);
    expect(entry.requestId).toMatch(/^gql-\d+$/);
    expect(entry.acceptEncoding).toContain('gzip');
    expect(entry.query).toBe('page=2&page_size=50');
  });

  it('uses a per-request id prefix, and a random id without one', async () => {
    const { fake, client } = await setup();
    await client.request({ method: 'GET', route: '/api/a' }, { requestIdPrefix: 'op42' });
    await client.request({ method: 'GET', route: '/api/b' });
    const [a, b] = fake.apiRequests();
    expect(a?.requestId).toMatch(/^op42-\d+$/);
    expect(b?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends JSON bodies and returns undefined for 204', async () => {
    const { fake, client } = await setup();
    const created = await client.request<{ body: string }>({ method: 'POST', route: '/api/users', body: { username: 'ada', customData: { a: 1 } } });
    expect(JSON.parse(created.body.body)).toEqual({ username: 'ada', customData: { a: 1 } });
    const deleted = await client.request({ method: 'DELETE', route: '/api/users/:id', params: { id: 'u1' } });
    expect(deleted).toMatchObject({ status: 204, body: undefined });
    expect(fake.apiRequests()[0]?.body).toBe('{"username":"ada","customData":{"a":1}}');
  });

  it("throws LogtoApiError with Logto's code for a JSON error, and http.404 for the plain-text one", async () => {
    const { fake, client } = await setup();
    fake.route('/api/users/nosuchuser00', () => ({ status: 404, body: { code: 'entity.not_found', message: 'Entity not found.' } }));
    const notFound = await client.request({ method: 'GET', route: '/api/users/:id', params: { id: 'nosuchuser00' } }).catch((e: unknown) => e);
    expect(notFound).toMatchObject({ status: 404, code: 'entity.not_found', message: 'Entity not found.' });
    expect((notFound as LogtoApiError).requestId).toBe(fake.apiRequests()[0]?.requestId);
    const unknownRoute = await client.request({ method: 'GET', route: '/api/does-not-exist' }).catch((e: unknown) => e);
    expect(unknownRoute).toMatchObject({ status: 404, code: 'http.404' });
    expect(isNotFound(unknownRoute)).toBe(true);
  });

  it('reports one event per logical request to the request meter and the process meter', async () => {
    const perRequest: UpstreamEvent[] = [];
    const processWide: UpstreamEvent[] = [];
    const { client } = await setup({}, { meter: { record: (e) => processWide.push(e) } });
    const before = performance.now();
    await client.request({ method: 'GET', route: '/api/users/:id', params: { id: 'u1' } }, { meter: { record: (e) => perRequest.push(e) } });
    expect(perRequest).toHaveLength(1);
    const [event] = perRequest;
    expect(event).toMatchObject({ method: 'GET', route: '/api/users/:id', status: 200, retries: 0 });
    expect(event!.issuedAt).toBeGreaterThanOrEqual(before);
    expect(event!.startedAt).toBeGreaterThanOrEqual(event!.issuedAt);
    expect(event!.endedAt).toBeGreaterThanOrEqual(event!.startedAt);
    // The process meter also sees the token request; the operation's meter does not.
    expect(processWide.map((e) => e.route)).toEqual(['/oidc/token', '/api/users/:id']);
  });

  it('keeps counting when a meter throws', async () => {
    const { client } = await setup();
    const response = await client.request({ method: 'GET', route: '/api/x' }, { meter: { record: () => { throw new Error('metrics bug'); } } });
    expect(response.status).toBe(200);
  });

  it('counts attempts by route, method and status', async () => {
    const { fake, client } = await setup({}, { retryBaseMs: 1 });
    fake.fault({ path: '/api/users', kind: 'status', status: 503 });
    await client.request({ method: 'GET', route: '/api/users' });
    await client.request({ method: 'GET', route: '/api/users' });
    const stats = client.stats();
    expect(stats.requests).toEqual(
      expect.arrayContaining([
        { method: 'POST', route: '/oidc/token', status: 200, count: 1 },
        { method: 'GET', route: '/api/users', status: 503, count: 1 },
        { method: 'GET', route: '/api/users', status: 200, count: 2 },
      ]),
    );
    expect(stats.retries).toBe(1);
    expect(stats.token.requests).toBe(1);
    expect(stats.limiter).toMatchObject({ queued: 0, inFlight: 0, granted: 4 });
  });

  it('fails requests after close', async () => {
    const { client } = await setup();
    await client.close();
    await expect(client.request({ method: 'GET', route: '/api/x' })).rejects.toMatchObject({ code: 'client.closed' });
  });
});

describe('listWindow', () => {
  it('fetches a window in one request when one page holds it', async () => {
    const { fake, client } = await setup({ users: 237 });
    const result = await client.listWindow<User>({ route: '/api/users' }, { offset: 40, limit: 20 });
    expect(result.items.map((u) => u.index)).toEqual(range(40, 20));
    expect(result.totalCount).toBe(237);
    expect(fake.apiRequests().map((e) => e.query)).toEqual(['page=3&page_size=20']);
  });

  it('fetches an unaligned window in the fewest requests, concurrently, keeping other query parameters', async () => {
    const { fake, client } = await setup({ users: 237 });
    const result = await client.listWindow<User>({ route: '/api/users', query: { search: '%a%', page: 9 } }, { offset: 150, limit: 60 });
    expect(result.items.map((u) => u.index)).toEqual(range(150, 60));
    const queries = fake.apiRequests().map((e) => new URLSearchParams(e.query));
    expect(queries).toHaveLength(1); // [150, 210) fits in page 3 of size 70: [140, 210)
    expect(queries[0]?.toString()).toBe('search=%25a%25&page=3&page_size=70');
  });

  it('needs two requests for 100 items that cross every page boundary', async () => {
    const { fake, client } = await setup({ users: 400 });
    const result = await client.listWindow<User>({ route: '/api/users' }, { offset: 150, limit: 100 });
    expect(result.items.map((u) => u.index)).toEqual(range(150, 100));
    expect(fake.apiRequests()).toHaveLength(2);
  });

  it('stops at the end of the list', async () => {
    const { client } = await setup({ users: 237 });
    const result = await client.listWindow<User>({ route: '/api/users' }, { offset: 230, limit: 50 });
    expect(result.items.map((u) => u.index)).toEqual(range(230, 7));
    expect(result.totalCount).toBe(237);
  });

  it('asks for the count alone with the smallest page when the window is empty', async () => {
    const { fake, client } = await setup({ users: 237 });
    const result = await client.listWindow<User>({ route: '/api/users' }, { offset: 0, limit: 0 });
    expect(result).toEqual({ items: [], totalCount: 237, totalCountIsCapped: false });
    expect(fake.apiRequests().map((e) => e.query)).toEqual(['page=1&page_size=1']);
  });
});
