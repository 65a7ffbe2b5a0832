import { describe, expect } from 'vitest';

import { type Scope, SCOPES } from '../../src/auth/scopes.js';
import { applicationScreen } from '../../src/sandbox/application-screen-store.js';
import { mutate, payload } from '../helpers/mutations.js';
import type { Stack } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

/**
 * A third-party application's consent scopes, the organizations a user shares with it and its
 * sign-in branding, written through GraphQL over HTTP: what Logto stores, typed errors
 * (first-party apps, non-members, Management API scopes), permissions and upstream counts.
 */

const test = stackTest({ auth: true, sandbox: { users: 40 } });
const as = (stack: Stack, ...scope: Scope[]) => ({ authorization: `Bearer ${stack.mintToken({ scope })}` });
const writer = (stack: Stack) => as(stack, SCOPES.writeApplications, SCOPES.readApplications, SCOPES.readOrganizations, SCOPES.readResources);
const appId = (stack: Stack, name: string) => [...stack.sandbox.store.applications.values()].find((app) => app.name === name)!.id;
const named = <T extends { id: string; name: string }>(rows: Iterable<T>, name: string) => [...rows].find((row) => row.name === name)!.id;
const writes = (call: { requests: { method: string; path: string }[] }) => call.requests.filter(({ method }) => method !== 'GET').map(({ method, path }) => `${method} ${path}`);

