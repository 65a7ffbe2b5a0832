import { describe, expect } from 'vitest';

import { type Scope, SCOPES } from '../../src/auth/scopes.js';
import { mutate } from '../helpers/mutations.js';
import type { Stack } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

/**
 * Taking a role from one user or application, the default API resource and changing a scope,
 * through GraphQL over HTTP against the sandbox: what changes in Logto, the typed errors, the
 * permission each needs (refused before any request) and the upstream requests each costs.
 */

const test = stackTest({ auth: true, sandbox: { users: 40 } });
const as = (stack: Stack, ...scope: Scope[]) => ({ authorization: `Bearer ${stack.mintToken({ scope })}` });
const byName = <T extends { id: string; name: string }>(rows: Iterable<T>, name: string): string => {
  for (const row of rows) if (row.name === name) return row.id;
  throw new Error(`no seeded ${name}`);
};

describe('removeRoleUser', () => {
  test('takes the role from the user in one DELETE; a second time is a NotFoundError on userId', async ({ stack }) => {
    const { store } = stack.sandbox;
    const viewer = byName(store.roles.values(), 'Viewer');
    const userId = [...store.userRoles.leftsOf(viewer)][0]!;
    const headers = as(stack, SCOPES.writeUsers, SCOPES.readRoles);
    const call = await mutate(stack, 'removeRoleUser', { roleId: viewer, userId }, '... on RemoveRoleUserPayload { removedUserId role { name } }', headers);
    expect(call.errors).toBeUndefined();
    expect(call.result).toMatchObject({ __typename: 'RemoveRoleUserPayload', removedUserId: Buffer.from(`User:${userId}`).toString('base64'), role: { name: 'Viewer' } });
    expect(call.requests.filter((request) => request.method === 'DELETE')).toEqual([
      expect.objectContaining({ path: `/api/roles/${viewer}/users/${userId}`, status: 204 }),
    ]);
    expect(store.userRoles.has(userId, viewer)).toBe(false);

    const again = await mutate(stack, 'removeRoleUser', { roleId: viewer, userId }, '', headers);
    expect(again.result).toMatchObject({ __typename: 'NotFoundError', field: 'userId', logtoCode: 'entity.not_found' });
    expect(again.requests).toHaveLength(1);
  });

  test('needs write:users tenant-wide, checked before any request', async ({ stack }) => {
    const viewer = byName(stack.sandbox.store.roles.values(), 'Viewer');
    const userId = [...stack.sandbox.store.userRoles.leftsOf(viewer)][0]!;
    const call = await mutate(stack, 'removeRoleUser', { roleId: viewer, userId }, '', as(stack, SCOPES.writeRoles));
    expect(call.result).toBeNull();
    expect(call.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(call.requests).toEqual([]);
    expect(stack.sandbox.store.userRoles.has(userId, viewer)).toBe(true);
  });
});

describe('removeRoleApplication', () => {
  test('takes the machine-to-machine role from the application: one request, the payload costs nothing more', async ({ stack }) => {
    const { store } = stack.sandbox;
    const role = byName(store.roles.values(), 'Billing Webhook');
    const applicationId = byName(store.applications.values(), 'Payments Webhook Handler');
    const call = await mutate(stack, 'removeRoleApplication', { roleId: role, applicationId }, '... on RemoveRoleApplicationPayload { removedApplicationId }', as(stack, SCOPES.writeRoles));
    expect(call.result).toMatchObject({ __typename: 'RemoveRoleApplicationPayload', removedApplicationId: Buffer.from(`Application:${applicationId}`).toString('base64') });
    expect(call.requests.map(({ method, path }) => `${method} ${path}`)).toEqual([`DELETE /api/roles/${role}/applications/${applicationId}`]);
    expect(call.cost).toMatchObject({ upstreamRequests: 1, estimatedUpstreamRequests: 1 });
    expect(store.applicationRoles.has(applicationId, role)).toBe(false);

    const again = await mutate(stack, 'removeRoleApplication', { roleId: role, applicationId }, '', as(stack, SCOPES.writeRoles));
    expect(again.result).toMatchObject({ __typename: 'NotFoundError', field: 'applicationId', logtoCode: 'entity.not_found' });
  });

  test('refuses a caller without write:roles', async ({ stack }) => {
    const role = byName(stack.sandbox.store.roles.values(), 'Reporting Service');
    const applicationId = byName(stack.sandbox.store.applications.values(), 'Reporting Cron');
    const call = await mutate(stack, 'removeRoleApplication', { roleId: role, applicationId }, '', as(stack, SCOPES.writeApplications));
    expect(call.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(call.requests).toEqual([]);
  });
});

describe('setDefaultResource', () => {
  test('moves the default flag: the previous default stops being one; one request each', async ({ stack }) => {
    const { store } = stack.sandbox;
    const inventory = byName(store.resources.values(), 'Inventory API');
    const billing = byName(store.resources.values(), 'Billing API');
    const headers = as(stack, SCOPES.writeResources, SCOPES.readResources);
    const select = '... on SetDefaultResourcePayload { resource { name isDefault } }';
    const first = await mutate(stack, 'setDefaultResource', { id: inventory, isDefault: true }, select, headers);
    expect(first.result).toMatchObject({ resource: { name: 'Inventory API', isDefault: true } });
    expect(first.cost).toMatchObject({ upstreamRequests: 1 });
    const second = await mutate(stack, 'setDefaultResource', { id: billing, isDefault: true }, select, headers);
    expect(second.result).toMatchObject({ resource: { name: 'Billing API', isDefault: true } });

    const read = await stack.post<{ resources: { nodes: { name: string; isDefault: boolean }[] } }>('{ resources(first: 50) { nodes { name isDefault } } }', {}, headers);
    expect(read.body.data?.resources.nodes.filter((resource) => resource.isDefault).map((resource) => resource.name)).toEqual(['Billing API']);

    const cleared = await mutate(stack, 'setDefaultResource', { id: billing, isDefault: false }, select, headers);
    expect(cleared.result).toMatchObject({ resource: { isDefault: false } });
    expect([...store.resources.values()].some((resource) => resource.isDefault)).toBe(false);
  });

  test('an unknown resource is a NotFoundError on id', async ({ stack }) => {
    const call = await mutate(stack, 'setDefaultResource', { id: 'nosuchresource0000000', isDefault: true }, '', as(stack, SCOPES.writeResources));
    expect(call.result).toMatchObject({ __typename: 'NotFoundError', field: 'id', logtoCode: 'entity.not_exists' });
  });

  test('needs write:resources', async ({ stack }) => {
    const inventory = byName(stack.sandbox.store.resources.values(), 'Inventory API');
    const call = await mutate(stack, 'setDefaultResource', { id: inventory, isDefault: true }, '', as(stack, SCOPES.readResources));
    expect(call.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(call.requests).toEqual([]);
  });
});

describe('updateScope', () => {
  test('renames and describes a scope in one PATCH; a name taken in the resource is a ConflictError', async ({ stack }) => {
    const { store } = stack.sandbox;
    const inventory = byName(store.resources.values(), 'Inventory API');
    const scopes = store.scopesOfResource(inventory);
    const [target, other] = [scopes[0]!, scopes[1]!];
    const headers = as(stack, SCOPES.writeResources, SCOPES.readResources);
    const select = '... on UpdateScopePayload { scope { name description } }';
    const call = await mutate(stack, 'updateScope', { resourceId: inventory, id: target.id, name: 'read:stock', description: 'Read stock levels' }, select, headers);
    expect(call.result).toMatchObject({ scope: { name: 'read:stock', description: 'Read stock levels' } });
    expect(call.requests.map(({ method, path }) => `${method} ${path}`)).toEqual([`PATCH /api/resources/${inventory}/scopes/${target.id}`]);
    expect(store.scopes.get(target.id)).toMatchObject({ name: 'read:stock' });

    const taken = await mutate(stack, 'updateScope', { resourceId: inventory, id: target.id, name: other.name }, '', headers);
    expect(taken.result).toMatchObject({ __typename: 'ConflictError', field: 'name', logtoCode: 'scope.name_exists' });
  });

  test('checks its input first: nothing to change, or a name with a space, costs no request', async ({ stack }) => {
    const inventory = byName(stack.sandbox.store.resources.values(), 'Inventory API');
    const scopeId = stack.sandbox.store.scopesOfResource(inventory)[0]!.id;
    const headers = as(stack, SCOPES.writeResources);
    const empty = await mutate(stack, 'updateScope', { resourceId: inventory, id: scopeId }, '', headers);
    expect(empty.result).toMatchObject({ __typename: 'ValidationError' });
    const spaced = await mutate(stack, 'updateScope', { resourceId: inventory, id: scopeId, name: 'read items' }, '', headers);
    expect(spaced.result).toMatchObject({ __typename: 'ValidationError', field: 'name' });
    expect([...empty.requests, ...spaced.requests]).toEqual([]);
  });

  test('an unknown scope is a NotFoundError on id; the Management API is refused on resourceId', async ({ stack }) => {
    const inventory = byName(stack.sandbox.store.resources.values(), 'Inventory API');
    const headers = as(stack, SCOPES.writeResources);
    const unknown = await mutate(stack, 'updateScope', { resourceId: inventory, id: 'nosuchscope0000000000', description: 'x' }, '', headers);
    expect(unknown.result).toMatchObject({ __typename: 'NotFoundError', field: 'id', logtoCode: 'entity.not_exists' });
    const managementScope = stack.sandbox.store.scopesOfResource('management-api')[0]!;
    const fixed = await mutate(stack, 'updateScope', { resourceId: 'management-api', id: managementScope.id, description: 'x' }, '', headers);
    expect(fixed.result).toMatchObject({ __typename: 'ValidationError', field: 'resourceId', logtoCode: 'resource.cannot_modify_management_api' });
  });
});
