import { describe, expect } from 'vitest';

import { ALL_SCOPES, type Scope, SCOPES } from '../../src/auth/scopes.js';
import { encodeGlobalId } from '../../src/global-id.js';
import { type GraphQLResponse, type Stack } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

const it = stackTest({ auth: true, sandbox: { users: 30 } });

/** A machine-to-machine caller (client credentials: `sub` = `client_id`) holding `scopes`. */
function as(stack: Stack, scopes: readonly string[], extra: { sub?: string } = {}): Record<string, string> {
  return { authorization: `Bearer ${stack.mintToken({ scope: scopes.join(' '), ...extra })}` };
}

/** The Management API requests `run` caused (the facade's token requests and key fetches aside). */
async function upstream<T>(stack: Stack, run: () => Promise<T>): Promise<{ result: T; requests: string[] }> {
  const since = stack.sandbox.requestLog.lastSeq();
  const result = await run();
  const requests = stack.sandbox.requestLog
    .entries({ sinceSeq: since })
    .filter((entry) => entry.path.startsWith('/api/'))
    .map((entry) => `${entry.method} ${entry.path}${entry.query ? `?${entry.query}` : ''}`);
  return { result, requests };
}

const errorsOf = (response: GraphQLResponse) =>
  (response.body.errors ?? []).map((error) => ({ path: error.path?.join('.'), code: error.extensions?.code }));

function valueAt(data: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | null | undefined)?.[key], data);
}

