import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SCOPES } from '../../src/auth/scopes.js';
import { jitTablesOf } from '../../src/sandbox/management-routes/organization-jit.js';
import { buildSchema } from '../../src/schema/index.js';
import { seedUserSecurity } from '../../src/sandbox/user-security-tables.js';
import { type Stack, startStack } from '../helpers/stack.js';

/**
 * Nothing stale after a write, for every mutation: in one operation, a probe reads what the
 * mutation can change (`before`), the mutation runs, and the same probe reads again (`after`).
 * `after` must equal what the probe reads in a new operation (no cache can be older than the
 * write) and differ from `before` (the probe does see what the mutation changes).
 *
 * A mutation cannot sit in a query, so probes are mutations that change nothing the test reads
 * (they set a field to a constant the case never checks) and return the objects to read. Cases
 * are keyed by the Mutation type's fields: a new mutation without a case fails the test.
 */

let stack: Stack;
beforeAll(async () => {
  // No rate limit on either side: the cases make many small requests, and waiting proves nothing here.
  stack = await startStack({ sandbox: { users: 30, rateLimit: { limit: 100_000, windowMs: 10_000 } }, env: { LOGTO_RATE_LIMIT: '100000/10s' } });
});
afterAll(() => stack.close());

// GraphQL plumbing -------------------------------------------------------------------------------

class EnumValue {
  constructor(readonly name: string) {}
}
const enumValue = (name: string) => new EnumValue(name);

