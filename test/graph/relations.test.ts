import { describe, expect } from 'vitest';

import type { RestClient } from '../helpers/rest.js';
import { stackTest } from '../helpers/stack-test.js';
import type { Stack } from '../helpers/stack.js';

const it = stackTest();

type Row = { id: string; name?: string; type?: string; organizationRoles?: { id: string; name: string }[] };
type Connection<N> = { totalCount: number; nodes: N[] };

async function data<T>(stack: Stack, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await stack.post<T>(query, variables);
  expect(response.body.errors).toBeUndefined();
  return response.body.data!;
}

/** The first row of `path` whose relation `relation(row)` is non-empty, with that relation's REST answer. */
async function withRelation(rest: RestClient, listPath: string, relation: (row: Row) => string): Promise<{ row: Row; related: Row[]; total: number }> {
  const rows = (await rest.get<Row[]>(`${listPath}${listPath.includes('?') ? '&' : '?'}page=1&page_size=100`)).body;
  for (const row of rows) {
    const answer = await rest.get<Row[]>(relation(row));
    if (answer.status === 200 && answer.body.length > 0) {
      return { row, related: answer.body, total: Number(answer.headers.get('total-number') ?? answer.body.length) };
    }
  }
  throw new Error(`no row of ${listPath} has a non-empty relation`);
}

