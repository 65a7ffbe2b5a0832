import { describe, expect } from 'vitest';

import { type Scope, SCOPES } from '../../src/auth/scopes.js';
import { applicationScreen } from '../../src/sandbox/application-screen-store.js';
import { type Stack, upstreamDuring } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

/**
 * An application's screen read through GraphQL over HTTP: the organizations an M2M app is in,
 * secrets without values, consent scopes and organizations of a third-party app, its sign-in
 * branding and access control — each field's permission and the upstream requests it costs.
 */

const test = stackTest({ auth: true, sandbox: { users: 40 } });
const ALL: Scope[] = [SCOPES.readApplications, SCOPES.readApplicationsSensitive, SCOPES.readOrganizations, SCOPES.readResources, SCOPES.readRoles];
const as = (stack: Stack, ...scope: Scope[]) => ({ authorization: `Bearer ${stack.mintToken({ scope })}` });
const appId = (stack: Stack, name: string) => [...stack.sandbox.store.applications.values()].find((app) => app.name === name)!.id;

type Cost = { estimatedUpstreamRequests: number; upstreamRequests: number };

async function read<T>(stack: Stack, query: string, variables: Record<string, unknown>, scopes: Scope[] = ALL) {
  const { result, requests } = await upstreamDuring(stack, () => stack.post<T>(query, variables, as(stack, ...scopes)));
  const cost = result.body.extensions?.cost as Cost;
  // The estimate made before execution is an upper bound of what execution asked Logto.
  expect(cost.estimatedUpstreamRequests).toBeGreaterThanOrEqual(cost.upstreamRequests);
  return { data: result.body.data, errors: result.body.errors, requests, cost };
}

describe('Application.organizations', () => {
  test('lists the organizations of an M2M app with its organization roles there, as a connection with totalCount, in one request', async ({ stack }) => {
    const { store } = stack.sandbox;
    const id = appId(stack, 'Inventory Sync Worker');
    const acme = [...store.organizations.values()].find((org) => org.name === 'Acme Corp')!.id;
    const billing = [...store.organizationRoles.values()].find((role) => role.name === 'billing')!.id;
    store.organizationApplicationRoles.add(acme, id, billing);
    const { data, requests } = await read<{ application: { organizations: { totalCount: number; edges: { node: { name: string }; organizationRoles: { name: string }[] }[] } } }>(
      stack,
      'query($id: ID!) { application(id: $id) { organizations(first: 10) { totalCount edges { node { name } organizationRoles { name } } } } }',
      { id },
    );
    expect(data?.application.organizations).toEqual({ totalCount: 1, edges: [{ node: { name: 'Acme Corp' }, organizationRoles: [{ name: 'billing' }] }] });
    expect(requests.filter((request) => request.path.endsWith('/organizations'))).toEqual([
      expect.objectContaining({ path: `/api/applications/${id}/organizations`, status: 200 }),
    ]);
  });

  test('needs read:organizations', async ({ stack }) => {
    const { data, errors, requests } = await read<{ application: { organizations: unknown } }>(
      stack,
      'query($id: ID!) { application(id: $id) { name organizations(first: 1) { totalCount } } }',
      { id: appId(stack, 'Inventory Sync Worker') },
      [SCOPES.readApplications],
    );
    expect(data?.application.organizations).toBeNull();
    expect(errors?.[0]).toMatchObject({ path: ['application', 'organizations'], extensions: { code: 'FORBIDDEN' } });
    expect(requests.some((request) => request.path.endsWith('/organizations'))).toBe(false);
  });
});