describe('user consent scopes', () => {
  test('adds organization, resource and user scopes in one POST, then removes one by kind', async ({ stack }) => {
    const { store } = stack.sandbox;
    const id = appId(stack, 'Partner Widget (third party)');
    const readMembers = named(store.organizationScopes.values(), 'read:members');
    const readItems = named(store.scopes.values(), 'read:items');
    const call = await mutate(
      stack,
      'assignApplicationUserConsentScopes',
      { applicationId: id, organizationScopeIds: [readMembers], resourceScopeIds: [readItems], userScopes: ['email', 'profile'] },
      '... on AssignApplicationUserConsentScopesPayload { application { userConsentScopes { organizationScopes { name } resourceScopes { resource { name } scopes { name } } userScopes } } }',
      writer(stack),
    );
    expect(call.errors).toBeUndefined();
    expect(payload<{ application: { userConsentScopes: unknown } }>(call).application.userConsentScopes).toEqual({
      organizationScopes: [{ name: 'read:members' }],
      resourceScopes: [{ resource: { name: 'Inventory API' }, scopes: [{ name: 'read:items' }] }],
      userScopes: ['email', 'profile'],
    });
    expect(writes(call)).toEqual([`POST /api/applications/${id}/user-consent-scopes`]);

    const removed = await mutate(stack, 'removeApplicationUserConsentScope', { applicationId: id, kind: 'USER_SCOPE', scopeId: 'email' }, '', writer(stack));
    expect(removed.result).toMatchObject({ __typename: 'RemoveApplicationUserConsentScopePayload' });
    expect(writes(removed)).toEqual([`DELETE /api/applications/${id}/user-consent-scopes/user-scopes/email`]);
    expect([...applicationScreen(store).consentScopes(id).userScopes]).toEqual(['profile']);
    const again = await mutate(stack, 'removeApplicationUserConsentScope', { applicationId: id, kind: 'USER_SCOPE', scopeId: 'email' }, '', writer(stack));
    expect(again.result).toMatchObject({ __typename: 'NotFoundError', field: 'scopeId', logtoCode: 'entity.not_found' });
  });

  test('refuses a first-party app, Management API scopes and unknown user scopes (the last before any request)', async ({ stack }) => {
    const firstParty = await mutate(stack, 'assignApplicationUserConsentScopes', { applicationId: appId(stack, 'Customer Portal'), userScopes: ['email'] }, '', writer(stack));
    expect(firstParty.result).toMatchObject({ __typename: 'ValidationError', field: 'applicationId', logtoCode: 'application.third_party_application_only' });
    const management = await mutate(stack, 'assignApplicationUserConsentScopes', { applicationId: appId(stack, 'Partner Widget (third party)'), resourceScopeIds: ['management-api-all'] }, '', writer(stack));
    expect(management.result).toMatchObject({ __typename: 'ValidationError', logtoCode: 'application.consent_management_api_scopes_not_allowed' });
    const unknown = await mutate(stack, 'assignApplicationUserConsentScopes', { applicationId: appId(stack, 'Partner Widget (third party)'), userScopes: ['everything'] }, '', writer(stack));
    expect(unknown.result).toMatchObject({ __typename: 'ValidationError', field: 'userScopes.0' });
    expect(unknown.requests).toEqual([]);
  });

  test('needs write:applications', async ({ stack }) => {
    const call = await mutate(stack, 'assignApplicationUserConsentScopes', { applicationId: appId(stack, 'Partner Widget (third party)'), userScopes: ['email'] }, '', as(stack, SCOPES.readApplications));
    expect(call.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(call.requests).toEqual([]);
  });
});

describe('consent organizations', () => {
  test('add (members only), replace and remove, one write each; the payload lists what the user now shares', async ({ stack }) => {
    const { store } = stack.sandbox;
    const id = appId(stack, 'Partner Widget (third party)');
    const acme = named(store.organizations.values(), 'Acme Corp');
    const globex = named(store.organizations.values(), 'Globex');
    const userId = [...store.organizationUsers.rightsOf(acme)][0]!;
    store.organizationUsers.add(globex, userId);
    const outsider = [...store.organizations.values()].find((org) => !store.organizationUsers.has(org.id, userId))!.id;
    const select = (name: string) => `... on ${name} { organizations(first: 10) { totalCount nodes { name } } }`;

    const added = await mutate(stack, 'addApplicationUserConsentOrganizations', { applicationId: id, userId, organizationIds: [acme, globex] }, select('AddApplicationUserConsentOrganizationsPayload'), writer(stack));
    expect(added.errors, JSON.stringify(added.result)).toBeUndefined();
    expect(payload<{ organizations: { totalCount: number } }>(added).organizations.totalCount).toBe(2);
    expect(writes(added)).toEqual([`POST /api/applications/${id}/users/${userId}/consent-organizations`]);

    const replaced = await mutate(stack, 'replaceApplicationUserConsentOrganizations', { applicationId: id, userId, organizationIds: [globex] }, select('ReplaceApplicationUserConsentOrganizationsPayload'), writer(stack));
    expect(replaced.result).toMatchObject({ organizations: { totalCount: 1, nodes: [{ name: 'Globex' }] } });

    const removed = await mutate(stack, 'removeApplicationUserConsentOrganization', { applicationId: id, userId, organizationId: globex }, select('RemoveApplicationUserConsentOrganizationPayload'), writer(stack));
    expect(removed.result).toMatchObject({ organizations: { totalCount: 0 } });
    expect(writes(removed)).toEqual([`DELETE /api/applications/${id}/users/${userId}/consent-organizations/${globex}`]);

    const nonMember = await mutate(stack, 'addApplicationUserConsentOrganizations', { applicationId: id, userId, organizationIds: [outsider] }, '', writer(stack));
    expect(nonMember.result).toMatchObject({ __typename: 'ValidationError', field: 'organizationIds', logtoCode: 'organization.require_membership' });
    const firstParty = await mutate(stack, 'addApplicationUserConsentOrganizations', { applicationId: appId(stack, 'Customer Portal'), userId, organizationIds: [acme] }, '', writer(stack));
    expect(firstParty.result).toMatchObject({ __typename: 'ValidationError', field: 'applicationId', logtoCode: 'application.third_party_application_only' });
  });
});

describe('setApplicationSignInExperience', () => {
  test('creates, then updates keeping other fields and the rest of the branding (one read first when a color changes)', async ({ stack }) => {
    const id = appId(stack, 'iOS App');
    const select = '... on SetApplicationSignInExperiencePayload { application { signInExperience { displayName termsOfUseUrl logoUrl primaryColor } } }';
    const created = await mutate(stack, 'setApplicationSignInExperience', { applicationId: id, displayName: 'iOS', logoUrl: 'https://example.com/logo.png', termsOfUseUrl: 'https://example.com/terms' }, select, writer(stack));
    expect(created.result).toMatchObject({ application: { signInExperience: { displayName: 'iOS', logoUrl: 'https://example.com/logo.png', termsOfUseUrl: 'https://example.com/terms' } } });

    const colored = await mutate(stack, 'setApplicationSignInExperience', { applicationId: id, primaryColor: '#112233', termsOfUseUrl: null }, select, writer(stack));
    expect(colored.result).toMatchObject({ application: { signInExperience: { displayName: 'iOS', logoUrl: 'https://example.com/logo.png', primaryColor: '#112233', termsOfUseUrl: null } } });
    expect(colored.requests.filter(({ path }) => path.endsWith('/sign-in-experience')).map(({ method }) => method)).toEqual(['GET', 'PUT', 'GET']);

    const named_ = await mutate(stack, 'setApplicationSignInExperience', { applicationId: id, displayName: 'iOS app' }, '', writer(stack));
    expect(writes(named_)).toEqual([`PUT /api/applications/${id}/sign-in-experience`]);
    expect(named_.requests).toHaveLength(1);
  });

  test('a bad URL or color is refused before any request; an unknown app is a NotFoundError', async ({ stack }) => {
    const bad = await mutate(stack, 'setApplicationSignInExperience', { applicationId: appId(stack, 'iOS App'), termsOfUseUrl: 'not a url', primaryColor: 'red' }, '', writer(stack));
    expect(bad.result).toMatchObject({ __typename: 'ValidationError' });
    expect((bad.result?.issues ?? []).map((issue) => issue.field).sort()).toEqual(['primaryColor', 'termsOfUseUrl']);
    expect(bad.requests).toEqual([]);
    const unknown = await mutate(stack, 'setApplicationSignInExperience', { applicationId: 'nosuchapp000000000000', displayName: 'x' }, '', writer(stack));
    expect(unknown.result).toMatchObject({ __typename: 'NotFoundError', field: 'applicationId', logtoCode: 'entity.not_exists_with_id' });
  });
});
