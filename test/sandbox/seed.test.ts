import { describe, expect, it } from 'vitest';

import { seedStore } from '../../src/sandbox/seed.js';
import { INTERNAL_ROLE_PREFIX } from '../../src/sandbox/constants.js';

const options = { seed: 1, users: 1200, clientId: 'sandboxm2mclient00001', clientSecret: 'secret' };

describe('the seed', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const first = seedStore(options);
    const again = seedStore(options);
    const other = seedStore({ ...options, seed: 2 });
    const snapshot = (store: ReturnType<typeof seedStore>) =>
      JSON.stringify([[...store.users.values()], [...store.roles.values()], store.logsNewestFirst(), [...store.organizations.values()]]);
    expect(snapshot(again)).toBe(snapshot(first));
    expect([...other.users.keys()]).not.toEqual([...first.users.keys()]);
  });

  it('seeds 1,200 users and 2,000+ logs', () => {
    const store = seedStore(options);
    expect(store.users.size).toBe(1200);
    expect(store.logsNewestFirst().filter((log) => !log.key.startsWith('TriggerHook')).length).toBeGreaterThanOrEqual(2000);
  });

  it('follows the recorded instance’s user rules', () => {
    const store = seedStore(options);
    const users = [...store.users.values()];
    users.forEach((user, index) => {
      expect(user.id).toMatch(/^[0-9a-z]{12}$/);
      expect(user.username === null).toBe(index % 10 === 3);
      expect(user.hasPassword).toBe(index < 3);
      if (index > 0) expect(user.createdAt).toBeGreaterThan(users[index - 1]?.createdAt ?? 0);
    });
    const suspended = users.filter((user) => user.isSuspended).length;
    expect(suspended).toBeGreaterThan(20);
    expect(suspended).toBeLessThan(50);
    expect(users.some((user) => user.primaryPhone)).toBe(true);
    expect(users.some((user) => Object.keys(user.customData).length > 0)).toBe(true);
    expect(users.some((user) => Object.keys(user.profile).length > 0)).toBe(true);
    expect(users.some((user) => Object.keys(user.identities).length > 0)).toBe(true);
  });

  it('models the recorded roles, resources, applications and organizations', () => {
    const store = seedStore(options);
    const roles = [...store.roles.values()];
    expect(roles.filter((role) => !role.name.startsWith(INTERNAL_ROLE_PREFIX))).toHaveLength(16);
    expect(roles.filter((role) => role.type === 'User')).toHaveLength(12);
    expect(store.userRoles.size).toBeGreaterThan(900);
    for (const role of roles) expect(role.id).toMatch(/^[0-9a-z]{21}$/);

    expect([...store.resources.values()].map((resource) => resource.name)).toEqual([
      'Logto Management API',
      'Inventory API',
      'Billing API',
      'Analytics API',
    ]);
    const types = new Set([...store.applications.values()].map((app) => app.type));
    expect(types).toEqual(new Set(['SPA', 'Traditional', 'Native', 'MachineToMachine', 'Protected', 'SAML']));
    expect([...store.applications.values()].some((app) => app.isThirdParty)).toBe(true);
    expect(store.applications.get(options.clientId)?.type).toBe('MachineToMachine');

    const organizations = [...store.organizations.values()];
    expect(organizations).toHaveLength(25);
    const acme = organizations.find((org) => org.name === 'Acme Corp');
    expect(store.organizationUsers.rightsOf(acme?.id ?? '').size).toBe(320);
    expect(store.organizationUsers.size).toBe(923);
    expect(store.organizationUserRoles.size).toBeGreaterThan(800);
    // The recorded five, plus the MachineToMachine role of the seeded M2M member (seed-organization-extras.ts).
    expect(store.organizationRoles.size).toBe(6);
    expect(store.organizationScopes.size).toBe(6);
    expect(store.invitations.size).toBe(6);
  });

  it('takes the user count from the options', () => {
    const store = seedStore({ ...options, users: 1500 });
    expect(store.users.size).toBe(1500);
    const acme = [...store.organizations.values()].find((org) => org.name === 'Acme Corp');
    expect(store.organizationUsers.rightsOf(acme?.id ?? '').size).toBe(320);
    const small = seedStore({ ...options, users: 40 });
    expect(small.users.size).toBe(40);
    expect(small.organizationUsers.size).toBeLessThanOrEqual(40 * 25);
  });
});
