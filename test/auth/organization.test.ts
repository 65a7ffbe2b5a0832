import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SCOPES } from '../../src/auth/scopes.js';
import { encodeGlobalId } from '../../src/global-id.js';
import type { OrganizationRow } from '../../src/sandbox/rows.js';
import { type GraphQLResponse, type Stack, startStack } from '../helpers/stack.js';

let stack: Stack;
let own: OrganizationRow;
let other: OrganizationRow;
let token: string;

/** An organization with members and invitations, and a member who belongs to another organization too. */
function pickOrganizations(): { own: OrganizationRow; other: OrganizationRow } {
  const { store } = stack.sandbox;
  for (const candidate of store.organizations.values()) {
    const members = [...store.organizationUsers.rightsOf(candidate.id)];
    const invitations = [...store.invitations.values()].filter((invitation) => invitation.organizationId === candidate.id);
    const shared = members.find((userId) => store.organizationUsers.leftsOf(userId).size > 1);
    if (members.length < 2 || invitations.length === 0 || !shared) continue;
    const otherId = [...store.organizationUsers.leftsOf(shared)].find((id) => id !== candidate.id) ?? '';
    const otherOrganization = store.organizations.get(otherId);
    if (otherOrganization) return { own: candidate, other: otherOrganization };
  }
  throw new Error('the seed has no organization with members, invitations and a member shared with another organization');
}

beforeAll(async () => {
  // Member role descriptions are read through the paged organization-role loader, whose honest
  // bound (one page plus a read per role beyond it) exceeds the default per-operation limit.
  stack = await startStack({ auth: true, sandbox: { users: 60 }, env: { MAX_UPSTREAM_REQUESTS_PER_OPERATION: '5000' } });
  ({ own, other } = pickOrganizations());
  // An organization-level API resource token: the scopes come from the caller's organization
  // roles; tenant-wide scopes in it (read:logs, read:roles, ...) must not reach beyond the organization.
  token = stack.mintToken({
    sub: [...stack.sandbox.store.organizationUsers.rightsOf(own.id)][0],
    organizationId: own.id,
    scope: [SCOPES.readUsers, SCOPES.readOrganizations, SCOPES.readRoles, SCOPES.readLogs, SCOPES.readApplications, SCOPES.readResources, SCOPES.readConnectors, SCOPES.readUsersSensitive].join(' '),
  });
});

afterAll(async () => {
  await stack.close();
});

async function asOrganization<T = Record<string, unknown>>(query: string, bearer = token): Promise<{ response: GraphQLResponse<T>; requests: string[] }> {
  const since = stack.sandbox.requestLog.lastSeq();
  const response = await stack.post<T>(query, undefined, { authorization: `Bearer ${bearer}` });
  const requests = stack.sandbox.requestLog
    .entries({ sinceSeq: since })
    .filter((entry) => entry.path.startsWith('/api/'))
    .map((entry) => `${entry.path}${entry.query ? `?${entry.query}` : ''}`);
  return { response, requests };
}

const forbiddenPaths = (response: GraphQLResponse) =>
  (response.body.errors ?? []).filter((error) => error.extensions?.code === 'FORBIDDEN').map((error) => error.path?.join('.'));

/** Every upstream request stays inside the caller's own organization. */
function expectOnlyOwnOrganization(requests: readonly string[]): void {
  for (const request of requests) {
    expect(request).not.toContain(other.id);
    expect(request).toMatch(
      new RegExp(`^/api/(organizations/${own.id}(/users)?(\\?|$)|organization-invitations\\?organizationId=${own.id}|organization-roles(\\?|/))`),
    );
  }
}

