import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { loadRecording, recordingFiles, shapeProblems } from '../helpers/logto-recordings.js';
import { callApi, getToken } from '../helpers/sandbox-client.js';
import { recordedEquivalents, substitute } from '../helpers/sandbox-equivalents.js';

/**
 * The write side of the contract: the recorded writes (121–139) replayed in order against one
 * sandbox — status, content type, body shape, error code and message, and for guard errors the
 * Zod issue (`path`, `code`, `validation`) and `details` — then Logto behaviour the recordings do
 * not show, taken from Logto's source at the recorded commit (`routes/admin-user/*`, `role*.ts`,
 * `applications/application.ts`, `organization/**`, `organization-*`, `resource*.ts`).
 */

let sandbox: Sandbox;
let token: string;
let equivalents: Map<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox();
  token = await getToken(sandbox);
  equivalents = recordedEquivalents(sandbox.store);
  const roleId = (name: string) => [...sandbox.store.roles.values()].find((role) => role.name === name)?.id ?? '';
  // Roles the recorded writes name (from recording 057).
  equivalents.set('p1h1u4ak1pkdwvdshesig', roleId('Viewer'));
  equivalents.set('qj48ak72vqmjqr9vbt5ko', roleId('Guest'));
  equivalents.set('zj1dpxfhqo5ljdofjo89r', roleId('Inventory Sync'));
});

afterAll(async () => {
  await sandbox?.close();
});

const api = (path: string, init?: RequestInit) => callApi(sandbox, path, token, init);
const send = (method: string, path: string, body?: unknown) =>
  api(path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });

const writes = recordingFiles()
  .filter((file) => Number(file.slice(0, 3)) >= 121 && Number(file.slice(0, 3)) <= 139)
  .map((file) => [file.slice(0, 3), file] as const);

describe('the sandbox writes like the recorded Logto server', () => {
  it('has every recorded write (121–139)', () => {
    expect(writes).toHaveLength(19);
  });

  it('replays the recorded writes in order', async () => {
    for (const [id, file] of writes) {
      const recording = loadRecording(file);
      const { request, response: expected } = recording;
      const body = (request as { body?: unknown }).body;
      const path = substitute(request.path, equivalents);
      const response = await send(request.method, path, body === undefined ? undefined : JSON.parse(substitute(JSON.stringify(body), equivalents)));
      const text = await response.text();
      expect(response.status, `${id}: ${text}`).toBe(expected.status);

      const contentType = (value: string | null | undefined) => value?.split(';')[0] ?? null;
      expect(contentType(response.headers.get('content-type')), id).toBe(contentType(expected.headers['content-type']));
      const actual: unknown = text === '' ? null : contentType(response.headers.get('content-type')) === 'application/json' ? JSON.parse(text) : text;
      expect(shapeProblems(expected.body, actual), id).toEqual([]);

      if (expected.status >= 400) {
        const { code, message, details, data } = expected.body as { code: string; message: string; details?: string; data?: { issues: object[] } };
        expect(actual, id).toMatchObject({ code, message });
        if (details !== undefined) expect((actual as { details?: string }).details, id).toBe(details);
        if (data?.issues) expect((actual as { data: { issues: object[] } }).data.issues, id).toEqual(data.issues);
      }
      // The user the recorder created is `ofloo1v08jtz` in every later request.
      if (id === '121') equivalents.set('ofloo1v08jtz', (actual as { id: string }).id);
      if (id === '121' || id === '127') {
        const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = expected.body as Record<string, unknown>;
        expect(actual, id).toMatchObject(rest);
      }
      if (id === '131' || id === '132') {
        expect(actual, id).toEqual(JSON.parse(substitute(JSON.stringify(expected.body), equivalents)));
      }
    }
  });
});

/** A fresh user through the API, for the checks below. */
async function createUser(body: Record<string, unknown> = {}): Promise<{ id: string } & Record<string, unknown>> {
  const response = await send('POST', '/api/users', body);
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string };
}

const storeId = <T extends { id: string; name: string }>(rows: Iterable<T>, name: string) =>
  [...rows].find((row) => row.name === name)?.id ?? '';

