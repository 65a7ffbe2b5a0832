import { describe, expect } from 'vitest';

import { encodeGlobalId } from '../../src/global-id.js';
import { mutate, payload } from '../helpers/mutations.js';
import type { Stack } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

const store = (stack: Stack) => stack.sandbox.store;
const byName = <T extends { id: string; name: string }>(rows: Iterable<T>, name: string) => [...rows].find((row) => row.name === name)?.id ?? '';
const inventoryScopes = (stack: Stack) => {
  const inventory = byName(store(stack).resources.values(), 'Inventory API');
  return store(stack).scopesOfResource(inventory).map((scope) => scope.id);
};

const it = stackTest({ sandbox: { users: 100 } });

describe('role mutations', () => {
  it('creates a role with its scopes in one request; the edge sits at the end of `roles`', async ({ stack, rest }) => {
    const [read, write] = inventoryScopes(stack);
    const call = await mutate(
      stack,
      'createRole',
      { name: 'Stock Keeper', description: 'Keeps stock', scopeIds: [encodeGlobalId('Scope', read!), write] },
      '... on CreateRolePayload { role { logtoId name type isDefault scopes { totalCount } } roleEdge { cursor node { name } } }',
    );
    expect(call.result).toMatchObject({ role: { name: 'Stock Keeper', type: 'USER', isDefault: false, scopes: { totalCount: 2 } }, roleEdge: { node: { name: 'Stock Keeper' } } });
    expect(call.requests.filter((request) => request.method === 'POST')).toEqual([{ method: 'POST', path: '/api/roles', query: '', status: 200 }]);
    const { roleEdge } = payload<{ roleEdge: { cursor: string; node: { name: string } } }>(call);
    const last = await stack.post<{ roles: { edges: { cursor: string; node: { name: string } }[] } }>('{ roles(last: 1) { edges { cursor node { name } } } }');
    expect(last.body.data?.roles.edges).toEqual([roleEdge]);
  });

  it('creates machine-to-machine roles and refuses a name in use (ConflictError)', async ({ stack, rest }) => {
    const m2m = await mutate(stack, 'createRole', { name: 'Batch Jobs', description: 'Back-end jobs', type: 'MACHINE_TO_MACHINE' }, '... on CreateRolePayload { role { type } }');
    expect(m2m.result).toMatchObject({ role: { type: 'MACHINE_TO_MACHINE' } });
    const taken = await mutate(stack, 'createRole', { name: 'Editor', description: 'again' });
    expect(taken.result).toMatchObject({ __typename: 'ConflictError', field: 'name', logtoCode: 'role.name_in_use', message: 'This role name Editor is already in use' });
  });

  it('says so when Logto keeps a role whose scope it refused', async ({ stack, rest }) => {
    const call = await mutate(stack, 'createRole', { name: 'Half Made', description: 'd', scopeIds: ['nosuchscope0000000000'] });
    expect(call.result).toMatchObject({ __typename: 'NotFoundError', field: 'scopeIds', logtoCode: 'entity.not_exists_with_id' });
    expect(call.result?.message).toContain('The role was created without its scopes');
    expect([...store(stack).roles.values()].some((role) => role.name === 'Half Made')).toBe(true);
  });

  it('validates before calling: empty name, too long a description, an empty id list', async ({ stack, rest }) => {
    const call = await mutate(stack, 'createRole', { name: '', description: 'x'.repeat(129), scopeIds: [] });
    expect(call.requests).toEqual([]);
    expect(call.result?.issues?.map((issue) => issue.field)).toEqual(['name', 'description', 'scopeIds']);
  });

  it('updates and deletes a role', async ({ stack, rest }) => {
    const created = await mutate(stack, 'createRole', { name: 'Temp Role', description: 'd' }, '... on CreateRolePayload { role { id logtoId } }');
    const { id, logtoId } = payload<{ role: { id: string; logtoId: string } }>(created).role;
    const updated = await mutate(stack, 'updateRole', { id, name: 'Temp Role 2', isDefault: true }, '... on UpdateRolePayload { role { name isDefault } }');
    expect(updated.result).toMatchObject({ role: { name: 'Temp Role 2', isDefault: true } });
    expect((await rest.get(`/api/roles/${logtoId}`)).body).toMatchObject({ name: 'Temp Role 2', isDefault: true });
    const cleared = await mutate(stack, 'updateRole', { id, name: null });
    expect(cleared.result).toMatchObject({ __typename: 'ValidationError' });
    expect(cleared.requests).toEqual([]);
    const deleted = await mutate(stack, 'deleteRole', { id }, '... on DeleteRolePayload { deletedRoleId }');
    expect(deleted.result).toMatchObject({ deletedRoleId: id });
    expect((await rest.get(`/api/roles/${logtoId}`)).status).toBe(404);
    const again = await mutate(stack, 'updateRole', { id, name: 'x' });
    expect(again.result).toMatchObject({ __typename: 'NotFoundError', field: 'id' });
  });

  it('assigns and removes scopes', async ({ stack, rest }) => {
    const created = await mutate(stack, 'createRole', { name: 'Scoped Later', description: 'd' }, '... on CreateRolePayload { role { logtoId } }');
    const { logtoId } = payload<{ role: { logtoId: string } }>(created).role;
    const [first, second] = inventoryScopes(stack);
    const added = await mutate(stack, 'assignRoleScopes', { roleId: logtoId, scopeIds: [first, second] }, '... on AssignRoleScopesPayload { scopes { name resource { name } } role { scopes { totalCount } } }');
    expect(added.result).toMatchObject({ role: { scopes: { totalCount: 2 } }, scopes: [{ resource: { name: 'Inventory API' } }, { resource: { name: 'Inventory API' } }] });
    const twice = await mutate(stack, 'assignRoleScopes', { roleId: logtoId, scopeIds: [first] });
    expect(twice.result).toMatchObject({ __typename: 'ConflictError', field: 'scopeIds', logtoCode: 'role.scope_exists' });
    const mgmt = await mutate(stack, 'assignRoleScopes', { roleId: logtoId, scopeIds: ['management-api-all'] });
    expect(mgmt.result).toMatchObject({ __typename: 'ValidationError', field: 'scopeIds', logtoCode: 'role.management_api_scopes_not_assignable_to_user_role' });
    const noRole = await mutate(stack, 'assignRoleScopes', { roleId: 'nosuchrole00000000000', scopeIds: [first] });
    expect(noRole.result).toMatchObject({ __typename: 'NotFoundError', field: 'roleId' });
    const removed = await mutate(stack, 'removeRoleScope', { roleId: logtoId, scopeId: first }, '... on RemoveRoleScopePayload { removedScopeId role { scopes { totalCount } } }');
    expect(removed.result).toMatchObject({ removedScopeId: encodeGlobalId('Scope', first!), role: { scopes: { totalCount: 1 } } });
    const notThere = await mutate(stack, 'removeRoleScope', { roleId: logtoId, scopeId: first });
    expect(notThere.result).toMatchObject({ __typename: 'NotFoundError', field: 'scopeId' });
  });

  it('assigns users to a user role and applications to a machine-to-machine role', async ({ stack, rest }) => {
    const userRole = await mutate(stack, 'createRole', { name: 'Holders', description: 'd' }, '... on CreateRolePayload { role { logtoId } }');
    const roleId = payload<{ role: { logtoId: string } }>(userRole).role.logtoId;
    const users = store(stack).usersNewestFirst().slice(0, 2).map((user) => user.id);
    const assigned = await mutate(stack, 'assignRoleUsers', { roleId, userIds: users }, '... on AssignRoleUsersPayload { users { logtoId } role { users { totalCount } } }');
    expect(assigned.result).toMatchObject({ role: { users: { totalCount: 2 } } });
    expect(payload<{ users: { logtoId: string }[] }>(assigned).users.map((user) => user.logtoId).sort()).toEqual([...users].sort());
    const twice = await mutate(stack, 'assignRoleUsers', { roleId, userIds: users });
    expect(twice.result).toMatchObject({ __typename: 'ConflictError', field: 'userIds', logtoCode: 'role.user_exists' });
    const unknownUser = await mutate(stack, 'assignRoleUsers', { roleId, userIds: ['nosuchuser00'] });
    expect(unknownUser.result).toMatchObject({ __typename: 'NotFoundError', field: 'userIds' });

    const m2mRole = await mutate(stack, 'createRole', { name: 'Robots', description: 'd', type: 'MACHINE_TO_MACHINE' }, '... on CreateRolePayload { role { logtoId } }');
    const m2mRoleId = payload<{ role: { logtoId: string } }>(m2mRole).role.logtoId;
    const app = [...store(stack).applications.values()].find((row) => row.type === 'MachineToMachine' && row.id !== stack.sandbox.clientId)!;
    const apps = await mutate(stack, 'assignRoleApplications', { roleId: m2mRoleId, applicationIds: [app.id] }, '... on AssignRoleApplicationsPayload { applications { name } role { applications { totalCount } } }');
    expect(apps.result).toMatchObject({ applications: [{ name: app.name }], role: { applications: { totalCount: 1 } } });
    const wrongKind = await mutate(stack, 'assignRoleUsers', { roleId: m2mRoleId, userIds: [users[0]] });
    expect(wrongKind.result).toMatchObject({ __typename: 'ValidationError', field: 'roleId', logtoCode: 'entity.db_constraint_violated' });
    const unknownApp = await mutate(stack, 'assignRoleApplications', { roleId: m2mRoleId, applicationIds: ['nosuchapp000000000000'] });
    expect(unknownApp.result).toMatchObject({ __typename: 'NotFoundError', field: 'applicationIds' });
  });
});

