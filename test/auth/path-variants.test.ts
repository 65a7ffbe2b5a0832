import { request } from 'node:http';
import { connect } from 'node:net';

import { describe, expect } from 'vitest';

import { NOBODY, unauthenticatedCaller } from '../../src/auth/caller.js';
import { AccessPolicy } from '../../src/auth/policy.js';
import type { Stack } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

/**
 * Issue 14 item 2: yoga serves GraphQL on more paths than its endpoint (`/graphql/`, `//graphql`,
 * `/graphql/.`, any URL ending in `/graphql`). Without a token, every one of them, with every
 * method and content type, answers 401 or 404 and never runs anything.
 */

// FEDERATION on: `_service { sdl }` is one more thing an unauthenticated caller must not get.
const it = stackTest({ auth: true, sandbox: { users: 5 }, env: { FEDERATION: 'true' } });

const PATHS = [
  '/graphql',
  '/graphql/',
  '//graphql',
  '///graphql',
  '/graphql/.',
  '/graphql/./',
  '/graphql/%2e',
  '/graphql/..',
  '/graphql//',
  '/./graphql',
  '/a/../graphql',
  '/%67raphql',
  '/graphq%6c',
  '/graphql%2F',
  '/graphql%00',
  '/graphql%20',
  '/GRAPHQL',
  '/Graphql',
  '/graphql;x',
  '/graphql?x',
  '/graphql#x',
  '/x/graphql',
  '/healthz/graphql',
  '/x?/graphql',
  '/x?a=/graphql/',
  '/x#/graphql',
  'http://evil.example/graphql',
  'http://evil.example/graphql/',
];

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** What each request sends: a document asking for everything an attacker would want. */
const QUERY = '{ __typename rateLimit { limit remaining } _service { sdl } __schema { queryType { name } } users(first: 1) { totalCount } }';

const BODIES: Record<string, { contentType: string; body: string }> = {
  json: { contentType: 'application/json', body: JSON.stringify({ query: QUERY }) },
  'graphql-response': { contentType: 'application/graphql-response+json', body: JSON.stringify({ query: QUERY }) },
  'form-urlencoded': { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams({ query: QUERY }).toString() },
  multipart: {
    contentType: 'multipart/form-data; boundary=XyZ',
    body: `--XyZ\r\ncontent-disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: QUERY })}\r\n--XyZ\r\ncontent-disposition: form-data; name="map"\r\n\r\n{}\r\n--XyZ--\r\n`,
  },
  'text/plain': { contentType: 'text/plain', body: JSON.stringify({ query: QUERY }) },
  'application/graphql': { contentType: 'application/graphql', body: QUERY },
};

function send(stack: Stack, method: string, path: string, contentType: string, body: string): Promise<{ status: number; text: string }> {
  // GET carries the document in the query string too (after any `?` the variant already has).
  const target = method === 'GET' ? `${path}${path.includes('?') ? '&' : '?'}query=${encodeURIComponent(QUERY)}` : path;
  const sent = method === 'GET' || method === 'OPTIONS' ? '' : body;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: stack.server.port,
        method,
        path: target,
        headers: {
          'content-type': contentType,
          accept: 'application/graphql-response+json, application/json',
          'x-graphql-yoga-csrf': '1',
          'apollo-require-preflight': 'true',
          'content-length': String(Buffer.byteLength(sent)),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(sent);
  });
}

describe('every path yoga would serve as GraphQL is authenticated (AUTH_MODE=jwt, no token)', () => {
  it.for(PATHS)('%s: 401 or 404 for every method and content type, nothing executed, nothing fetched', async (path, { stack }) => {
    const since = stack.sandbox.requestLog.lastSeq();
    const answers: string[] = [];
    for (const method of METHODS) {
      for (const [name, { contentType, body }] of Object.entries(BODIES)) {
        const { status, text } = await send(stack, method, path, contentType, body);
        answers.push(`${method} ${name} ${status}`);
        expect([401, 404], `${method} ${path} (${name}) answered ${status}: ${text.slice(0, 200)}`).toContain(status);
        // No data, no schema, no SDL, no budget figures: nothing ran.
        expect(text).not.toMatch(/"data"|__schema|queryType|"sdl"|extend schema|"limit"|"remaining"|"Query"/);
      }
    }
    expect(answers).toHaveLength(METHODS.length * Object.keys(BODIES).length);
    expect(stack.sandbox.requestLog.entries({ sinceSeq: since }).filter((entry) => entry.path !== '/oidc/jwks')).toEqual([]);
  });

  it('still serves the endpoint itself to a caller with a token', async ({ stack }) => {
    const response = await stack.post<{ __typename: string }>('{ __typename }', undefined, { authorization: `Bearer ${stack.mintToken({ scope: 'read:users' })}` });
    expect(response.status).toBe(200);
    expect(response.body.data?.__typename).toBe('Query');
  });

  it('refuses a path variant with 404 even with a valid token: GraphQL lives on /graphql only', async ({ stack }) => {
    const response = await fetch(`${stack.server.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.mintToken({ scope: 'read:users' })}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it.for(['/graphql', '/graphql/', '//graphql', '/graphql/.', '/x?/graphql'])(
    '%s: a slow body is not waited for; the refusal closes the connection',
    async (path, { stack }) => {
      const { head, closed } = await new Promise<{ head: string; closed: boolean }>((resolve) => {
        const socket = connect(stack.server.port, '127.0.0.1');
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.on('close', () => resolve({ head: text, closed: true }));
        // Announces 100 kB and sends 11 bytes, then nothing: the server must answer and hang up
        // without waiting for the rest (vitest's timeout fails the test if it waits).
        socket.write(`POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{"query":"{`);
      });
      expect(closed).toBe(true);
      expect(head).toMatch(/^HTTP\/1\.1 40[14] /);
      expect(head.toLowerCase()).toContain('connection: close');
    },
  );
});

describe('the `authenticated` check', () => {
  it('holds for an authenticated caller and for AUTH_MODE=none, fails for a request that skipped authentication', () => {
    expect(new AccessPolicy(unauthenticatedCaller(), []).allows({ authenticated: true })).toBe(true);
    expect(new AccessPolicy(NOBODY, []).allows({ authenticated: true })).toBe(false);
    expect(new AccessPolicy(NOBODY, []).authenticated).toBe(false);
  });
});
