import { createHmac, generateKeyPairSync, sign } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { createLogtoClient } from '../../src/logto/client.js';
import { CLOCK_TOLERANCE_SECONDS } from '../../src/auth/request-auth.js';
import { createApp } from '../../src/server.js';
import { FACADE_AUDIENCE, type Stack, startStack } from '../helpers/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ auth: true, sandbox: { users: 30 } });
  // Warm up: the signing keys and the facade's own M2M token are fetched once, here.
  const warm = await stack.post('{ users(first: 1) { totalCount } }', undefined, bearer(stack.mintToken({ scope: 'read:users' })));
  expect(warm.status).toBe(200);
});

afterAll(async () => {
  await stack.close();
});

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: 'someuser0001',
    client_id: 'spa-app',
    scope: 'read:users',
    iss: stack.sandbox.issuer,
    aud: FACADE_AUDIENCE,
    iat: now,
    exp: now + 600,
    ...overrides,
  };
}

async function jwksKid(): Promise<string> {
  const jwks = (await (await fetch(`${stack.sandbox.url}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
  return jwks.keys[0]?.kid ?? '';
}

/** What an attacker would sign with if a verifier took the public key as an HMAC secret. */
async function publicKeyPem(): Promise<string> {
  const jwks = (await (await fetch(`${stack.sandbox.url}/oidc/jwks`)).json()) as { keys: Record<string, string>[] };
  const { createPublicKey } = await import('node:crypto');
  return createPublicKey({ key: jwks.keys[0] as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
}

type Case = { name: string; headers: () => Promise<Record<string, string>> | Record<string, string>; oauthError?: string };

const cases: Case[] = [
  { name: 'no Authorization header', headers: () => ({}) },
  { name: 'a non-Bearer scheme', headers: () => ({ authorization: 'Basic dXNlcjpwYXNz' }) },
  { name: 'an empty Bearer token', headers: () => ({ authorization: 'Bearer ' }), oauthError: 'invalid_request' },
  { name: 'garbage', headers: () => bearer('not-a-jwt'), oauthError: 'invalid_token' },
  { name: 'an expired token', headers: () => bearer(stack.mintToken({ scope: 'read:users', expiresIn: -120 })), oauthError: 'invalid_token' },
  {
    name: 'a token from another issuer',
    headers: () => bearer(stack.mintToken({ scope: 'read:users', issuer: 'https://evil.example.com/oidc' })),
    oauthError: 'invalid_token',
  },
  {
    name: 'a token for another API (audience)',
    headers: () => bearer(stack.sandbox.mintToken({ audience: 'https://default.logto.app/api', scope: 'read:users' })),
    oauthError: 'invalid_token',
  },
  {
    name: 'an unsigned token (alg: none)',
    headers: () => bearer(`${b64url({ alg: 'none', typ: 'at+jwt' })}.${b64url(claims())}.`),
    oauthError: 'invalid_token',
  },
  {
    name: 'a token signed by a key Logto does not publish',
    headers: () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
      const input = `${b64url({ alg: 'ES384', typ: 'at+jwt', kid: 'attackerkey0000000001' })}.${b64url(claims())}`;
      const signature = sign('sha384', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
      return bearer(`${input}.${signature.toString('base64url')}`);
    },
    oauthError: 'invalid_token',
  },
  {
    name: 'an HS256 token signed with the published public key as the secret',
    headers: async () => {
      const input = `${b64url({ alg: 'HS256', typ: 'at+jwt', kid: await jwksKid() })}.${b64url(claims({ scope: 'read:users read:logs' }))}`;
      const signature = createHmac('sha256', await publicKeyPem()).update(input).digest('base64url');
      return bearer(`${input}.${signature}`);
    },
    oauthError: 'invalid_token',
  },
  {
    // Issue 14: jose alone accepts an `iat` in the future.
    name: 'a token issued one hour in the future',
    headers: () => bearer(stack.mintToken({ scope: 'read:users', issuedAt: Math.floor(Date.now() / 1000) + 3600 })),
    oauthError: 'invalid_token',
  },
  {
    name: 'a token issued 30 seconds in the future (beyond the clock tolerance)',
    headers: () => bearer(stack.mintToken({ scope: 'read:users', issuedAt: Math.floor(Date.now() / 1000) + 30 })),
    oauthError: 'invalid_token',
  },
  {
    name: 'a token signed by the right key with the right claims but a tampered payload',
    headers: () => {
      const [header, , signature] = stack.mintToken({ scope: 'read:users' }).split('.');
      return bearer(`${header}.${b64url(claims({ scope: 'read:users read:logs write:users' }))}.${signature}`);
    },
    oauthError: 'invalid_token',
  },
];

describe('incoming authentication (AUTH_MODE=jwt)', () => {
  it('answers a valid Logto access token for the facade', async () => {
    const response = await stack.post<{ users: { totalCount: number } }>(
      '{ users(first: 1) { totalCount } }',
      undefined,
      bearer(stack.mintToken({ scope: 'read:users' })),
    );
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.users.totalCount).toBe(30);
  });

  it('accepts a token issued within the clock tolerance ahead of this server, and says why a future one is refused', async () => {
    const ahead = (seconds: number) => bearer(stack.mintToken({ scope: 'read:users', issuedAt: Math.floor(Date.now() / 1000) + seconds }));
    const near = await stack.post('{ users(first: 1) { totalCount } }', undefined, ahead(CLOCK_TOLERANCE_SECONDS - 2));
    expect(near.status).toBe(200);
    const far = await stack.post('{ users(first: 1) { totalCount } }', undefined, ahead(3600));
    expect(far.body.errors?.[0]?.message).toBe('The access token was issued in the future.');
  });

  it.each(cases)('refuses $name with 401 UNAUTHENTICATED, WWW-Authenticate and no upstream call', async ({ headers, oauthError }) => {
    const sent = await headers();
    const since = stack.sandbox.requestLog.lastSeq();
    const response = await stack.post('{ users(first: 5) { nodes { id } } logs { totalCount } }', undefined, sent);
    expect(response.status).toBe(401);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer realm="logto-graphql"/);
    if (oauthError) expect(challenge).toContain(`error="${oauthError}"`);
    else expect(challenge).not.toContain('error=');
    const seen = stack.sandbox.requestLog.entries({ sinceSeq: since });
    // Nothing reached Logto's Management API or its token endpoint. Only a key-set refresh may
    // happen, for a token naming an unknown key.
    expect(seen.filter((entry) => entry.path !== '/oidc/jwks')).toEqual([]);
    expect(seen.length).toBeLessThanOrEqual(1);
  });

  it('refuses before parsing: introspection and GET operations need a token too', async () => {
    const introspection = await stack.post('{ __schema { queryType { name } } }');
    expect(introspection.status).toBe(401);
    const get = await fetch(`${stack.server.url}?query=${encodeURIComponent('{ users { totalCount } }')}`, {
      headers: { accept: 'application/json' },
    });
    expect(get.status).toBe(401);
    const invalid = await stack.post('{ this is not graphql');
    expect(invalid.status).toBe(401);
  });

  it('answers 503 UPSTREAM_UNAVAILABLE, not 401, when Logto’s signing keys cannot be fetched', async () => {
    const config = loadConfig({
      LOGTO_ENDPOINT: 'http://127.0.0.1:9',
      LOGTO_M2M_CLIENT_ID: 'x',
      LOGTO_M2M_CLIENT_SECRET: 'y',
      AUTH_AUDIENCE: FACADE_AUDIENCE,
      LOG_LEVEL: 'silent',
    });
    const client = createLogtoClient({ ...config.logto, endpoint: 'http://127.0.0.1:9', clientId: 'x', clientSecret: 'y', logger: silentLogger });
    const app = createApp({ config, client, logger: silentLogger });
    const response = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(stack.mintToken({ scope: 'read:users' })) },
      body: JSON.stringify({ query: '{ users { totalCount } }' }),
    });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    await client.close();
  });
});