describe('application mutations', () => {
  it('creates a public app in one request, without a secret', async ({ stack, rest }) => {
    const call = await mutate(
      stack,
      'createApplication',
      { name: 'Admin Portal', type: 'SPA', redirectUris: ['https://admin.example.com/callback'] },
      '... on CreateApplicationPayload { clientSecret application { logtoId name type redirectUris postLogoutRedirectUris } applicationEdge { node { name } } }',
    );
    expect(call.result).toMatchObject({
      clientSecret: null,
      application: { name: 'Admin Portal', type: 'SPA', redirectUris: ['https://admin.example.com/callback'], postLogoutRedirectUris: [] },
      applicationEdge: { node: { name: 'Admin Portal' } },
    });
    expect(call.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /api/applications']);
    const first = await stack.post<{ applications: { nodes: { name: string }[] } }>('{ applications(first: 1) { nodes { name } } }');
    expect(first.body.data?.applications.nodes).toEqual([{ name: 'Admin Portal' }]);
  });

  it('shows a confidential app’s secret once, read with a second request', async ({ stack, rest }) => {
    const call = await mutate(stack, 'createApplication', { name: 'Nightly Export', type: 'MACHINE_TO_MACHINE' }, '... on CreateApplicationPayload { clientSecret application { logtoId } }');
    const { clientSecret, application } = payload<{ clientSecret: string; application: { logtoId: string } }>(call);
    expect(clientSecret).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(call.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /api/applications', `GET /api/applications/${application.logtoId}/secrets`]);
    expect(store(stack).applicationSecrets.get(application.logtoId)?.[0]?.value).toBe(clientSecret);
    const read = await stack.post<Record<string, unknown>>(`{ application(id: "${application.logtoId}") { name } }`);
    expect(JSON.stringify(read.body)).not.toContain(clientSecret);
  });

  it('refuses what cannot be created here, before calling Logto', async ({ stack, rest }) => {
    const saml = await mutate(stack, 'createApplication', { name: 'SSO', type: 'SAML' });
    expect(saml.result).toMatchObject({ __typename: 'ValidationError', field: 'type' });
    const thirdParty = await mutate(stack, 'createApplication', { name: 'Partner', type: 'MACHINE_TO_MACHINE', isThirdParty: true });
    expect(thirdParty.result).toMatchObject({ __typename: 'ValidationError', field: 'isThirdParty' });
    const badUri = await mutate(stack, 'createApplication', { name: 'Bad', type: 'SPA', redirectUris: ['ok://fine', 'not a uri'] });
    expect(badUri.result).toMatchObject({ __typename: 'ValidationError', field: 'redirectUris.1' });
    expect([...saml.requests, ...thirdParty.requests, ...badUri.requests]).toEqual([]);
  });

  it('updates an app, keeping the other URI list when one changes', async ({ stack, rest }) => {
    const created = await mutate(
      stack,
      'createApplication',
      { name: 'Web', type: 'TRADITIONAL', redirectUris: ['https://web.example.com/cb'], postLogoutRedirectUris: ['https://web.example.com/bye'] },
      '... on CreateApplicationPayload { application { id logtoId } }',
    );
    const { id, logtoId } = payload<{ application: { id: string; logtoId: string } }>(created).application;
    const renamed = await mutate(stack, 'updateApplication', { id, name: 'Web 2', description: 'Main site' }, '... on UpdateApplicationPayload { application { name description } }');
    expect(renamed.result).toMatchObject({ application: { name: 'Web 2', description: 'Main site' } });
    expect(renamed.requests).toHaveLength(1);
    const uris = await mutate(stack, 'updateApplication', { id, redirectUris: ['https://web.example.com/new'] }, '... on UpdateApplicationPayload { application { redirectUris postLogoutRedirectUris } }');
    expect(uris.result).toMatchObject({ application: { redirectUris: ['https://web.example.com/new'], postLogoutRedirectUris: ['https://web.example.com/bye'] } });
    expect(uris.requests.map((request) => request.method)).toEqual(['GET', 'PATCH']);
    expect((await rest.get<{ oidcClientMetadata: unknown }>(`/api/applications/${logtoId}`)).body.oidcClientMetadata).toEqual({
      redirectUris: ['https://web.example.com/new'],
      postLogoutRedirectUris: ['https://web.example.com/bye'],
    });
    const unknown = await mutate(stack, 'updateApplication', { id: 'nosuchapp000000000000', name: 'x' });
    expect(unknown.result).toMatchObject({ __typename: 'NotFoundError', field: 'id' });
  });

  it('deletes an app', async ({ stack, rest }) => {
    const created = await mutate(stack, 'createApplication', { name: 'Short Lived', type: 'NATIVE' }, '... on CreateApplicationPayload { application { id logtoId } }');
    const { id, logtoId } = payload<{ application: { id: string; logtoId: string } }>(created).application;
    const deleted = await mutate(stack, 'deleteApplication', { id }, '... on DeleteApplicationPayload { deletedApplicationId }');
    expect(deleted.result).toMatchObject({ deletedApplicationId: id });
    expect((await rest.get(`/api/applications/${logtoId}`)).status).toBe(404);
    const again = await mutate(stack, 'deleteApplication', { id });
    expect(again.result).toMatchObject({ __typename: 'NotFoundError', field: 'id', logtoCode: 'entity.not_exists_with_id' });
  });
});
