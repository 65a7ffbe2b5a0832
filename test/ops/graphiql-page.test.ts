import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { pickEncoding } from '../../src/http/graphiql.js';
import { type Stack, startStack } from '../helpers/stack.js';

/**
 * Issue 14 item 5: GraphiQL sent 9 MB uncompressed to anyone who asked. It is now compressed by
 * Accept-Encoding, cached by ETag, and with AUTH_MODE=jwt served only on the configured origins;
 * large GraphQL results are compressed too.
 */

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

function raw(stack: Stack, path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: stack.server.port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const page = (stack: Stack, headers: Record<string, string> = {}) => raw(stack, '/graphql', { accept: 'text/html', ...headers });

describe('the GraphiQL page', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ sandbox: { users: 60 } });
  });
  afterAll(() => stack.close());

  it('is compressed by Accept-Encoding (brotli, else gzip), and decodes to the same page', async () => {
    const plain = await page(stack);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toContain('YogaGraphiQL.renderYogaGraphiQL');

    const br = await page(stack, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);

    const gzip = await page(stack, { 'accept-encoding': 'gzip, br;q=0' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.body.length).toBeLessThan(plain.body.length / 3);
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    expect(gzip.headers.vary).toContain('Accept-Encoding');
  });

  it('carries an ETag and Cache-Control; a revalidation is a 304 without a body', async () => {
    const first = await page(stack, { 'accept-encoding': 'br' });
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await page(stack, { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('compresses large GraphQL results, not small ones', async () => {
    const post = (query: string) =>
      raw(stack, '/graphql', { 'content-type': 'application/json', accept: 'application/json', 'accept-encoding': 'gzip' }, 'POST', JSON.stringify({ query }));
    const large = await post('{ users(first: 50) { nodes { id username primaryEmail name createdAt } } }');
    expect(large.headers['content-encoding']).toBe('gzip');
    expect((JSON.parse(gunzipSync(large.body).toString('utf8')) as { data: { users: { nodes: unknown[] } } }).data.users.nodes).toHaveLength(50);
    const small = await post('{ __typename }');
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});

describe('with AUTH_MODE=jwt, GraphiQL is served only on the configured origins', () => {
  let configured: Stack;
  let unconfigured: Stack;
  beforeAll(async () => {
    configured = await startStack({ auth: true, sandbox: { users: 5 }, env: { CORS_ORIGINS: 'https://admin.example.com,https://api.example.com:8443', GRAPHIQL: 'true' } });
    unconfigured = await startStack({ auth: true, sandbox: { users: 5 }, env: { GRAPHIQL: 'true' } });
  });
  afterAll(async () => {
    await configured.close();
    await unconfigured.close();
  });

  it.each([
    ['api.example.com:8443', 200],
    ['admin.example.com', 200],
    ['ADMIN.example.com', 200],
    ['evil.example.com', 404],
    ['api.example.com', 404],
    ['203.0.113.7:4000', 404],
  ])('Host %s → %i', async (host, status) => {
    const response = await page(configured, { host, 'accept-encoding': 'br' });
    expect(response.status).toBe(status);
    if (status === 404) expect(response.body.toString('utf8')).not.toContain('GraphiQL');
  });

  it('without CORS_ORIGINS, only on loopback names (local development)', async () => {
    expect((await page(unconfigured, { host: `127.0.0.1:${unconfigured.server.port}` })).status).toBe(200);
    expect((await page(unconfigured, { host: `localhost:${unconfigured.server.port}` })).status).toBe(200);
    expect((await page(unconfigured, { host: 'graphql.example.com' })).status).toBe(404);
  });
});

describe('Accept-Encoding negotiation', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['*', 'br'],
    ['identity', 'identity'],
    ['gzip;q=0', 'identity'],
    ['', 'identity'],
  ])('%j → %s', (header, expected) => {
    expect(pickEncoding(header)).toBe(expected);
  });
});
