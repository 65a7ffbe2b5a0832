import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { jitTablesOf } from '../../src/sandbox/management-routes/organization-jit.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { loadRecording, normaliseHost, parseLinks, recordingFiles, shapeProblems } from '../helpers/logto-recordings.js';
import { callApi, getToken } from '../helpers/sandbox-client.js';
import { substitute } from '../helpers/sandbox-equivalents.js';

/**
 * The organization families of the coverage recordings (298–361: bulk member roles, member scopes,
 * M2M applications as members and their roles, JIT email domains / roles / SSO connectors,
 * organization-role scope links, invitation messages), replayed in recording order against one
 * sandbox holding the same "Coverage …" setup the recorder made (created here through the API,
 * ids mapped by role): status, content type, `Total-Number` (exactly: the state is the recorded
 * one), `Link` format, body shape, error code and message, and plain-text bodies.
 */

const FIRST = 298;
const LAST = 361;

let sandbox: Sandbox;
let token: string;
const equivalents = new Map<string, string>();

const send = async <T = { id: string }>(method: string, path: string, body?: unknown): Promise<T> => {
  const response = await callApi(sandbox, path, token, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`setup ${method} ${path}: ${response.status} ${text}`);
  return (text && response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : undefined) as T;
};

/** The recorder's setup, as far as 298–361 read it (README "Coverage recordings"). */
async function coverageSetup(): Promise<void> {
  const { store } = sandbox;
  const byName = <Row extends { id: string; name: string }>(rows: Iterable<Row>, name: string) => [...rows].find((row) => row.name === name)?.id ?? '';
  const organization = await send('POST', '/api/organizations', { name: 'Coverage Org' });
  const user1 = await send('POST', '/api/users', { username: 'coverage_user_1' });
  const user2 = await send('POST', '/api/users', { username: 'coverage_user_2' });
  const outsider = await send('POST', '/api/users', { username: 'coverage_session_user' });
  await send('POST', `/api/organizations/${organization.id}/users`, { userIds: [user1.id, user2.id] });
  // The recorded scopes are the seeded template's (the viewer role grants `view:projects` too).
  const viewProjects = { id: byName(store.organizationScopes.values(), 'view:projects') };
  const readMembers = { id: byName(store.organizationScopes.values(), 'read:members') };
  const resourceScope = [...store.scopes.values()].find((scope) => scope.name === 'read:items')?.id ?? '';
  const coverageRole = await send('POST', '/api/organization-roles', {
    name: 'coverage-role',
    organizationScopeIds: [viewProjects.id, readMembers.id],
    resourceScopeIds: [resourceScope],
  });
  const m2mRole = await send('POST', '/api/organization-roles', { name: 'coverage-m2m-role', type: 'MachineToMachine' });
  const m2mRole2 = await send('POST', '/api/organization-roles', { name: 'coverage-m2m-role-2', type: 'MachineToMachine' });
  const m2m = await send('POST', '/api/applications', { name: 'Coverage M2M', type: 'MachineToMachine' });
  const m2m2 = await send('POST', '/api/applications', { name: 'Coverage M2M 2', type: 'MachineToMachine' });
  const spa = await send('POST', '/api/applications', { name: 'Coverage SPA', type: 'SPA', oidcClientMetadata: { redirectUris: [], postLogoutRedirectUris: [] } });
  await send('POST', `/api/organizations/${organization.id}/applications`, { applicationIds: [m2m.id] });
  await send('POST', `/api/organizations/${organization.id}/applications/${m2m.id}/roles`, { organizationRoleIds: [m2mRole.id] });
  const invitation = await send('POST', '/api/organization-invitations', {
    organizationId: organization.id,
    invitee: 'coverage.invitee@example.com',
    expiresAt: Date.now() + 86_400_000,
  });
  // The sandbox has no SSO connector routes: the recorder's OIDC connector (created without config) goes in directly.
  jitTablesOf(store).ssoConnectorRows.set('covsso000001', {
    tenantId: 'default',
    id: 'covsso000001',
    providerName: 'OIDC',
    connectorName: 'Coverage OIDC SSO',
    config: {},
    domains: [],
    branding: {},
    syncProfile: false,
    enableTokenStorage: false,
    createdAt: Date.now(),
  });

  const recorded: Record<string, string> = {
    tpppcd8y1sd5: organization.id,
    kz7vjo14u5c6: user1.id,
    dbxvxkdrmgp2: user2.id,
    ht8ihzcgepyp: outsider.id,
    '0k12k3hvubyjs55kngh70': coverageRole.id,
    '29meev9chxj4cfncqik4g': byName(store.organizationRoles.values(), 'viewer'),
    '275gh90pezp1lltotjfl0': byName(store.organizationRoles.values(), 'member'),
    '3tg6nq22t745ds61hqvkw': m2mRole.id,
    '2gp8humk6jq1c0w2ksd2v': m2mRole2.id,
    j9hokbo52v6e55v97ylet: m2m.id,
    m0rrnhl6mbn7vr99k81jt: m2m2.id,
    t20bky5z3x3vaqm1ewts2: byName(store.applications.values(), 'Reporting Cron'),
    tnk5s02s2q7etjkutdfoz: spa.id,
    ais80phc70j4b7uy5k50j: viewProjects.id,
    ngn45mu0trhbsd7kxdzp8: readMembers.id,
    mdbbbo0e9jgwogvy72ech: resourceScope,
    lxj1eaei3cu0: 'covsso000001',
    pqh2l43bygon86mxj0jie: invitation.id,
  };
  for (const [from, to] of Object.entries(recorded)) {
    if (!to) throw new Error(`setup: nothing stands for ${from}`);
    equivalents.set(from, to);
  }
}

