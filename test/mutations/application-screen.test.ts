import { Writable } from 'node:stream';

import { describe, expect } from 'vitest';

import { type Scope, SCOPES } from '../../src/auth/scopes.js';
import { createLogger } from '../../src/logger.js';
import { applicationScreen } from '../../src/sandbox/application-screen-store.js';
import { mutate, payload } from '../helpers/mutations.js';
import type { Stack } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

/**
 * An application's screen written through GraphQL over HTTP: secrets (the value once, never
 * readable, logged or in /metrics), custom data, access control and roles — typed errors,
 * permissions checked before any request, and the upstream requests each costs.
 */

const logLines: string[] = [];
const logger = createLogger({
  level: 'trace',
  destination: new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(chunk.toString('utf8'));
      callback();
    },
  }),
});
const test = stackTest({ auth: true, sandbox: { users: 40 }, logger });
const as = (stack: Stack, ...scope: Scope[]) => ({ authorization: `Bearer ${stack.mintToken({ scope })}` });
const appId = (stack: Stack, name: string) => [...stack.sandbox.store.applications.values()].find((app) => app.name === name)!.id;
const roleId = (stack: Stack, name: string) => [...stack.sandbox.store.roles.values()].find((role) => role.name === name)!.id;
const writer = (stack: Stack) => as(stack, SCOPES.writeApplications, SCOPES.readApplications, SCOPES.readApplicationsSensitive, SCOPES.readRoles);
const routes = (call: { requests: { method: string; path: string }[] }) => call.requests.map(({ method, path }) => `${method} ${path}`);

