import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import { LogtoApiError } from '../logto/errors.js';
import { readSignInExperience } from './application-screen.js';
import { given, sendDelete, sendWrite } from './writes.js';

/** Fetch logic of a third-party application's consent and branding mutations; one write each. */

const APP = { 'entity.not_exists_with_id': 'applicationId', 'application.third_party_application_only': 'applicationId' } as const;
const appIdOf = (input: { readonly applicationId: string }) => logtoIdFrom(input.applicationId, 'Application');

export type ApplicationPayload = { readonly applicationId: string };
export type ConsentOrganizationsPayload = { readonly applicationId: string; readonly userId: string };

export type ConsentScopesInput = {
  readonly applicationId: string;
  readonly organizationScopeIds?: readonly string[] | null;
  readonly resourceScopeIds?: readonly string[] | null;
  readonly organizationResourceScopeIds?: readonly string[] | null;
  readonly userScopes?: readonly string[] | null;
};

/** `POST /api/applications/:applicationId/user-consent-scopes` (201 `Created`): third-party apps only; adds to what it asks for. */
export async function assignApplicationUserConsentScopes(ctx: Context, input: ConsentScopesInput): Promise<ApplicationPayload> {
  const applicationId = appIdOf(input);
  const ids = (values: readonly string[] | null | undefined, typename: string) => (values ? values.map((id) => logtoIdFrom(id, typename)) : undefined);
  const body = given({
    organizationScopes: ids(input.organizationScopeIds, 'OrganizationScope'),
    resourceScopes: ids(input.resourceScopeIds, 'Scope'),
    organizationResourceScopes: ids(input.organizationResourceScopeIds, 'Scope'),
    userScopes: input.userScopes ?? undefined,
  });
  await sendWrite(ctx, { method: 'POST', route: '/api/applications/:applicationId/user-consent-scopes', params: { applicationId }, body }, {
    ...APP,
    // Logto names the unknown ids in `data`, per list; the message says which kind.
    'application.user_consent_scopes_not_found': null,
    'application.consent_management_api_scopes_not_allowed': 'resourceScopeIds',
  });
  return { applicationId };
}

export type ConsentScopeKind = 'organization-scopes' | 'resource-scopes' | 'organization-resource-scopes' | 'user-scopes';

/** `DELETE /api/applications/:applicationId/user-consent-scopes/:scopeType/:scopeId` (204; 404 when it is not asked for). */
export async function removeApplicationUserConsentScope(
  ctx: Context,
  input: { readonly applicationId: string; readonly kind: ConsentScopeKind; readonly scopeId: string },
): Promise<ApplicationPayload> {
  const applicationId = appIdOf(input);
  // User scopes are named (`email`); the others are ids of their own type.
  const scopeId =
    input.kind === 'user-scopes' ? input.scopeId : logtoIdFrom(input.scopeId, input.kind === 'organization-scopes' ? 'OrganizationScope' : 'Scope');
  await sendDelete(
    ctx,
    { route: '/api/applications/:applicationId/user-consent-scopes/:scopeType/:scopeId', params: { applicationId, scopeType: input.kind, scopeId } },
    { ...APP, 'entity.not_found': 'scopeId' },
  );
  return { applicationId };
}

export type SignInExperienceInput = {
  readonly applicationId: string;
  readonly displayName?: string | null;
  readonly termsOfUseUrl?: string | null;
  readonly privacyPolicyUrl?: string | null;
  readonly logoUrl?: string | null;
  readonly darkLogoUrl?: string | null;
  readonly favicon?: string | null;
  readonly primaryColor?: string | null;
  readonly darkPrimaryColor?: string | null;
  readonly customCss?: string | null;
};

/**
 * `PUT /api/applications/:applicationId/sign-in-experience` (201 on create, 200 on update).
 * Logto keeps top-level fields not sent, but replaces `branding` and `color` whole: changing one
 * of their parts reads the current row first (one more request) to keep the others.
 */
