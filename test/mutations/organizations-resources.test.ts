import { describe, expect } from 'vitest';

import { encodeGlobalId } from '../../src/global-id.js';
import { mutate, payload } from '../helpers/mutations.js';
import type { Stack } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

const store = (stack: Stack) => stack.sandbox.store;
const byName = <T extends { id: string; name: string }>(rows: Iterable<T>, name: string) => [...rows].find((row) => row.name === name)?.id ?? '';
const orgRole = (stack: Stack, name: string) => byName(store(stack).organizationRoles.values(), name);

async function newOrganization(stack: Stack, name: string): Promise<{ id: string; logtoId: string }> {
  const call = await mutate(stack, 'createOrganization', { name }, '... on CreateOrganizationPayload { organization { id logtoId } }');
  expect(call.result?.__typename, JSON.stringify(call)).toBe('CreateOrganizationPayload');
  return payload<{ organization: { id: string; logtoId: string } }>(call).organization;
}

const it = stackTest({ sandbox: { users: 100 } });

describe('organizations', () => {
  it('creates one (201 upstream) with its edge at the end of `organizations`', async ({ stack, rest }) => {
    const call = await mutate(
      stack,
      'createOrganization',
      { name: 'Wayne Enterprises', description: 'Gotham', customData: { plan: 'enterprise' }, isMfaRequired: true },
      '... on CreateOrganizationPayload { organization { name description customData isMfaRequired members { totalCount } } organizationEdge { cursor node { name } } }',
    );
    expect(call.result).toMatchObject({
      organization: { name: 'Wayne Enterprises', description: 'Gotham', customData: { plan: 'enterprise' }, isMfaRequired: true, members: { totalCount: 0 } },
    });
    expect(call.requests[0]).toEqual({ method: 'POST', path: '/api/organizations', query: '', status: 201 });
    const last = await stack.post<{ organizations: { edges: unknown[] } }>('{ organizations(last: 1) { edges { cursor node { name } } } }');
    expect(last.body.data?.organizations.edges).toEqual([payload<{ organizationEdge: unknown }>(call).organizationEdge]);
  });

  it('updates and deletes one; unknown ids are NotFoundError', async ({ stack, rest }) => {
    const { id, logtoId } = await newOrganization(stack, 'Short Lived Inc');
    const updated = await mutate(stack, 'updateOrganization', { id, description: null, name: 'Renamed Inc' }, '... on UpdateOrganizationPayload { organization { name description } }');
    expect(updated.result).toMatchObject({ organization: { name: 'Renamed Inc', description: null } });
    expect((await rest.get(`/api/organizations/${logtoId}`)).body).toMatchObject({ name: 'Renamed Inc' });
    const unknown = await mutate(stack, 'updateOrganization', { id: 'nosuchorg000', name: 'x' });
    expect(unknown.result).toMatchObject({ __typename: 'NotFoundError', field: 'id', logtoCode: 'entity.not_exists' });
    const deleted = await mutate(stack, 'deleteOrganization', { id }, '... on DeleteOrganizationPayload { deletedOrganizationId }');
    expect(deleted.result).toMatchObject({ deletedOrganizationId: id });
    expect((await rest.get(`/api/organizations/${logtoId}`)).status).toBe(404);
    const again = await mutate(stack, 'deleteOrganization', { id });
    expect(again.result).toMatchObject({ __typename: 'NotFoundError', field: 'id' });
  });

  it('adds members, gives and takes their roles, removes them', async ({ stack, rest }) => {
    const organization = await newOrganization(stack, 'Members Co');
    const [alice, bob] = store(stack).usersNewestFirst().slice(0, 2).map((user) => user.id) as [string, string];
    const added = await mutate(
      stack,
      'addOrganizationMembers',
      { organizationId: organization.id, userIds: [alice, encodeGlobalId('User', bob)] },
      '... on AddOrganizationMembersPayload { users { logtoId } organization { members { totalCount } } }',
    );
    expect(added.result).toMatchObject({ organization: { members: { totalCount: 2 } } });
    expect(added.requests.filter((request) => request.method === 'POST')).toEqual([
      { method: 'POST', path: `/api/organizations/${organization.logtoId}/users`, query: '', status: 201 },
    ]);

    const roles = await mutate(
      stack,
      'assignOrganizationMemberRoles',
      { organizationId: organization.logtoId, userId: alice, organizationRoleIds: [orgRole(stack, 'admin'), encodeGlobalId('OrganizationRole', orgRole(stack, 'member'))] },
      '... on AssignOrganizationMemberRolesPayload { organizationRoles { name } user { logtoId } }',
    );
    expect(payload<{ organizationRoles: { name: string }[] }>(roles).organizationRoles.map((role) => role.name).sort()).toEqual(['admin', 'member']);
    const members = await stack.post<{ organization: { members: { edges: { organizationRoles: { name: string }[]; node: { logtoId: string } }[] } } }>(
      `{ organization(id: "${organization.id}") { members(first: 10) { edges { organizationRoles { name } node { logtoId } } } } }`,
    );
    const aliceEdge = members.body.data?.organization.members.edges.find((edge) => edge.node.logtoId === alice);
    expect(aliceEdge?.organizationRoles.map((role) => role.name)).toEqual(['admin', 'member']);

    const removedRole = await mutate(
      stack,
      'removeOrganizationMemberRole',
      { organizationId: organization.id, userId: alice, organizationRoleId: orgRole(stack, 'admin') },
      '... on RemoveOrganizationMemberRolePayload { removedOrganizationRoleId organizationRoles { name } }',
    );
    expect(removedRole.result).toMatchObject({ removedOrganizationRoleId: encodeGlobalId('OrganizationRole', orgRole(stack, 'admin')), organizationRoles: [{ name: 'member' }] });
    const notHeld = await mutate(stack, 'removeOrganizationMemberRole', { organizationId: organization.id, userId: alice, organizationRoleId: orgRole(stack, 'admin') });
    expect(notHeld.result).toMatchObject({ __typename: 'NotFoundError', field: 'organizationRoleId' });

    const removed = await mutate(stack, 'removeOrganizationMember', { organizationId: organization.id, userId: alice }, '... on RemoveOrganizationMemberPayload { removedUserId organization { members { totalCount } } }');
    expect(removed.result).toMatchObject({ removedUserId: encodeGlobalId('User', alice), organization: { members: { totalCount: 1 } } });
    const notMember = await mutate(stack, 'assignOrganizationMemberRoles', { organizationId: organization.id, userId: alice, organizationRoleIds: [orgRole(stack, 'member')] });
    expect(notMember.result).toMatchObject({ __typename: 'ValidationError', field: 'userId', logtoCode: 'organization.require_membership' });
  });

  it('answers NotFoundError for an unknown user or role in a relation', async ({ stack, rest }) => {
    const organization = await newOrganization(stack, 'Foreign Keys Ltd');
    const unknownUser = await mutate(stack, 'addOrganizationMembers', { organizationId: organization.id, userIds: ['nosuchuser00'] });
    expect(unknownUser.result).toMatchObject({ __typename: 'NotFoundError', field: null, logtoCode: 'entity.relation_foreign_key_not_found' });
    const user = store(stack).usersNewestFirst()[5]!.id;
    await mutate(stack, 'addOrganizationMembers', { organizationId: organization.id, userIds: [user] });
    const unknownRole = await mutate(stack, 'assignOrganizationMemberRoles', { organizationId: organization.id, userId: user, organizationRoleIds: ['nosuchrole00000000000'] });
    expect(unknownRole.result).toMatchObject({ __typename: 'NotFoundError', field: 'organizationRoleIds' });
  });
});

