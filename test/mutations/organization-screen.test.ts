import { describe, expect } from 'vitest';

import { SCOPES } from '../../src/auth/scopes.js';
import { encodeGlobalId } from '../../src/global-id.js';
import { EXTRAS_APPLICATION, EXTRAS_M2M_ROLE, EXTRAS_ORGANIZATION } from '../../src/sandbox/seed-organization-extras.js';
import { jitTablesOf } from '../../src/sandbox/management-routes/organization-jit.js';
import { type MutationCall, mutate, payload } from '../helpers/mutations.js';
import { stackTest } from '../helpers/stack-test.js';
import type { Stack } from '../helpers/stack.js';

/**
 * The organization screen's writes through GraphQL over HTTP: M2M applications as members and
 * their organization roles, bulk member roles, replacing members, just-in-time provisioning,
 * organization roles' scope links and invitations — typed errors from Logto's refusals,
 * organization-token confinement, and the upstream requests of each (pinned from the sandbox log
 * and compared with the declared estimate).
 */

const test = stackTest({ auth: true, sandbox: { users: 40 } });

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const TENANT = [SCOPES.writeOrganizations, SCOPES.readOrganizations, SCOPES.readApplications, SCOPES.readUsers, SCOPES.readResources].join(' ');
const tenant = (stack: Stack) => bearer(stack.mintToken({ scope: TENANT }));
const named = <Row extends { id: string; name: string }>(rows: Iterable<Row>, name: string) => [...rows].find((row) => row.name === name)?.id ?? '';
const org = (stack: Stack, name: string) => named(stack.sandbox.store.organizations.values(), name);
const app = (stack: Stack, name: string) => named(stack.sandbox.store.applications.values(), name);
const orgRole = (stack: Stack, name: string) => named(stack.sandbox.store.organizationRoles.values(), name);
const routes = (call: MutationCall) => call.requests.map((request) => `${request.method} ${request.path}`);

/** Every request the mutation made is what it declared at most, and the count is pinned. */
function expectRequests(call: MutationCall, expected: readonly string[]): void {
  expect(call.errors).toBeUndefined();
  expect(routes(call)).toEqual(expected);
  expect(call.cost?.upstreamRequests).toBe(expected.length);
  expect(call.cost?.estimatedUpstreamRequests).toBeGreaterThanOrEqual(expected.length);
}

