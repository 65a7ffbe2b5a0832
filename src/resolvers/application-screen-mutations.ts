import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import type { LogtoApplication } from '../logto/types.js';
import { ConflictError, ValidationError } from '../mutation-errors.js';
import type { ApplicationAccessControl, ApplicationSecretMetadata } from './application-screen.js';
import { secretMetadata } from './application-screen.js';
import { sendDelete, sendWrite } from './writes.js';

/** Fetch logic of the application-screen mutations (secrets, custom data, access control, roles); one write each. */

const APP = { 'entity.not_exists_with_id': 'applicationId' } as const;
const appIdOf = (input: { readonly applicationId: string }) => logtoIdFrom(input.applicationId, 'Application');

export type CreatedSecretPayload = { readonly applicationId: string; readonly secret: ApplicationSecretMetadata; readonly value: string };
export type SecretPayload = { readonly applicationId: string; readonly secret: ApplicationSecretMetadata };
export type DeletedSecretPayload = { readonly applicationId: string; readonly name: string };
export type ApplicationOnlyPayload = { readonly applicationId: string };

/** Logto answers a taken secret name with 422 `application.secret_name_exists`: a conflict on `name`. */
function conflictOnName(error: unknown, field: string): unknown {
  if (error instanceof ValidationError && error.logtoCode === 'application.secret_name_exists') return new ConflictError(error.message, field, error.logtoCode);
  return error;
}

/**
 * `POST /api/applications/:id/secrets` (201). Its answer holds the value: it goes into this
 * payload's `value` and nowhere else (no loader is primed with it, nothing logs it).
 */
export async function createApplicationSecret(
  ctx: Context,
  input: { readonly applicationId: string; readonly name: string; readonly expiresAt?: Date | null },
): Promise<CreatedSecretPayload> {
  const applicationId = appIdOf(input);
  const body = { name: input.name, ...(input.expiresAt ? { expiresAt: input.expiresAt.getTime() } : {}) };
  try {
    const row = await sendWrite<ApplicationSecretMetadata & { value: string }>(ctx, { method: 'POST', route: '/api/applications/:id/secrets', params: { id: applicationId }, body }, {
      ...APP,
      // A public app (SPA, native) cannot have secrets: the database's check constraint refuses it.
      'entity.db_constraint_violated': 'applicationId',
      'request.invalid_input': 'expiresAt',
    });
    return { applicationId, secret: secretMetadata(row), value: row.value };
  } catch (error) {
    throw conflictOnName(error, 'name');
  }
}

/** `PATCH /api/applications/:id/secrets/:name` (200). */
export async function renameApplicationSecret(
  ctx: Context,
  input: { readonly applicationId: string; readonly name: string; readonly newName: string },
): Promise<SecretPayload> {
  const applicationId = appIdOf(input);
  try {
    const row = await sendWrite<ApplicationSecretMetadata & { value: string }>(
      ctx,
      { method: 'PATCH', route: '/api/applications/:id/secrets/:name', params: { id: applicationId, name: input.name }, body: { name: input.newName } },
      { ...APP, 'entity.not_exists': 'name' },
    );
    return { applicationId, secret: secretMetadata(row) };
  } catch (error) {
    throw conflictOnName(error, 'newName');
  }
}

/** `DELETE /api/applications/:id/secrets/:name` (204; 404 `entity.not_found` for an unknown name). */
export async function deleteApplicationSecret(ctx: Context, input: { readonly applicationId: string; readonly name: string }): Promise<DeletedSecretPayload> {
  const applicationId = appIdOf(input);
  await sendDelete(ctx, { route: '/api/applications/:id/secrets/:name', params: { id: applicationId, name: input.name } }, { ...APP, 'entity.not_found': 'name' });
  return { applicationId, name: input.name };
}

/**
 * `DELETE /api/applications/:id/legacy-secret` (200, the application). Only apps created before
 * Logto kept secrets in their own table have one; others get 400 `application.no_legacy_secret_found`.
 */
export async function deleteApplicationLegacySecret(ctx: Context, input: { readonly applicationId: string }): Promise<ApplicationOnlyPayload> {
  const applicationId = appIdOf(input);
  const application = await sendWrite<LogtoApplication>(ctx, { method: 'DELETE', route: '/api/applications/:id/legacy-secret', params: { id: applicationId } }, {
    ...APP,
    'application.no_legacy_secret_found': 'applicationId',
  });
  ctx.loaders.applications.prime(application.id, application);
  return { applicationId };
}

export type CustomDataPayload = { readonly applicationId: string; readonly customData: Record<string, unknown> };