describe('invitations', () => {
  it('invites, shows the invitation in the organization, and revokes it', async ({ stack, rest }) => {
    const organization = await newOrganization(stack, 'Inviting Inc');
    const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const created = await mutate(
      stack,
      'createOrganizationInvitation',
      { organizationId: organization.id, invitee: 'new.hire@example.com', expiresAt, organizationRoleIds: [orgRole(stack, 'member')] },
      '... on CreateOrganizationInvitationPayload { invitation { id logtoId status invitee organizationRoles { name } } invitationEdge { node { invitee } } }',
    );
    expect(created.result).toMatchObject({ invitation: { status: 'PENDING', invitee: 'new.hire@example.com', organizationRoles: [{ name: 'member' }] }, invitationEdge: { node: { invitee: 'new.hire@example.com' } } });
    const invitation = payload<{ invitation: { id: string; logtoId: string } }>(created).invitation;
    const listed = await stack.post<{ organization: { invitations: { nodes: { id: string }[] } } }>(`{ organization(id: "${organization.id}") { invitations(first: 1) { nodes { id } } } }`);
    expect(listed.body.data?.organization.invitations.nodes).toEqual([{ id: invitation.id }]);

    const revoked = await mutate(stack, 'updateOrganizationInvitationStatus', { id: invitation.id, status: 'REVOKED' }, '... on UpdateOrganizationInvitationStatusPayload { invitation { status } }');
    expect(revoked.result).toMatchObject({ invitation: { status: 'REVOKED' } });
    expect((await rest.get(`/api/organization-invitations/${invitation.logtoId}`)).body).toMatchObject({ status: 'Revoked' });
    const again = await mutate(stack, 'updateOrganizationInvitationStatus', { id: invitation.id, status: 'REVOKED' });
    expect(again.result).toMatchObject({ __typename: 'ValidationError', field: 'status', logtoCode: 'request.invalid_input' });
  });

  it('checks the expiry, the email and the accepting user before calling Logto', async ({ stack, rest }) => {
    const organization = await newOrganization(stack, 'Checks Inc');
    const call = await mutate(stack, 'createOrganizationInvitation', { organizationId: organization.id, invitee: 'nobody', expiresAt: '2020-01-01T00:00:00Z' });
    expect(call.requests).toEqual([]);
    expect(call.result?.issues?.map((issue) => issue.field)).toEqual(['invitee', 'expiresAt']);
    const accept = await mutate(stack, 'updateOrganizationInvitationStatus', { id: 'whatever', status: 'ACCEPTED' });
    expect(accept.result).toMatchObject({ __typename: 'ValidationError', field: 'acceptedUserId' });
    expect(accept.requests).toEqual([]);
  });

  it('accepts an invitation for the user with the invitee’s email, who joins with its roles', async ({ stack, rest }) => {
    const organization = await newOrganization(stack, 'Accepting Inc');
    const user = store(stack).usersNewestFirst().find((row) => row.primaryEmail)!;
    const created = await mutate(
      stack,
      'createOrganizationInvitation',
      { organizationId: organization.id, invitee: user.primaryEmail, expiresAt: new Date(Date.now() + 86_400_000).toISOString(), organizationRoleIds: [orgRole(stack, 'admin')] },
      '... on CreateOrganizationInvitationPayload { invitation { id } }',
    );
    const invitationId = payload<{ invitation: { id: string } }>(created).invitation.id;
    const accepted = await mutate(stack, 'updateOrganizationInvitationStatus', { id: invitationId, status: 'ACCEPTED', acceptedUserId: user.id }, '... on UpdateOrganizationInvitationStatusPayload { invitation { status acceptedUser { logtoId } } }');
    expect(accepted.result).toMatchObject({ invitation: { status: 'ACCEPTED', acceptedUser: { logtoId: user.id } } });
    expect(store(stack).organizationUserRoles.rolesOf(organization.logtoId, user.id).has(orgRole(stack, 'admin'))).toBe(true);
  });
});