describe('relations match what Logto answers', () => {
  it('User.roles', async ({ stack, rest }) => {
    const { row, related, total } = await withRelation(rest, '/api/users', (user) => `/api/users/${user.id}/roles?page=1&page_size=100`);
    const result = await data<{ user: { roles: Connection<{ logtoId: string; name: string }> } }>(stack,
      'query($id: ID!) { user(id: $id) { roles(first: 100) { totalCount nodes { logtoId name } } } }',
      { id: row.id },
    );
    expect(result.user.roles.totalCount).toBe(total);
    expect(result.user.roles.nodes).toEqual(related.map((role) => ({ logtoId: role.id, name: role.name })));
  });

  it('User.organizations with the user’s organization roles on each edge', async ({ stack, rest }) => {
    const { row, related } = await withRelation(rest, '/api/users', (user) => `/api/users/${user.id}/organizations`);
    const result = await data<{
      user: { organizations: { totalCount: number; edges: { organizationRoles: { logtoId: string; name: string }[]; node: { logtoId: string } }[] } };
    }>(
      stack,
      'query($id: ID!) { user(id: $id) { organizations(first: 100) { totalCount edges { organizationRoles { logtoId name } node { logtoId } } } } }',
      { id: row.id },
    );
    expect(result.user.organizations.totalCount).toBe(related.length);
    expect(result.user.organizations.edges).toEqual(
      related.map((organization) => ({
        node: { logtoId: organization.id },
        organizationRoles: organization.organizationRoles!.map((role) => ({ logtoId: role.id, name: role.name })),
      })),
    );
  });

  it('User.logs and Application.logs', async ({ stack, rest }) => {
    const { row: user, total: userTotal } = await withRelation(rest, '/api/users', (item) => `/api/logs?userId=${item.id}&page=1&page_size=1`);
    const { row: app, total: appTotal } = await withRelation(rest, '/api/applications', (item) => `/api/logs?applicationId=${item.id}&page=1&page_size=1`);
    const result = await data<{ user: { logs: { totalCount: number } }; application: { logs: { totalCount: number; nodes: { application: { logtoId: string } }[] } } }>(stack,
      'query($u: ID!, $a: ID!) { user(id: $u) { logs(first: 5) { totalCount } } application(id: $a) { logs(first: 5) { totalCount nodes { application { logtoId } } } } }',
      { u: user.id, a: app.id },
    );
    expect(result.user.logs.totalCount).toBe(userTotal);
    expect(result.application.logs.totalCount).toBe(appTotal);
    for (const log of result.application.logs.nodes) expect(log.application.logtoId).toBe(app.id);
  });

  it('Role.users, Role.applications and Role.scopes', async ({ stack, rest }) => {
    const { row: userRole, related: users, total: userTotal } = await withRelation(rest, '/api/roles?type=User', (role) => `/api/roles/${role.id}/users?page=1&page_size=100`);
    const { row: m2mRole, related: apps, total: appTotal } = await withRelation(rest, 
      '/api/roles?type=MachineToMachine',
      (role) => `/api/roles/${role.id}/applications?page=1&page_size=100`,
    );
    const scopes = (await rest.get<Row[]>(`/api/roles/${userRole.id}/scopes`)).body;
    const result = await data<{
      a: { users: Connection<{ logtoId: string }>; scopes: Connection<{ logtoId: string; resource: { logtoId: string } | null }> };
      b: { applications: Connection<{ logtoId: string; type: string }> };
    }>(
      stack,
      `query($a: ID!, $b: ID!) {
        a: role(id: $a) { users(first: 100) { totalCount nodes { logtoId } } scopes(first: 100) { totalCount nodes { logtoId resource { logtoId } } } }
        b: role(id: $b) { applications(first: 100) { totalCount nodes { logtoId type } } }
      }`,
      { a: userRole.id, b: m2mRole.id },
    );
    expect(result.a.users.totalCount).toBe(userTotal);
    expect(result.a.users.nodes.map((node) => node.logtoId)).toEqual(users.map((user) => user.id));
    expect(result.a.scopes.totalCount).toBe(scopes.length);
    expect(result.a.scopes.nodes.map((node) => node.logtoId)).toEqual(scopes.map((scope) => scope.id));
    for (const scope of result.a.scopes.nodes) expect(scope.resource).not.toBeNull();
    expect(result.b.applications.totalCount).toBe(appTotal);
    expect(result.b.applications.nodes).toEqual(apps.map((app) => ({ logtoId: app.id, type: 'MACHINE_TO_MACHINE' })));
  });

  it('Application.roles, empty without a request for other kinds of applications', async ({ stack, rest }) => {
    const { row, related } = await withRelation(rest, '/api/applications?types=MachineToMachine', (app) => `/api/applications/${app.id}/roles?page=1&page_size=100`);
    const spa = (await rest.get<Row[]>('/api/applications?types=SPA')).body[0]!;
    const result = await data<{ m2m: { roles: Connection<{ logtoId: string }> }; spa: { roles: Connection<{ logtoId: string }> } }>(stack,
      'query($m: ID!, $s: ID!) { m2m: application(id: $m) { roles { totalCount nodes { logtoId } } } spa: application(id: $s) { roles { totalCount nodes { logtoId } } } }',
      { m: row.id, s: spa.id },
    );
    expect(result.m2m.roles.nodes.map((role) => role.logtoId)).toEqual(related.map((role) => role.id));
    expect(result.spa.roles).toEqual({ totalCount: 0, nodes: [] });
  });

  it('Organization.members with organization roles on each edge, and its filters', async ({ stack, rest }) => {
    const organizations = (await rest.get<Row[]>('/api/organizations?page=1&page_size=100')).body;
    const big = organizations.find((organization) => organization.name === 'Acme Corp')!;
    const members = await rest.get<Row[]>(`/api/organizations/${big.id}/users?page=2&page_size=50`);
    const roles = (await rest.get<Row[]>('/api/organization-roles?page=1&page_size=100')).body;
    const admin = roles.find((role) => role.name === 'admin')!;
    const admins = await rest.get<Row[]>(`/api/organizations/${big.id}/users?organizationRoleId=${admin.id}&page=1&page_size=100`);
    const byQuery = await rest.get<Row[]>(`/api/organizations/${big.id}/users?q=alice&page=1&page_size=100`);

    const first = await data<{ organization: { members: { edges: { cursor: string }[] } } }>(stack,
      'query($id: ID!) { organization(id: $id) { members(first: 50) { edges { cursor } } } }',
      { id: big.id },
    );
    const after = first.organization.members.edges.at(-1)!.cursor;
    const result = await data<{
      organization: {
        page: { totalCount: number; edges: { organizationRoles: { logtoId: string; name: string }[]; node: { logtoId: string } }[] };
        admins: Connection<{ logtoId: string }>;
        alices: Connection<{ logtoId: string }>;
      };
    }>(
      stack,
      `query($id: ID!, $after: String, $admin: ID!) { organization(id: $id) {
        page: members(first: 50, after: $after) { totalCount edges { organizationRoles { logtoId name } node { logtoId } } }
        admins: members(first: 100, filter: { organizationRoleId: $admin }) { totalCount nodes { logtoId } }
        alices: members(first: 100, filter: { q: "alice" }) { totalCount nodes { logtoId } }
      } }`,
      { id: big.id, after, admin: admin.id },
    );
    expect(result.organization.page.totalCount).toBe(Number(members.headers.get('total-number')));
    expect(result.organization.page.totalCount).toBeGreaterThanOrEqual(300);
    expect(result.organization.page.edges).toEqual(
      members.body.map((member) => ({
        node: { logtoId: member.id },
        organizationRoles: member.organizationRoles!.map((role) => ({ logtoId: role.id, name: role.name })),
      })),
    );
    expect(result.organization.admins.nodes.map((node) => node.logtoId)).toEqual(admins.body.map((member) => member.id));
    expect(result.organization.alices.totalCount).toBe(Number(byQuery.headers.get('total-number')));
  });

  it('Organization.invitations and an invitation’s organization, inviter and organization roles', async ({ stack, rest }) => {
    const invitations = (await rest.get<(Row & { organizationId: string; inviterId: string | null })[]>('/api/organization-invitations')).body;
    const invitation = invitations.find((item) => item.inviterId)!;
    const ofOrganization = invitations.filter((item) => item.organizationId === invitation.organizationId);
    const result = await data<{
      organization: { invitations: Connection<{ logtoId: string }> };
      organizationInvitation: { organization: { logtoId: string }; inviter: { logtoId: string }; organizationRoles: { logtoId: string; name: string }[] };
    }>(
      stack,
      `query($org: ID!, $inv: ID!) {
        organization(id: $org) { invitations { totalCount nodes { logtoId } } }
        organizationInvitation(id: $inv) { organization { logtoId } inviter { logtoId } organizationRoles { logtoId name } }
      }`,
      { org: invitation.organizationId, inv: invitation.id },
    );
    expect(result.organization.invitations.totalCount).toBe(ofOrganization.length);
    expect(result.organization.invitations.nodes.map((node) => node.logtoId).sort()).toEqual(ofOrganization.map((item) => item.id).sort());
    expect(result.organizationInvitation.organization.logtoId).toBe(invitation.organizationId);
    expect(result.organizationInvitation.inviter.logtoId).toBe(invitation.inviterId);
    expect(result.organizationInvitation.organizationRoles).toEqual(
      invitation.organizationRoles!.map((role) => ({ logtoId: role.id, name: role.name })),
    );
  });

  it('Resource.scopes, OrganizationRole.scopes and OrganizationRole.resourceScopes', async ({ stack, rest }) => {
    const { row: resource, related: scopes, total } = await withRelation(rest, '/api/resources', (item) => `/api/resources/${item.id}/scopes?page=1&page_size=100`);
    const { row: role, related: orgScopes } = await withRelation(rest, '/api/organization-roles', (item) => `/api/organization-roles/${item.id}/scopes`);
    const resourceScopes = (await rest.get<Row[]>(`/api/organization-roles/${role.id}/resource-scopes`)).body;
    const result = await data<{
      resource: { scopes: Connection<{ logtoId: string; resource: { logtoId: string } }> };
      organizationRole: { description: string; scopes: Connection<{ logtoId: string }>; resourceScopes: Connection<{ logtoId: string }> };
    }>(
      stack,
      `query($r: ID!, $o: ID!) {
        resource(id: $r) { scopes(first: 100) { totalCount nodes { logtoId resource { logtoId } } } }
        organizationRole(id: $o) { description scopes { totalCount nodes { logtoId } } resourceScopes { totalCount nodes { logtoId } } }
      }`,
      { r: resource.id, o: role.id },
    );
    expect(result.resource.scopes.totalCount).toBe(total);
    expect(result.resource.scopes.nodes).toEqual(scopes.map((scope) => ({ logtoId: scope.id, resource: { logtoId: resource.id } })));
    expect(result.organizationRole.scopes.nodes.map((scope) => scope.logtoId)).toEqual(orgScopes.map((scope) => scope.id));
    expect(result.organizationRole.resourceScopes.nodes.map((scope) => scope.logtoId)).toEqual(resourceScopes.map((scope) => scope.id));
  });

  it('Log.user and Log.application', async ({ stack, rest }) => {
    const logs = (await rest.get<{ id: string; payload: { userId?: string; applicationId?: string } }[]>('/api/logs?page=1&page_size=50')).body;
    const result = await data<{ logs: { nodes: { logtoId: string; user: { logtoId: string } | null; application: { logtoId: string } | null }[] } }>(stack,
      '{ logs(first: 50) { nodes { logtoId user { logtoId } application { logtoId } } } }',
    );
    const users = new Set((await rest.all<{ id: string }>('/api/users')).map((user) => user.id));
    result.logs.nodes.forEach((log, index) => {
      const reference = logs[index]!;
      expect(log.logtoId).toBe(reference.id);
      const userId = reference.payload.userId;
      expect(log.user?.logtoId ?? null).toBe(userId && users.has(userId) ? userId : null);
    });
    expect(result.logs.nodes.some((log) => log.user !== null)).toBe(true);
    expect(result.logs.nodes.some((log) => log.application !== null)).toBe(true);
  });
});

