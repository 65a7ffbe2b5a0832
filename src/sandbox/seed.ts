import { Faker, base, en } from '@faker-js/faker';

import {
  INTERNAL_ADMIN_ROLE_NAME,
  MANAGEMENT_API_INDICATOR,
  MANAGEMENT_API_RESOURCE_ID,
  MANAGEMENT_API_SCOPE_ID,
  TENANT_ID,
} from './constants.js';
import { createIdGenerator, STANDARD_ID_LENGTH, USER_ID_LENGTH, type IdGenerator } from './ids.js';
import { createRandom } from './prng.js';
import type { ApplicationRow, LogRow, OrganizationRow, UserRow } from './rows.js';
import {
  APPLICATIONS,
  BROWSER_USER_AGENTS,
  DEPARTMENTS,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  INVITATIONS,
  LAST_NAMES,
  LOCALES,
  LOG_KEYS,
  MANAGEMENT_ROLE_NAME,
  ORGANIZATION_ROLES,
  ORGANIZATION_SCOPES,
  ORGANIZATIONS,
  PLANS,
  REGIONS,
  RESOURCES,
  ROLES,
  SANDBOX_APPLICATION_DESCRIPTION,
  SANDBOX_APPLICATION_NAME,
} from './seed-data.js';
import { SandboxStore } from './store.js';
import { seedConnectors } from './seed-connectors.js';
import { seedOrganizationExtras } from './seed-organization-extras.js';
import { seedUserSecurity } from './user-security-tables.js';

export const DEFAULT_SEED = 1;
export const DEFAULT_USERS = 1200;

/** The seeded timeline is fixed (not "now"), so every run with a seed answers identically. */
export const SEED_START = Date.UTC(2025, 0, 6, 9, 0, 0);
const DAY = 86_400_000;
const USERS_SPAN = 300 * DAY;
const AUDIT_LOGS = 2300;
/** Invitations expire far in the future so their computed status stays `Pending`. */
const INVITATION_EXPIRES_AT = Date.UTC(2030, 0, 1);

export type SeedOptions = {
  readonly seed: number;
  readonly users: number;
  readonly clientId: string;
  readonly clientSecret: string;
};

/**
 * Build the sandbox's data: deterministic for a seed, shaped like the recorded Logto instance.
 * Users follow the recorder's index rules (no username when index % 10 == 3, the three oldest have
 * passwords, newest first by `createdAt`), so recorded facts carry over.
 */
export function seedStore(options: SeedOptions): SandboxStore {
  const faker = new Faker({ locale: [en, base], seed: options.seed });
  const newId = createIdGenerator(() => faker.number.float());
  // Runtime ids (token audit logs, later writes) come from their own stream, seeded alike.
  const store = new SandboxStore(createIdGenerator(createRandom(options.seed ^ 0x5eed)));
  const scale = (count: number) =>
    options.users >= 1200 ? count : Math.round((count * options.users) / 1200);

  const scopeIds = seedResources(store, newId);
  const roleIds = seedRoles(store, newId, scopeIds);
  const users = seedUsers(store, faker, options.users);
  const appsByName = seedApplications(store, faker, newId, options);

  // Role ↔ user links: a random subset of the users for each user role.
  for (const role of ROLES) {
    const roleId = roleIds.get(role.name) as string;
    for (const user of faker.helpers.arrayElements(users, Math.min(users.length, scale(role.users ?? 0)))) {
      store.userRoles.add(user.id, roleId);
    }
    for (const appName of role.applications ?? []) {
      store.applicationRoles.add((appsByName.get(appName) as ApplicationRow).id, roleId);
    }
  }
  store.applicationRoles.add(options.clientId, roleIds.get(MANAGEMENT_ROLE_NAME) as string);

  const owners = seedOrganizations(store, faker, newId, users, scale, scopeIds);
  store.organizationApplications.add(
    [...store.organizations.values()].find((org) => org.name === 'Acme Corp')?.id as string,
    (appsByName.get('Inventory Sync Worker') as ApplicationRow).id,
  );
  seedInvitations(store, newId, owners);
  seedLogs(store, faker, newId, users, [...appsByName.values()]);
  seedConnectors(store);
  seedOrganizationExtras(store, SEED_START - 5 * DAY);
  seedUserSecurity(
    store.userSecurity,
    users.slice(0, 3),
    { firstParty: appsByName.get('Customer Portal') as ApplicationRow, thirdParty: appsByName.get('Example Analytics (third party)') as ApplicationRow },
    SEED_START + USERS_SPAN,
  );
  return store;
}

