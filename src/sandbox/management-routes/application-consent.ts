import { UserScope } from '@logto/core-kit';
import { z } from 'zod';

import { isManagementApiIndicator } from '../../logto/input-rules.js';
import { applicationScreen } from '../application-screen-store.js';
import { guardBody } from '../body-guard.js';
import { TENANT_ID } from '../constants.js';
import { entityNotExistsWithId, entityNotFound, guardInvalidInput, LogtoError } from '../errors.js';
import { listReply } from '../pagination.js';
import { del, get, post, put, type RouteContext, type RouteDefinition } from '../router.js';
import type { ApplicationRow, OrganizationRow, ScopeRow } from '../rows.js';
import type { SandboxStore } from '../store.js';
import { emptyUpdate } from '../write-guards.js';

/**
 * What a third-party application asks users for (`routes/applications/application-user-consent-
 * {scope,organization}.ts`) and its own sign-in branding (`application-sign-in-experience.ts`).
 */

function findApplication(context: Omit<RouteContext, 'pagination'>, id = context.params.id ?? context.params.applicationId ?? ''): ApplicationRow {
  const application = context.store.applications.get(id);
  if (!application) throw entityNotExistsWithId('applications', id);
  return application;
}

/** `validateThirdPartyApplicationById`. */
function findThirdParty(context: Omit<RouteContext, 'pagination'>): ApplicationRow {
  const application = findApplication(context);
  if (!application.isThirdParty) throw new LogtoError(422, 'application.third_party_application_only', 'The feature is only available for third-party applications.');
  return application;
}

const SCOPE_TYPES = ['organization-scopes', 'resource-scopes', 'organization-resource-scopes', 'user-scopes'] as const;

const consentBody = z.object({
  organizationScopes: z.array(z.string()).optional(),
  resourceScopes: z.array(z.string()).optional(),
  organizationResourceScopes: z.array(z.string()).optional(),
  userScopes: z.array(z.enum(Object.values(UserScope) as [string, ...string[]])).optional(),
});

const scopeSummary = ({ id, name, description }: { id: string; name: string; description: string | null }) => ({ id, name, description });

/** Resource scopes grouped per resource, in the order their resources first appear. */
function groupedByResource(store: SandboxStore, ids: ReadonlySet<string>) {
  const groups = new Map<string, ScopeRow[]>();
  for (const id of ids) {
    const scope = store.scopes.get(id);
    if (scope) groups.set(scope.resourceId, [...(groups.get(scope.resourceId) ?? []), scope]);
  }
  return [...groups.entries()].flatMap(([resourceId, scopes]) => {
    const resource = store.resources.get(resourceId);
    return resource ? [{ resource: { id: resource.id, name: resource.name, indicator: resource.indicator }, scopes: scopes.map(scopeSummary) }] : [];
  });
}

const consentOrganizationsPath = '/applications/:id/users/:userId/consent-organizations';

/** Logto's `router.use` for these paths: a third-party app and a known user, before pagination. */
function checkConsentParties(context: Omit<RouteContext, 'pagination'>): void {
  findThirdParty(context);
  if (!context.store.users.has(context.params.userId ?? '')) throw entityNotFound();
}

/** `validateUserConsentOrganizationMembership`. */
function requireMembership(store: SandboxStore, userId: string, organizationIds: readonly string[]): void {
  if (organizationIds.some((id) => !store.organizationUsers.has(id, userId))) {
    throw new LogtoError(422, 'organization.require_membership', 'The user must be a member of the organization to proceed.');
  }
}

const organizationIdsBody = z.object({ organizationIds: z.array(z.string().min(1)) });

/** `applicationSignInExperienceCreateGuard`: `""` for a URL clears it. */
const url = z.union([z.literal('').transform(() => null), z.url()]).nullable().optional();
const signInExperienceBody = z.object({
  color: z.object({ primaryColor: z.string(), isDarkModeEnabled: z.boolean(), darkPrimaryColor: z.string() }).partial().optional(),
  branding: z.object({ logoUrl: z.string(), darkLogoUrl: z.string(), favicon: z.string(), darkFavicon: z.string() }).partial().optional(),
  customCss: z.string().nullable().optional(),
  termsOfUseUrl: url,
  privacyPolicyUrl: url,
  displayName: z.string().nullable().optional(),
});