export async function setApplicationSignInExperience(ctx: Context, input: SignInExperienceInput): Promise<ApplicationPayload> {
  const applicationId = appIdOf(input);
  const brandingGiven = [input.logoUrl, input.darkLogoUrl, input.favicon].some((value) => value !== undefined);
  const colorGiven = [input.primaryColor, input.darkPrimaryColor].some((value) => value !== undefined);
  let current: { branding?: Record<string, unknown>; color?: Record<string, unknown> } = {};
  if (brandingGiven || colorGiven) {
    try {
      current = (await readSignInExperience(ctx, applicationId)) ?? {};
    } catch (error) {
      // An unknown app: the PUT answers the same 404, as a typed error.
      if (!(error instanceof LogtoApiError && error.status === 404)) throw error;
    }
  }
  const drop = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined));
  const body = given({
    displayName: input.displayName,
    // Logto turns `""` into null; null itself is what the column holds.
    termsOfUseUrl: input.termsOfUseUrl === null ? '' : input.termsOfUseUrl,
    privacyPolicyUrl: input.privacyPolicyUrl === null ? '' : input.privacyPolicyUrl,
    customCss: input.customCss,
    branding: brandingGiven ? drop({ ...current.branding, logoUrl: input.logoUrl, darkLogoUrl: input.darkLogoUrl, favicon: input.favicon }) : undefined,
    color: colorGiven ? drop({ ...current.color, primaryColor: input.primaryColor, darkPrimaryColor: input.darkPrimaryColor }) : undefined,
  });
  await sendWrite(ctx, { method: 'PUT', route: '/api/applications/:applicationId/sign-in-experience', params: { applicationId }, body }, APP);
  return { applicationId };
}

const CONSENT_HINTS = {
  'entity.not_exists_with_id': 'applicationId',
  'application.third_party_application_only': 'applicationId',
  'entity.not_found': 'userId',
  'organization.require_membership': 'organizationIds',
  'entity.relation_foreign_key_not_found': 'organizationIds',
} as const;

type ConsentOrganizationsInput = { readonly applicationId: string; readonly userId: string; readonly organizationIds: readonly string[] };

function consentParams(input: { readonly applicationId: string; readonly userId: string }) {
  return { id: appIdOf(input), userId: logtoIdFrom(input.userId, 'User') };
}

/** `POST /api/applications/:id/users/:userId/consent-organizations` (201): the user must be a member of each; ones already shared stay. */
export async function addApplicationUserConsentOrganizations(ctx: Context, input: ConsentOrganizationsInput): Promise<ConsentOrganizationsPayload> {
  const params = consentParams(input);
  const organizationIds = [...new Set(input.organizationIds.map((id) => logtoIdFrom(id, 'Organization')))];
  await sendWrite(ctx, { method: 'POST', route: '/api/applications/:id/users/:userId/consent-organizations', params, body: { organizationIds } }, CONSENT_HINTS);
  return { applicationId: params.id, userId: params.userId };
}

/** `PUT /api/applications/:id/users/:userId/consent-organizations` (204): exactly these afterwards. */
export async function replaceApplicationUserConsentOrganizations(ctx: Context, input: ConsentOrganizationsInput): Promise<ConsentOrganizationsPayload> {
  const params = consentParams(input);
  const organizationIds = [...new Set(input.organizationIds.map((id) => logtoIdFrom(id, 'Organization')))];
  await sendWrite(ctx, { method: 'PUT', route: '/api/applications/:id/users/:userId/consent-organizations', params, body: { organizationIds } }, CONSENT_HINTS);
  return { applicationId: params.id, userId: params.userId };
}

/** `DELETE /api/applications/:id/users/:userId/consent-organizations/:organizationId` (204). */
export async function removeApplicationUserConsentOrganization(
  ctx: Context,
  input: { readonly applicationId: string; readonly userId: string; readonly organizationId: string },
): Promise<ConsentOrganizationsPayload> {
  const params = { ...consentParams(input), organizationId: logtoIdFrom(input.organizationId, 'Organization') };
  await sendDelete(ctx, { route: '/api/applications/:id/users/:userId/consent-organizations/:organizationId', params }, { ...CONSENT_HINTS, 'entity.not_found': 'organizationId' });
  return { applicationId: params.id, userId: params.userId };
}