/** A JS value as a GraphQL input literal. */
function literal(value: unknown): string {
  if (value instanceof EnumValue) return value.name;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([key, item]) => `${key}: ${literal(item)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** `name(input: {...}) { __typename ... on Error { message } ... on <Name>Payload { selection } }` */
function call(name: string, input: Record<string, unknown>, selection = ''): string {
  const payload = `${name.charAt(0).toUpperCase()}${name.slice(1)}Payload`;
  return `${name}(input: ${literal(input)}) { __typename ... on Error { message } ${selection ? `... on ${payload} { ${selection} }` : ''} }`;
}

type Data = Record<string, { __typename: string; message?: string } & Record<string, unknown>>;

async function run(operation: string): Promise<Data> {
  const response = await stack.post<Data>(operation);
  expect(response.body.errors, operation).toBeUndefined();
  const data = response.body.data!;
  for (const [alias, result] of Object.entries(data)) {
    expect(result.__typename, `${alias}: ${result.message ?? ''}`).toMatch(/Payload$/);
  }
  return data;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${(counter++).toString(36)}`;

// Fixtures, each made in its own operation -------------------------------------------------------

async function create(name: string, input: Record<string, unknown>, entity: string): Promise<string> {
  const data = await run(`mutation { ${call(name, input, `${entity} { logtoId }`)} }`);
  return (data[name]![entity] as { logtoId: string }).logtoId;
}
const newUser = (extra: Record<string, unknown> = {}) => create('createUser', { username: unique('u'), name: 'Fixture', ...extra }, 'user');
const newRole = (extra: Record<string, unknown> = {}) => create('createRole', { name: unique('role'), description: 'Fixture', ...extra }, 'role');
const newM2mApp = () => create('createApplication', { name: unique('app'), type: enumValue('MACHINE_TO_MACHINE') }, 'application');
const newOrganization = () => create('createOrganization', { name: unique('org') }, 'organization');
const newResource = () => create('createResource', { name: unique('api'), indicator: `https://${unique('api').replace(/_/g, '-')}.example.com` }, 'resource');
const newScope = (resourceId: string) => create('createScope', { resourceId, name: unique('read') }, 'scope');
const newOrganizationScope = () => create('createOrganizationScope', { name: unique('oscope') }, 'organizationScope');
const newOrganizationRole = (extra: Record<string, unknown> = {}) => create('createOrganizationRole', { name: unique('orole'), ...extra }, 'organizationRole');
async function setup(name: string, input: Record<string, unknown>): Promise<void> {
  await run(`mutation { ${call(name, input)} }`);
}
async function newMember(extra: { organizationRoleIds?: string[] } = {}) {
  const [organizationId, userId] = await Promise.all([newOrganization(), newUser({ primaryEmail: `${unique('m')}@example.com` })]);
  await setup('addOrganizationMembers', { organizationId, userIds: [userId] });
  if (extra.organizationRoleIds) await setup('assignOrganizationMemberRoles', { organizationId, userId, organizationRoleIds: extra.organizationRoleIds });
  return { organizationId, userId };
}

// Probes: writes that leave what they read alone, returning the objects to read ------------------

const CONNECTION = (fields: string) => `totalCount nodes { ${fields} }`;
const USER_READ = `logtoId username name primaryEmail isSuspended hasPassword customData
  roles(first: 50) { ${CONNECTION('logtoId name description')} }
  organizations(first: 50) { totalCount edges { node { logtoId name description } organizationRoles { logtoId name } } }`;
const ORGANIZATION_READ = `logtoId name description customData isMfaRequired
  members(first: 50) { totalCount edges { node { logtoId name hasPassword isSuspended } organizationRoles { logtoId name } } }
  invitations(first: 50) { ${CONNECTION('logtoId invitee status organizationRoles { logtoId name }')} }`;
const ROLE_READ = `logtoId name description isDefault
  users(first: 50) { ${CONNECTION('logtoId name isSuspended hasPassword customData')} }
  applications(first: 50) { ${CONNECTION('logtoId name description')} }
  scopes(first: 50) { ${CONNECTION('logtoId name description resource { logtoId name }')} }`;
const APPLICATION_READ = `logtoId name description roles(first: 50) { ${CONNECTION('logtoId name description')} }`;
const RESOURCE_READ = `logtoId name accessTokenTtl scopes(first: 50) { ${CONNECTION('logtoId name description')} }`;
const ORGANIZATION_ROLE_READ = `logtoId name description scopes(first: 50) { ${CONNECTION('logtoId name description')} }
  resourceScopes(first: 50) { ${CONNECTION('logtoId name resource { logtoId name }')} }`;

const probe = {
  /** Sets the avatar (no case changes it) and reads the user, its roles and organizations. */
  user: (id: string) => call('updateUser', { id, avatar: 'https://example.com/probe.png' }, `user { ${USER_READ} }`),
  /** Adds a member again (a no-op) and reads it the way organization lists return it: without `hasPassword`. */
  member: (organizationId: string, userId: string) =>
    call('addOrganizationMembers', { organizationId, userIds: [userId] }, `users { logtoId name hasPassword isSuspended } organization { ${ORGANIZATION_READ} }`),
  organization: (id: string) => call('updateOrganization', { id, isMfaRequired: false }, `organization { ${ORGANIZATION_READ} }`),
  role: (id: string) => call('updateRole', { id, isDefault: false }, `role { ${ROLE_READ} }`),
  application: (id: string) => call('updateApplication', { id, postLogoutRedirectUris: [] }, `application { ${APPLICATION_READ} }`),
  resource: (id: string) => call('updateResource', { id, accessTokenTtl: 3600 }, `resource { ${RESOURCE_READ} }`),
  organizationRole: (id: string) => call('updateOrganizationRole', { id, description: 'probe' }, `organizationRole { ${ORGANIZATION_ROLE_READ} }`),
};

// One case per mutation --------------------------------------------------------------------------

type Case =
  /** `probe` reads what `change` changes; both are mutation fields. */
  | { readonly probe: string; readonly change: string }
  /** Nothing a payload can reach changes (a new object nothing points to yet): the change alone. */
  | { readonly unreachable: string; readonly change: string };

const PASSWORD = 'A-new-passw0rd!';

// A user's security screen (issue 17) ------------------------------------------------------------
const SECURITY_READ = `logtoId sessions { sessionId grantIds } grants { grantId } mfaVerifications { verificationId type }
  allIdentities { social { target userId } } personalAccessTokens { name } logtoConfig { mfa { enabled skipOnSignIn } passkeySignInSkipped }`;
/** Sets the avatar (no case changes it) and reads the user's security screen. */
const securityProbe = (id: string) => call('updateUser', { id, avatar: 'https://example.com/probe.png' }, `user { ${SECURITY_READ} }`);
/** A user signed in through a first-party and a third-party app: sessions and grants exist only after a real sign-in, so they are planted. */
async function signedInUser(): Promise<{ userId: string; sessionId: string; grantId: string }> {
  const userId = await newUser();
  const { store } = stack.sandbox;
  const app = (name: string) => ({ id: [...store.applications.values()].find((each) => each.name === name)!.id, isThirdParty: name.includes('third party') });
  seedUserSecurity(store.userSecurity, [{ id: userId, username: null }], { firstParty: app('Customer Portal'), thirdParty: app('Example Analytics (third party)') }, Date.now());
  const session = [...store.userSecurity.sessions.values()].find((each) => each.accountId === userId)!;
  return { userId, sessionId: session.payload.uid, grantId: Object.values(session.payload.authorizations)[0]!.grantId };
}
async function withToken(name: string): Promise<string> {
  const userId = await newUser();
  await setup('createUserPersonalAccessToken', { userId, name });
  return userId;
}
const userSecurityCases: Record<string, () => Promise<Case>> = {
  replaceUserRoles: async () => {
    const [userId, held, wanted] = await Promise.all([newUser(), newRole(), newRole()]);
    await setup('assignUserRoles', { userId, roleIds: [held] });
    return { probe: probe.user(userId), change: call('replaceUserRoles', { userId, roleIds: [wanted] }) };
  },
  revokeUserSession: async () => {
    const { userId, sessionId } = await signedInUser();
    return { probe: securityProbe(userId), change: call('revokeUserSession', { userId, sessionId, revokeGrants: enumValue('ALL') }) };
  },
  revokeUserGrant: async () => {
    const { userId, grantId } = await signedInUser();
    return { probe: securityProbe(userId), change: call('revokeUserGrant', { userId, grantId }) };
  },
  addUserMfaVerification: async () => {
    const userId = await newUser();
    return { probe: securityProbe(userId), change: call('addUserMfaVerification', { userId, type: enumValue('TOTP') }) };
  },
  removeUserMfaVerification: async () => {
    const userId = await newUser();
    await setup('addUserMfaVerification', { userId, type: enumValue('TOTP') });
    const verificationId = stack.sandbox.store.userSecurity.mfaVerifications.get(userId)![0]!.id;
    return { probe: securityProbe(userId), change: call('removeUserMfaVerification', { userId, verificationId }) };
  },
  linkUserIdentity: async () => {
    const userId = await newUser();
    return { probe: securityProbe(userId), change: call('linkUserIdentity', { userId, target: 'github', identityUserId: unique('gh') }) };
  },
  unlinkUserIdentity: async () => {
    const userId = await newUser();
    await setup('linkUserIdentity', { userId, target: 'github', identityUserId: unique('gh') });
    return { probe: securityProbe(userId), change: call('unlinkUserIdentity', { userId, target: 'github' }) };
  },
  createUserPersonalAccessToken: async () => {
    const userId = await newUser();
    return { probe: securityProbe(userId), change: call('createUserPersonalAccessToken', { userId, name: 'fresh' }) };
  },
  renameUserPersonalAccessToken: async () => {
    const userId = await withToken('before');
    return { probe: securityProbe(userId), change: call('renameUserPersonalAccessToken', { userId, currentName: 'before', name: 'after' }) };
  },
  deleteUserPersonalAccessTokens: async () => {
    const userId = await withToken('doomed');
    return { probe: securityProbe(userId), change: call('deleteUserPersonalAccessTokens', { userId, names: ['doomed'] }) };
  },
  updateUserLogtoConfig: async () => {
    const userId = await newUser();
    return { probe: securityProbe(userId), change: call('updateUserLogtoConfig', { userId, mfa: { enabled: true }, passkeySignInSkipped: true }) };
  },
  verifyUserPassword: async () => ({ unreachable: 'a check: it changes nothing', change: call('verifyUserPassword', { userId: await newUser({ password: PASSWORD }), password: PASSWORD }) }),
  // Clearing the flag changes nothing a read shows (Logto's API never answers it); expiring needs a policy OSS lacks.
  setUserPasswordExpired: async () => ({ unreachable: 'the expiry flag is not readable', change: call('setUserPasswordExpired', { userId: await newUser(), isExpired: false }) }),
};

const cases: Record<string, () => Promise<Case>> = {
  ...userSecurityCases,
  createUser: async () => ({ unreachable: 'a new user is in no role or organization', change: call('createUser', { username: unique('new') }, 'user { logtoId }') }),
  updateUser: async () => {
    const userId = await newUser();
    const roleId = await newRole();
    await setup('assignRoleUsers', { roleId, userIds: [userId] });
    return { probe: probe.role(roleId), change: call('updateUser', { id: userId, name: 'Renamed', customData: { plan: 'pro' } }) };
  },
  setUserSuspended: async () => {
    const userId = await newUser();
    const roleId = await newRole();
    await setup('assignRoleUsers', { roleId, userIds: [userId] });
    return { probe: probe.role(roleId), change: call('setUserSuspended', { id: userId, isSuspended: true }) };
  },
  // The issue's case: organization members come without `hasPassword`, which a nested loader fetches.
  updateUserPassword: async () => {
    const { organizationId, userId } = await newMember();
    return { probe: probe.member(organizationId, userId), change: call('updateUserPassword', { id: userId, password: PASSWORD }) };
  },
  deleteUser: async () => {
    const userId = await newUser();
    const roleId = await newRole();
    await setup('assignRoleUsers', { roleId, userIds: [userId] });
    return { probe: probe.role(roleId), change: call('deleteUser', { id: userId }) };
  },
  assignUserRoles: async () => {
    const [userId, roleId] = await Promise.all([newUser(), newRole()]);
    return { probe: probe.user(userId), change: call('assignUserRoles', { userId, roleIds: [roleId] }) };
  },
  removeUserRole: async () => {
    const [userId, roleId] = await Promise.all([newUser(), newRole()]);
    await setup('assignUserRoles', { userId, roleIds: [roleId] });
    return { probe: probe.user(userId), change: call('removeUserRole', { userId, roleId }) };
  },
  createRole: async () => ({ unreachable: 'a new role is held by no one yet', change: call('createRole', { name: unique('new'), description: 'New' }, 'role { logtoId }') }),
  updateRole: async () => {
    const [userId, roleId] = await Promise.all([newUser(), newRole()]);
    await setup('assignUserRoles', { userId, roleIds: [roleId] });
    return { probe: probe.user(userId), change: call('updateRole', { id: roleId, name: unique('renamed'), description: 'Renamed' }) };
  },
  deleteRole: async () => {
    const [userId, roleId] = await Promise.all([newUser(), newRole()]);
    await setup('assignUserRoles', { userId, roleIds: [roleId] });
    return { probe: probe.user(userId), change: call('deleteRole', { id: roleId }) };
  },
  assignRoleScopes: async () => {
    const [roleId, resourceId] = await Promise.all([newRole(), newResource()]);
    const scopeId = await newScope(resourceId);
    return { probe: probe.role(roleId), change: call('assignRoleScopes', { roleId, scopeIds: [scopeId] }) };
  },
  removeRoleScope: async () => {
    const resourceId = await newResource();
    const scopeId = await newScope(resourceId);
    const roleId = await newRole({ scopeIds: [scopeId] });
    return { probe: probe.role(roleId), change: call('removeRoleScope', { roleId, scopeId }) };
  },
  assignRoleUsers: async () => {
    const [userId, roleId] = await Promise.all([newUser(), newRole()]);
    return { probe: probe.user(userId), change: call('assignRoleUsers', { roleId, userIds: [userId] }) };
  },
  assignRoleApplications: async () => {
    const [applicationId, roleId] = await Promise.all([newM2mApp(), newRole({ type: enumValue('MACHINE_TO_MACHINE') })]);
    return { probe: probe.application(applicationId), change: call('assignRoleApplications', { roleId, applicationIds: [applicationId] }) };
  },
  createApplication: async () => ({
    unreachable: 'a new application holds no role yet',
    change: call('createApplication', { name: unique('new'), type: enumValue('SPA') }, 'application { logtoId }'),
  }),
  updateApplication: async () => {
    const [applicationId, roleId] = await Promise.all([newM2mApp(), newRole({ type: enumValue('MACHINE_TO_MACHINE') })]);
    await setup('assignRoleApplications', { roleId, applicationIds: [applicationId] });
    return { probe: probe.role(roleId), change: call('updateApplication', { id: applicationId, name: 'Renamed', description: 'Renamed' }) };
  },
  deleteApplication: async () => {
    const [applicationId, roleId] = await Promise.all([newM2mApp(), newRole({ type: enumValue('MACHINE_TO_MACHINE') })]);
    await setup('assignRoleApplications', { roleId, applicationIds: [applicationId] });
    return { probe: probe.role(roleId), change: call('deleteApplication', { id: applicationId }) };
  },
  createOrganization: async () => ({ unreachable: 'a new organization has no members yet', change: call('createOrganization', { name: unique('new') }, 'organization { logtoId }') }),
  updateOrganization: async () => {
    const { organizationId, userId } = await newMember();
    return { probe: probe.user(userId), change: call('updateOrganization', { id: organizationId, name: 'Renamed', description: 'Renamed' }) };
  },
  deleteOrganization: async () => {
    const { organizationId, userId } = await newMember();
    return { probe: probe.user(userId), change: call('deleteOrganization', { id: organizationId }) };
  },
  addOrganizationMembers: async () => {
    const [organizationId, userId] = await Promise.all([newOrganization(), newUser()]);
    return { probe: probe.user(userId), change: call('addOrganizationMembers', { organizationId, userIds: [userId] }) };
  },
  removeOrganizationMember: async () => {
    const { organizationId, userId } = await newMember();
    return { probe: probe.user(userId), change: call('removeOrganizationMember', { organizationId, userId }) };
  },
  assignOrganizationMemberRoles: async () => {
    const [{ organizationId, userId }, organizationRoleId] = await Promise.all([newMember(), newOrganizationRole()]);
    return { probe: probe.user(userId), change: call('assignOrganizationMemberRoles', { organizationId, userId, organizationRoleIds: [organizationRoleId] }) };
  },
  removeOrganizationMemberRole: async () => {
    const organizationRoleId = await newOrganizationRole();
    const { organizationId, userId } = await newMember({ organizationRoleIds: [organizationRoleId] });
    return { probe: probe.user(userId), change: call('removeOrganizationMemberRole', { organizationId, userId, organizationRoleId }) };
  },
  createOrganizationInvitation: async () => {
    const organizationId = await newOrganization();
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    return { probe: probe.organization(organizationId), change: call('createOrganizationInvitation', { organizationId, invitee: `${unique('i')}@example.com`, expiresAt }) };
  },
  updateOrganizationInvitationStatus: async () => {
    const organizationId = await newOrganization();
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const data = await run(`mutation { ${call('createOrganizationInvitation', { organizationId, invitee: `${unique('i')}@example.com`, expiresAt }, 'invitation { logtoId }')} }`);
    const invitationId = (data.createOrganizationInvitation!.invitation as { logtoId: string }).logtoId;
    return { probe: probe.organization(organizationId), change: call('updateOrganizationInvitationStatus', { id: invitationId, status: enumValue('REVOKED') }) };
  },
  createOrganizationRole: async () => ({
    unreachable: 'a new organization role is held by no member yet',
    change: call('createOrganizationRole', { name: unique('new') }, 'organizationRole { logtoId }'),
  }),
  updateOrganizationRole: async () => {
    const organizationRoleId = await newOrganizationRole();
    const { userId } = await newMember({ organizationRoleIds: [organizationRoleId] });
    return { probe: probe.user(userId), change: call('updateOrganizationRole', { id: organizationRoleId, name: unique('renamed') }) };
  },
  deleteOrganizationRole: async () => {
    const organizationRoleId = await newOrganizationRole();
    const { userId } = await newMember({ organizationRoleIds: [organizationRoleId] });
    return { probe: probe.user(userId), change: call('deleteOrganizationRole', { id: organizationRoleId }) };
  },
  createOrganizationScope: async () => ({
    unreachable: 'a new organization scope is in no role yet',
    change: call('createOrganizationScope', { name: unique('new') }, 'organizationScope { logtoId }'),
  }),
  updateOrganizationScope: async () => {
    const organizationScopeId = await newOrganizationScope();
    const organizationRoleId = await newOrganizationRole({ organizationScopeIds: [organizationScopeId] });
    return { probe: probe.organizationRole(organizationRoleId), change: call('updateOrganizationScope', { id: organizationScopeId, name: unique('renamed'), description: 'Renamed' }) };
  },
  deleteOrganizationScope: async () => {
    const organizationScopeId = await newOrganizationScope();
    const organizationRoleId = await newOrganizationRole({ organizationScopeIds: [organizationScopeId] });
    return { probe: probe.organizationRole(organizationRoleId), change: call('deleteOrganizationScope', { id: organizationScopeId }) };
  },
  // The organization screen (issue 17): applications as members, bulk roles, JIT, role scope links.
  ...organizationScreenCases(),
  createResource: async () => ({
    unreachable: 'a new API resource has no scope in any role yet',
    change: call('createResource', { name: unique('new'), indicator: `https://${unique('new').replace(/_/g, '-')}.example.com` }, 'resource { logtoId }'),
  }),
  updateResource: async () => {
    const resourceId = await newResource();
    const scopeId = await newScope(resourceId);
    const roleId = await newRole({ scopeIds: [scopeId] });
    return { probe: probe.role(roleId), change: call('updateResource', { id: resourceId, name: unique('renamed') }) };
  },
  deleteResource: async () => {
    const resourceId = await newResource();
    const scopeId = await newScope(resourceId);
    const roleId = await newRole({ scopeIds: [scopeId] });
    return { probe: probe.role(roleId), change: call('deleteResource', { id: resourceId }) };
  },
  createScope: async () => {
    const resourceId = await newResource();
    return { probe: probe.resource(resourceId), change: call('createScope', { resourceId, name: unique('write') }) };
  },
  createHook: async () => ({
    unreachable: 'a new hook is referenced by nothing',
    change: call('createHook', { name: unique('hook'), events: ['Role.Created'], config: { url: 'http://127.0.0.1:9/hook' } }),
  }),
  updateHook: async () => {
    const hookId = await create('createHook', { name: unique('hook'), events: ['Role.Created'], config: { url: 'http://127.0.0.1:9/hook' } }, 'hook');
    return { probe: call('rotateHookSigningKey', { id: hookId }, 'hook { logtoId name events }'), change: call('updateHook', { id: hookId, name: unique('renamed') }) };
  },
  deleteScope: async () => {
    const resourceId = await newResource();
    const scopeId = await newScope(resourceId);
    return { probe: probe.resource(resourceId), change: call('deleteScope', { resourceId, id: scopeId }) };
  },
};

/** Cases of the organization screen's mutations (issue 17), kept together. */
function organizationScreenCases(): Record<string, () => Promise<Case>> {
  const apps = (id: string) =>
    call('updateOrganization', { id, isMfaRequired: false }, `organization { applications(first: 50) { totalCount edges { organizationRoles { logtoId name } node { logtoId } } } }`);
  const jit = (id: string) =>
    call('updateOrganization', { id, isMfaRequired: false }, `organization { jit { emailDomains defaultRoles { logtoId name } ssoConnectors { logtoId } } }`);
  const m2mRole = () => newOrganizationRole({ type: enumValue('MACHINE_TO_MACHINE') });
  async function appMember(organizationRoleIds?: string[]) {
    const [organizationId, applicationId] = await Promise.all([newOrganization(), newM2mApp()]);
    await setup('addOrganizationApplications', { organizationId, applicationIds: [applicationId] });
    if (organizationRoleIds) await setup('assignOrganizationApplicationRoles', { organizationId, applicationId, organizationRoleIds });
    return { organizationId, applicationId };
  }
  const sso = () => [...jitTablesOf(stack.sandbox.store).ssoConnectorRows.keys()][0]!;
  async function withJit() {
    const [organizationId, organizationRoleId] = await Promise.all([newOrganization(), newOrganizationRole()]);
    await setup('addOrganizationJitEmailDomain', { organizationId, emailDomain: 'jit.example.com' });
    await setup('addOrganizationJitRoles', { organizationId, organizationRoleIds: [organizationRoleId] });
    await setup('addOrganizationJitSsoConnectors', { organizationId, ssoConnectorIds: [sso()] });
    return { organizationId, organizationRoleId };
  }
  async function roleWithScopes() {
    const [organizationScopeId, resourceId] = await Promise.all([newOrganizationScope(), newResource()]);
    const scopeId = await newScope(resourceId);
    const organizationRoleId = await newOrganizationRole({ organizationScopeIds: [organizationScopeId], resourceScopeIds: [scopeId] });
    return { organizationRoleId, organizationScopeId, scopeId, resourceId };
  }
  return {
    addOrganizationApplications: async () => {
      const [organizationId, applicationId] = await Promise.all([newOrganization(), newM2mApp()]);
      return { probe: apps(organizationId), change: call('addOrganizationApplications', { organizationId, applicationIds: [applicationId] }) };
    },
    replaceOrganizationApplications: async () => {
      const { organizationId } = await appMember();
      return { probe: apps(organizationId), change: call('replaceOrganizationApplications', { organizationId, applicationIds: [] }) };
    },
    removeOrganizationApplication: async () => {
      const { organizationId, applicationId } = await appMember();
      return { probe: apps(organizationId), change: call('removeOrganizationApplication', { organizationId, applicationId }) };
    },
    assignOrganizationApplicationRoles: async () => {
      const [{ organizationId, applicationId }, organizationRoleId] = await Promise.all([appMember(), m2mRole()]);
      return { probe: apps(organizationId), change: call('assignOrganizationApplicationRoles', { organizationId, applicationId, organizationRoleIds: [organizationRoleId] }) };
    },
    replaceOrganizationApplicationRoles: async () => {
      const [held, other] = await Promise.all([m2mRole(), m2mRole()]);
      const { organizationId, applicationId } = await appMember([held]);
      return { probe: apps(organizationId), change: call('replaceOrganizationApplicationRoles', { organizationId, applicationId, organizationRoleIds: [other] }) };
    },
    removeOrganizationApplicationRole: async () => {
      const organizationRoleId = await m2mRole();
      const { organizationId, applicationId } = await appMember([organizationRoleId]);
      return { probe: apps(organizationId), change: call('removeOrganizationApplicationRole', { organizationId, applicationId, organizationRoleId }) };
    },
    assignOrganizationApplicationsRoles: async () => {
      const [{ organizationId, applicationId }, organizationRoleId] = await Promise.all([appMember(), m2mRole()]);
      return { probe: apps(organizationId), change: call('assignOrganizationApplicationsRoles', { organizationId, applicationIds: [applicationId], organizationRoleIds: [organizationRoleId] }) };
    },
    assignOrganizationMembersRoles: async () => {
      const [{ organizationId, userId }, organizationRoleId] = await Promise.all([newMember(), newOrganizationRole()]);
      return { probe: probe.user(userId), change: call('assignOrganizationMembersRoles', { organizationId, userIds: [userId], organizationRoleIds: [organizationRoleId] }) };
    },
    replaceOrganizationMemberRoles: async () => {
      const organizationRoleId = await newOrganizationRole();
      const { organizationId, userId } = await newMember({ organizationRoleIds: [organizationRoleId] });
      return { probe: probe.user(userId), change: call('replaceOrganizationMemberRoles', { organizationId, userId, organizationRoleIds: [] }) };
    },
    replaceOrganizationMembers: async () => {
      const { organizationId, userId } = await newMember();
      return { probe: probe.user(userId), change: call('replaceOrganizationMembers', { organizationId, userIds: [] }) };
    },
    addOrganizationJitEmailDomain: async () => {
      const organizationId = await newOrganization();
      return { probe: jit(organizationId), change: call('addOrganizationJitEmailDomain', { organizationId, emailDomain: 'new.example.com' }) };
    },
    replaceOrganizationJitEmailDomains: async () => {
      const { organizationId } = await withJit();
      return { probe: jit(organizationId), change: call('replaceOrganizationJitEmailDomains', { organizationId, emailDomains: ['other.example.com'] }) };
    },
    removeOrganizationJitEmailDomain: async () => {
      const { organizationId } = await withJit();
      return { probe: jit(organizationId), change: call('removeOrganizationJitEmailDomain', { organizationId, emailDomain: 'jit.example.com' }) };
    },
    addOrganizationJitRoles: async () => {
      const [organizationId, organizationRoleId] = await Promise.all([newOrganization(), newOrganizationRole()]);
      return { probe: jit(organizationId), change: call('addOrganizationJitRoles', { organizationId, organizationRoleIds: [organizationRoleId] }) };
    },
    replaceOrganizationJitRoles: async () => {
      const { organizationId } = await withJit();
      return { probe: jit(organizationId), change: call('replaceOrganizationJitRoles', { organizationId, organizationRoleIds: [] }) };
    },
    removeOrganizationJitRole: async () => {
      const { organizationId, organizationRoleId } = await withJit();
      return { probe: jit(organizationId), change: call('removeOrganizationJitRole', { organizationId, organizationRoleId }) };
    },
    addOrganizationJitSsoConnectors: async () => {
      const organizationId = await newOrganization();
      return { probe: jit(organizationId), change: call('addOrganizationJitSsoConnectors', { organizationId, ssoConnectorIds: [sso()] }) };
    },
    replaceOrganizationJitSsoConnectors: async () => {
      const { organizationId } = await withJit();
      return { probe: jit(organizationId), change: call('replaceOrganizationJitSsoConnectors', { organizationId, ssoConnectorIds: [] }) };
    },
    removeOrganizationJitSsoConnector: async () => {
      const { organizationId } = await withJit();
      return { probe: jit(organizationId), change: call('removeOrganizationJitSsoConnector', { organizationId, ssoConnectorId: sso() }) };
    },
    addOrganizationRoleScopes: async () => {
      const [organizationScopeId, organizationRoleId] = await Promise.all([newOrganizationScope(), newOrganizationRole()]);
      return { probe: probe.organizationRole(organizationRoleId), change: call('addOrganizationRoleScopes', { id: organizationRoleId, organizationScopeIds: [organizationScopeId] }) };
    },
    replaceOrganizationRoleScopes: async () => {
      const { organizationRoleId } = await roleWithScopes();
      return { probe: probe.organizationRole(organizationRoleId), change: call('replaceOrganizationRoleScopes', { id: organizationRoleId, organizationScopeIds: [] }) };
    },
    removeOrganizationRoleScope: async () => {
      const { organizationRoleId, organizationScopeId } = await roleWithScopes();
      return { probe: probe.organizationRole(organizationRoleId), change: call('removeOrganizationRoleScope', { id: organizationRoleId, organizationScopeId }) };
    },
    addOrganizationRoleResourceScopes: async () => {
      const [resourceId, organizationRoleId] = await Promise.all([newResource(), newOrganizationRole()]);
      const scopeId = await newScope(resourceId);
      return { probe: probe.organizationRole(organizationRoleId), change: call('addOrganizationRoleResourceScopes', { id: organizationRoleId, scopeIds: [scopeId] }) };
    },
    replaceOrganizationRoleResourceScopes: async () => {
      const { organizationRoleId } = await roleWithScopes();
      return { probe: probe.organizationRole(organizationRoleId), change: call('replaceOrganizationRoleResourceScopes', { id: organizationRoleId, scopeIds: [] }) };
    },
    removeOrganizationRoleResourceScope: async () => {
      const { organizationRoleId, scopeId } = await roleWithScopes();
      return { probe: probe.organizationRole(organizationRoleId), change: call('removeOrganizationRoleResourceScope', { id: organizationRoleId, scopeId }) };
    },
    deleteOrganizationInvitation: async () => {
      const organizationId = await newOrganization();
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      const data = await run(`mutation { ${call('createOrganizationInvitation', { organizationId, invitee: `${unique('i')}@example.com`, expiresAt }, 'invitation { logtoId }')} }`);
      const id = (data.createOrganizationInvitation!.invitation as { logtoId: string }).logtoId;
      return { probe: probe.organization(organizationId), change: call('deleteOrganizationInvitation', { id }) };
    },
  };
}
// Issue 17: an application's screen, roles' holders one by one, the default resource, scopes.
const newThirdPartyApp = () => create('createApplication', { name: unique('tp'), type: enumValue('TRADITIONAL'), isThirdParty: true }, 'application');
const appProbe = (id: string, fields: string) => call('updateApplication', { id, postLogoutRedirectUris: [] }, `application { logtoId ${fields} }`);
async function newM2mAppWithRole() {
  const [applicationId, roleId] = await Promise.all([newM2mApp(), newRole({ type: enumValue('MACHINE_TO_MACHINE') })]);
  await setup('assignRoleApplications', { roleId, applicationIds: [applicationId] });
  return { applicationId, roleId };
}
async function newConsent() {
  const [applicationId, member] = await Promise.all([newThirdPartyApp(), newMember()]);
  const consented = `userConsentOrganizations(userId: "${member.userId}", first: 10) { totalCount nodes { logtoId } }`;
  return { applicationId, ...member, probe: appProbe(applicationId, consented) };
}
Object.assign(cases, {
  removeRoleUser: async () => {
    const [userId, roleId] = await Promise.all([newUser(), newRole()]);
    await setup('assignRoleUsers', { roleId, userIds: [userId] });
    return { probe: probe.user(userId), change: call('removeRoleUser', { roleId, userId }) };
  },
  removeRoleApplication: async () => {
    const { applicationId, roleId } = await newM2mAppWithRole();
    return { probe: probe.application(applicationId), change: call('removeRoleApplication', { roleId, applicationId }) };
  },
  assignApplicationRoles: async () => {
    const [applicationId, roleId] = await Promise.all([newM2mApp(), newRole({ type: enumValue('MACHINE_TO_MACHINE') })]);
    return { probe: probe.application(applicationId), change: call('assignApplicationRoles', { applicationId, roleIds: [roleId] }) };
  },
  replaceApplicationRoles: async () => {
    const { applicationId } = await newM2mAppWithRole();
    const other = await newRole({ type: enumValue('MACHINE_TO_MACHINE') });
    return { probe: probe.application(applicationId), change: call('replaceApplicationRoles', { applicationId, roleIds: [other] }) };
  },
  removeApplicationRole: async () => {
    const { applicationId, roleId } = await newM2mAppWithRole();
    return { probe: probe.application(applicationId), change: call('removeApplicationRole', { applicationId, roleId }) };
  },
  setDefaultResource: async () => {
    const id = await newResource();
    return { probe: call('updateResource', { id, accessTokenTtl: 3600 }, 'resource { logtoId isDefault }'), change: call('setDefaultResource', { id, isDefault: true }) };
  },
  updateScope: async () => {
    const resourceId = await newResource();
    const id = await newScope(resourceId);
    return { probe: probe.resource(resourceId), change: call('updateScope', { resourceId, id, name: unique('renamed'), description: 'Renamed' }) };
  },
  updateApplicationCustomData: async () => {
    const applicationId = await newM2mApp();
    return { probe: appProbe(applicationId, 'customData'), change: call('updateApplicationCustomData', { applicationId, customData: { tier: 'gold' } }) };
  },
  createApplicationSecret: async () => {
    const applicationId = await newM2mApp();
    return { probe: appProbe(applicationId, 'secrets { name }'), change: call('createApplicationSecret', { applicationId, name: 'second' }) };
  },
  renameApplicationSecret: async () => {
    const applicationId = await newM2mApp();
    return { probe: appProbe(applicationId, 'secrets { name }'), change: call('renameApplicationSecret', { applicationId, name: 'Default secret', newName: 'renamed' }) };
  },
  deleteApplicationSecret: async () => {
    const applicationId = await newM2mApp();
    return { probe: appProbe(applicationId, 'secrets { name }'), change: call('deleteApplicationSecret', { applicationId, name: 'Default secret' }) };
  },
  replaceApplicationAccessControl: async () => {
    const [applicationId, userId] = await Promise.all([newM2mApp(), newUser()]);
    return { probe: appProbe(applicationId, 'accessControl { userIds }'), change: call('replaceApplicationAccessControl', { applicationId, userIds: [userId] }) };
  },
  assignApplicationUserConsentScopes: async () => {
    const applicationId = await newThirdPartyApp();
    return { probe: appProbe(applicationId, 'userConsentScopes { userScopes }'), change: call('assignApplicationUserConsentScopes', { applicationId, userScopes: ['email'] }) };
  },
  removeApplicationUserConsentScope: async () => {
    const applicationId = await newThirdPartyApp();
    await setup('assignApplicationUserConsentScopes', { applicationId, userScopes: ['email'] });
    return {
      probe: appProbe(applicationId, 'userConsentScopes { userScopes }'),
      change: call('removeApplicationUserConsentScope', { applicationId, kind: enumValue('USER_SCOPE'), scopeId: 'email' }),
    };
  },
  setApplicationSignInExperience: async () => {
    const applicationId = await newThirdPartyApp();
    return { probe: appProbe(applicationId, 'signInExperience { displayName }'), change: call('setApplicationSignInExperience', { applicationId, displayName: 'Branded' }) };
  },
  addApplicationUserConsentOrganizations: async () => {
    const { applicationId, userId, organizationId, probe: consentProbe } = await newConsent();
    return { probe: consentProbe, change: call('addApplicationUserConsentOrganizations', { applicationId, userId, organizationIds: [organizationId] }) };
  },
  replaceApplicationUserConsentOrganizations: async () => {
    const { applicationId, userId, organizationId, probe: consentProbe } = await newConsent();
    await setup('addApplicationUserConsentOrganizations', { applicationId, userId, organizationIds: [organizationId] });
    return { probe: consentProbe, change: call('replaceApplicationUserConsentOrganizations', { applicationId, userId, organizationIds: [] }) };
  },
  removeApplicationUserConsentOrganization: async () => {
    const { applicationId, userId, organizationId, probe: consentProbe } = await newConsent();
    await setup('addApplicationUserConsentOrganizations', { applicationId, userId, organizationIds: [organizationId] });
    return { probe: consentProbe, change: call('removeApplicationUserConsentOrganization', { applicationId, userId, organizationId }) };
  },
} satisfies Record<string, () => Promise<Case>>);

/** Mutations that need another stack, with where they are covered. */
const coveredElsewhere: Record<string, string> = {
  updateMe: 'needs a user token (AUTH_MODE=jwt): see "updateMe (a user token)" below',
  linkUserIdentityWithConnector: 'never succeeds on the sandbox (its connectors cannot verify a platform answer): test/mutations/user-security.test.ts',
  sendOrganizationInvitationMessage:
    'changes nothing Logto OSS can show: without an email connector it always answers `connector.not_found` (test/mutations/organization-screen.test.ts)',
  deleteApplicationLegacySecret:
    'OSS apps created through the API have no legacy secret (always a typed error); the sandbox state that has one: test/mutations/application-screen.test.ts',
  testHook: 'changes nothing in Logto (it sends sample deliveries): test/mutations/hooks.test.ts',
  rotateHookSigningKey: 'changes only the signing key, which no read field shows: test/mutations/hooks.test.ts',
  deleteHook: 'a deleted hook has no payload left to read it through: test/mutations/hooks.test.ts',
  // Bulk jobs change users after the mutation has answered, not inside the operation: test/jobs/.
  startUserImport: 'a job (test/jobs/user-import.test.ts)',
  startBulkRoleAssignment: 'a job (test/jobs/bulk-changes.test.ts)',
  startBulkOrganizationMembership: 'a job (test/jobs/bulk-changes.test.ts)',
  startBulkSuspension: 'a job (test/jobs/bulk-changes.test.ts)',
  startBulkDeletion: 'a job (test/jobs/bulk-changes.test.ts)',
  pauseBulkJob: 'a job control (test/jobs/bulk-changes.test.ts)',
  resumeBulkJob: 'a job control (test/jobs/bulk-changes.test.ts)',
  cancelBulkJob: 'a job control (test/jobs/bulk-changes.test.ts)',
};

describe('every mutation leaves nothing stale in its operation', () => {
  const mutationNames = Object.keys(buildSchema().getMutationType()!.getFields()).sort();

  it('has a case for every mutation in the schema', () => {
    expect(mutationNames.filter((name) => !(name in cases) && !(name in coveredElsewhere))).toEqual([]);
  });

  for (const name of mutationNames.filter((candidate) => candidate in cases)) {
    it(`${name}: a read after it, in the same operation, shows the new value`, async () => {
      const prepared = await cases[name]!();
      if ('unreachable' in prepared) {
        await run(`mutation { change: ${prepared.change} }`);
        return;
      }
      const data = await run(`mutation { before: ${prepared.probe} change: ${prepared.change} after: ${prepared.probe} }`);
      const fresh = await run(`mutation { after: ${prepared.probe} }`);
      expect(data.after).toEqual(fresh.after);
      // The probe reads something the mutation changed (else the case would prove nothing).
      expect(data.before).not.toEqual(data.after);
    });
  }

  it('addOrganizationMembers → updateUserPassword → addOrganizationMembers shows hasPassword: true', async () => {
    const { organizationId, userId } = await newMember();
    const data = await run(`mutation {
      before: ${probe.member(organizationId, userId)}
      change: ${call('updateUserPassword', { id: userId, password: PASSWORD })}
      after: ${probe.member(organizationId, userId)}
    }`);
    type Members = { members: { edges: { node: { logtoId: string; hasPassword: boolean } }[] } };
    const hasPassword = (result: Data[string]) => ({
      added: (result.users as { hasPassword: boolean }[])[0]!.hasPassword,
      member: (result.organization as Members).members.edges.find((edge) => edge.node.logtoId === userId)!.node.hasPassword,
    });
    expect(hasPassword(data.before!)).toEqual({ added: false, member: false });
    expect(hasPassword(data.after!)).toEqual({ added: true, member: true });
  });
});

describe('updateMe (a user token)', () => {
  let authStack: Stack;
  beforeAll(async () => {
    authStack = await startStack({ auth: true, sandbox: { users: 5 } });
  });
  afterAll(() => authStack.close());

  it('a read after it, in the same operation, shows the new value', async () => {
    const self = [...authStack.sandbox.store.users.values()][0]!;
    const token = authStack.mintToken({ sub: self.id, clientId: 'spaapp0000000000000001', scope: SCOPES.profile });
    const probeMe = `updateMe(input: { avatar: "https://example.com/probe.png" }) { user { logtoId name profile { nickname } } }`;
    const post = (operation: string) => authStack.post<Record<string, unknown>>(operation, {}, { authorization: `Bearer ${token}` });
    const response = await post(`mutation { before: ${probeMe} change: updateMe(input: { name: "${unique('Me')}", profile: { nickname: "me" } }) { user { logtoId } } after: ${probeMe} }`);
    expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
    const fresh = await post(`mutation { after: ${probeMe} }`);
    expect(response.body.data!.after).toEqual(fresh.body.data!.after);
    expect(response.body.data!.before).not.toEqual(response.body.data!.after);
  });
});

describe('every cache of a request is cleared by a write, by construction', () => {
  it('creates DataLoaders only through the request cache registry (src/loaders/request-caches.ts)', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const root = new URL('../../src/', import.meta.url);
    const files = (await readdir(root, { recursive: true })).filter((file) => file.endsWith('.ts') && !file.startsWith('sandbox'));
    const offenders: string[] = [];
    for (const file of files) {
      if (file === 'loaders/request-caches.ts') continue;
      if (/new DataLoader\b/.test(await readFile(new URL(file, root), 'utf8'))) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
