/**
 * HTTP hygiene: CSRF, CORS, body and document size limits, persisted operations and cache
 * headers, each against a real server.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config.js';
import { ERROR_CODES } from '../../src/errors.js';
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

const getUrl = (stack: Stack, query: string, extra: Record<string, string> = {}) =>
  `${stack.server.url}?${new URLSearchParams({ query, ...extra }).toString()}`;

type Body = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };

describe('CSRF prevention', () => {
  it('refuses a GET without a preflight-forcing header (403 FORBIDDEN) and runs it with one', async () => {
    const stack = await stackWith();
    const bare = await fetch(getUrl(stack, '{ __typename }'), { headers: { accept: 'application/json' } });
    expect(bare.status).toBe(403);
    expect(((await bare.json()) as Body).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const header of ['x-graphql-yoga-csrf', 'apollo-require-preflight', 'graphql-preflight']) {
      const ok = await fetch(getUrl(stack, '{ __typename }'), { headers: { accept: 'application/json', [header]: '1' } });
      expect(ok.status, header).toBe(200);
    }
  });

  it('refuses form-encoded and text/plain POSTs (what an HTML form can send) without the header', async () => {
    const stack = await stackWith();
    const form = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: '{ __typename }' }),
    });
    expect(form.status).toBe(403);
    const text = await fetch(stack.server.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' });
    expect(text.status).toBe(403);
    // JSON is preflighted by browsers: allowed as is.
    expect((await stack.post('{ __typename }')).status).toBe(200);
  });
});

describe('CORS', () => {
  const preflight = (stack: Stack, origin: string) =>
    fetch(stack.server.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  it('sends no CORS headers when CORS_ORIGINS is unset (same-origin callers only)', async () => {
    const stack = await stackWith();
    const response = await preflight(stack, 'https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const post = await stack.post('{ __typename }', undefined, { origin: 'https://evil.example' });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows the listed origins, without credentials by default', async () => {
    const stack = await stackWith({ CORS_ORIGINS: 'https://admin.example.com, https://ops.example.com' });
    const allowed = await preflight(stack, 'https://ops.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ops.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    expect(allowed.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    const other = await preflight(stack, 'https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    const post = await stack.post('{ __typename }', undefined, { origin: 'https://admin.example.com' });
    expect(post.headers.get('access-control-allow-origin')).toBe('https://admin.example.com');
    expect(post.headers.get('access-control-expose-headers')).toContain('x-request-id');
    expect(post.headers.get('access-control-expose-headers')).toContain('www-authenticate');
  });

  it('allows any origin with *, never with credentials; CORS_CREDENTIALS=true adds them for listed origins', async () => {
    const any = await stackWith({ CORS_ORIGINS: '*' });
    const response = await preflight(any, 'https://anywhere.example');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    const withCredentials = await stackWith({ CORS_ORIGINS: 'https://admin.example.com', CORS_CREDENTIALS: 'true' });
    expect((await preflight(withCredentials, 'https://admin.example.com')).headers.get('access-control-allow-credentials')).toBe('true');
    expect(() => loadConfig({ CORS_ORIGINS: '*', CORS_CREDENTIALS: 'true' })).toThrow(/CORS_CREDENTIALS: cannot be true with CORS_ORIGINS=\*/);
    expect(() => loadConfig({ CORS_ORIGINS: 'admin.example.com' })).toThrow(/CORS_ORIGINS: "admin.example.com" is not an origin/);
  });
});