export const applicationConsentRoutes: readonly RouteDefinition[] = [
  get('/applications/:applicationId/user-consent-scopes', (context) => {
    const { store } = context;
    const application = findApplication(context);
    const sets = applicationScreen(store).consentScopes(application.id);
    const organizationScopes = [...sets.organizationScopes].flatMap((id) => {
      const scope = store.organizationScopes.get(id);
      return scope ? [scopeSummary(scope)] : [];
    });
    return {
      status: 200,
      body: {
        organizationScopes,
        resourceScopes: groupedByResource(store, sets.resourceScopes),
        organizationResourceScopes: groupedByResource(store, sets.organizationResourceScopes),
        userScopes: [...sets.userScopes].sort(),
      },
    };
  }),

  post('/applications/:applicationId/user-consent-scopes', (context) => {
    const { store } = context;
    const body = guardBody(consentBody, context.body);
    const application = findThirdParty(context);
    const { organizationScopes = [], resourceScopes = [], organizationResourceScopes = [], userScopes = [] } = body;
    const invalidOrganizationScopes = organizationScopes.filter((id) => !store.organizationScopes.has(id));
    const invalidResourceScopes = resourceScopes.filter((id) => !store.scopes.has(id));
    const invalidOrganizationResourceScopes = organizationResourceScopes.filter((id) => !store.scopes.has(id));
    if (invalidOrganizationScopes.length + invalidResourceScopes.length + invalidOrganizationResourceScopes.length > 0) {
      throw new LogtoError(422, 'application.user_consent_scopes_not_found', 'Invalid user consent scopes.', {
        invalidOrganizationScopes,
        invalidResourceScopes,
        invalidOrganizationResourceScopes,
      });
    }
    const managementScope = [...resourceScopes, ...organizationResourceScopes].some((id) => {
      const resource = store.resources.get(store.scopes.get(id)?.resourceId ?? '');
      return resource !== undefined && isManagementApiIndicator(resource.indicator);
    });
    if (managementScope) throw new LogtoError(422, 'application.consent_management_api_scopes_not_allowed', 'Management API scopes are not allowed.');
    const sets = applicationScreen(store).consentScopes(application.id);
    for (const id of organizationScopes) sets.organizationScopes.add(id);
    for (const id of resourceScopes) sets.resourceScopes.add(id);
    for (const id of organizationResourceScopes) sets.organizationResourceScopes.add(id);
    for (const scope of userScopes) sets.userScopes.add(scope);
    return { status: 201, body: 'Created' };
  }),

  del('/applications/:applicationId/user-consent-scopes/:scopeType/:scopeId', (context) => {
    const scopeType = context.params.scopeType ?? '';
    if (!(SCOPE_TYPES as readonly string[]).includes(scopeType)) {
      const options = [...SCOPE_TYPES];
      throw guardInvalidInput('params', [
        {
          received: scopeType,
          code: 'invalid_enum_value',
          options,
          path: ['scopeType'],
          message: `Invalid enum value. Expected ${options.map((option) => `'${option}'`).join(' | ')}, received '${scopeType}'`,
        },
      ]);
    }
    const application = findApplication(context);
    const sets = applicationScreen(context.store).consentScopes(application.id);
    const set = {
      'organization-scopes': sets.organizationScopes,
      'resource-scopes': sets.resourceScopes,
      'organization-resource-scopes': sets.organizationResourceScopes,
      'user-scopes': sets.userScopes,
    }[scopeType as (typeof SCOPE_TYPES)[number]];
    if (!set.delete(context.params.scopeId ?? '')) throw entityNotFound();
    return { status: 204 };
  }),

  get(
    consentOrganizationsPath,
    (context) => {
      const { store } = context;
      const ids = applicationScreen(store).consentOrganizations(context.params.id ?? '', context.params.userId ?? '');
      const organizations = [...ids].flatMap((id) => {
        const organization: OrganizationRow | undefined = store.organizations.get(id);
        return organization ? [organization] : [];
      });
      const reply = listReply(context, organizations);
      return { ...reply, body: { organizations: reply.body } };
    },
    { pagination: 'always', before: checkConsentParties },
  ),

  put(
    consentOrganizationsPath,
    (context) => {
      const { organizationIds } = guardBody(organizationIdsBody, context.body);
      const userId = context.params.userId ?? '';
      requireMembership(context.store, userId, organizationIds);
      const ids = applicationScreen(context.store).consentOrganizations(context.params.id ?? '', userId);
      ids.clear();
      for (const id of organizationIds) ids.add(id);
      return { status: 204 };
    },
    { before: checkConsentParties },
  ),

  post(
    consentOrganizationsPath,
    (context) => {
      const { organizationIds } = guardBody(organizationIdsBody.extend({ organizationIds: z.array(z.string().min(1)).min(1) }), context.body);
      const userId = context.params.userId ?? '';
      requireMembership(context.store, userId, organizationIds);
      // Logto's relation insert ignores rows that exist (`on conflict do nothing`): 201 again.
      const ids = applicationScreen(context.store).consentOrganizations(context.params.id ?? '', userId);
      for (const id of organizationIds) ids.add(id);
      return { status: 201, body: 'Created' };
    },
    { before: checkConsentParties },
  ),

  del(
    `${consentOrganizationsPath}/:organizationId`,
    (context) => {
      const ids = applicationScreen(context.store).consentOrganizations(context.params.id ?? '', context.params.userId ?? '');
      if (!ids.delete(context.params.organizationId ?? '')) throw entityNotFound();
      return { status: 204 };
    },
    { before: checkConsentParties },
  ),

  get('/applications/:applicationId/sign-in-experience', (context) => {
    const application = findApplication(context);
    const row = applicationScreen(context.store).signInExperiences.get(application.id);
    if (!row) throw entityNotExistsWithId('application_sign_in_experiences', application.id);
    return { status: 200, body: row };
  }),

  // 201 on create, 200 on update; omitted fields are kept. An update with no known field is an empty `set`.
  put('/applications/:applicationId/sign-in-experience', (context) => {
    const body = guardBody(signInExperienceBody, context.body);
    const application = findApplication(context);
    const screen = applicationScreen(context.store);
    const given = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
    const current = screen.signInExperiences.get(application.id);
    if (current) {
      if (Object.keys(given).length === 0) throw emptyUpdate();
      const updated = { ...current, ...given };
      screen.signInExperiences.set(application.id, updated);
      return { status: 200, body: updated };
    }
    const created = {
      tenantId: TENANT_ID,
      applicationId: application.id,
      color: {},
      branding: {},
      customCss: null,
      termsOfUseUrl: null,
      privacyPolicyUrl: null,
      displayName: null,
      ...given,
    };
    screen.signInExperiences.set(application.id, created);
    return { status: 201, body: created };
  }),
];