describe('user writes beyond the recordings', () => {
  it('gives new users the default user roles', async () => {
    const viewer = storeId(sandbox.store.roles.values(), 'Viewer');
    expect((await send('PATCH', `/api/roles/${viewer}`, { isDefault: true })).status).toBe(200);
    const user = await createUser({ username: 'defaults_apply' });
    expect(sandbox.store.userRoles.has(user.id, viewer)).toBe(true);
    await send('PATCH', `/api/roles/${viewer}`, { isDefault: false });
  });

  it('answers 422 for a phone in use, and checks email before username on PATCH', async () => {
    await createUser({ username: 'phone_owner', primaryPhone: '15550001111', primaryEmail: 'owner@example.com' });
    const second = await createUser({ username: 'phone_wanter' });
    const phone = await send('POST', '/api/users', { primaryPhone: '15550001111' });
    expect(phone.status).toBe(422);
    expect(await phone.json()).toMatchObject({ code: 'user.phone_already_in_use' });
    const both = await send('PATCH', `/api/users/${second.id}`, { username: 'phone_owner', primaryEmail: 'OWNER@example.com' });
    expect(await both.json()).toMatchObject({ code: 'user.email_already_in_use' });
  });

  it('replaces customData on PATCH /users/:id and merges it on PATCH /users/:id/custom-data', async () => {
    const user = await createUser({ customData: { a: 1, b: 2 } });
    const merged = await send('PATCH', `/api/users/${user.id}/custom-data`, { customData: { b: 3, c: 4 } });
    expect(merged.status).toBe(200);
    expect(await merged.json()).toEqual({ a: 1, b: 3, c: 4 });
    const replaced = await send('PATCH', `/api/users/${user.id}`, { customData: { z: true } });
    expect(((await replaced.json()) as { customData: unknown }).customData).toEqual({ z: true });
  });

  it('sets a password (only `hasPassword` shows) and suspends', async () => {
    const user = await createUser();
    const password = await send('PATCH', `/api/users/${user.id}/password`, { password: 's3cret!' });
    expect(await password.json()).toMatchObject({ id: user.id, hasPassword: true });
    const empty = await send('PATCH', `/api/users/${user.id}/password`, { password: '' });
    expect(empty.status).toBe(400);
  });

  it('removes a role from a user with 204, and answers 404 entity.not_found when the user does not hold it', async () => {
    const user = await createUser();
    const viewer = storeId(sandbox.store.roles.values(), 'Viewer');
    await send('POST', `/api/users/${user.id}/roles`, { roleIds: [viewer] });
    expect((await send('DELETE', `/api/users/${user.id}/roles/${viewer}`)).status).toBe(204);
    const again = await send('DELETE', `/api/users/${user.id}/roles/${viewer}`);
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ code: 'entity.not_found' });
  });

  it('answers 404 entity.not_exists_with_id for an unknown role in POST /users/:id/roles', async () => {
    const user = await createUser();
    const response = await send('POST', `/api/users/${user.id}/roles`, { roleIds: ['nosuchrole00000000000'] });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'entity.not_exists_with_id', message: 'The roles with ID `nosuchrole00000000000` does not exist.' });
  });

  it('deletes a user with its relations', async () => {
    const user = await createUser();
    const acme = storeId(sandbox.store.organizations.values(), 'Acme Corp');
    await send('POST', `/api/organizations/${acme}/users`, { userIds: [user.id] });
    expect((await send('DELETE', `/api/users/${user.id}`)).status).toBe(204);
    expect(sandbox.store.organizationUsers.has(acme, user.id)).toBe(false);
  });

  it('rejects a body value longer than its column with 422 entity.value_too_long', async () => {
    const response = await send('POST', '/api/users', { name: 'x'.repeat(129) });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'entity.value_too_long' });
  });
});

