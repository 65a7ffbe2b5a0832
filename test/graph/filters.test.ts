import { describe, expect } from 'vitest';

import { encodeGlobalId } from '../../src/global-id.js';
import type { RestClient } from '../helpers/rest.js';
import { stackTest } from '../helpers/stack-test.js';
import { type Stack, upstreamDuring } from '../helpers/stack.js';

const it = stackTest();

/** Total-Number (or length, for lists Logto returns whole) of a REST list. */
async function restTotal(rest: RestClient, path: string): Promise<number> {
  const response = await rest.get<unknown[]>(path);
  expect(response.status, path).toBe(200);
  return Number(response.headers.get('total-number') ?? response.body.length);
}

async function graphTotal(stack: Stack, field: string, filter: string, variables: Record<string, unknown> = {}): Promise<{ total: number; upstream: string[] }> {
  const declared = Object.keys(variables).map((name) => `$${name}: ID!`);
  const query = `query${declared.length ? `(${declared.join(', ')})` : ''} { list: ${field}(first: 1, filter: ${filter}) { totalCount } }`;
  const { result, requests } = await upstreamDuring(stack, () => stack.post<{ list: { totalCount: number } }>(query, variables));
  expect(result.body.errors, filter).toBeUndefined();
  return { total: result.body.data!.list.totalCount, upstream: requests.map((request) => `${request.path}?${decodeURIComponent(request.query)}`) };
}

describe('user filters map 1:1 to Logto advanced search', () => {
  it.for<[string, string]>([
    ['{ primaryEmail: { like: "%acme.test%" } }', 'search.primaryEmail=%25acme.test%25'],
    ['{ search: { like: "%alice%" } }', 'search=%25alice%25'],
    ['{ name: { like: "%Alice%" }, isCaseSensitive: true }', 'search.name=%25Alice%25&isCaseSensitive=true'],
    ['{ primaryEmail: { like: "%acme.test%" }, name: { like: "%Zoe%" }, joint: AND }', 'search.primaryEmail=%25acme.test%25&search.name=%25Zoe%25&joint=and'],
    ['{ primaryEmail: { like: "%acme.test%" }, name: { like: "%Zoe%" }, joint: OR }', 'search.primaryEmail=%25acme.test%25&search.name=%25Zoe%25&joint=or'],
    ['{ primaryPhone: { like: "1415555%" } }', 'search.primaryPhone=1415555%25'],
    ['{ name: { posix: "^(Alice|Bob) " }, isCaseSensitive: true }', 'search.name=%5E(Alice%7CBob)%20&mode.name=posix&isCaseSensitive=true'],
    ['{ name: { similarTo: "(Alice|Bob)%" }, isCaseSensitive: true }', 'search.name=(Alice%7CBob)%25&mode.name=similar_to&isCaseSensitive=true'],
  ])('users(filter: %s) counts what Logto counts', async ([filter, restQuery], { stack, rest }) => {
    const { total } = await graphTotal(stack, 'users', filter);
    expect(total).toBe(await restTotal(rest, `/api/users?${restQuery}&page_size=1`));
    expect(total).toBeGreaterThan(0);
  });

  it('matches case-sensitively only when asked', async ({ stack, rest }) => {
    const { total } = await graphTotal(stack, 'users', '{ name: { like: "%alice%" }, isCaseSensitive: true }');
    expect(total).toBe(await restTotal(rest, '/api/users?search.name=%25alice%25&isCaseSensitive=true&page_size=1'));
    expect(total).toBe(0);
    expect((await graphTotal(stack, 'users', '{ name: { like: "%alice%" } }')).total).toBeGreaterThan(0);
  });

  it('fetches exactly the users named by several exact ids, in one request', async ({ stack, rest }) => {
    const ids = (await rest.get<{ id: string }[]>('/api/users?page=3&page_size=3')).body.map((user) => user.id);
    const { result, requests } = await upstreamDuring(stack, () =>
      stack.post<{ users: { nodes: { logtoId: string }[] } }>('query($ids: [String!]!) { users(filter: { id: { exact: $ids } }) { nodes { logtoId } } }', { ids }),
    );
    expect(result.body.data!.users.nodes.map((user) => user.logtoId).sort()).toEqual([...ids].sort());
    expect(requests).toHaveLength(1);
  });

  it('excludes a role’s users and an organization’s members (global or Logto ids)', async ({ stack, rest }) => {
    const [role] = (await rest.get<{ id: string }[]>('/api/roles?type=User&page=1&page_size=1')).body;
    const [organization] = (await rest.get<{ id: string }[]>('/api/organizations?page=1&page_size=1')).body;
    const byRole = await graphTotal(stack, 'users', '{ excludeRoleId: $role }', { role: encodeGlobalId('Role', role!.id) });
    expect(byRole.total).toBe(await restTotal(rest, `/api/users?excludeRoleId=${role!.id}&page_size=1`));
    const byOrganization = await graphTotal(stack, 'users', '{ excludeOrganizationId: $org }', { org: organization!.id });
    expect(byOrganization.total).toBe(await restTotal(rest, `/api/users?excludeOrganizationId=${organization!.id}&page_size=1`));
  });

  it.for<[string, RegExp]>([
    ['{ name: { similarTo: "(Alice|Bob)%" } }', /isCaseSensitive/],
    ['{ name: { like: "%a%", exact: ["a"] } }', /exactly one|only one|one of/i],
    ['{ name: {} }', /exactly one|one of/i],
    ['{ id: { exact: [] } }', /1 to 100/],
    ['{ name: { posix: "(unclosed" }, isCaseSensitive: true }', /not a valid pattern/],
    ['{ name: { similarTo: "[abc" }, isCaseSensitive: true }', /not a valid pattern/],
  ])('rejects %s before asking Logto', async ([filter, message], { stack }) => {
    const { result, requests } = await upstreamDuring(stack, () => stack.post(`{ users(filter: ${filter}) { totalCount } }`));
    expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.body.errors?.[0]?.message).toMatch(message);
    expect(requests).toHaveLength(0);
  });
});