describe('organization tokens', () => {
  it('read their own organization, its members with their organization roles, and its invitations', async () => {
    const { store } = stack.sandbox;
    const { response, requests } = await asOrganization<{
      organization: {
        name: string;
        members: { totalCount: number; edges: { organizationRoles: { name: string }[]; node: { logtoId: string; name: string | null } }[] };
        invitations: { totalCount: number; nodes: { logtoId: string; organization: { logtoId: string }; organizationRoles: { name: string }[] }[] };
      };
      node: { id: string };
    }>(`{
      organization(id: "${own.id}") {
        name
        members(first: 100) { totalCount edges { organizationRoles { name description } node { logtoId name primaryEmail isSuspended } } }
        invitations { totalCount nodes { logtoId invitee status organization { logtoId } organizationRoles { name } } }
      }
      node(id: "${encodeGlobalId('Organization', own.id)}") { id }
    }`);
    expect(response.body.errors).toBeUndefined();
    const data = response.body.data;
    expect(data?.organization.name).toBe(own.name);
    const memberIds = [...store.organizationUsers.rightsOf(own.id)].sort();
    expect(data?.organization.members.totalCount).toBe(memberIds.length);
    expect(data?.organization.members.edges.map((edge) => edge.node.logtoId).sort()).toEqual(memberIds);
    for (const edge of data?.organization.members.edges ?? []) {
      const roles = [...store.organizationUserRoles.rolesOf(own.id, edge.node.logtoId)].map((id) => store.organizationRoles.get(id)?.name);
      expect(edge.organizationRoles.map((role) => role.name).sort()).toEqual(roles.sort());
    }
    const invitationIds = [...store.invitations.values()].filter((invitation) => invitation.organizationId === own.id).map((invitation) => invitation.id);
    expect(data?.organization.invitations.nodes.map((invitation) => invitation.logtoId).sort()).toEqual(invitationIds.sort());
    expect(data?.organization.invitations.nodes.every((invitation) => invitation.organization.logtoId === own.id)).toBe(true);
    expect(data?.node.id).toBe(encodeGlobalId('Organization', own.id));
    expectOnlyOwnOrganization(requests);
  });

  it('cannot reach another organization by id, node, nodes or an alias — and nothing is fetched for it', async () => {
    const { response, requests } = await asOrganization<Record<string, unknown>>(`{
      byId: organization(id: "${other.id}") { name }
      byGlobalId: organization(id: "${encodeGlobalId('Organization', other.id)}") { name }
      node(id: "${encodeGlobalId('Organization', other.id)}") { id }
      nodes(ids: ["${encodeGlobalId('Organization', own.id)}", "${encodeGlobalId('Organization', other.id)}"]) { id }
      mine: organization(id: "${own.id}") { name }
      alias: organization(id: "${other.id}") { members { totalCount } invitations { totalCount } }
    }`);
    expect(forbiddenPaths(response).sort()).toEqual(['alias', 'byGlobalId', 'byId', 'node', 'nodes.1'].sort());
    expect(response.body.data).toEqual({
      byId: null,
      byGlobalId: null,
      node: null,
      nodes: [{ id: encodeGlobalId('Organization', own.id) }, null],
      mine: { name: own.name },
      alias: null,
    });
    expect(requests).toEqual([`/api/organizations/${own.id}`]);
  });

  it('cannot reach other organizations through a member (User.organizations) or any tenant-wide relation of one', async () => {
    const { response, requests } = await asOrganization<Record<string, unknown>>(`{
      organization(id: "${own.id}") {
        members(first: 10) { nodes { logtoId organizations { totalCount } roles { totalCount } logs { totalCount } customData identities { target } hasPassword } }
        invitations { nodes { inviter { logtoId } acceptedUser { logtoId } } }
      }
    }`);
    const forbidden = forbiddenPaths(response);
    const members = Math.min(10, stack.sandbox.store.organizationUsers.rightsOf(own.id).size);
    for (const field of ['organizations', 'roles', 'logs', 'customData', 'identities', 'hasPassword']) {
      expect(forbidden.filter((path) => new RegExp(`^organization\\.members\\.nodes\\.\\d+\\.${field}$`).test(path ?? ''))).toHaveLength(members);
    }
    expect(forbidden.filter((path) => /^organization\.invitations\.nodes\.\d+\.(inviter|acceptedUser)$/.test(path ?? '')).length).toBeGreaterThan(0);
    expectOnlyOwnOrganization(requests);
  });

  it('cannot list or look up anything tenant-wide, and makes no upstream request for it', async () => {
    const member = [...stack.sandbox.store.organizationUsers.rightsOf(own.id)][0] ?? '';
    const tenantRole = [...stack.sandbox.store.roles.values()][0]!;
    const { response, requests } = await asOrganization(`{
      users { totalCount } organizations { totalCount } roles { totalCount } logs { totalCount }
      applications { totalCount } resources { totalCount } connectors { totalCount }
      user(id: "${member}") { logtoId }
      memberNode: node(id: "${encodeGlobalId('User', member)}") { id }
      role(id: "${tenantRole.id}") { name }
      roleNode: node(id: "${encodeGlobalId('Role', tenantRole.id)}") { id }
    }`);
    expect(forbiddenPaths(response).sort()).toEqual(
      ['users', 'organizations', 'roles', 'logs', 'applications', 'resources', 'connectors', 'user', 'memberNode', 'role', 'roleNode'].sort(),
    );
    expect(requests).toEqual([]);
  });

  it('reads the organization template (roles and scopes) its admin screens offer, but not their API scopes', async () => {
    const role = [...stack.sandbox.store.organizationRoles.values()][0];
    const { response } = await asOrganization<{ organizationRoles: { totalCount: number }; organizationScopes: { totalCount: number }; organizationRole: { name: string } }>(`{
      organizationRoles { totalCount nodes { name scopes { nodes { name } } resourceScopes { totalCount } } }
      organizationScopes { totalCount }
      organizationRole(id: "${role?.id}") { name }
    }`);
    expect(response.body.data?.organizationRoles.totalCount).toBe(stack.sandbox.store.organizationRoles.size);
    expect(response.body.data?.organizationScopes.totalCount).toBeGreaterThan(0);
    expect(response.body.data?.organizationRole.name).toBe(role?.name);
    expect(forbiddenPaths(response).every((path) => /^organizationRoles\.nodes\.\d+\.resourceScopes$/.test(path ?? ''))).toBe(true);
  });

  it('sees another organization’s invitation as nonexistent, reading only its own organization’s invitations', async () => {
    const foreign = [...stack.sandbox.store.invitations.values()].find((invitation) => invitation.organizationId !== own.id);
    const mine = [...stack.sandbox.store.invitations.values()].find((invitation) => invitation.organizationId === own.id);
    const { response, requests } = await asOrganization<Record<string, unknown>>(`{
      foreign: organizationInvitation(id: "${foreign?.id}") { logtoId organization { name } }
      foreignNode: node(id: "${encodeGlobalId('OrganizationInvitation', foreign?.id ?? '')}") { id }
      mine: organizationInvitation(id: "${mine?.id}") { logtoId organization { logtoId } }
    }`);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data).toEqual({ foreign: null, foreignNode: null, mine: { logtoId: mine?.id, organization: { logtoId: own.id } } });
    expectOnlyOwnOrganization(requests);
    expect(requests.some((request) => request.includes(foreign?.id ?? '?'))).toBe(false);
  });

  it('stay behind the scope catalogue inside their organization (members need read:users)', async () => {
    const narrow = stack.mintToken({ organizationId: own.id, scope: SCOPES.readOrganizations });
    const { response, requests } = await asOrganization(`{ organization(id: "${own.id}") { name members { totalCount } invitations { totalCount } } }`, narrow);
    expect(forbiddenPaths(response)).toEqual(['organization.members']);
    expect(requests.some((request) => request.includes('/users'))).toBe(false);

    const none = stack.mintToken({ organizationId: own.id, scope: '' });
    const refused = await asOrganization(`{ organization(id: "${own.id}") { name } }`, none);
    expect(forbiddenPaths(refused.response)).toEqual(['organization']);
    expect(refused.requests).toEqual([]);
  });
});