describe('role writes beyond the recordings', () => {
  it('creates a role with scopes (200), and keeps the role when a scope is unknown (404), as Logto does', async () => {
    const scope = [...sandbox.store.scopes.values()].find((row) => row.resourceId !== 'management-api');
    const ok = await send('POST', '/api/roles', { name: 'With scopes', description: 'd', scopeIds: [scope?.id] });
    expect(ok.status).toBe(200);
    const role = (await ok.json()) as { id: string; type: string };
    expect(role.type).toBe('User');
    expect(sandbox.store.roleScopes.has(role.id, scope?.id ?? '')).toBe(true);

    const bad = await send('POST', '/api/roles', { name: 'Half made', description: 'd', scopeIds: ['nosuchscope0000000000'] });
    expect(bad.status).toBe(404);
    expect(await bad.json()).toMatchObject({ code: 'entity.not_exists_with_id' });
    expect([...sandbox.store.roles.values()].some((row) => row.name === 'Half made')).toBe(true);
  });

  it('refuses Management API scopes for a user role with 400', async () => {
    const response = await send('POST', '/api/roles', { name: 'Too powerful', description: 'd', scopeIds: ['management-api-all'] });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'role.management_api_scopes_not_assignable_to_user_role' });
  });

  it('assigns scopes (201 with the role’s scopes), refuses one twice (422) and removes one (204)', async () => {
    const role = (await (await send('POST', '/api/roles', { name: 'Scoped later', description: 'd' })).json()) as { id: string };
    const [first, second] = [...sandbox.store.scopes.values()].filter((row) => row.resourceId !== 'management-api');
    const added = await send('POST', `/api/roles/${role.id}/scopes`, { scopeIds: [first?.id, second?.id] });
    expect(added.status).toBe(201);
    expect(((await added.json()) as unknown[]).length).toBe(2);
    const again = await send('POST', `/api/roles/${role.id}/scopes`, { scopeIds: [first?.id] });
    expect(again.status).toBe(422);
    expect(await again.json()).toMatchObject({ code: 'role.scope_exists' });
    expect((await send('DELETE', `/api/roles/${role.id}/scopes/${first?.id}`)).status).toBe(204);
  });

  it('assigns users (201 "Created", 422 role.user_exists) and applications (422 db constraint for a user role)', async () => {
    const role = (await (await send('POST', '/api/roles', { name: 'For users', description: 'd' })).json()) as { id: string };
    const user = await createUser();
    const created = await send('POST', `/api/roles/${role.id}/users`, { userIds: [user.id] });
    expect(created.status).toBe(201);
    expect(await created.text()).toBe('Created');
    const again = await send('POST', `/api/roles/${role.id}/users`, { userIds: [user.id] });
    expect(await again.json()).toMatchObject({ code: 'role.user_exists' });
    const app = [...sandbox.store.applications.values()].find((row) => row.type === 'MachineToMachine');
    const wrongType = await send('POST', `/api/roles/${role.id}/applications`, { applicationIds: [app?.id] });
    expect(wrongType.status).toBe(422);
    expect(await wrongType.json()).toMatchObject({ code: 'entity.db_constraint_violated' });
  });

  it('renames (200, 422 name in use) and deletes (204, then 404)', async () => {
    const role = (await (await send('POST', '/api/roles', { name: 'Rename me', description: 'd' })).json()) as { id: string };
    expect(await (await send('PATCH', `/api/roles/${role.id}`, { name: 'Renamed' })).json()).toMatchObject({ name: 'Renamed' });
    expect(await (await send('PATCH', `/api/roles/${role.id}`, { name: 'Editor' })).json()).toMatchObject({ code: 'role.name_in_use' });
    expect((await send('DELETE', `/api/roles/${role.id}`)).status).toBe(204);
    expect((await send('DELETE', `/api/roles/${role.id}`)).status).toBe(404);
  });
});