describe('Application.secrets', () => {
  test('shows names and dates, never values; public apps cost nothing; read:applications:sensitive only', async ({ stack }) => {
    const id = appId(stack, 'Reporting Cron');
    const { data, requests } = await read<{ application: { secrets: { name: string; expiresAt: string | null }[] } }>(
      stack,
      'query($id: ID!) { application(id: $id) { secrets { name createdAt expiresAt } } }',
      { id },
    );
    expect(data?.application.secrets).toEqual([expect.objectContaining({ name: 'Default secret', expiresAt: null })]);
    expect(requests.map(({ path }) => path)).toContain(`/api/applications/${id}/secrets`);
    const value = stack.sandbox.store.applicationSecrets.get(id)![0]!.value;
    expect(JSON.stringify(data)).not.toContain(value);

    const spa = await read<{ application: { secrets: unknown[] } }>(stack, 'query($id: ID!) { application(id: $id) { secrets { name } } }', { id: appId(stack, 'Customer Portal') });
    expect(spa.data?.application.secrets).toEqual([]);
    expect(spa.requests.some((request) => request.path.endsWith('/secrets'))).toBe(false);

    const refused = await read<{ application: { secrets: unknown } }>(stack, 'query($id: ID!) { application(id: $id) { secrets { name } } }', { id }, [SCOPES.readApplications]);
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});

describe('a third-party application', () => {
  test('shows the consent scopes it asks for, its sign-in branding and one user’s consented organizations', async ({ stack }) => {
    const { store } = stack.sandbox;
    const id = appId(stack, 'Example Analytics (third party)');
    const [userId] = [...applicationScreen(store).consentOrganizationUsers(id)];
    const { data, errors, requests, cost } = await read<{
      application: {
        userConsentScopes: { organizationScopes: { name: string }[]; resourceScopes: { resource: { name: string }; scopes: { name: string }[] }[]; userScopes: string[] };
        signInExperience: { displayName: string; primaryColor: string };
        userConsentOrganizations: { totalCount: number; nodes: { name: string }[] };
      };
    }>(
      stack,
      `query($id: ID!, $userId: ID!) { application(id: $id) {
        userConsentScopes { organizationScopes { name } resourceScopes { resource { name } scopes { name } } userScopes }
        signInExperience { displayName primaryColor }
        userConsentOrganizations(userId: $userId, first: 5) { totalCount nodes { name } }
      } }`,
      { id, userId },
    );
    expect(errors).toBeUndefined();
    expect(data?.application.userConsentScopes.organizationScopes.map((scope) => scope.name).sort()).toEqual(['read:members', 'view:projects']);
    const seeded = [...applicationScreen(store).consentScopes(id).resourceScopes].map((scopeId) => {
      const scope = store.scopes.get(scopeId)!;
      return `${store.resources.get(scope.resourceId)!.name}/${scope.name}`;
    });
    expect(seeded).toContain('Inventory API/read:items');
    expect(data?.application.userConsentScopes.resourceScopes.flatMap((group) => group.scopes.map((scope) => `${group.resource.name}/${scope.name}`)).sort()).toEqual(seeded.sort());
    expect(data?.application.userConsentScopes.userScopes).toEqual(['email', 'profile', 'urn:logto:scope:organizations']);
    expect(data?.application.signInExperience).toEqual({ displayName: 'Example Analytics', primaryColor: '#0b6e4f' });
    expect(data?.application.userConsentOrganizations).toEqual({ totalCount: 1, nodes: [{ name: 'Acme Corp' }] });
    // The app by id (one id: its GET), then its three routes, then one whole list each for organization scopes, resources and their scopes.
    expect(requests.map((request) => request.path).sort()).toEqual(
      [
        `/api/applications/${id}`,
        `/api/applications/${id}/user-consent-scopes`,
        `/api/applications/${id}/sign-in-experience`,
        `/api/applications/${id}/users/${userId}/consent-organizations`,
        '/api/organization-scopes',
        '/api/resources',
        '/api/resources',
      ].sort(),
    );
    expect(cost).toMatchObject({ upstreamRequests: 7, estimatedUpstreamRequests: 7 });
  });

  test('a first-party app has no branding of its own (null) and no consented organizations, asked without a request', async ({ stack }) => {
    const { data, requests } = await read<{ application: { signInExperience: unknown; userConsentOrganizations: { totalCount: number } } }>(
      stack,
      'query($id: ID!, $userId: ID!) { application(id: $id) { signInExperience { displayName } userConsentOrganizations(userId: $userId, first: 5) { totalCount } } }',
      { id: appId(stack, 'Customer Portal'), userId: stack.sandbox.store.usersNewestFirst()[0]!.id },
    );
    expect(data?.application).toEqual({ signInExperience: null, userConsentOrganizations: { totalCount: 0 } });
    expect(requests.some((request) => request.path.includes('consent-organizations'))).toBe(false);
  });
});

describe('Application.accessControl', () => {
  test('answers global ids of who may sign in; needs read:applications:sensitive', async ({ stack }) => {
    const id = appId(stack, 'Admin Dashboard');
    const userId = stack.sandbox.store.usersNewestFirst()[0]!.id;
    applicationScreen(stack.sandbox.store).accessControl.set(id, { userIds: [userId], userRoleIds: [], organizationIds: [], organizationRoleRules: [] });
    const { data } = await read<{ application: { accessControl: { userIds: string[]; organizationRoleRules: unknown[] } } }>(
      stack,
      'query($id: ID!) { application(id: $id) { accessControl { userIds userRoleIds organizationIds organizationRoleRules { organizationId } } } }',
      { id },
    );
    expect(data?.application.accessControl).toEqual({ userIds: [Buffer.from(`User:${userId}`).toString('base64')], userRoleIds: [], organizationIds: [], organizationRoleRules: [] });
    const refused = await read<{ application: { accessControl: unknown } }>(stack, 'query($id: ID!) { application(id: $id) { accessControl { userIds } } }', { id }, [SCOPES.readApplications]);
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(refused.requests.some((request) => request.path.endsWith('/access-control'))).toBe(false);
  });
});