describe('M2M applications as organization members', () => {
  test('adds, gives roles, replaces roles, removes a role, assigns in bulk and removes (tenant-wide)', async ({ stack }) => {
    const acme = org(stack, 'Acme Corp');
    const cron = app(stack, 'Reporting Cron');
    const integration = orgRole(stack, EXTRAS_M2M_ROLE);
    const headers = tenant(stack);

    const added = await mutate(stack, 'addOrganizationApplications', { organizationId: acme, applicationIds: [cron] }, '... on AddOrganizationApplicationsPayload { organization { applications(first: 10) { totalCount nodes { logtoId } } } }', headers);
    expectRequests(added, [`POST /api/organizations/${acme}/applications`, `GET /api/organizations/${acme}`, `GET /api/organizations/${acme}/applications`]);
    expect(payload<{ organization: { applications: { nodes: { logtoId: string }[] } } }>(added).organization.applications.nodes.map((node) => node.logtoId)).toContain(cron);

    const roles = await mutate(stack, 'assignOrganizationApplicationRoles', { organizationId: acme, applicationId: cron, organizationRoleIds: [encodeGlobalId('OrganizationRole', integration)] }, '... on AssignOrganizationApplicationRolesPayload { organizationRoles { name } }', headers);
    expectRequests(roles, [`POST /api/organizations/${acme}/applications/${cron}/roles`, `GET /api/organizations/${acme}/applications/${cron}/roles`]);
    expect(roles.result).toMatchObject({ organizationRoles: [{ name: EXTRAS_M2M_ROLE }] });
    expect(stack.sandbox.store.organizationApplicationRoles.rolesOf(acme, cron).has(integration)).toBe(true);

    const replaced = await mutate(stack, 'replaceOrganizationApplicationRoles', { organizationId: acme, applicationId: cron, organizationRoleIds: [integration] }, '... on ReplaceOrganizationApplicationRolesPayload { organizationRoles { name } }', headers);
    expect(replaced.result).toMatchObject({ organizationRoles: [{ name: EXTRAS_M2M_ROLE }] });

    const removedRole = await mutate(stack, 'removeOrganizationApplicationRole', { organizationId: acme, applicationId: cron, organizationRoleId: integration }, '... on RemoveOrganizationApplicationRolePayload { removedOrganizationRoleId organizationRoles { name } }', headers);
    expect(removedRole.result).toMatchObject({ removedOrganizationRoleId: encodeGlobalId('OrganizationRole', integration), organizationRoles: [] });

    const bulk = await mutate(stack, 'assignOrganizationApplicationsRoles', { organizationId: acme, applicationIds: [cron], organizationRoleIds: [integration] }, '... on AssignOrganizationApplicationsRolesPayload { organization { logtoId } }', headers);
    expectRequests(bulk, [`POST /api/organizations/${acme}/applications/roles`, `GET /api/organizations/${acme}`]);
    expect(stack.sandbox.store.organizationApplicationRoles.rolesOf(acme, cron).has(integration)).toBe(true);

    const removed = await mutate(stack, 'removeOrganizationApplication', { organizationId: acme, applicationId: cron }, '... on RemoveOrganizationApplicationPayload { removedApplicationId }', headers);
    expectRequests(removed, [`DELETE /api/organizations/${acme}/applications/${cron}`]);
    expect(removed.result).toMatchObject({ removedApplicationId: encodeGlobalId('Application', cron) });
    // Its roles there went with the membership.
    expect(stack.sandbox.store.organizationApplicationRoles.rolesOf(acme, cron).size).toBe(0);
    const again = await mutate(stack, 'removeOrganizationApplication', { organizationId: acme, applicationId: cron }, '', headers);
    expect(again.result).toMatchObject({ __typename: 'NotFoundError', field: 'applicationId', logtoCode: 'entity.not_found' });
  });

  test('replaces the member applications (an empty list removes them all)', async ({ stack }) => {
    const initech = org(stack, 'Initech');
    const headers = tenant(stack);
    const workers = [app(stack, 'Reporting Cron'), app(stack, 'Inventory Sync Worker')];
    const set = await mutate(stack, 'replaceOrganizationApplications', { organizationId: initech, applicationIds: workers }, '... on ReplaceOrganizationApplicationsPayload { organization { applications { totalCount } } }', headers);
    expect(set.result).toMatchObject({ organization: { applications: { totalCount: 2 } } });
    expect(routes(set)[0]).toBe(`PUT /api/organizations/${initech}/applications`);
    const cleared = await mutate(stack, 'replaceOrganizationApplications', { organizationId: initech, applicationIds: [] }, '... on ReplaceOrganizationApplicationsPayload { organization { applications { totalCount } } }', headers);
    expect(cleared.result).toMatchObject({ organization: { applications: { totalCount: 0 } } });
  });

  test("answers Logto's refusals as typed errors: an SPA, a User-type role, a non-member", async ({ stack }) => {
    const acme = org(stack, 'Acme Corp');
    const headers = tenant(stack);
    const spa = [...stack.sandbox.store.applications.values()].find((row) => row.type === 'SPA')!.id;
    const notM2m = await mutate(stack, 'addOrganizationApplications', { organizationId: acme, applicationIds: [spa] }, '', headers);
    expect(notM2m.result).toMatchObject({ __typename: 'ValidationError', field: 'applicationIds', logtoCode: 'entity.db_constraint_violated' });

    const globex = org(stack, EXTRAS_ORGANIZATION);
    const member = app(stack, EXTRAS_APPLICATION);
    const userRole = await mutate(stack, 'assignOrganizationApplicationRoles', { organizationId: globex, applicationId: member, organizationRoleIds: [orgRole(stack, 'member')] }, '', headers);
    expect(userRole.result).toMatchObject({ __typename: 'ValidationError', field: 'organizationRoleIds', logtoCode: 'entity.db_constraint_violated' });

    const outsider = await mutate(stack, 'assignOrganizationApplicationRoles', { organizationId: globex, applicationId: app(stack, 'Reporting Cron'), organizationRoleIds: [orgRole(stack, EXTRAS_M2M_ROLE)] }, '', headers);
    expect(outsider.result).toMatchObject({ __typename: 'ValidationError', field: 'applicationId', logtoCode: 'organization.require_membership' });

    const bulkOutsider = await mutate(stack, 'assignOrganizationApplicationsRoles', { organizationId: globex, applicationIds: [app(stack, 'Reporting Cron')], organizationRoleIds: [orgRole(stack, EXTRAS_M2M_ROLE)] }, '', headers);
    expect(bulkOutsider.result).toMatchObject({ __typename: 'NotFoundError', field: null, logtoCode: 'entity.relation_foreign_key_not_found' });
  });

  test('is tenant-wide only: an organization token is refused before any request, in its own organization too', async ({ stack }) => {
    const globex = org(stack, EXTRAS_ORGANIZATION);
    const own = bearer(stack.mintToken({ sub: 'orgadmin0003', organizationId: globex, scope: [SCOPES.writeOrganizations, SCOPES.readOrganizations].join(' ') }));
    const call = await mutate(stack, 'addOrganizationApplications', { organizationId: globex, applicationIds: [app(stack, 'Reporting Cron')] }, '', own);
    expect(call.result).toBeNull();
    expect(call.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(call.requests).toEqual([]);
  });
});

describe('members in bulk', () => {
  test('gives every listed member every listed role; a non-member is a NotFoundError; an M2M role a ValidationError', async ({ stack }) => {
    const acme = org(stack, 'Acme Corp');
    const headers = tenant(stack);
    const members = [...stack.sandbox.store.organizationUsers.rightsOf(acme)].slice(0, 2);
    const [billing, viewer] = [orgRole(stack, 'billing'), orgRole(stack, 'viewer')];
    const call = await mutate(stack, 'assignOrganizationMembersRoles', { organizationId: acme, userIds: members, organizationRoleIds: [billing, viewer] }, '... on AssignOrganizationMembersRolesPayload { users { logtoId } }', headers);
    expect(routes(call)[0]).toBe(`POST /api/organizations/${acme}/users/roles`);
    expect(call.result).toMatchObject({ users: members.map((logtoId) => ({ logtoId })) });
    for (const userId of members) {
      const held = stack.sandbox.store.organizationUserRoles.rolesOf(acme, userId);
      expect(held.has(billing) && held.has(viewer)).toBe(true);
    }
    const outsider = stack.sandbox.store.usersNewestFirst().find((user) => !stack.sandbox.store.organizationUsers.has(acme, user.id))!.id;
    const refused = await mutate(stack, 'assignOrganizationMembersRoles', { organizationId: acme, userIds: [outsider], organizationRoleIds: [viewer] }, '', headers);
    expect(refused.result).toMatchObject({ __typename: 'NotFoundError', field: null, logtoCode: 'entity.relation_foreign_key_not_found' });
    const m2mRole = await mutate(stack, 'assignOrganizationMembersRoles', { organizationId: acme, userIds: members, organizationRoleIds: [orgRole(stack, EXTRAS_M2M_ROLE)] }, '', headers);
    expect(m2mRole.result).toMatchObject({ __typename: 'ValidationError', field: 'organizationRoleIds', logtoCode: 'entity.db_constraint_violated' });
  });

  test('an organization token assigns in its own organization and is refused in another before any request', async ({ stack }) => {
    const acme = org(stack, 'Acme Corp');
    const globex = org(stack, EXTRAS_ORGANIZATION);
    const token = bearer(stack.mintToken({ sub: 'orgadmin0004', organizationId: acme, scope: [SCOPES.writeOrganizations, SCOPES.readUsers].join(' ') }));
    const member = [...stack.sandbox.store.organizationUsers.rightsOf(acme)][3]!;
    const own = await mutate(stack, 'assignOrganizationMembersRoles', { organizationId: acme, userIds: [member], organizationRoleIds: [orgRole(stack, 'viewer')] }, '... on AssignOrganizationMembersRolesPayload { users { logtoId } }', token);
    expect(own.errors).toBeUndefined();
    expect(own.result).toMatchObject({ users: [{ logtoId: member }] });
    const globexMember = [...stack.sandbox.store.organizationUsers.rightsOf(globex)][0]!;
    const other = await mutate(stack, 'assignOrganizationMembersRoles', { organizationId: globex, userIds: [globexMember], organizationRoleIds: [orgRole(stack, 'viewer')] }, '', token);
    expect(other.result).toBeNull();
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(other.requests).toEqual([]);
  });

  test("replaceOrganizationMemberRoles makes exactly these the member's roles; an empty list takes them all", async ({ stack }) => {
    const acme = org(stack, 'Acme Corp');
    const headers = tenant(stack);
    const member = [...stack.sandbox.store.organizationUsers.rightsOf(acme)][5]!;
    const selection = '... on ReplaceOrganizationMemberRolesPayload { organizationRoles { name } }';
    const set = await mutate(stack, 'replaceOrganizationMemberRoles', { organizationId: acme, userId: member, organizationRoleIds: [orgRole(stack, 'billing')] }, selection, headers);
    expectRequests(set, [`PUT /api/organizations/${acme}/users/${member}/roles`, `GET /api/organizations/${acme}/users/${member}/roles`]);
    expect(set.result).toMatchObject({ organizationRoles: [{ name: 'billing' }] });
    const cleared = await mutate(stack, 'replaceOrganizationMemberRoles', { organizationId: acme, userId: member, organizationRoleIds: [] }, selection, headers);
    expect(cleared.result).toMatchObject({ organizationRoles: [] });
    const outsider = stack.sandbox.store.usersNewestFirst().find((user) => !stack.sandbox.store.organizationUsers.has(acme, user.id))!.id;
    const refused = await mutate(stack, 'replaceOrganizationMemberRoles', { organizationId: acme, userId: outsider, organizationRoleIds: [] }, '', headers);
    expect(refused.result).toMatchObject({ __typename: 'ValidationError', field: 'userId', logtoCode: 'organization.require_membership' });
  });

  test('replaceOrganizationMembers makes exactly these users the members, their roles leaving with them', async ({ stack }) => {
    const hooli = org(stack, 'Hooli');
    const headers = tenant(stack);
    const { store } = stack.sandbox;
    const before = [...store.organizationUsers.rightsOf(hooli)];
    const keep = before.slice(0, 1);
    const call = await mutate(stack, 'replaceOrganizationMembers', { organizationId: hooli, userIds: keep }, '... on ReplaceOrganizationMembersPayload { organization { members { totalCount } } }', headers);
    expect(routes(call)[0]).toBe(`PUT /api/organizations/${hooli}/users`);
    expect(call.result).toMatchObject({ organization: { members: { totalCount: keep.length } } });
    for (const userId of before.slice(1)) expect(store.organizationUserRoles.rolesOf(hooli, userId).size).toBe(0);
    const orgToken = bearer(stack.mintToken({ sub: 'orgadmin0005', organizationId: hooli, scope: SCOPES.writeOrganizations }));
    const refused = await mutate(stack, 'replaceOrganizationMembers', { organizationId: hooli, userIds: [] }, '', orgToken);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.requests).toEqual([]);
  });
});