describe('authorization by scope', () => {
  it('gives a read:users token its users and FORBIDDEN at `logs`, in one response, without asking Logto for logs', async ({ stack }) => {
    const { result, requests } = await upstream(stack, () =>
      stack.post<{ users: { totalCount: number; nodes: { logtoId: string }[] }; logs: unknown }>(
        '{ users(first: 3) { totalCount nodes { logtoId username } } logs(first: 3) { totalCount } }',
        undefined,
        as(stack, [SCOPES.readUsers]),
      ),
    );
    expect(result.status).toBe(200);
    expect(result.body.data?.users.totalCount).toBe(30);
    expect(result.body.data?.users.nodes).toHaveLength(3);
    expect(result.body.data?.logs).toBeNull();
    expect(result.body.errors).toEqual([
      expect.objectContaining({
        path: ['logs'],
        message: expect.stringContaining('read:logs'),
        extensions: { code: 'FORBIDDEN', requiredScopes: ['read:logs'] },
      }),
    ]);
    expect(requests.some((request) => request.includes('/api/logs'))).toBe(false);
  });

  it('answers FORBIDDEN on every root field for a token without permissions, and makes no upstream request', async ({ stack }) => {
    const { result, requests } = await upstream(stack, () =>
      stack.post('{ users { totalCount } roles { totalCount } applications { totalCount } organizations { totalCount } logs { totalCount } resources { totalCount } connectors { totalCount } rateLimit { limit } }', undefined, as(stack, [])),
    );
    expect(errorsOf(result).map((error) => error.code)).toEqual(Array(7).fill('FORBIDDEN'));
    expect(result.body.data).toMatchObject({ users: null, roles: null, logs: null, rateLimit: { limit: 200 } });
    expect(requests).toEqual([]);
  });

  /**
   * Each read scope of the catalogue, with a probe that needs exactly it (on top of `base`). The
   * write scopes gate mutations (see `docs/ARCHITECTURE.md`); `profile` is tested with `me`.
   */
  const probes: { scope: Scope; base: Scope[]; query: string; gated: string[] }[] = [
    { scope: SCOPES.readUsers, base: [], query: '{ users(first: 1) { totalCount } }', gated: ['users'] },
    {
      scope: SCOPES.readUsersSensitive,
      base: [SCOPES.readUsers],
      query: '{ users(first: 1) { nodes { logtoId customData identities { target } profile { locale } } } }',
      gated: ['users.nodes.0.customData', 'users.nodes.0.identities', 'users.nodes.0.profile'],
    },
    { scope: SCOPES.readRoles, base: [], query: '{ roles(first: 1) { totalCount } }', gated: ['roles'] },
    { scope: SCOPES.readApplications, base: [], query: '{ applications(first: 1) { totalCount } }', gated: ['applications'] },
    {
      scope: SCOPES.readApplicationsSensitive,
      base: [SCOPES.readApplications],
      query: '{ applications(first: 1) { nodes { name customData } } }',
      gated: ['applications.nodes.0.customData'],
    },
    { scope: SCOPES.readOrganizations, base: [], query: '{ organizations(first: 1) { totalCount } organizationRoles { totalCount } organizationScopes { totalCount } }', gated: ['organizations', 'organizationRoles', 'organizationScopes'] },
    { scope: SCOPES.readResources, base: [], query: '{ resources(first: 1) { totalCount } }', gated: ['resources'] },
    { scope: SCOPES.readLogs, base: [], query: '{ logs(first: 1) { totalCount } }', gated: ['logs'] },
    {
      scope: SCOPES.readLogsPayload,
      base: [SCOPES.readLogs],
      query: '{ logs(first: 1) { nodes { key payload ip userAgent } } }',
      gated: ['logs.nodes.0.payload', 'logs.nodes.0.ip', 'logs.nodes.0.userAgent'],
    },
    { scope: SCOPES.readConnectors, base: [], query: '{ connectors { totalCount } }', gated: ['connectors'] },
    { scope: SCOPES.readHooks, base: [], query: '{ hooks { totalCount } }', gated: ['hooks'] },
    {
      scope: SCOPES.readRoles,
      base: [SCOPES.readUsers],
      query: '{ users(first: 1) { nodes { roles { totalCount } } } }',
      gated: ['users.nodes.0.roles'],
    },
    {
      scope: SCOPES.readOrganizations,
      base: [SCOPES.readUsers],
      query: '{ users(first: 1) { nodes { organizations { totalCount } } } }',
      gated: ['users.nodes.0.organizations'],
    },
    { scope: SCOPES.readLogs, base: [SCOPES.readUsers], query: '{ users(first: 1) { nodes { logs { totalCount } } } }', gated: ['users.nodes.0.logs'] },
    { scope: SCOPES.readUsers, base: [SCOPES.readRoles], query: '{ roles(first: 1) { nodes { users { totalCount } } } }', gated: ['roles.nodes.0.users'] },
    { scope: SCOPES.readResources, base: [SCOPES.readRoles], query: '{ roles(first: 1) { nodes { scopes { totalCount } } } }', gated: ['roles.nodes.0.scopes'] },
    {
      scope: SCOPES.readApplications,
      base: [SCOPES.readLogs],
      query: '{ logs(first: 1, filter: { logKey: "ExchangeTokenBy.ClientCredentials" }) { nodes { application { logtoId } } } }',
      gated: ['logs.nodes.0.application'],
    },
    {
      scope: SCOPES.readUsersSecurity,
      base: [SCOPES.readUsers],
      query: '{ users(first: 1) { nodes { mfaVerifications { type } personalAccessTokens { name } } } }',
      gated: ['users.nodes.0.mfaVerifications', 'users.nodes.0.personalAccessTokens'],
    },
  ];

  const writeScopes: Scope[] = [SCOPES.writeUsers, SCOPES.writeRoles, SCOPES.writeApplications, SCOPES.writeOrganizations, SCOPES.writeResources, SCOPES.writeUsersSecurity, SCOPES.writeHooks];

  it('covers every scope of the catalogue (read scopes here, write scopes on mutations, profile on me)', () => {
    // The bulk job scopes are covered by test/jobs/permissions.test.ts.
    const covered = new Set<Scope>([...probes.map((probe) => probe.scope), ...writeScopes, SCOPES.profile, SCOPES.bulkJobs, SCOPES.readBulkJobs]);
    expect([...covered].sort()).toEqual([...ALL_SCOPES].sort());
  });

  it.for(probes)('$scope gates $query', async ({ scope, base, query, gated }, { stack }) => {
    const without = await upstream(stack, () => stack.post(query, undefined, as(stack, base)));
    for (const path of gated) {
      expect(valueAt(without.result.body.data, path), path).toBeNull();
      const error = without.result.body.errors?.find((each) => each.path?.join('.') === path);
      expect(error?.extensions, path).toEqual({ code: 'FORBIDDEN', requiredScopes: expect.arrayContaining([scope]) });
    }
    expect(without.result.body.errors ?? []).toHaveLength(gated.length);

    const withScope = await stack.post(query, undefined, as(stack, [...base, scope]));
    expect(withScope.body.errors).toBeUndefined();
    for (const path of gated) expect(valueAt(withScope.body.data, path), path).not.toBeNull();
  });

  it('checks node(id:) and by-id fields before loading: no upstream request for a forbidden type', async ({ stack }) => {
    const role = [...stack.sandbox.store.roles.values()].find((each) => !each.name.startsWith('#'));
    const log = stack.sandbox.store.logsNewestFirst()[0];
    const roleId = encodeGlobalId('Role', role?.id ?? '');
    const logId = encodeGlobalId('Log', log?.id ?? '');
    const { result, requests } = await upstream(stack, () =>
      stack.post(
        `{ node(id: "${roleId}") { id } role(id: "${role?.id}") { name } log(id: "${logId}") { key } nodes(ids: ["${roleId}", "${logId}"]) { id } }`,
        undefined,
        as(stack, [SCOPES.readUsers]),
      ),
    );
    expect(errorsOf(result)).toEqual([
      { path: 'node', code: 'FORBIDDEN' },
      { path: 'role', code: 'FORBIDDEN' },
      { path: 'log', code: 'FORBIDDEN' },
      { path: 'nodes.0', code: 'FORBIDDEN' },
      { path: 'nodes.1', code: 'FORBIDDEN' },
    ]);
    expect(result.body.data).toEqual({ node: null, role: null, log: null, nodes: [null, null] });
    expect(requests).toEqual([]);
  });

  it('keeps the allowed items of nodes(ids:) and forbids the others in place', async ({ stack }) => {
    const user = stack.sandbox.store.usersNewestFirst()[0];
    const role = [...stack.sandbox.store.roles.values()].find((each) => !each.name.startsWith('#'));
    const userId = encodeGlobalId('User', user?.id ?? '');
    const roleId = encodeGlobalId('Role', role?.id ?? '');
    const { result, requests } = await upstream(stack, () =>
      stack.post<{ nodes: ({ id: string } | null)[] }>(`{ nodes(ids: ["${roleId}", "${userId}"]) { id } }`, undefined, as(stack, [SCOPES.readUsers])),
    );
    expect(result.body.data?.nodes).toEqual([null, { id: userId }]);
    expect(errorsOf(result)).toEqual([{ path: 'nodes.0', code: 'FORBIDDEN' }]);
    expect(requests).toHaveLength(1);
    // One user: its own GET (the cheapest route for a batch of one).
    expect(requests[0]).toBe(`GET /api/users/${user?.id ?? ''}`);
  });

  it('treats a user token with tenant-wide scopes (an admin portal) like any tenant-wide caller', async ({ stack }) => {
    const admin = stack.sandbox.store.usersNewestFirst()[5];
    const response = await stack.post<{ users: { totalCount: number } }>('{ users { totalCount } }', undefined, as(stack, [SCOPES.readUsers], { sub: admin?.id ?? '' }));
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.users.totalCount).toBe(30);
  });
});