/** `PATCH /api/applications/:applicationId/custom-data` (200): the body is the data itself, merged into the stored object by top-level key. */
export async function updateApplicationCustomData(
  ctx: Context,
  input: { readonly applicationId: string; readonly customData: Record<string, unknown> },
): Promise<CustomDataPayload> {
  const applicationId = appIdOf(input);
  const customData = await sendWrite<Record<string, unknown>>(
    ctx,
    { method: 'PATCH', route: '/api/applications/:applicationId/custom-data', params: { applicationId }, body: input.customData },
    { 'entity.not_exists': 'applicationId' },
  );
  return { applicationId, customData };
}

export type AccessControlInput = {
  readonly applicationId: string;
  readonly userIds?: readonly string[] | null;
  readonly userRoleIds?: readonly string[] | null;
  readonly organizationIds?: readonly string[] | null;
  readonly organizationRoleRules?: readonly { readonly organizationId: string; readonly organizationRoleIds: readonly string[] }[] | null;
};
export type AccessControlPayload = { readonly applicationId: string; readonly accessControl: ApplicationAccessControl };

/** `PUT /api/applications/:applicationId/access-control` (200, the rules as stored: deduplicated, sorted, merged per organization). */
export async function replaceApplicationAccessControl(ctx: Context, input: AccessControlInput): Promise<AccessControlPayload> {
  const applicationId = appIdOf(input);
  const ids = (values: readonly string[] | null | undefined, typename: string) => (values ?? []).map((id) => logtoIdFrom(id, typename));
  const body = {
    userIds: ids(input.userIds, 'User'),
    userRoleIds: ids(input.userRoleIds, 'Role'),
    organizationIds: ids(input.organizationIds, 'Organization'),
    organizationRoleRules: (input.organizationRoleRules ?? []).map((rule) => ({
      organizationId: logtoIdFrom(rule.organizationId, 'Organization'),
      organizationRoleIds: ids(rule.organizationRoleIds, 'OrganizationRole'),
    })),
  };
  const accessControl = await sendWrite<ApplicationAccessControl>(
    ctx,
    { method: 'PUT', route: '/api/applications/:applicationId/access-control', params: { applicationId }, body },
    { ...APP, 'entity.relation_foreign_key_not_found': null, 'request.invalid_input': 'organizationRoleRules' },
  );
  return { applicationId, accessControl };
}

export type ApplicationRolesPayload = { readonly applicationId: string; readonly roleIds: readonly string[] };

const ROLE_HINTS = {
  ...APP,
  'entity.not_exists_with_id:roles': 'roleIds',
  'application.invalid_type': 'applicationId',
  'application.invalid_role_type': 'roleIds',
  'entity.db_constraint_violated': 'roleIds',
} as const;

/** `POST /api/applications/:applicationId/roles` (201): roles the app holds already are skipped. */
export async function assignApplicationRoles(ctx: Context, input: { readonly applicationId: string; readonly roleIds: readonly string[] }): Promise<ApplicationRolesPayload> {
  const applicationId = appIdOf(input);
  const roleIds = [...new Set(input.roleIds.map((id) => logtoIdFrom(id, 'Role')))];
  await sendWrite(ctx, { method: 'POST', route: '/api/applications/:applicationId/roles', params: { applicationId }, body: { roleIds } }, ROLE_HINTS);
  return { applicationId, roleIds };
}

/** `PUT /api/applications/:applicationId/roles` (200): the app holds exactly these roles afterwards. */
export async function replaceApplicationRoles(ctx: Context, input: { readonly applicationId: string; readonly roleIds: readonly string[] }): Promise<ApplicationRolesPayload> {
  const applicationId = appIdOf(input);
  const roleIds = [...new Set(input.roleIds.map((id) => logtoIdFrom(id, 'Role')))];
  await sendWrite(ctx, { method: 'PUT', route: '/api/applications/:applicationId/roles', params: { applicationId }, body: { roleIds } }, ROLE_HINTS);
  return { applicationId, roleIds };
}

/** `DELETE /api/applications/:applicationId/roles/:roleId` (204; 404 `entity.not_found` when the app does not hold it). */
export async function removeApplicationRole(ctx: Context, input: { readonly applicationId: string; readonly roleId: string }): Promise<ApplicationRolesPayload> {
  const applicationId = appIdOf(input);
  const roleId = logtoIdFrom(input.roleId, 'Role');
  await sendDelete(ctx, { route: '/api/applications/:applicationId/roles/:roleId', params: { applicationId, roleId } }, {
    ...APP,
    'entity.not_found': 'roleId',
    'application.invalid_type': 'applicationId',
  });
  return { applicationId, roleIds: [roleId] };
}