describe('organization roles and scopes', () => {
  it('creates a scope and a role that grants it, updates and deletes them', async ({ stack, rest }) => {
    const scope = await mutate(stack, 'createOrganizationScope', { name: 'read:reports', description: 'Read reports' }, '... on CreateOrganizationScopePayload { organizationScope { id name description } }');
    const scopeId = payload<{ organizationScope: { id: string } }>(scope).organizationScope.id;
    const inventoryScope = store(stack).scopesOfResource(byName(store(stack).resources.values(), 'Inventory API'))[0]!.id;
    const role = await mutate(
      stack,
      'createOrganizationRole',
      { name: 'reporter', description: 'Reads reports', organizationScopeIds: [scopeId], resourceScopeIds: [inventoryScope] },
      '... on CreateOrganizationRolePayload { organizationRole { id name type scopes { nodes { name } } resourceScopes { totalCount } } }',
    );
    expect(role.result).toMatchObject({ organizationRole: { name: 'reporter', type: 'USER', scopes: { nodes: [{ name: 'read:reports' }] }, resourceScopes: { totalCount: 1 } } });
    const roleId = payload<{ organizationRole: { id: string } }>(role).organizationRole.id;

    const dupRole = await mutate(stack, 'createOrganizationRole', { name: 'reporter' });
    expect(dupRole.result).toMatchObject({ __typename: 'ConflictError', field: 'name', logtoCode: 'entity.unique_integrity_violation' });
    const dupScope = await mutate(stack, 'createOrganizationScope', { name: 'read:reports' });
    expect(dupScope.result).toMatchObject({ __typename: 'ConflictError', field: 'name' });
    const ghost = await mutate(stack, 'createOrganizationRole', { name: 'ghost', organizationScopeIds: ['nosuchscope0000000000'] });
    expect(ghost.result).toMatchObject({ __typename: 'NotFoundError', logtoCode: 'entity.relation_foreign_key_not_found' });

    const renamedRole = await mutate(stack, 'updateOrganizationRole', { id: roleId, description: null }, '... on UpdateOrganizationRolePayload { organizationRole { description } }');
    expect(renamedRole.result).toMatchObject({ organizationRole: { description: null } });
    const renamedScope = await mutate(stack, 'updateOrganizationScope', { id: scopeId, name: 'read:all-reports' }, '... on UpdateOrganizationScopePayload { organizationScope { name } }');
    expect(renamedScope.result).toMatchObject({ organizationScope: { name: 'read:all-reports' } });
    const unknownRole = await mutate(stack, 'updateOrganizationRole', { id: 'nosuchrole00000000000', name: 'x' });
    expect(unknownRole.result).toMatchObject({ __typename: 'NotFoundError', field: 'id', logtoCode: 'entity.not_exists' });

    expect((await mutate(stack, 'deleteOrganizationScope', { id: scopeId }, '... on DeleteOrganizationScopePayload { deletedOrganizationScopeId }')).result).toMatchObject({ deletedOrganizationScopeId: scopeId });
    expect((await mutate(stack, 'deleteOrganizationRole', { id: roleId }, '... on DeleteOrganizationRolePayload { deletedOrganizationRoleId }')).result).toMatchObject({ deletedOrganizationRoleId: roleId });
    const read = await stack.post<{ organizationRole: unknown }>(`{ organizationRole(id: "${roleId}") { id } }`);
    expect(read.body.data?.organizationRole).toBeNull();
    expect((await mutate(stack, 'deleteOrganizationRole', { id: roleId })).result).toMatchObject({ __typename: 'NotFoundError' });
  });
});