describe('role, application, organization and log filters', () => {
  it('filters roles by type, search and exclusions', async ({ stack, rest }) => {
    expect((await graphTotal(stack, 'roles', '{ type: MACHINE_TO_MACHINE }')).total).toBe(await restTotal(rest, '/api/roles?type=MachineToMachine&page_size=1'));
    expect((await graphTotal(stack, 'roles', '{ type: USER }')).total).toBe(await restTotal(rest, '/api/roles?type=User&page_size=1'));
    expect((await graphTotal(stack, 'roles', '{ search: { like: "%Manager%" } }')).total).toBe(await restTotal(rest, '/api/roles?search=%25Manager%25&page_size=1'));
    const { row: user } = await firstUserWithRoles(rest);
    expect((await graphTotal(stack, 'roles', '{ excludeUserId: $u }', { u: user })).total).toBe(await restTotal(rest, `/api/roles?excludeUserId=${user}&page_size=1`));
    const [app] = (await rest.get<{ id: string }[]>('/api/applications?types=MachineToMachine')).body;
    expect((await graphTotal(stack, 'roles', '{ type: MACHINE_TO_MACHINE, excludeApplicationId: $a }', { a: app!.id })).total).toBe(
      await restTotal(rest, `/api/roles?type=MachineToMachine&excludeApplicationId=${app!.id}&page_size=1`),
    );
  });

  it('filters applications by types, third party, search and role exclusion', async ({ stack, rest }) => {
    expect((await graphTotal(stack, 'applications', '{ types: [SPA] }')).total).toBe(await restTotal(rest, '/api/applications?types=SPA'));
    expect((await graphTotal(stack, 'applications', '{ types: [NATIVE, MACHINE_TO_MACHINE] }')).total).toBe(
      await restTotal(rest, '/api/applications?types=Native&types=MachineToMachine'),
    );
    expect((await graphTotal(stack, 'applications', '{ isThirdParty: true }')).total).toBe(await restTotal(rest, '/api/applications?isThirdParty=true'));
    expect((await graphTotal(stack, 'applications', '{ search: { like: "%App%" } }')).total).toBe(await restTotal(rest, '/api/applications?search=%25App%25'));
    const [role] = (await rest.get<{ id: string }[]>('/api/roles?type=MachineToMachine&page=1&page_size=1')).body;
    expect((await graphTotal(stack, 'applications', '{ types: [MACHINE_TO_MACHINE], excludeRoleId: $r }', { r: role!.id })).total).toBe(
      await restTotal(rest, `/api/applications?types=MachineToMachine&excludeRoleId=${role!.id}`),
    );
  });

  it('searches organizations with q', async ({ stack, rest }) => {
    const { total, upstream } = await graphTotal(stack, 'organizations', '{ q: "corp" }');
    expect(total).toBe(await restTotal(rest, '/api/organizations?q=corp&page_size=1'));
    expect(upstream[0]).toContain('q=corp');
  });

  it('filters logs by user, application, key and time range', async ({ stack, rest }) => {
    const logs = (await rest.get<{ key: string; createdAt: number; payload: { userId?: string; applicationId?: string } }[]>('/api/logs?page=1&page_size=100')).body;
    const withUser = logs.find((log) => log.payload.userId)!;
    const withApp = logs.find((log) => log.payload.applicationId)!;
    expect((await graphTotal(stack, 'logs', '{ userId: $u }', { u: encodeGlobalId('User', withUser.payload.userId!) })).total).toBe(
      await restTotal(rest, `/api/logs?userId=${withUser.payload.userId}&page_size=1`),
    );
    expect((await graphTotal(stack, 'logs', '{ applicationId: $a }', { a: withApp.payload.applicationId! })).total).toBe(
      await restTotal(rest, `/api/logs?applicationId=${withApp.payload.applicationId}&page_size=1`),
    );
    expect((await graphTotal(stack, 'logs', `{ logKey: "${withUser.key}" }`)).total).toBe(await restTotal(rest, `/api/logs?logKey=${withUser.key}&page_size=1`));
    const end = logs[0]!.createdAt;
    const start = logs[60]!.createdAt;
    const ranged = await graphTotal(stack, 'logs', `{ startTime: "${new Date(start).toISOString()}", endTime: "${new Date(end).toISOString()}" }`);
    expect(ranged.total).toBe(await restTotal(rest, `/api/logs?start_time=${start}&end_time=${end}&page_size=1`));
    expect(ranged.upstream[0]).toContain(`start_time=${start}`);
  });
});

async function firstUserWithRoles(rest: RestClient): Promise<{ row: string }> {
  const users = (await rest.get<{ id: string }[]>('/api/users?page=1&page_size=50')).body;
  for (const user of users) {
    if ((await rest.get<unknown[]>(`/api/users/${user.id}/roles`)).body.length > 0) return { row: user.id };
  }
  throw new Error('no user with roles');
}

describe('log counts', () => {
  it('asks Logto for a capped count and reports whether it was capped', async ({ stack, rest }) => {
    const { result, requests } = await upstreamDuring(stack, () =>
      stack.post<{ logs: { totalCount: number; totalCountIsCapped: boolean } }>('{ logs(first: 1) { totalCount totalCountIsCapped } }'),
    );
    expect(requests[0]!.query).toContain('enableCap=true');
    expect(result.body.data!.logs.totalCountIsCapped).toBe(false);
    expect(result.body.data!.logs.totalCount).toBe(await restTotal(rest, '/api/logs?enableCap=true&page_size=1'));
  });
});
