import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { basicAuth, callApi, getToken } from '../helpers/sandbox-client.js';

/** Logto behaviour the recordings do not show, taken from Logto's source at the recorded commit. */
let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ users: 300 });
  token = await getToken(sandbox);
});

afterAll(async () => {
  await sandbox?.close();
});

const api = async (path: string, init?: RequestInit) => callApi(sandbox, path, token, init);
const idOf = <T extends { id: string; name: string }>(rows: Iterable<T>, name: string) =>
  [...rows].find((row) => row.name === name)?.id ?? '';

describe('pagination per route', () => {
  it('paginates optional routes only when page or page_size is given', async () => {
    const all = await api('/api/applications');
    expect(all.headers.has('total-number')).toBe(false);
    const page = await api('/api/applications?page_size=5');
    expect(page.headers.get('total-number')).toBe(String(sandbox.store.applications.size));
    expect(await page.json()).toHaveLength(5);
  });

  it('never paginates a user’s organizations or the invitation list, as Logto’s routes do not', async () => {
    const user = [...sandbox.store.organizationUsers.leftsOf(idOf(sandbox.store.organizations.values(), 'Acme Corp'))][0];
    const organizations = await api(`/api/users/${user}/organizations?page=1&page_size=1`);
    expect(organizations.headers.has('total-number')).toBe(false);
    const invitations = await api('/api/organization-invitations?page_size=2');
    expect(invitations.headers.has('total-number')).toBe(false);
    expect(await invitations.json()).toHaveLength(6);
  });

  it('checks organization membership before pagination', async () => {
    const nakatomi = idOf(sandbox.store.organizations.values(), 'Nakatomi Trading');
    const user = sandbox.store.usersNewestFirst()[0]?.id;
    const response = await api(`/api/organizations/${nakatomi}/users/${user}/roles?page=0`);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'organization.require_membership' });
  });

  it('caps the log count when asked and there are more than 10,000', async () => {
    const { store } = sandbox;
    for (let index = 0; index < 10_001; index += 1) {
      const key = 'Interaction.Create';
      store.addLog({ tenantId: 'default', id: `bulk${index}`, key, payload: { key, result: 'Success' }, createdAt: 1_000 + index });
    }
    const capped = await api('/api/logs?enableCap=true&page_size=5');
    expect(capped.headers.get('total-number')).toBe('10001');
    expect(capped.headers.get('total-number-is-capped')).toBe('true');
    expect(capped.headers.get('link')).not.toMatch(/rel="(last|next)"/);
    const uncapped = await api('/api/logs?page_size=5');
    expect(Number(uncapped.headers.get('total-number'))).toBeGreaterThan(10_001);
    expect(uncapped.headers.has('total-number-is-capped')).toBe(false);
  });
});

describe('query validation', () => {
  it.each([
    ['/api/roles?type=Robot', 'guard.invalid_input', 'The request query is invalid.'],
    ['/api/roles?excludeUserId=a&excludeUserId=b', 'guard.invalid_input', 'The request query is invalid.'],
    ['/api/applications?isThirdParty=maybe', 'guard.invalid_input', 'The request query is invalid.'],
    ['/api/applications?types=Robot', 'guard.invalid_input', 'The request query is invalid.'],
    ['/api/logs?start_time=soon', 'guard.invalid_input', 'The request start_time is invalid.'],
    ['/api/logs?start_time=2&end_time=1', 'log.invalid_time_window', '`end_time` must be after `start_time`.'],
    [
      '/api/users?excludeRoleId=a&excludeOrganizationId=b',
      'request.invalid_input',
      'Input is invalid. Parameter `excludeRoleId` and `excludeOrganizationId` cannot be used at the same time.',
    ],
  ])('%s → 400 %s', async (path, code, message) => {
    const response = await api(path);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code, message });
  });

  it('answers 500 like Logto when a POSIX pattern is not a valid regular expression', async () => {
    const response = await api('/api/users?search.name=(&mode.name=posix');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal server error.' });
  });
});

describe('HTTP details', () => {
  it('sends an ETag on reads and 304 when the client has it', async () => {
    const first = await api('/api/roles');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    const again = await api('/api/roles', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('answers 405 with Allow for a known path and a wrong method, before any auth check', async () => {
    // A read-only path: `/api/users` also takes POST since the write routes exist.
    const response = await fetch(`${sandbox.url}/api/logs`, { method: 'PUT' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('HEAD, GET');
  });

  it('matches routes case-insensitively with an optional trailing slash, as koa-router does', async () => {
    expect((await api('/api/Roles/')).status).toBe(200);
  });

  it('serves a discovery document', async () => {
    const response = await fetch(`${sandbox.url}/oidc/.well-known/openid-configuration`);
    expect(await response.json()).toMatchObject({
      issuer: `${sandbox.url}/oidc`,
      token_endpoint: `${sandbox.url}/oidc/token`,
      jwks_uri: `${sandbox.url}/oidc/jwks`,
    });
  });
});

describe('the token endpoint', () => {
  const post = async (body: string, headers: Record<string, string> = {}) =>
    fetch(`${sandbox.url}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    });

  it.each([
    ['', 400, 'invalid_request', 'no client authentication mechanism provided'],
    ['grant_type=password&client_id=CLIENT&client_secret=SECRET', 400, 'unsupported_grant_type', 'unsupported grant_type requested'],
    ['client_id=CLIENT&client_secret=SECRET', 400, 'invalid_request', "missing required parameter 'grant_type'"],
  ])('rejects %j', async (body, status, error, description) => {
    const response = await post(body.replace('CLIENT', sandbox.clientId).replace('SECRET', sandbox.clientSecret));
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ code: `oidc.${error}`, error, error_description: description });
  });

  it('refuses credentials given both ways', async () => {
    const response = await post(`grant_type=client_credentials&client_secret=${sandbox.clientSecret}`, {
      authorization: basicAuth(sandbox.clientId, sandbox.clientSecret),
    });
    expect(await response.json()).toMatchObject({
      error: 'invalid_request',
      error_description: 'client authentication must only be provided using one mechanism',
    });
  });

  it('issues other machine-to-machine apps tokens for their own APIs, which the Management API refuses', async () => {
    const { store } = sandbox;
    const reportingCron = idOf(store.applications.values(), 'Reporting Cron');
    const secret = store.applicationSecrets.get(reportingCron)?.[0]?.value ?? '';
    const response = await post(
      'grant_type=client_credentials&resource=https%3A%2F%2Fanalytics.example.com&scope=read%3Areports%20write%3Aitems',
      { authorization: basicAuth(reportingCron, secret) },
    );
    const issued = (await response.json()) as { access_token: string; expires_in: number; scope: string };
    expect(issued).toMatchObject({ expires_in: 7200, scope: 'read:reports' });
    const refused = await callApi(sandbox, '/api/users', issued.access_token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ data: { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'aud' } });
  });

  it('writes an audit log for each exchange, as Logto does', async () => {
    const before = sandbox.store.logCount;
    await getToken(sandbox);
    const [latest] = sandbox.store.logsNewestFirst();
    expect(sandbox.store.logCount).toBe(before + 1);
    expect(latest).toMatchObject({
      key: 'ExchangeTokenBy.ClientCredentials',
      payload: { result: 'Success', applicationId: sandbox.clientId, scope: 'all' },
    });
    expect(JSON.stringify(latest)).not.toContain(sandbox.clientSecret);
  });
});
