import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { encodeGlobalId } from '../src/global-id.js';
import { type RestClient, restClient } from './helpers/rest.js';
import { type Stack, startStack, upstreamDuring } from './helpers/stack.js';

/**
 * The upstream-call table: what each screen-sized operation costs in Management API requests
 * and sequential waves. These are the floors Logto's REST API allows; a higher count is a
 * regression. Counts come from the sandbox's request log; waves from `extensions.cost`.
 */

type Facts = {
  userIds: string[];
  someUserId: string;
  bigOrganizationId: string;
  roleCount: number;
  userRoleId: string;
  m2mApplicationCount: number;
  resourceCount: number;
  organizationRoleCount: number;
  organizationWithInvitationsId: string;
  cursorAt85: string;
};

type Row = {
  name: string;
  query: (facts: Facts) => string;
  requests: (facts: Facts) => number;
  /**
   * The dependency floor: the longest chain of requests each needing an answer of the one before.
   * A request keyed only by an argument (`user(id:) { roles }`) needs no answer first.
   */
  waves: number;
  /** Why the REST API forces this count, where it is above one request per list. */
  why?: string;
};

const rows: Row[] = [
  {
    name: 'logs with their user and application',
    query: () => '{ logs(first: 100) { nodes { user { username } application { name } } } }',
    requests: () => 3,
    waves: 2,
    why: 'one page of logs, then one search.id batch of users and one of applications',
  },
  {
    name: 'nodes(ids:) of 50 users',
    query: (facts) => `{ nodes(ids: ${JSON.stringify(facts.userIds.slice(0, 50).map((id) => encodeGlobalId('User', id)))}) { ... on User { username } } }`,
    requests: () => 1,
    waves: 1,
  },
  {
    name: 'the same user through two aliases',
    query: (facts) => `{ a: user(id: "${facts.someUserId}") { name } b: user(id: "${encodeGlobalId('User', facts.someUserId)}") { username } }`,
    requests: () => 1,
    waves: 1,
  },
  {
    name: 'users with their roles',
    query: () => '{ users(first: 50) { nodes { roles { nodes { name } } } } }',
    requests: () => 51,
    waves: 2,
    why: 'Logto has no batch read of several users’ roles: one /users/:id/roles per user',
  },
  {
    name: 'a big organization’s members with their organization roles',
    query: (facts) =>
      `{ organization(id: "${facts.bigOrganizationId}") { members(first: 100) { totalCount edges { organizationRoles { name } node { username } } } } }`,
    requests: () => 2,
    waves: 1,
  },
  {
    name: 'roles with their user counts',
    query: () => '{ roles(first: 100) { nodes { name users(first: 5) { totalCount } } } }',
    requests: (facts) => 1 + facts.roleCount,
    waves: 2,
    why: 'one /roles/:id/users per role for its Total-Number',
  },
  {
    name: 'a window that straddles Logto pages',
    query: (facts) => `{ users(first: 30, after: "${facts.cursorAt85}") { nodes { id } } }`,
    requests: () => 1,
    waves: 1,
    why: 'page_size 58, page 2 covers offsets 86–115 in one request',
  },
  {
    name: 'a user with roles, organizations and logs',
    query: (facts) => `{ user(id: "${facts.someUserId}") { roles { totalCount } organizations { totalCount edges { organizationRoles { name } } } logs(first: 5) { totalCount } } }`,
    requests: () => 4,
    waves: 1,
  },
  {
    name: 'a role with users, applications and scopes (and the scopes’ resources)',
    query: (facts) =>
      `{ role(id: "${facts.userRoleId}") { users(first: 10) { totalCount } applications { totalCount } scopes { nodes { name resource { name } } } } }`,
    requests: () => 4,
    waves: 1,
    why: 'the role, then its three relation lists; role-scope rows carry their resource',
  },
  {
    name: 'machine-to-machine applications with roles and logs',
    query: () => '{ applications(filter: { types: [MACHINE_TO_MACHINE] }) { nodes { roles { totalCount } logs(first: 1) { totalCount } } } }',
    requests: (facts) => 1 + 2 * facts.m2mApplicationCount,
    waves: 2,
  },
  {
    name: 'resources with their scopes and each scope’s resource',
    query: () => '{ resources { nodes { scopes(first: 10) { nodes { name resource { name } } } } } }',
    requests: (facts) => 1 + facts.resourceCount,
    waves: 2,
    why: 'the resource list primes every scope’s resource',
  },
  {
    name: 'organization roles with scopes and resource scopes',
    query: () => '{ organizationRoles { nodes { name scopes { nodes { name } } resourceScopes { nodes { name } } } } }',
    requests: (facts) => 1 + 2 * facts.organizationRoleCount,
    waves: 2,
  },
  {
    name: 'an organization’s invitations with inviter, organization and role details',
    query: (facts) =>
      `{ organization(id: "${facts.organizationWithInvitationsId}") { invitations { nodes { inviter { username } organization { name } organizationRoles { name description } } } } }`,
    requests: () => 4,
    waves: 2,
    why: 'the organization and its invitations at once (keyed by the argument), then one users batch and one organization-role list (the organization is already loaded)',
  },
  {
    name: 'members with hasPassword',
    query: (facts) => `{ organization(id: "${facts.bigOrganizationId}") { members(first: 100) { nodes { username hasPassword } } } }`,
    requests: () => 3,
    waves: 2,
    why: 'the organization and its members at once; member rows leave hasPassword out, so the members are read once more in one search.id batch',
  },
];

