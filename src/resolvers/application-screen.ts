import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import { LogtoApiError } from '../logto/errors.js';
import { MAX_PAGE_SIZE, planPages, sliceWindow } from '../logto/pagination.js';
import type { LogtoApplication, LogtoOrganization } from '../logto/types.js';
import { arrayWindowFetcher, type ConnectionArgs, type OffsetConnection, resolveOffsetConnection } from './connection.js';
import { listConnection } from './lists.js';

/** Reads of an application's screen: its organizations, secrets' metadata, consent, branding, access control. */

/** An organization row of `GET /api/applications/:id/organizations`: the app's organization roles ride along. */
export type ApplicationOrganization = LogtoOrganization & { readonly organizationRoles: readonly { readonly id: string; readonly name: string }[] };

/** `GET /api/applications/:id/organizations`: paginated when asked (we always ask), 404 for an unknown app. */
export function applicationOrganizationsConnection(
  ctx: Context,
  application: LogtoApplication,
  args: ConnectionArgs,
): Promise<OffsetConnection<ApplicationOrganization>> {
  return listConnection<ApplicationOrganization>(
    ctx,
    'Application.organizations',
    args,
    { route: '/api/applications/:id/organizations', params: { id: application.id } },
    (row) => {
      const { organizationRoles: _roles, ...organization } = row;
      ctx.loaders.organizations.prime(row.id, organization);
    },
  );
}

/** What a secret shows after its creation: never its value. */
export type ApplicationSecretMetadata = { readonly name: string; readonly createdAt: number; readonly expiresAt: number | null };

type SecretRow = ApplicationSecretMetadata & { readonly value: string };

/** Kinds of applications Logto gives secrets (`hasSecrets`); the others never have one. */
const HAS_SECRETS: readonly string[] = ['MachineToMachine', 'Protected', 'Traditional', 'SAML'];

/** The value is dropped here, the only place a secret row is read, so no field can return it. */
export const secretMetadata = ({ name, createdAt, expiresAt }: SecretRow): ApplicationSecretMetadata => ({ name, createdAt, expiresAt });

/** `GET /api/applications/:id/secrets` (never paginated); public apps have none, so they are not asked. */
export async function applicationSecrets(ctx: Context, application: LogtoApplication): Promise<ApplicationSecretMetadata[]> {
  if (!HAS_SECRETS.includes(application.type)) return [];
  const rows = (await ctx.loaders.wholeLists.load({ route: '/api/applications/:id/secrets', params: { id: application.id } })) as readonly SecretRow[];
  return rows.map(secretMetadata);
}

type ScopeSummary = { readonly id: string; readonly name: string; readonly description: string | null };
export type ConsentResourceScopes = { readonly resource: { readonly id: string; readonly name: string; readonly indicator: string }; readonly scopes: readonly ScopeSummary[] };
export type UserConsentScopes = {
  readonly organizationScopes: readonly ScopeSummary[];
  readonly resourceScopes: readonly ConsentResourceScopes[];
  readonly organizationResourceScopes: readonly ConsentResourceScopes[];
  readonly userScopes: readonly string[];
};

/** `GET /api/applications/:applicationId/user-consent-scopes` (any app; only third-party apps can have some). */
export async function applicationUserConsentScopes(ctx: Context, application: LogtoApplication): Promise<UserConsentScopes> {
  return (await ctx.upstream.request<UserConsentScopes>({ method: 'GET', route: '/api/applications/:applicationId/user-consent-scopes', params: { applicationId: application.id } })).body;
}

export type ApplicationSignInExperience = {
  readonly color: Record<string, unknown>;
  readonly branding: Record<string, unknown>;
  readonly customCss: string | null;
  readonly termsOfUseUrl: string | null;
  readonly privacyPolicyUrl: string | null;
  readonly displayName: string | null;
};

/** `GET /api/applications/:applicationId/sign-in-experience`: Logto answers 404 while the app has none, which is `null` here. */
export function applicationSignInExperience(ctx: Context, application: LogtoApplication): Promise<ApplicationSignInExperience | null> {
  return readSignInExperience(ctx, application.id);
}

export async function readSignInExperience(ctx: Context, applicationId: string): Promise<ApplicationSignInExperience | null> {
  try {
    return (await ctx.upstream.request<ApplicationSignInExperience>({ method: 'GET', route: '/api/applications/:applicationId/sign-in-experience', params: { applicationId } })).body;
  } catch (error) {
    if (error instanceof LogtoApiError && error.status === 404 && error.code === 'entity.not_exists_with_id' && error.message.includes('application_sign_in_experiences')) return null;
    throw error;
  }
}

export type ApplicationAccessControl = {
  readonly userIds: readonly string[];
  readonly userRoleIds: readonly string[];
  readonly organizationIds: readonly string[];
  readonly organizationRoleRules: readonly { readonly organizationId: string; readonly organizationRoleIds: readonly string[] }[];
};

/** `GET /api/applications/:applicationId/access-control`. */
export async function applicationAccessControl(ctx: Context, application: LogtoApplication): Promise<ApplicationAccessControl> {
  return (await ctx.upstream.request<ApplicationAccessControl>({ method: 'GET', route: '/api/applications/:applicationId/access-control', params: { applicationId: application.id } })).body;
}

/**
 * `GET /api/applications/:id/users/:userId/consent-organizations`: always paginated, the page
 * wrapped in `{ organizations }` with `Total-Number`, so it is read here page by page (the
 * client's list reader wants a bare array). First-party apps have none (Logto answers 422): not asked.
 */
export function applicationUserConsentOrganizationsConnection(
  ctx: Context,
  application: Pick<LogtoApplication, 'id' | 'isThirdParty'>,
  userId: string | null | undefined,
  args: ConnectionArgs,
): Promise<OffsetConnection<LogtoOrganization>> {
  if (!application.isThirdParty || !userId) return resolveOffsetConnection('Application.userConsentOrganizations', args, arrayWindowFetcher<LogtoOrganization>([]));
  const params = { id: application.id, userId: logtoIdFrom(userId, 'User') };
  return resolveOffsetConnection('Application.userConsentOrganizations', args, async ({ offset, limit }) => {
    // A zero-size window still needs the count: the smallest page.
    const pages = limit === 0 ? [{ page: 1, pageSize: 1 }] : planPages(offset, limit, MAX_PAGE_SIZE);
    let totalCount = 0;
    const answered = await Promise.all(
      pages.map(async ({ page, pageSize }) => {
        const response = await ctx.upstream.request<{ organizations: LogtoOrganization[] }>({ method: 'GET', route: '/api/applications/:id/users/:userId/consent-organizations', params, query: { page: String(page), page_size: String(pageSize) } });
        totalCount = response.totalCount ?? totalCount;
        for (const organization of response.body.organizations) ctx.loaders.organizations.prime(organization.id, organization);
        return { page, pageSize, items: response.body.organizations };
      }),
    );
    const items = limit === 0 ? [] : sliceWindow(offset, limit, answered);
    return { items, totalCount, totalCountIsCapped: false };
  });
}