describe('size limits', () => {
  it('refuses a body over MAX_BODY_BYTES with 413, before reading it', async () => {
    const stack = await stackWith({ MAX_BODY_BYTES: '10000' });
    const big = await stack.post('{ __typename }', { padding: 'x'.repeat(20_000) });
    expect(big.status).toBe(413);
    expect(big.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REQUEST_ENTITY_TOO_LARGE' });
    expect((await stack.post('{ __typename }', { padding: 'x'.repeat(5_000) })).status).toBe(200);
  });

  it('refuses a body over the default 1 MiB with 413, chunked bodies included', async () => {
    const stack = await stackWith();
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        const piece = new TextEncoder().encode('x'.repeat(64 * 1024));
        controller.enqueue(new TextEncoder().encode('{"query":"{ __typename }","variables":{"p":"'));
        for (let i = 0; i < 20; i++) controller.enqueue(piece);
        controller.enqueue(new TextEncoder().encode('"}}'));
        controller.close();
      },
    });
    // No Content-Length: the limit has to hold while streaming.
    const response = await fetch(stack.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunks, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('refuses a document longer than MAX_DOCUMENT_LENGTH characters before parsing it', async () => {
    const stack = await stackWith({ MAX_DOCUMENT_LENGTH: '1000' });
    const long = await stack.post(`# ${'comment '.repeat(200)}\n{ __typename }`);
    expect(long.status).toBe(400);
    expect(long.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', maxDocumentLength: 1000 });
    expect(long.body.errors?.[0]?.message).toMatch(/the limit is 1000/);
  });
});

describe('persisted operations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'persisted-'));
  const file = join(dir, 'persisted-documents.json');
  writeFileSync(
    file,
    JSON.stringify({
      'sha256:users1': 'query FirstUsers($first: Int!) { users(first: $first) { totalCount nodes { username } } }',
      abc123: 'query Typename { __typename }',
    }),
  );

  it('runs a persisted operation by documentId or by Apollo persistedQuery hash, and still arbitrary ones by default', async () => {
    const stack = await stackWith({ PERSISTED_OPERATIONS_FILE: file });
    const byDocumentId = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documentId: 'sha256:users1', variables: { first: 2 } }),
    });
    expect(byDocumentId.status).toBe(200);
    const body = (await byDocumentId.json()) as { data: { users: { nodes: unknown[] } } };
    expect(body.data.users.nodes).toHaveLength(2);
    const byHash = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'abc123' } } }),
    });
    expect(((await byHash.json()) as Body).data).toEqual({ __typename: 'Query' });
    const unknown = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documentId: 'nope' }),
    });
    const unknownBody = (await unknown.json()) as Body;
    expect(unknownBody.errors?.[0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'BAD_USER_INPUT' } });
    expect((await stack.post('{ __typename }')).status).toBe(200);
  });

  it('runs a persisted operation over GET by ?documentId= (the form CDNs cache), with variables', async () => {
    const stack = await stackWith({ PERSISTED_OPERATIONS_FILE: file, PERSISTED_OPERATIONS_ONLY: 'true' });
    const headers = { accept: 'application/json', 'x-graphql-yoga-csrf': '1' };
    const typename = await fetch(`${stack.server.url}?documentId=abc123`, { headers });
    expect(typename.status).toBe(200);
    expect(((await typename.json()) as Body).data).toEqual({ __typename: 'Query' });
    const withVariables = await fetch(`${stack.server.url}?documentId=${encodeURIComponent('sha256:users1')}&variables=${encodeURIComponent('{"first":2}')}`, { headers });
    expect(withVariables.status).toBe(200);
    expect(((await withVariables.json()) as { data: { users: { nodes: unknown[] } } }).data.users.nodes).toHaveLength(2);
    const unknown = await fetch(`${stack.server.url}?documentId=nope`, { headers });
    expect(((await unknown.json()) as Body).errors?.[0]?.message).toBe('PersistedQueryNotFound');
  });

  it('with PERSISTED_OPERATIONS_ONLY=true refuses any operation that is not persisted', async () => {
    const stack = await stackWith({ PERSISTED_OPERATIONS_FILE: file, PERSISTED_OPERATIONS_ONLY: 'true' });
    const arbitrary = await stack.post('{ __typename }');
    expect(arbitrary.status).toBe(400);
    expect(arbitrary.body.errors?.[0]?.message).toMatch(/^PersistedQueryOnly/);
    expect(arbitrary.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const persisted = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documentId: 'abc123' }),
    });
    expect(((await persisted.json()) as Body).data).toEqual({ __typename: 'Query' });
    expect(stack.sandbox.requestLog.entries()).toHaveLength(0);
  });

  it('stops the start with a clear message when the file is unusable or missing', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ broken: 'query {' }));
    const { loadPersistedOperations } = await import('../../src/http/persisted-operations.js');
    expect(() => loadPersistedOperations(bad)).toThrow(/PERSISTED_OPERATIONS_FILE: the document "broken" does not parse/);
    expect(() => loadPersistedOperations(join(dir, 'missing.json'))).toThrow(/PERSISTED_OPERATIONS_FILE: cannot read/);
    writeFileSync(bad, '["query { a }"]');
    expect(() => loadPersistedOperations(bad)).toThrow(/must hold a JSON object/);
    expect(() => loadConfig({ PERSISTED_OPERATIONS_ONLY: 'true' })).toThrow(/PERSISTED_OPERATIONS_ONLY: needs PERSISTED_OPERATIONS_FILE/);
  });
});