describe('API resources and scopes', () => {
  it('registers a resource, adds and deletes a scope, deletes the resource', async ({ stack, rest }) => {
    const created = await mutate(
      stack,
      'createResource',
      { name: 'Billing API', indicator: 'https://billing.example.com', accessTokenTtl: 600 },
      '... on CreateResourcePayload { resource { id logtoId name indicator accessTokenTtl scopes { totalCount } } resourceEdge { cursor node { name } } }',
    );
    expect(created.result).toMatchObject({ resource: { name: 'Billing API', indicator: 'https://billing.example.com', accessTokenTtl: 600, scopes: { totalCount: 0 } } });
    const { id, logtoId } = payload<{ resource: { id: string; logtoId: string } }>(created).resource;
    const last = await stack.post<{ resources: { edges: unknown[] } }>('{ resources(last: 1) { edges { cursor node { name } } } }');
    expect(last.body.data?.resources.edges).toEqual([payload<{ resourceEdge: unknown }>(created).resourceEdge]);

    const dup = await mutate(stack, 'createResource', { name: 'Again', indicator: 'https://billing.example.com' });
    expect(dup.result).toMatchObject({ __typename: 'ConflictError', field: 'indicator', logtoCode: 'resource.resource_identifier_in_use' });
    const badIndicator = await mutate(stack, 'createResource', { name: 'Bad', indicator: 'billing api' });
    expect(badIndicator.result).toMatchObject({ __typename: 'ValidationError', field: 'indicator' });
    expect(badIndicator.requests).toEqual([]);

    const updated = await mutate(stack, 'updateResource', { id, name: 'Billing API v2' }, '... on UpdateResourcePayload { resource { name } }');
    expect(updated.result).toMatchObject({ resource: { name: 'Billing API v2' } });

    const scope = await mutate(stack, 'createScope', { resourceId: id, name: 'read:invoices', description: 'Read invoices' }, '... on CreateScopePayload { scope { id logtoId name resource { name } } }');
    expect(scope.result).toMatchObject({ scope: { name: 'read:invoices', resource: { name: 'Billing API v2' } } });
    const scopeIds = payload<{ scope: { id: string; logtoId: string } }>(scope).scope;
    const spaced = await mutate(stack, 'createScope', { resourceId: id, name: 'read invoices' });
    expect(spaced.result).toMatchObject({ __typename: 'ValidationError', field: 'name' });
    expect(spaced.requests).toEqual([]);
    const dupScope = await mutate(stack, 'createScope', { resourceId: id, name: 'read:invoices' });
    expect(dupScope.result).toMatchObject({ __typename: 'ConflictError', field: 'name', logtoCode: 'scope.name_exists' });
    const noResource = await mutate(stack, 'createScope', { resourceId: 'nosuchresource0000000', name: 'x' });
    expect(noResource.result).toMatchObject({ __typename: 'NotFoundError', field: 'resourceId' });

    const deletedScope = await mutate(stack, 'deleteScope', { resourceId: id, id: scopeIds.id }, '... on DeleteScopePayload { deletedScopeId resource { scopes { totalCount } } }');
    expect(deletedScope.result).toMatchObject({ deletedScopeId: scopeIds.id, resource: { scopes: { totalCount: 0 } } });
    const goneScope = await mutate(stack, 'deleteScope', { resourceId: id, id: scopeIds.id });
    expect(goneScope.result).toMatchObject({ __typename: 'NotFoundError', field: 'id' });

    const deleted = await mutate(stack, 'deleteResource', { id }, '... on DeleteResourcePayload { deletedResourceId }');
    expect(deleted.result).toMatchObject({ deletedResourceId: id });
    expect((await rest.get(`/api/resources/${logtoId}`)).status).toBe(404);
  });

  it('refuses to change the Logto Management API (ValidationError on `id`)', async ({ stack, rest }) => {
    const call = await mutate(stack, 'deleteResource', { id: 'management-api' });
    expect(call.result).toMatchObject({ __typename: 'ValidationError', field: 'id', logtoCode: 'resource.cannot_delete_management_api' });
    const scope = await mutate(stack, 'createScope', { resourceId: 'management-api', name: 'more' });
    expect(scope.result).toMatchObject({ __typename: 'ValidationError', field: 'resourceId', logtoCode: 'resource.cannot_modify_management_api' });
  });
});