describe('just-in-time provisioning', () => {
  test('auto-join anyone from @acme.com: add a domain and default roles, then remove them', async ({ stack }) => {
    const acme = org(stack, 'Acme Corp');
    const token = bearer(stack.mintToken({ sub: 'orgadmin0006', organizationId: acme, scope: [SCOPES.writeOrganizations, SCOPES.readOrganizations].join(' ') }));
    const added = await mutate(stack, 'addOrganizationJitEmailDomain', { organizationId: acme, emailDomain: 'acme.com' }, '... on AddOrganizationJitEmailDomainPayload { organization { jit { emailDomains } } }', token);
    expectRequests(added, [`POST /api/organizations/${acme}/jit/email-domains`, `GET /api/organizations/${acme}`, `GET /api/organizations/${acme}/jit/email-domains`]);
    expect(added.result).toMatchObject({ organization: { jit: { emailDomains: ['acme.com'] } } });

    const twice = await mutate(stack, 'addOrganizationJitEmailDomain', { organizationId: acme, emailDomain: 'acme.com' }, '', token);
    expect(twice.result).toMatchObject({ __typename: 'ConflictError', field: 'emailDomain', logtoCode: 'entity.unique_integrity_violation' });

    const roles = await mutate(stack, 'addOrganizationJitRoles', { organizationId: acme, organizationRoleIds: [orgRole(stack, 'member')] }, '... on AddOrganizationJitRolesPayload { organization { jit { defaultRoles { name } } } }', token);
    expect(roles.result).toMatchObject({ organization: { jit: { defaultRoles: [{ name: 'member' }] } } });
    const replaced = await mutate(stack, 'replaceOrganizationJitRoles', { organizationId: acme, organizationRoleIds: [orgRole(stack, 'viewer')] }, '... on ReplaceOrganizationJitRolesPayload { organization { jit { defaultRoles { name } } } }', token);
    expect(replaced.result).toMatchObject({ organization: { jit: { defaultRoles: [{ name: 'viewer' }] } } });
    const removedRole = await mutate(stack, 'removeOrganizationJitRole', { organizationId: acme, organizationRoleId: orgRole(stack, 'viewer') }, '... on RemoveOrganizationJitRolePayload { organization { jit { defaultRoles { name } } } }', token);
    expect(removedRole.result).toMatchObject({ organization: { jit: { defaultRoles: [] } } });

    const domains = await mutate(stack, 'replaceOrganizationJitEmailDomains', { organizationId: acme, emailDomains: ['acme.com', 'acme.io'] }, '... on ReplaceOrganizationJitEmailDomainsPayload { organization { jit { emailDomains } } }', token);
    expect(domains.result).toMatchObject({ organization: { jit: { emailDomains: ['acme.com', 'acme.io'] } } });
    const removed = await mutate(stack, 'removeOrganizationJitEmailDomain', { organizationId: acme, emailDomain: 'acme.io' }, '... on RemoveOrganizationJitEmailDomainPayload { organization { jit { emailDomains } } }', token);
    expectRequests(removed, [`DELETE /api/organizations/${acme}/jit/email-domains/acme.io`, `GET /api/organizations/${acme}`, `GET /api/organizations/${acme}/jit/email-domains`]);
    const gone = await mutate(stack, 'removeOrganizationJitEmailDomain', { organizationId: acme, emailDomain: 'acme.io' }, '', token);
    expect(gone.result).toMatchObject({ __typename: 'NotFoundError', field: 'emailDomain', logtoCode: 'entity.not_found' });
  });

  test('an organization token is refused on another organization before any request', async ({ stack }) => {
    const acme = org(stack, 'Acme Corp');
    const token = bearer(stack.mintToken({ sub: 'orgadmin0007', organizationId: acme, scope: SCOPES.writeOrganizations }));
    const call = await mutate(stack, 'addOrganizationJitEmailDomain', { organizationId: org(stack, EXTRAS_ORGANIZATION), emailDomain: 'evil.test' }, '', token);
    expect(call.result).toBeNull();
    expect(call.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(call.requests).toEqual([]);
  });

  test('SSO connectors: added, replaced and removed tenant-wide; an unknown one is a NotFoundError', async ({ stack }) => {
    const initech = org(stack, 'Initech');
    const headers = tenant(stack);
    const [connector] = [...jitTablesOf(stack.sandbox.store).ssoConnectorRows.keys()];
    const added = await mutate(stack, 'addOrganizationJitSsoConnectors', { organizationId: initech, ssoConnectorIds: [connector] }, '... on AddOrganizationJitSsoConnectorsPayload { organization { jit { ssoConnectors { logtoId } } } }', headers);
    expect(added.result).toMatchObject({ organization: { jit: { ssoConnectors: [{ logtoId: connector }] } } });
    const unknown = await mutate(stack, 'addOrganizationJitSsoConnectors', { organizationId: initech, ssoConnectorIds: ['nosuchsso'] }, '', headers);
    expect(unknown.result).toMatchObject({ __typename: 'NotFoundError', field: 'ssoConnectorIds', logtoCode: 'entity.relation_foreign_key_not_found' });
    const replaced = await mutate(stack, 'replaceOrganizationJitSsoConnectors', { organizationId: initech, ssoConnectorIds: [] }, '... on ReplaceOrganizationJitSsoConnectorsPayload { organization { jit { ssoConnectors { logtoId } } } }', headers);
    expect(replaced.result).toMatchObject({ organization: { jit: { ssoConnectors: [] } } });
    const missing = await mutate(stack, 'removeOrganizationJitSsoConnector', { organizationId: initech, ssoConnectorId: connector }, '', headers);
    expect(missing.result).toMatchObject({ __typename: 'NotFoundError', field: 'ssoConnectorId', logtoCode: 'entity.not_found' });
    const orgToken = bearer(stack.mintToken({ sub: 'orgadmin0008', organizationId: initech, scope: SCOPES.writeOrganizations }));
    const refused = await mutate(stack, 'addOrganizationJitSsoConnectors', { organizationId: initech, ssoConnectorIds: [connector] }, '', orgToken);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe("organization roles' scopes", () => {
  test('removes, adds and replaces organization scopes and resource scopes', async ({ stack }) => {
    const headers = tenant(stack);
    const { store } = stack.sandbox;
    const admin = orgRole(stack, 'admin');
    const viewProjects = named(store.organizationScopes.values(), 'view:projects');
    const scopesOf = '... on RemoveOrganizationRoleScopePayload { removedOrganizationScopeId organizationRole { scopes(first: 20) { nodes { name } } } }';
    const removed = await mutate(stack, 'removeOrganizationRoleScope', { id: admin, organizationScopeId: viewProjects }, scopesOf, headers);
    expect(routes(removed)[0]).toBe(`DELETE /api/organization-roles/${admin}/scopes/${viewProjects}`);
    expect(removed.result).toMatchObject({ removedOrganizationScopeId: encodeGlobalId('OrganizationScope', viewProjects) });
    expect(payload<{ organizationRole: { scopes: { nodes: { name: string }[] } } }>(removed).organizationRole.scopes.nodes.map((scope) => scope.name)).not.toContain('view:projects');
    const again = await mutate(stack, 'removeOrganizationRoleScope', { id: admin, organizationScopeId: viewProjects }, '', headers);
    expect(again.result).toMatchObject({ __typename: 'NotFoundError', field: 'organizationScopeId', logtoCode: 'entity.not_found' });

    const added = await mutate(stack, 'addOrganizationRoleScopes', { id: admin, organizationScopeIds: [viewProjects] }, '', headers);
    expect(added.errors).toBeUndefined();
    expect(store.organizationRoleScopes.has(admin, viewProjects)).toBe(true);
    const replaced = await mutate(stack, 'replaceOrganizationRoleScopes', { id: admin, organizationScopeIds: [viewProjects] }, '', headers);
    expect(replaced.errors).toBeUndefined();
    expect([...store.organizationRoleScopes.rightsOf(admin)]).toEqual([viewProjects]);

    const readItems = [...store.scopes.values()].find((scope) => scope.name === 'read:items')!.id;
    const dropped = await mutate(stack, 'removeOrganizationRoleResourceScope', { id: admin, scopeId: readItems }, '... on RemoveOrganizationRoleResourceScopePayload { removedScopeId }', headers);
    expect(dropped.result).toMatchObject({ removedScopeId: encodeGlobalId('Scope', readItems) });
    expect(store.organizationRoleResourceScopes.has(admin, readItems)).toBe(false);
    const back = await mutate(stack, 'addOrganizationRoleResourceScopes', { id: admin, scopeIds: [readItems] }, '', headers);
    expect(back.errors).toBeUndefined();
    const only = await mutate(stack, 'replaceOrganizationRoleResourceScopes', { id: admin, scopeIds: [readItems] }, '', headers);
    expect(only.errors).toBeUndefined();
    expect([...store.organizationRoleResourceScopes.rightsOf(admin)]).toEqual([readItems]);
  });
});

describe('invitations', () => {
  test('resending the email without an email connector is a ValidationError naming connector.not_found', async ({ stack }) => {
    const invitation = [...stack.sandbox.store.invitations.values()][0]!;
    const call = await mutate(stack, 'sendOrganizationInvitationMessage', { id: invitation.id, link: 'https://app.example.com/invite' }, '', tenant(stack));
    expect(call.errors).toBeUndefined();
    expect(call.result).toMatchObject({ __typename: 'ValidationError', field: null, logtoCode: 'connector.not_found' });
    expect(routes(call)).toEqual([`POST /api/organization-invitations/${invitation.id}/message`]);
  });

  test("deletes an invitation; an organization token cannot reach another organization's", async ({ stack }) => {
    const { store } = stack.sandbox;
    const acme = org(stack, 'Acme Corp');
    const foreign = [...store.invitations.values()].find((row) => row.organizationId !== acme)!;
    const acmeToken = bearer(stack.mintToken({ sub: 'orgadmin0009', organizationId: acme, scope: SCOPES.writeOrganizations }));
    const refused = await mutate(stack, 'deleteOrganizationInvitation', { id: foreign.id }, '', acmeToken);
    expect(refused.result).toMatchObject({ __typename: 'NotFoundError', field: 'id' });
    // One lookup in its own organization's invitations, no DELETE.
    expect(refused.requests.map((request) => `${request.method} ${request.path}?${request.query}`)).toEqual([`GET /api/organization-invitations?organizationId=${acme}`]);
    expect(store.invitations.has(foreign.id)).toBe(true);

    const deleted = await mutate(stack, 'deleteOrganizationInvitation', { id: foreign.id }, '... on DeleteOrganizationInvitationPayload { deletedOrganizationInvitationId }', tenant(stack));
    expectRequests(deleted, [`DELETE /api/organization-invitations/${foreign.id}`]);
    expect(deleted.result).toMatchObject({ deletedOrganizationInvitationId: encodeGlobalId('OrganizationInvitation', foreign.id) });
    const again = await mutate(stack, 'deleteOrganizationInvitation', { id: foreign.id }, '', tenant(stack));
    expect(again.result).toMatchObject({ __typename: 'NotFoundError', field: 'id', logtoCode: 'entity.not_found' });
  });
});