function seedResources(store: SandboxStore, newId: IdGenerator): Map<string, string> {
  const scopeIdsByName = new Map<string, string>();
  store.resources.set(MANAGEMENT_API_RESOURCE_ID, {
    tenantId: TENANT_ID,
    id: MANAGEMENT_API_RESOURCE_ID,
    name: 'Logto Management API',
    indicator: MANAGEMENT_API_INDICATOR,
    isDefault: false,
    accessTokenTtl: 3600,
  });
  store.scopes.set(MANAGEMENT_API_SCOPE_ID, {
    tenantId: TENANT_ID,
    id: MANAGEMENT_API_SCOPE_ID,
    resourceId: MANAGEMENT_API_RESOURCE_ID,
    name: 'all',
    description: 'Default scope for Management API, allows all permissions.',
    createdAt: SEED_START - 40 * DAY,
  });
  let createdAt = SEED_START - 30 * DAY;
  for (const resource of RESOURCES) {
    const id = newId();
    store.resources.set(id, {
      tenantId: TENANT_ID,
      id,
      name: resource.name,
      indicator: resource.indicator,
      isDefault: false,
      accessTokenTtl: resource.accessTokenTtl,
    });
    for (const [name, description] of resource.scopes) {
      const scopeId = newId();
      createdAt += 15;
      store.scopes.set(scopeId, { tenantId: TENANT_ID, id: scopeId, resourceId: id, name, description, createdAt });
      scopeIdsByName.set(name, scopeId);
    }
  }
  return scopeIdsByName;
}

function seedRoles(store: SandboxStore, newId: IdGenerator, scopeIds: Map<string, string>): Map<string, string> {
  const roleIds = new Map<string, string>();
  const addRole = (name: string, description: string, type: 'User' | 'MachineToMachine') => {
    const id = newId();
    store.roles.set(id, { tenantId: TENANT_ID, id, name, description, type, isDefault: false });
    roleIds.set(name, id);
    return id;
  };
  // Created with the tenant, before anything seeded: first in heap order, as recorded.
  const managementRoleId = addRole(
    MANAGEMENT_ROLE_NAME,
    'This default role grants access to the Logto management API.',
    'MachineToMachine',
  );
  store.roleScopes.add(managementRoleId, MANAGEMENT_API_SCOPE_ID);
  addRole(INTERNAL_ADMIN_ROLE_NAME, 'Internal admin role for Logto tenant.', 'MachineToMachine');
  for (const role of ROLES) {
    const id = addRole(role.name, role.description, role.type);
    for (const scope of role.scopes) store.roleScopes.add(id, scopeIds.get(scope) as string);
  }
  return roleIds;
}