let stack: Stack;
let rest: RestClient;
let facts: Facts;

beforeAll(async () => {
  // The roles row is estimated at 1 + 100 (first: 100 roles could each need a request), above the
  // default per-operation limit; this table measures counts, so it runs with a higher limit.
  stack = await startStack({ env: { MAX_UPSTREAM_REQUESTS_PER_OPERATION: '1000' } });
  rest = await restClient(stack.sandbox);
  const users = (await rest.get<{ id: string }[]>('/api/users?page=1&page_size=100')).body;
  const organizations = (await rest.get<{ id: string; name: string }[]>('/api/organizations?page=1&page_size=100')).body;
  const roles = await rest.get<{ id: string }[]>('/api/roles?type=User&page=1&page_size=1');
  const invitations = (await rest.get<{ organizationId: string }[]>('/api/organization-invitations')).body;
  const cursorPage = await stack.post<{ users: { edges: { cursor: string }[] } }>('{ users(first: 86) { edges { cursor } } }');
  facts = {
    userIds: users.map((user) => user.id),
    someUserId: users[0]!.id,
    bigOrganizationId: organizations.find((organization) => organization.name === 'Acme Corp')!.id,
    roleCount: Number((await rest.get('/api/roles?page_size=1')).headers.get('total-number')),
    userRoleId: roles.body[0]!.id,
    m2mApplicationCount: (await rest.get<unknown[]>('/api/applications?types=MachineToMachine')).body.length,
    resourceCount: (await rest.get<unknown[]>('/api/resources')).body.length,
    organizationRoleCount: Number((await rest.get('/api/organization-roles?page_size=1')).headers.get('total-number')),
    organizationWithInvitationsId: invitations[0]!.organizationId,
    cursorAt85: cursorPage.body.data!.users.edges[85]!.cursor,
  };
});
afterAll(() => stack.close());

describe('upstream requests per operation', () => {
  it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const { result, requests } = await upstreamDuring(stack, () => stack.post(row.query(facts)));
    expect(result.body.errors).toBeUndefined();
    const expected = row.requests(facts);
    expect(requests.length, requests.map((request) => `${request.method} ${request.path}`).join('\n')).toBe(expected);
    const cost = result.body.extensions?.cost as { estimatedUpstreamRequests: number; upstreamRequests: number; upstreamWaves: number };
    expect(cost.upstreamRequests).toBe(expected);
    expect(cost.upstreamWaves).toBe(row.waves);
    // The estimate is an upper bound: never below what the operation really cost.
    expect(cost.estimatedUpstreamRequests).toBeGreaterThanOrEqual(expected);
  });

  it('makes each identical call once within an operation', async () => {
    const query = `{ a: users(first: 10) { nodes { id } } b: users(first: 10) { totalCount } c: user(id: "${facts.someUserId}") { roles { totalCount } } d: user(id: "${facts.someUserId}") { roles { totalCount } } }`;
    const { requests } = await upstreamDuring(stack, () => stack.post(query));
    // The users window once, the one user by its GET, its roles once.
    expect(requests.map((request) => request.path).sort()).toEqual(['/api/users', `/api/users/${facts.someUserId}`, `/api/users/${facts.someUserId}/roles`].sort());
  });

  it('reuses objects a list already returned instead of fetching them by id again', async () => {
    // Each log's user is a user the list already returned: the primed loader answers it.
    const { result, requests } = await upstreamDuring(stack, () =>
      stack.post<{ users: { nodes: { logtoId: string; logs: { nodes: { user: { logtoId: string } | null }[] } }[] } }>(
        '{ users(first: 5) { nodes { logtoId logs(first: 2) { nodes { user { logtoId } } } } } }',
      ),
    );
    expect(requests.filter((request) => request.path === '/api/users')).toHaveLength(1);
    expect(requests).toHaveLength(1 + 5);
    for (const user of result.body.data!.users.nodes) {
      for (const log of user.logs.nodes) expect(log.user?.logtoId).toBe(user.logtoId);
    }
  });
});

describe('cost control', () => {
  it('refuses an operation above the limit before any upstream call, with the estimate and the limit', async () => {
    const limited = await startStack({ env: { MAX_UPSTREAM_REQUESTS_PER_OPERATION: '100' } });
    try {
      const { result, requests } = await upstreamDuring(limited, () => limited.post('{ roles(first: 100) { nodes { users(first: 5) { totalCount } } } }'));
      expect(requests).toHaveLength(0);
      const error = result.body.errors?.[0];
      expect(error?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', estimatedUpstreamRequests: 101, limit: 100 });
      expect(result.body.data ?? null).toBeNull();
    } finally {
      await limited.close();
    }
  });

  it('reports the budget in extensions.cost and through rateLimit', async () => {
    const response = await stack.post<{ rateLimit: { limit: number; remaining: number; cost: number; windowSeconds: number } }>(
      '{ rateLimit { limit remaining cost windowSeconds resetAt } users(first: 1) { totalCount } }',
    );
    expect(response.body.data!.rateLimit).toMatchObject({ limit: 200, windowSeconds: 10, cost: 1 });
    const cost = response.body.extensions?.cost as { budget: { limit: number; remaining: number; resetAt: string } };
    expect(cost.budget.limit).toBe(200);
    expect(cost.budget.remaining).toBeLessThan(200);
    expect(Date.parse(cost.budget.resetAt)).not.toBeNaN();
  });
});