describe('lists Logto returns whole', () => {
  it('pages a user’s organizations and an organization’s invitations locally, one request each', async ({ stack, rest }) => {
    const candidates = (await rest.get<Row[]>('/api/users?page=1&page_size=100')).body;
    let row: Row | undefined;
    let organizations: Row[] = [];
    for (const candidate of candidates) {
      organizations = (await rest.get<Row[]>(`/api/users/${candidate.id}/organizations`)).body;
      if (organizations.length >= 2) {
        row = candidate;
        break;
      }
    }
    if (!row) throw new Error('no user in two organizations');
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { user: { organizations: { edges: { cursor: string; node: { logtoId: string } }[]; pageInfo: { hasNextPage: boolean } } } } =
        await data(stack, 'query($id: ID!, $after: String) { user(id: $id) { organizations(first: 1, after: $after) { edges { cursor node { logtoId } } pageInfo { hasNextPage } } } }', {
          id: row.id,
          after,
        });
      seen.push(...page.user.organizations.edges.map((edge) => edge.node.logtoId));
      if (!page.user.organizations.pageInfo.hasNextPage) break;
      after = page.user.organizations.edges.at(-1)!.cursor;
    }
    expect(seen).toEqual(organizations.map((organization) => organization.id));
    const last = await data<{ user: { organizations: { nodes: { logtoId: string }[] } } }>(stack,
      'query($id: ID!) { user(id: $id) { organizations(last: 1) { nodes { logtoId } } } }',
      { id: row.id },
    );
    expect(last.user.organizations.nodes.map((node) => node.logtoId)).toEqual([organizations.at(-1)!.id]);
  });
});