beforeAll(async () => {
  sandbox = await startSandbox();
  token = await getToken(sandbox);
  await coverageSetup();
});

afterAll(async () => {
  await sandbox?.close();
});

const cases = recordingFiles()
  .filter((file) => Number(file.slice(0, 3)) >= FIRST && Number(file.slice(0, 3)) <= LAST)
  .map((file) => [file.slice(0, 3), file] as const);

const contentType = (value: string | null | undefined) => value?.split(';')[0] ?? null;

describe('the sandbox answers the organization routes like the recorded Logto server', () => {
  it(`has every organization coverage recording (${FIRST}–${LAST})`, () => {
    expect(cases).toHaveLength(LAST - FIRST + 1);
  });

  // One test: each recording starts from the state the ones before it left.
  it('replays them in recording order', async () => {
    for (const [id, file] of cases) {
      const { request, response: expected } = loadRecording(file);
      const body = (request as { body?: unknown }).body;
      const response = await callApi(sandbox, substitute(request.path, equivalents), token, {
        method: request.method,
        ...(body === undefined ? {} : { body: substitute(JSON.stringify(body), equivalents), headers: { 'content-type': 'application/json' } }),
      });
      const text = await response.text();
      expect(response.status, `${id}: ${text}`).toBe(expected.status);
      expect(contentType(response.headers.get('content-type')), id).toBe(contentType(expected.headers['content-type']));
      expect(response.headers.get('total-number'), id).toBe(expected.headers['total-number'] ?? null);
      const expectedLinks = parseLinks(substitute(expected.headers.link ?? '', equivalents));
      const actualLinks = parseLinks(response.headers.get('link'));
      expect(new Map([...actualLinks].map(([rel, url]) => [rel, normaliseHost(url)])), id).toEqual(
        new Map([...expectedLinks].map(([rel, url]) => [rel, normaliseHost(url)])),
      );
      const actual: unknown = contentType(expected.headers['content-type']) === 'application/json' ? JSON.parse(text) : text;
      expect(shapeProblems(expected.body, actual), id).toEqual([]);
      if (typeof expected.body === 'string') expect(actual, id).toBe(expected.body);
      if (Array.isArray(expected.body)) expect(actual, id).toHaveLength(expected.body.length);
      if (expected.status >= 400) {
        const { code, message } = expected.body as Record<string, unknown>;
        expect(actual, id).toMatchObject({ code, message });
      }
    }
  });
});