describe('application writes beyond the recordings', () => {
  it('creates (200) without a secret in the answer; confidential apps get one under /secrets', async () => {
    const created = await send('POST', '/api/applications', { name: 'Worker', type: 'MachineToMachine' });
    expect(created.status).toBe(200);
    const app = (await created.json()) as Record<string, unknown> & { id: string };
    expect(app).not.toHaveProperty('secret');
    expect(app).toMatchObject({ oidcClientMetadata: { redirectUris: [], postLogoutRedirectUris: [] }, isThirdParty: false });
    const secrets = (await (await api(`/api/applications/${app.id}/secrets`)).json()) as { value: string }[];
    expect(secrets[0]?.value).toMatch(/^[0-9A-Za-z]{32}$/);
    const spa = (await (await send('POST', '/api/applications', { name: 'Front', type: 'SPA' })).json()) as { id: string };
    expect(await (await api(`/api/applications/${spa.id}/secrets`)).json()).toEqual([]);
  });

  it('refuses SAML (400), third-party machine-to-machine apps (400) and bad redirect URIs (guard)', async () => {
    expect(await (await send('POST', '/api/applications', { name: 'S', type: 'SAML' })).json()).toMatchObject({ code: 'application.saml.use_saml_app_api' });
    expect(await (await send('POST', '/api/applications', { name: 'T', type: 'MachineToMachine', isThirdParty: true })).json()).toMatchObject({
      code: 'application.invalid_third_party_application_type',
    });
    const bad = await send('POST', '/api/applications', {
      name: 'U',
      type: 'SPA',
      oidcClientMetadata: { redirectUris: ['not a uri'], postLogoutRedirectUris: [] },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'guard.invalid_input', data: { issues: [{ path: ['oidcClientMetadata', 'redirectUris', 0] }] } });
  });

  it('updates (200, replacing customData) and deletes (204, then 404 entity.not_exists_with_id)', async () => {
    const app = (await (await send('POST', '/api/applications', { name: 'Patch me', type: 'SPA', customData: { a: 1 } })).json()) as { id: string };
    expect(await (await send('PATCH', `/api/applications/${app.id}`, { customData: { b: 2 } })).json()).toMatchObject({ customData: { b: 2 } });
    expect((await send('DELETE', `/api/applications/${app.id}`)).status).toBe(204);
    expect(await (await send('DELETE', `/api/applications/${app.id}`)).json()).toMatchObject({ code: 'entity.not_exists_with_id' });
  });
});

describe('organization writes beyond the recordings', () => {
  it('creates (201), updates (200), and answers entity.not_exists for a PATCH of an unknown id', async () => {
    const created = await send('POST', '/api/organizations', { name: 'Wayne Enterprises' });
    expect(created.status).toBe(201);
    const organization = (await created.json()) as { id: string };
    expect(organization.id).toMatch(/^[0-9a-z]{12}$/);
    expect(await (await send('PATCH', `/api/organizations/${organization.id}`, { description: 'Gotham' })).json()).toMatchObject({ description: 'Gotham' });
    const unknown = await send('PATCH', '/api/organizations/nosuchorg000', { name: 'x' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'entity.not_exists', message: 'The organization does not exist.' });
  });

  it('manages member roles: membership first (422), unknown role (422 foreign key), 201, 204, then 404', async () => {
    const organization = (await (await send('POST', '/api/organizations', { name: 'Roles Inc' })).json()) as { id: string };
    const user = await createUser();
    const member = storeId(sandbox.store.organizationRoles.values(), 'member');
    const notMember = await send('POST', `/api/organizations/${organization.id}/users/${user.id}/roles`, { organizationRoleIds: [member] });
    expect(await notMember.json()).toMatchObject({ code: 'organization.require_membership' });
    await send('POST', `/api/organizations/${organization.id}/users`, { userIds: [user.id] });
    const unknown = await send('POST', `/api/organizations/${organization.id}/users/${user.id}/roles`, { organizationRoleIds: ['nosuchrole00000000000'] });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ code: 'entity.relation_foreign_key_not_found' });
    const assigned = await send('POST', `/api/organizations/${organization.id}/users/${user.id}/roles`, { organizationRoleIds: [member] });
    expect(assigned.status).toBe(201);
    expect(await assigned.json()).toEqual({ organizationRoleIds: [member] });
    const path = `/api/organizations/${organization.id}/users/${user.id}/roles/${member}`;
    expect((await send('DELETE', path)).status).toBe(204);
    expect((await send('DELETE', path)).status).toBe(404);
    expect((await send('DELETE', `/api/organizations/${organization.id}/users/${user.id}`)).status).toBe(204);
    expect((await send('DELETE', `/api/organizations/${organization.id}/users/${user.id}`)).status).toBe(404);
  });

  it('creates organization roles and scopes (201) with unique names (422 entity.unique_integrity_violation)', async () => {
    const scope = await send('POST', '/api/organization-scopes', { name: 'read:reports', description: null });
    expect(scope.status).toBe(201);
    const { id: scopeId } = (await scope.json()) as { id: string };
    const role = await send('POST', '/api/organization-roles', { name: 'reporter', organizationScopeIds: [scopeId] });
    expect(role.status).toBe(201);
    expect(await role.json()).toMatchObject({ name: 'reporter', description: null, type: 'User' });
    expect(await (await send('POST', '/api/organization-roles', { name: 'reporter' })).json()).toMatchObject({ code: 'entity.unique_integrity_violation' });
    const badScope = await send('POST', '/api/organization-roles', { name: 'ghost', organizationScopeIds: ['nosuchscope0000000000'] });
    expect(await badScope.json()).toMatchObject({ code: 'entity.relation_foreign_key_not_found' });
    expect([...sandbox.store.organizationRoles.values()].some((row) => row.name === 'ghost')).toBe(false);
  });

  it('creates invitations (201) and revokes them once (200, then 422)', async () => {
    const acme = storeId(sandbox.store.organizations.values(), 'Acme Corp');
    const past = await send('POST', '/api/organization-invitations', { invitee: 'new.person@example.com', organizationId: acme, expiresAt: Date.now() - 1 });
    expect(await past.json()).toMatchObject({ code: 'request.invalid_input' });
    const created = await send('POST', '/api/organization-invitations', {
      invitee: 'new.person@example.com',
      organizationId: acme,
      expiresAt: Date.now() + 86_400_000,
      organizationRoleIds: [storeId(sandbox.store.organizationRoles.values(), 'member')],
    });
    expect(created.status).toBe(201);
    const invitation = (await created.json()) as { id: string; status: string; organizationRoles: unknown[] };
    expect(invitation).toMatchObject({ status: 'Pending', organizationRoles: [{ name: 'member' }] });
    const revoked = await send('PUT', `/api/organization-invitations/${invitation.id}/status`, { status: 'Revoked' });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ status: 'Revoked' });
    const again = await send('PUT', `/api/organization-invitations/${invitation.id}/status`, { status: 'Revoked' });
    expect(again.status).toBe(422);
  });
});