describe('cache headers', () => {
  const csrf = { accept: 'application/json', 'x-graphql-yoga-csrf': '1' };

  it('marks every GraphQL response no-store by default', async () => {
    const stack = await stackWith();
    expect((await stack.post('{ __typename }')).headers.get('cache-control')).toBe('no-store');
    expect((await fetch(getUrl(stack, '{ __typename }'), { headers: csrf })).headers.get('cache-control')).toBe('no-store');
  });

  it('with HTTP_CACHE_MAX_AGE_SECONDS lets only successful GET queries be cached, privately', async () => {
    const stack = await stackWith({ HTTP_CACHE_MAX_AGE_SECONDS: '30' });
    const ok = await fetch(getUrl(stack, '{ users(first: 1) { totalCount } }'), { headers: csrf });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('private, max-age=30');
    expect(ok.headers.get('vary')).toMatch(/Accept/);
    expect(ok.headers.get('vary')).toMatch(/Authorization/);
    // POST, errors, partial results and refused mutations: never.
    expect((await stack.post('{ users(first: 1) { totalCount } }')).headers.get('cache-control')).toBe('no-store');
    const invalid = await fetch(getUrl(stack, '{ users(first: 1) { nope } }'), { headers: csrf });
    expect(invalid.headers.get('cache-control')).toBe('no-store');
    stack.sandbox.injectFaults({ path: '/api/roles', kind: 'status-503', times: 4 });
    const partial = await fetch(getUrl(stack, '{ roles(first: 1) { totalCount } }'), { headers: csrf });
    expect(((await partial.json()) as Body).errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(partial.headers.get('cache-control')).toBe('no-store');
    const mutation = await fetch(getUrl(stack, 'mutation { __typename }'), { headers: csrf });
    expect(mutation.status).toBe(405);
    expect(mutation.headers.get('cache-control')).toBe('no-store');
  });
});

describe('every refusal carries a code from the closed list', () => {
  it('yoga’s own request errors are mapped onto it, never with a 5xx', async () => {
    const stack = await stackWith();
    const cases: RequestInit[] = [
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' },
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' },
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": 5}' },
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }", "variables": "x"}' },
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }", "extensions": 5}' },
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
      { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }"}' },
    ];
    for (const init of cases) {
      const response = await fetch(stack.server.url, init);
      expect(response.status, String(init.body)).toBeLessThan(500);
      const text = await response.text();
      if (response.status === 405) continue; // PUT: empty body, Allow header
      const body = JSON.parse(text) as Body;
      expect(body.errors?.length, String(init.body)).toBeGreaterThan(0);
      for (const error of body.errors ?? []) expect(ERROR_CODES, `${String(init.body)}: ${error.message}`).toContain(error.extensions?.code);
    }
  });
});
