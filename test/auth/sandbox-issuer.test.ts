import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ users: 10 });
});

afterAll(async () => {
  await sandbox.close();
});

async function mintOverHttp(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${sandbox.url}/__sandbox/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('the sandbox as OIDC issuer', () => {
  it('publishes an EC P-384 (ES384) signing key at /oidc/jwks, named in the discovery document', async () => {
    const discovery = (await (await fetch(`${sandbox.url}/oidc/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(`${sandbox.url}/oidc`);
    expect(discovery.jwks_uri).toBe(`${sandbox.url}/oidc/jwks`);
    const jwks = (await (await fetch(`${sandbox.url}/oidc/jwks`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-384', alg: 'ES384', use: 'sig' });
    expect(jwks.keys[0]?.kid).toMatch(/^[a-z0-9]{21}$/);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('mints tokens over HTTP that verify against its JWKS, with Logto’s claims', async () => {
    const { status, json } = await mintOverHttp({
      audience: 'https://graphql.example.com',
      scope: 'read:users read:roles',
      sub: 'user12345678',
      organizationId: 'org123456789',
    });
    expect(status).toBe(200);
    const token = String(json.access_token);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES384', typ: 'at+jwt' });
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${sandbox.url}/oidc/jwks`)), {
      issuer: sandbox.issuer,
      audience: 'https://graphql.example.com',
    });
    expect(payload).toMatchObject({
      sub: 'user12345678',
      scope: 'read:users read:roles',
      client_id: sandbox.clientId,
      organization_id: 'org123456789',
    });
    expect(typeof payload.jti).toBe('string');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
  });

  it('mints machine-to-machine tokens by default (sub = client_id) and expired ones on request', () => {
    const m2m = sandbox.mintToken({ audience: 'https://graphql.example.com', scope: ['read:logs'] });
    const claims = JSON.parse(Buffer.from(m2m.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims.sub).toBe(sandbox.clientId);
    expect(claims.client_id).toBe(sandbox.clientId);
    expect(claims).not.toHaveProperty('organization_id');

    const expired = sandbox.mintToken({ audience: 'https://graphql.example.com', expiresIn: -60 });
    const expiredClaims = JSON.parse(Buffer.from(expired.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp: number };
    expect(expiredClaims.exp).toBeLessThan(Date.now() / 1000);
  });

  it('answers 400 for a malformed token request and keeps minting out of the request log', async () => {
    const before = sandbox.requestLog.lastSeq();
    expect((await mintOverHttp({ scope: 'read:users' })).status).toBe(400);
    expect((await mintOverHttp({ audience: 'x', unknown: true })).status).toBe(400);
    expect(sandbox.requestLog.entries({ sinceSeq: before })).toEqual([]);
  });
});
