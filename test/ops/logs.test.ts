/**
 * Structured logs: one JSON line per operation with the fields operators need, and never a
 * credential. The facade talks to the sandbox through a recording proxy, so the test knows every
 * secret that crossed the wire (client secret, Basic header, each access token) and scans the
 * captured log for all of them.
 */
import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ALL_SCOPES } from '../../src/auth/scopes.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createLogtoClient, type LogtoClient } from '../../src/logto/client.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { type RecordingProxy, startRecordingProxy } from '../helpers/recording-proxy.js';
import { FACADE_AUDIENCE } from '../helpers/stack.js';

type LogLine = Record<string, unknown> & { level: number; msg: string };

let sandbox: Sandbox;
let proxy: RecordingProxy;
let client: LogtoClient;
let server: RunningServer;
const chunks: string[] = [];
const lines = (): LogLine[] =>
  chunks
    .join('')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LogLine);

/** The caller's access token for the facade (a real JWT signed by the sandbox), set in beforeAll. */
let callerToken = '';
/** A token the facade refuses: logged refusals must not quote it either. */
const FORGED_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmb3JnZWQifQ.Zm9yZ2VkLXNpZ25hdHVyZQ';
const PASSWORD = 'correct-horse-battery-staple-42';

async function post(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${callerToken}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { response, body: (await response.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[]; extensions?: { cost?: { upstreamRequests: number; upstreamWaves: number } } } };
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
  proxy = await startRecordingProxy(sandbox.url);
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  // Everything, debug and trace included: a secret must not hide at any level.
  const logger = createLogger({ level: 'trace', destination });
  const config = loadConfig({
    LOGTO_ENDPOINT: proxy.url,
    LOGTO_M2M_CLIENT_ID: sandbox.clientId,
    LOGTO_M2M_CLIENT_SECRET: sandbox.clientSecret,
    LOGTO_MAX_RETRIES: '0',
    LOG_LEVEL: 'trace',
    // Callers authenticate with Logto access tokens; Logto (the sandbox) is reached through the
    // proxy, so its issuer differs from LOGTO_ENDPOINT.
    AUTH_MODE: 'jwt',
    AUTH_AUDIENCE: FACADE_AUDIENCE,
    AUTH_ISSUER: sandbox.issuer,
  });
  callerToken = sandbox.mintToken({ audience: FACADE_AUDIENCE, scope: [...ALL_SCOPES] });
  const metrics = createMetrics({ defaultMetrics: false });
  client = createLogtoClient({ ...config.logto, endpoint: proxy.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, logger, meter: metrics.upstreamMeter });
  server = await startServer({ config, client, logger, metrics }, { port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await server?.close(500);
  await client?.close();
  await proxy?.close();
  await sandbox?.close();
});

describe('operation log lines', () => {
  it('writes one JSON line per operation: name, type, duration, upstream requests and waves, outcome, codes, request id', async () => {
    chunks.length = 0;
    const { response, body } = await post(
      'query UsersAndRoles($first: Int!) { users(first: $first) { nodes { username roles(first: 2) { nodes { name } } } } }',
      { first: 3, password: PASSWORD },
      { 'x-request-id': 'trace-abc.123' },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('trace-abc.123');
    const operationLines = lines().filter((line) => line.msg.startsWith('graphql '));
    expect(operationLines).toHaveLength(1);
    const line = operationLines[0]!;
    expect(line).toMatchObject({
      level: 30,
      requestId: 'trace-abc.123',
      operation: { name: 'UsersAndRoles', type: 'query' },
      http: { method: 'POST', status: 200 },
      upstream: { requests: body.extensions?.cost?.upstreamRequests, waves: body.extensions?.cost?.upstreamWaves },
      outcome: 'success',
      errorCodes: [],
      variableNames: ['first', 'password'],
    });
    expect((line.upstream as { requests: number }).requests).toBe(4); // 1 list + 3 role lists
    expect((line.upstream as { waves: number }).waves).toBe(2);
    expect(typeof line.durationMs).toBe('number');
    expect(line).not.toHaveProperty('variables');
    expect(line).not.toHaveProperty('query');
  });

  it('logs failures with their codes, at warn when the fault is upstream', async () => {
    chunks.length = 0;
    await post('query Bad { users(first: 1) { nope } }');
    sandbox.injectFaults({ path: '/api/roles', kind: 'status-503', times: 1 });
    await post('query Down { roles(first: 1) { totalCount } }');
    await post('{ users(first: 1) {');
    const operationLines = lines().filter((line) => line.msg.startsWith('graphql '));
    expect(operationLines.map((line) => [(line.operation as { name: unknown }).name, line.outcome, line.errorCodes, line.level])).toEqual([
      ['Bad', 'error', ['BAD_USER_INPUT'], 30],
      ['Down', 'partial', ['UPSTREAM_UNAVAILABLE'], 40], // data: { roles: null }
      [null, 'error', ['BAD_USER_INPUT'], 30],
    ]);
  });

  it('names the persisted operation by its id', async () => {
    chunks.length = 0;
    await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${callerToken}` },
      body: JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc123' } } }),
    });
    const line = lines().find((entry) => entry.msg.startsWith('graphql '));
    expect(line?.operation).toEqual({ name: null, type: 'query', persistedId: 'abc123' });
  });
});

describe('secrets in logs', () => {
  it('never logs the client secret, a bearer token, the Basic header, passwords or application secrets', async () => {
    chunks.length = 0;
    // Tokens: the first one, then a forced replacement (Logto revokes, the client refreshes).
    await post('query Apps { applications(first: 20) { nodes { logtoId name } } }', { password: PASSWORD, clientSecret: sandbox.clientSecret });
    sandbox.revokeTokens();
    const apps = await post('query Apps { applications(first: 20) { nodes { logtoId name } } }');
    const ids = (apps.body.data as { applications: { nodes: { logtoId: string }[] } }).applications.nodes.map((node) => node.logtoId);
    // Errors and warnings: an upstream failure, an invalid document, a readiness probe.
    sandbox.injectFaults({ path: '/api/users', kind: 'status-503', times: 1 });
    await post('{ users(first: 1) { totalCount } }', { password: PASSWORD });
    await post('mutation { nothing }', { password: PASSWORD });
    expect((await post('{ users(first: 1) { totalCount } }', undefined, { authorization: `Bearer ${FORGED_TOKEN}` })).response.status).toBe(401);
    await fetch(server.url.replace('/graphql', '/readyz'));

    // Application secrets as Logto stores them, read straight from the sandbox.
    const token = (await (
      await fetch(`${sandbox.url}/oidc/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', resource: sandbox.managementApiResource, scope: 'all' }),
      })
    ).json()) as { access_token: string };
    const appSecrets: string[] = [];
    for (const id of ids) {
      const secrets = (await (await fetch(`${sandbox.url}/api/applications/${id}/secrets`, { headers: { authorization: `Bearer ${token.access_token}` } })).json()) as { value: string }[];
      appSecrets.push(...secrets.map((secret) => secret.value));
    }

    const text = chunks.join('');
    expect(lines().length).toBeGreaterThan(5);
    expect(proxy.accessTokens.length).toBe(2); // the scan covers a refreshed token too
    expect(appSecrets.length).toBeGreaterThan(0);
    const secrets = [
      sandbox.clientSecret,
      callerToken,
      // A JWT's signature alone is enough to recognise it.
      callerToken.split('.')[2]!,
      FORGED_TOKEN,
      PASSWORD,
      ...proxy.accessTokens,
      ...proxy.authorizations.map((value) => value.replace(/^(Basic|Bearer) /, '')),
      ...appSecrets,
    ];
    for (const secret of secrets) expect(text, `a secret (${secret.slice(0, 4)}…) is in the log`).not.toContain(secret);
    expect(text).not.toMatch(/Bearer [A-Za-z0-9._~+/-]{8,}/);
    expect(text).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
  });
});