function asciiSlug(value: string): string {
  return value
    .replaceAll('ø', 'o')
    .normalize('NFD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}

function seedUsers(store: SandboxStore, faker: Faker, count: number): UserRow[] {
  const users: UserRow[] = [];
  const spacing = count > 0 ? Math.max(1, Math.floor(USERS_SPAN / count)) : 0;
  const seedEnd = SEED_START + USERS_SPAN;
  const domains = EMAIL_DOMAINS.map(([value, weight]) => ({ value, weight }));
  for (let index = 0; index < count; index += 1) {
    const first = faker.helpers.arrayElement(FIRST_NAMES);
    const last = faker.helpers.arrayElement(LAST_NAMES);
    const slug = `${asciiSlug(first)}_${asciiSlug(last)}_${index}`;
    const createdAt = SEED_START + index * spacing;
    const signedIn = index % 3 !== 2;
    const lastSignInAt = signedIn
      ? Math.min(seedEnd, createdAt + faker.number.int({ min: 3_600_000, max: 30 * DAY }))
      : null;
    const isSuspended = index % 37 === 7;
    const customData: Record<string, unknown> =
      index % 5 === 0
        ? {
            plan: PLANS[Math.floor(index / 5) % PLANS.length],
            ...(index % 10 === 0 ? { tags: ['beta', 'newsletter'] } : {}),
            department: faker.helpers.arrayElement(DEPARTMENTS),
            employeeId: `E${10_000 + index}`,
          }
        : {};
    const profile: UserRow['profile'] =
      index % 8 === 1
        ? {
            familyName: last,
            givenName: first,
            ...(index % 16 === 1 ? { nickname: asciiSlug(first) } : {}),
            locale: faker.helpers.arrayElement(LOCALES),
          }
        : {};
    const identities: UserRow['identities'] =
      index % 17 === 5
        ? {
            github: {
              userId: String(faker.number.int({ min: 100_000, max: 99_999_999 })),
              details: { id: String(index), name: `${first} ${last}`, email: `${slug.replaceAll('_', '.')}@users.noreply.github.com` },
            },
          }
        : index % 23 === 7
          ? { google: { userId: faker.string.numeric(21), details: { email: `${slug.replaceAll('_', '.')}@gmail.com` } } }
          : {};
    const user: UserRow = {
      id: faker.string.fromCharacters('0123456789abcdefghijklmnopqrstuvwxyz', USER_ID_LENGTH),
      username: index % 10 === 3 ? null : slug,
      primaryEmail:
        index % 11 === 4 ? null : `${slug.replaceAll('_', '.')}@${faker.helpers.weightedArrayElement(domains)}`,
      primaryPhone:
        index % 6 === 0
          ? `1415555${String(index % 10_000).padStart(4, '0')}`
          : index % 6 === 3
            ? `44207940${String(index % 10_000).padStart(4, '0')}`
            : null,
      name: index % 13 === 6 ? null : `${first} ${last}`,
      avatar: index % 9 === 2 ? `https://example.com/avatars/${index}.png` : null,
      customData,
      identities,
      lastSignInAt,
      createdAt,
      updatedAt: Math.max(createdAt, lastSignInAt ?? 0, isSuspended ? createdAt + 11_000 : 0),
      profile,
      applicationId: null,
      cimdClientId: null,
      isSuspended,
      hasPassword: index < 3,
    };
    store.addUser(user);
    users.push(user);
  }
  return users;
}

function seedApplications(
  store: SandboxStore,
  faker: Faker,
  newId: IdGenerator,
  options: SeedOptions,
): Map<string, ApplicationRow> {
  const byName = new Map<string, ApplicationRow>();
  const addApplication = (row: ApplicationRow, secret: string | undefined) => {
    store.applications.set(row.id, row);
    byName.set(row.name, row);
    if (secret !== undefined) {
      store.applicationSecrets.set(row.id, [
        { tenantId: TENANT_ID, applicationId: row.id, name: 'Default secret', value: secret, createdAt: row.createdAt + 1, expiresAt: null },
      ]);
    }
  };
  // The app whose credentials the sandbox accepts; created with the tenant, before the seed.
  addApplication(
    {
      tenantId: TENANT_ID,
      id: options.clientId,
      name: SANDBOX_APPLICATION_NAME,
      description: SANDBOX_APPLICATION_DESCRIPTION,
      type: 'MachineToMachine',
      oidcClientMetadata: { redirectUris: [], postLogoutRedirectUris: [] },
      customClientMetadata: {},
      protectedAppMetadata: null,
      customData: {},
      isThirdParty: false,
      appLevelAccessControlEnabled: false,
      createdAt: SEED_START - 40 * DAY,
    },
    options.clientSecret,
  );
  let createdAt = SEED_START - 20 * DAY;
  for (const app of APPLICATIONS) {
    createdAt += 9_000;
    const id = newId();
    const hasSecret = app.type === 'MachineToMachine' || app.type === 'Traditional' || app.type === 'Protected';
    addApplication(
      {
        tenantId: TENANT_ID,
        id,
        name: app.name,
        description: app.description,
        type: app.type,
        oidcClientMetadata: {
          redirectUris: [...(app.redirectUris ?? [])],
          postLogoutRedirectUris: [...(app.postLogoutRedirectUris ?? [])],
        },
        customClientMetadata: {},
        protectedAppMetadata: app.protectedApp
          ? { host: app.protectedApp.host, origin: app.protectedApp.origin, sessionDuration: 1_209_600, pageRules: [{ path: '^/private' }] }
          : null,
        customData: {},
        isThirdParty: app.isThirdParty ?? false,
        appLevelAccessControlEnabled: false,
        createdAt,
      },
      hasSecret ? faker.string.alphanumeric(32) : undefined,
    );
  }
  return byName;
}

/** Returns each organization's owner, the inviter of its invitations. */
function seedOrganizations(
  store: SandboxStore,
  faker: Faker,
  newId: IdGenerator,
  users: readonly UserRow[],
  scale: (count: number) => number,
  resourceScopeIds: Map<string, string>,
): Map<string, string | undefined> {
  const scopeIds = new Map<string, string>();
  for (const [name, description] of ORGANIZATION_SCOPES) {
    const id = newId();
    store.organizationScopes.set(id, { tenantId: TENANT_ID, id, name, description });
    scopeIds.set(name, id);
  }
  const roleIds = new Map<string, string>();
  for (const role of ORGANIZATION_ROLES) {
    const id = newId();
    store.organizationRoles.set(id, { tenantId: TENANT_ID, id, name: role.name, description: role.description, type: 'User' });
    roleIds.set(role.name, id);
    for (const scope of role.scopes) store.organizationRoleScopes.add(id, scopeIds.get(scope) as string);
    for (const scope of role.resourceScopes) store.organizationRoleResourceScopes.add(id, resourceScopeIds.get(scope) as string);
  }
  const role = (name: string) => roleIds.get(name) as string;

  const owners = new Map<string, string | undefined>();
  let createdAt = SEED_START - 10 * DAY;
  ORGANIZATIONS.forEach(([name, members], index) => {
    createdAt += 40_000;
    const id = faker.string.fromCharacters('0123456789abcdefghijklmnopqrstuvwxyz', USER_ID_LENGTH);
    const organization: OrganizationRow = {
      tenantId: TENANT_ID,
      id,
      name,
      description: `${name} workspace`,
      customData: { plan: PLANS[index % PLANS.length], seats: 10 + 5 * index, region: REGIONS[index % REGIONS.length] },
      isMfaRequired: index % 5 === 0,
      color: {},
      branding: {},
      customCss: null,
      createdAt,
    };
    store.organizations.set(id, organization);
    const chosen = faker.helpers.arrayElements(users, Math.min(users.length, scale(members)));
    chosen.forEach((user, position) => {
      store.organizationUsers.add(id, user.id);
      const roleName = memberRoleName(position, name === 'Acme Corp', faker.number.float());
      if (roleName) store.organizationUserRoles.add(id, user.id, role(roleName));
    });
    owners.set(name, chosen[0]?.id);
  });
  return owners;
}

/**
 * The organization role of the member chosen `position`-th: one owner per organization, exactly
 * three admins in Acme Corp (as recorded), otherwise mostly members and about one in ten without
 * a role (846 of 923 memberships had one in the recorded instance).
 */
function memberRoleName(position: number, isAcme: boolean, roll: number): string | undefined {
  if (position === 0) return 'owner';
  if (isAcme) {
    if (position <= 3) return 'admin';
    return roll < 0.8 ? 'member' : roll < 0.92 ? 'viewer' : undefined;
  }
  if (roll < 0.04) return 'admin';
  if (roll < 0.07) return 'billing';
  return roll < 0.77 ? 'member' : roll < 0.91 ? 'viewer' : undefined;
}

function seedInvitations(store: SandboxStore, newId: IdGenerator, owners: Map<string, string | undefined>): void {
  const organizationIds = new Map([...store.organizations.values()].map((org) => [org.name, org.id]));
  const roleIds = new Map([...store.organizationRoles.values()].map((role) => [role.name, role.id]));
  let createdAt = SEED_START + USERS_SPAN + DAY;
  for (const invitation of INVITATIONS) {
    createdAt += 25_000;
    const id = newId();
    store.invitations.set(id, {
      tenantId: TENANT_ID,
      id,
      inviterId: owners.get(invitation.organization) ?? null,
      invitee: invitation.invitee,
      acceptedUserId: null,
      organizationId: organizationIds.get(invitation.organization) as string,
      status: invitation.status,
      createdAt,
      updatedAt: invitation.status === 'Pending' ? createdAt : createdAt + 16,
      expiresAt: INVITATION_EXPIRES_AT,
    });
    for (const roleName of invitation.roles) store.invitationRoles.add(id, roleIds.get(roleName) as string);
  }
}

function seedLogs(
  store: SandboxStore,
  faker: Faker,
  newId: IdGenerator,
  users: readonly UserRow[],
  applications: readonly ApplicationRow[],
): void {
  const keys = LOG_KEYS.map(([value, weight]) => ({ value, weight }));
  const userFacingApps = applications.filter((app) => app.type === 'SPA' || app.type === 'Native' || app.type === 'Traditional');
  const machineApps = applications.filter((app) => app.type === 'MachineToMachine');
  const resourceIndicators = [...store.resources.values()].map((resource) => resource.indicator);
  const spacing = Math.floor((USERS_SPAN + 20 * DAY) / AUDIT_LOGS);
  for (let index = 0; index < AUDIT_LOGS * 1.04; index += 1) {
    const createdAt = SEED_START + index * spacing + faker.number.int({ max: Math.floor(spacing / 2) });
    const key = faker.helpers.weightedArrayElement(keys);
    const failed = faker.number.float() < 0.08;
    // Only users who existed by then act in a log.
    const existing = users.length === 0 ? 0 : Math.min(users.length, Math.floor(((createdAt - SEED_START) / USERS_SPAN) * users.length) + 1);
    const user = existing > 0 ? users[faker.number.int({ max: existing - 1 })] : undefined;
    const payload: LogRow['payload'] = { key, result: failed ? 'Error' : 'Success' };
    if (key === 'ExchangeTokenBy.ClientCredentials') {
      const app = faker.helpers.arrayElement(machineApps);
      const resource = faker.helpers.arrayElement(resourceIndicators);
      Object.assign(payload, {
        ip: faker.internet.ipv4(),
        userAgent: 'node',
        applicationId: app.id,
        params: { grant_type: 'client_credentials', resource, scope: 'all' },
        tokenTypes: failed ? [] : ['AccessToken'],
        ...(failed
          ? { error: JSON.stringify({ message: 'invalid_client', error: 'invalid_client', error_description: 'client authentication failed', status: 401 }) }
          : {}),
      });
    } else if (key === 'TriggerHook.PostSignIn') {
      Object.assign(payload, {
        hookId: 'seedhook0000000000001',
        hookRequest: { body: { event: 'PostSignIn', userId: user?.id } },
        response: { statusCode: failed ? 500 : 200 },
      });
    } else {
      const app = faker.helpers.arrayElement(userFacingApps);
      const session = newId(STANDARD_ID_LENGTH);
      Object.assign(payload, {
        ip: faker.internet.ipv4(),
        userAgent: faker.helpers.arrayElement(BROWSER_USER_AGENTS),
        ...(user ? { userId: user.id } : {}),
        applicationId: app.id,
        sessionId: session,
        ...(key.startsWith('Interaction.')
          ? { interactionId: `interaction-${Math.floor(index / 4)}`, interactionEvent: key.includes('Register') ? 'Register' : 'SignIn' }
          : {}),
        ...(failed ? { error: JSON.stringify({ code: 'session.invalid_credentials', message: 'Wrong account or password.' }) } : {}),
      });
    }
    store.addLog({ tenantId: TENANT_ID, id: newId(), key, payload, createdAt });
  }
}