describe('application secrets', () => {
  test('the created value appears once: in the payload; not in a later read, the operation log or /metrics', async ({ stack }) => {
    const id = appId(stack, 'Reporting Cron');
    const created = await mutate(
      stack,
      'createApplicationSecret',
      { applicationId: id, name: 'rotation-1', expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
      '... on CreateApplicationSecretPayload { value secret { name expiresAt } application { name } }',
      writer(stack),
    );
    const result = payload<{ value: string; secret: { name: string; expiresAt: string } }>(created);
    expect(result.secret.name).toBe('rotation-1');
    expect(result.value).toMatch(/^[0-9A-Za-z]{32}$/);
    // The value is the one Logto stored.
    expect(stack.sandbox.store.applicationSecrets.get(id)?.find((secret) => secret.name === 'rotation-1')?.value).toBe(result.value);
    expect(routes(created).filter((route) => route.startsWith('POST'))).toEqual([`POST /api/applications/${id}/secrets`]);

    const later = await stack.post('query($id: ID!) { application(id: $id) { secrets { name createdAt expiresAt } } }', { id }, writer(stack));
    expect(JSON.stringify(later.body)).toContain('rotation-1');
    expect(JSON.stringify(later.body)).not.toContain(result.value);
    // No field of the schema can return it: the secret type has no value field.
    const probe = await stack.post('query($id: ID!) { application(id: $id) { secrets { value } } }', { id }, writer(stack));
    expect(probe.body.errors?.[0]?.message).toMatch(/Cannot query field "value"/);

    expect(logLines.some((line) => line.includes('createApplicationSecret') || line.includes('"mutation"'))).toBe(true);
    expect(logLines.join('\n')).not.toContain(result.value);
    const metrics = await (await fetch(stack.server.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toContain('graphql');
    expect(metrics).not.toContain(result.value);
  });

  test('typed errors: a taken name is a ConflictError, a public app a ValidationError, an unknown app a NotFoundError; past expiry costs nothing', async ({ stack }) => {
    const id = appId(stack, 'Payments Webhook Handler');
    const duplicate = await mutate(stack, 'createApplicationSecret', { applicationId: id, name: 'Default secret' }, '', writer(stack));
    expect(duplicate.result).toMatchObject({ __typename: 'ConflictError', field: 'name', logtoCode: 'application.secret_name_exists' });
    const spa = await mutate(stack, 'createApplicationSecret', { applicationId: appId(stack, 'Customer Portal'), name: 'x' }, '', writer(stack));
    expect(spa.result).toMatchObject({ __typename: 'ValidationError', field: 'applicationId', logtoCode: 'entity.db_constraint_violated' });
    const unknown = await mutate(stack, 'createApplicationSecret', { applicationId: 'nosuchapp000000000000', name: 'x' }, '', writer(stack));
    expect(unknown.result).toMatchObject({ __typename: 'NotFoundError', field: 'applicationId', logtoCode: 'entity.not_exists_with_id' });
    const past = await mutate(stack, 'createApplicationSecret', { applicationId: id, name: 'x', expiresAt: '2020-01-01T00:00:00Z' }, '', writer(stack));
    expect(past.result).toMatchObject({ __typename: 'ValidationError', field: 'expiresAt' });
    expect(past.requests).toEqual([]);
  });

  test('renames and deletes a secret, one request each; an unknown name is a NotFoundError on name', async ({ stack }) => {
    const id = appId(stack, 'Inventory Sync Worker');
    const renamed = await mutate(stack, 'renameApplicationSecret', { applicationId: id, name: 'Default secret', newName: 'primary' }, '... on RenameApplicationSecretPayload { secret { name } }', writer(stack));
    expect(renamed.result).toMatchObject({ secret: { name: 'primary' } });
    expect(renamed.cost).toMatchObject({ upstreamRequests: 1 });
    expect(JSON.stringify(renamed.result)).not.toContain(stack.sandbox.store.applicationSecrets.get(id)![0]!.value);
    const gone = await mutate(stack, 'renameApplicationSecret', { applicationId: id, name: 'Default secret', newName: 'x' }, '', writer(stack));
    expect(gone.result).toMatchObject({ __typename: 'NotFoundError', field: 'name', logtoCode: 'entity.not_exists' });

    const deleted = await mutate(stack, 'deleteApplicationSecret', { applicationId: id, name: 'primary' }, '... on DeleteApplicationSecretPayload { deletedSecretName }', writer(stack));
    expect(deleted.result).toMatchObject({ deletedSecretName: 'primary' });
    expect(routes(deleted)).toEqual([`DELETE /api/applications/${id}/secrets/primary`]);
    expect(stack.sandbox.store.applicationSecrets.get(id)).toEqual([]);
    const again = await mutate(stack, 'deleteApplicationSecret', { applicationId: id, name: 'primary' }, '', writer(stack));
    expect(again.result).toMatchObject({ __typename: 'NotFoundError', field: 'name', logtoCode: 'entity.not_found' });
  });

  test('the legacy secret: OSS answers application.no_legacy_secret_found for API-created apps; an app holding one loses it', async ({ stack }) => {
    const id = appId(stack, 'Marketing Site');
    const none = await mutate(stack, 'deleteApplicationLegacySecret', { applicationId: id }, '', writer(stack));
    expect(none.result).toMatchObject({ __typename: 'ValidationError', field: 'applicationId', logtoCode: 'application.no_legacy_secret_found' });
    applicationScreen(stack.sandbox.store).legacySecrets.add(id);
    const done = await mutate(stack, 'deleteApplicationLegacySecret', { applicationId: id }, '... on DeleteApplicationLegacySecretPayload { application { name } }', writer(stack));
    expect(done.result).toMatchObject({ application: { name: 'Marketing Site' } });
    expect(done.cost).toMatchObject({ upstreamRequests: 1 });
  });

  test('needs write:applications, checked before any request', async ({ stack }) => {
    const call = await mutate(stack, 'createApplicationSecret', { applicationId: appId(stack, 'Reporting Cron'), name: 'nope' }, '', as(stack, SCOPES.readApplications, SCOPES.readApplicationsSensitive));
    expect(call.result).toBeNull();
    expect(call.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(call.requests).toEqual([]);
  });
});

describe('updateApplicationCustomData', () => {
  test('merges top-level keys in one PATCH whose body is the data itself', async ({ stack }) => {
    const id = appId(stack, 'Partner Portal');
    const select = '... on UpdateApplicationCustomDataPayload { customData }';
    await mutate(stack, 'updateApplicationCustomData', { applicationId: id, customData: { tier: 'gold', features: { beta: true } } }, select, writer(stack));
    const merged = await mutate(stack, 'updateApplicationCustomData', { applicationId: id, customData: { region: 'eu' } }, select, writer(stack));
    expect(merged.result).toMatchObject({ customData: { tier: 'gold', features: { beta: true }, region: 'eu' } });
    expect(routes(merged)).toEqual([`PATCH /api/applications/${id}/custom-data`]);
    expect(stack.sandbox.store.applications.get(id)?.customData).toEqual({ tier: 'gold', features: { beta: true }, region: 'eu' });
    const unknown = await mutate(stack, 'updateApplicationCustomData', { applicationId: 'nosuchapp000000000000', customData: { a: 1 } }, '', writer(stack));
    expect(unknown.result).toMatchObject({ __typename: 'NotFoundError', field: 'applicationId', logtoCode: 'entity.not_exists' });
  });
});

describe('replaceApplicationAccessControl', () => {
  test('stores the rules deduplicated and merged, in one PUT; unknown ids are a NotFoundError; an empty rule costs nothing', async ({ stack }) => {
    const { store } = stack.sandbox;
    const id = appId(stack, 'Admin Dashboard');
    const acme = [...store.organizations.values()].find((org) => org.name === 'Acme Corp')!.id;
    const [member, admin] = ['member', 'admin'].map((name) => [...store.organizationRoles.values()].find((role) => role.name === name)!.id);
    const user = store.usersNewestFirst()[0]!.id;
    const call = await mutate(
      stack,
      'replaceApplicationAccessControl',
      { applicationId: id, userIds: [user, user], organizationRoleRules: [{ organizationId: acme, organizationRoleIds: [member] }, { organizationId: acme, organizationRoleIds: [admin, member] }] },
      '... on ReplaceApplicationAccessControlPayload { accessControl { userIds organizationRoleRules { organizationRoleIds } } }',
      writer(stack),
    );
    const control = payload<{ accessControl: { userIds: string[]; organizationRoleRules: { organizationRoleIds: string[] }[] } }>(call).accessControl;
    expect(control.userIds).toHaveLength(1);
    expect(control.organizationRoleRules).toHaveLength(1);
    expect(control.organizationRoleRules[0]!.organizationRoleIds).toHaveLength(2);
    expect(routes(call)).toEqual([`PUT /api/applications/${id}/access-control`]);
    expect(applicationScreen(store).accessControl.get(id)?.userIds).toEqual([user]);

    const unknown = await mutate(stack, 'replaceApplicationAccessControl', { applicationId: id, userIds: ['nosuchuser00'] }, '', writer(stack));
    expect(unknown.result).toMatchObject({ __typename: 'NotFoundError', logtoCode: 'entity.relation_foreign_key_not_found' });
    const empty = await mutate(stack, 'replaceApplicationAccessControl', { applicationId: id, organizationRoleRules: [{ organizationId: acme, organizationRoleIds: [] }] }, '', writer(stack));
    expect(empty.result).toMatchObject({ __typename: 'ValidationError' });
    expect(empty.requests).toEqual([]);
  });
});

describe('roles of an application', () => {
  test('assign (skipping held ones), replace, remove: one request each, and the payload reads the roles', async ({ stack }) => {
    const { store } = stack.sandbox;
    const id = appId(stack, 'Reporting Cron');
    const inventory = roleId(stack, 'Inventory Sync');
    const reporting = roleId(stack, 'Reporting Service');
    const select = (payload: string) => `... on ${payload} { roles { name } application { name } }`;
    const assigned = await mutate(stack, 'assignApplicationRoles', { applicationId: id, roleIds: [inventory, reporting] }, select('AssignApplicationRolesPayload'), writer(stack));
    expect(assigned.result).toMatchObject({ roles: [{ name: 'Inventory Sync' }, { name: 'Reporting Service' }], application: { name: 'Reporting Cron' } });
    expect(routes(assigned).filter((route) => !route.startsWith('GET'))).toEqual([`POST /api/applications/${id}/roles`]);
    expect(store.applicationRoles.has(id, inventory)).toBe(true);

    const replaced = await mutate(stack, 'replaceApplicationRoles', { applicationId: id, roleIds: [inventory] }, select('ReplaceApplicationRolesPayload'), writer(stack));
    expect(replaced.result).toMatchObject({ roles: [{ name: 'Inventory Sync' }] });
    expect([...store.applicationRoles.rightsOf(id)]).toEqual([inventory]);

    const removed = await mutate(stack, 'removeApplicationRole', { applicationId: id, roleId: inventory }, '... on RemoveApplicationRolePayload { removedRoleId }', writer(stack));
    expect(removed.result).toMatchObject({ __typename: 'RemoveApplicationRolePayload' });
    expect(routes(removed)).toEqual([`DELETE /api/applications/${id}/roles/${inventory}`]);
    expect(store.applicationRoles.rightsOf(id).size).toBe(0);
    const again = await mutate(stack, 'removeApplicationRole', { applicationId: id, roleId: inventory }, '', writer(stack));
    expect(again.result).toMatchObject({ __typename: 'NotFoundError', field: 'roleId', logtoCode: 'entity.not_found' });
  });

  test('a user role or a non-M2M app is a ValidationError', async ({ stack }) => {
    const userRole = await mutate(stack, 'assignApplicationRoles', { applicationId: appId(stack, 'Payments Webhook Handler'), roleIds: [roleId(stack, 'Viewer')] }, '', writer(stack));
    expect(userRole.result).toMatchObject({ __typename: 'ValidationError', field: 'roleIds', logtoCode: 'application.invalid_role_type' });
    const spa = await mutate(stack, 'removeApplicationRole', { applicationId: appId(stack, 'Customer Portal'), roleId: roleId(stack, 'Inventory Sync') }, '', writer(stack));
    expect(spa.result).toMatchObject({ __typename: 'ValidationError', field: 'applicationId', logtoCode: 'application.invalid_type' });
  });
});