describe('resource writes beyond the recordings', () => {
  it('creates a resource (201, with `scopes: []`) and refuses a second one with its indicator (422)', async () => {
    const created = await send('POST', '/api/resources', { name: 'Billing API', indicator: 'https://billing.example.com' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: 'Billing API', accessTokenTtl: 3600, isDefault: false, scopes: [] });
    const again = await send('POST', '/api/resources', { name: 'Other', indicator: 'https://billing.example.com' });
    expect(await again.json()).toMatchObject({ code: 'resource.resource_identifier_in_use' });
  });

  it('creates scopes (201; 400 for a name with a space, 422 for a name in use) and deletes them (204)', async () => {
    const resource = (await (await send('POST', '/api/resources', { name: 'Scoped API', indicator: 'https://scoped.example.com' })).json()) as { id: string };
    const spaced = await send('POST', `/api/resources/${resource.id}/scopes`, { name: 'read items' });
    expect(await spaced.json()).toMatchObject({ code: 'scope.name_with_space' });
    const created = await send('POST', `/api/resources/${resource.id}/scopes`, { name: 'read:items' });
    expect(created.status).toBe(201);
    const scope = (await created.json()) as { id: string; resourceId: string };
    expect(scope.resourceId).toBe(resource.id);
    expect(await (await send('POST', `/api/resources/${resource.id}/scopes`, { name: 'read:items' })).json()).toMatchObject({ code: 'scope.name_exists' });
    expect((await send('DELETE', `/api/resources/${resource.id}/scopes/${scope.id}`)).status).toBe(204);
    expect((await send('DELETE', `/api/resources/${resource.id}`)).status).toBe(204);
  });

  it('refuses to change or delete the Management API (400)', async () => {
    expect(await (await send('PATCH', '/api/resources/management-api', { name: 'Mine' })).json()).toMatchObject({ code: 'resource.cannot_modify_management_api' });
    expect(await (await send('DELETE', '/api/resources/management-api')).json()).toMatchObject({ code: 'resource.cannot_delete_management_api' });
  });
});

describe('faults on writes', () => {
  it('applies a write and then drops the connection for `reset-after-apply`', async () => {
    sandbox.injectFaults({ kind: 'reset-after-apply', method: 'POST', path: '/api/users' });
    await expect(send('POST', '/api/users', { username: 'lost_answer' })).rejects.toThrow();
    expect([...sandbox.store.users.values()].filter((user) => user.username === 'lost_answer')).toHaveLength(1);
  });
});
