import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import type { LogtoResource, LogtoScope } from '../logto/types.js';
import { given, sendDelete, sendWrite } from './writes.js';

/** Fetch logic of the role-holder removals, the default resource and scope changes; one write each. */

export type RoleHolderRemoval = { readonly roleId: string; readonly holderId: string };

/** `DELETE /api/roles/:id/users/:userId` (204; 404 `entity.not_found` when the user does not hold it). */
export async function removeRoleUser(ctx: Context, input: { readonly roleId: string; readonly userId: string }): Promise<RoleHolderRemoval> {
  const roleId = logtoIdFrom(input.roleId, 'Role');
  const userId = logtoIdFrom(input.userId, 'User');
  await sendDelete(ctx, { route: '/api/roles/:id/users/:userId', params: { id: roleId, userId } }, { notFound: 'userId' });
  return { roleId, holderId: userId };
}

/** `DELETE /api/roles/:id/applications/:applicationId` (204; 404 `entity.not_found` when the app does not hold it). */
export async function removeRoleApplication(
  ctx: Context,
  input: { readonly roleId: string; readonly applicationId: string },
): Promise<RoleHolderRemoval> {
  const roleId = logtoIdFrom(input.roleId, 'Role');
  const applicationId = logtoIdFrom(input.applicationId, 'Application');
  await sendDelete(ctx, { route: '/api/roles/:id/applications/:applicationId', params: { id: roleId, applicationId } }, { notFound: 'applicationId' });
  return { roleId, holderId: applicationId };
}

export type DefaultResourcePayload = { readonly resource: LogtoResource };

/**
 * `PATCH /api/resources/:id/is-default` (200). Logto keeps at most one default: setting one
 * clears the flag on the previous default in the same transaction.
 */
export async function setDefaultResource(ctx: Context, input: { readonly id: string; readonly isDefault: boolean }): Promise<DefaultResourcePayload> {
  const id = logtoIdFrom(input.id, 'Resource');
  const resource = await sendWrite<LogtoResource>(
    ctx,
    { method: 'PATCH', route: '/api/resources/:id/is-default', params: { id }, body: { isDefault: input.isDefault } },
    { notFound: 'id' },
  );
  ctx.loaders.resources.prime(resource.id, resource);
  return { resource };
}

export type UpdatedScopePayload = { readonly scope: LogtoScope };

/** `PATCH /api/resources/:resourceId/scopes/:scopeId` (200). */
export async function updateScope(
  ctx: Context,
  input: { readonly resourceId: string; readonly id: string; readonly name?: string | null; readonly description?: string | null },
): Promise<UpdatedScopePayload> {
  const resourceId = logtoIdFrom(input.resourceId, 'Resource');
  const scopeId = logtoIdFrom(input.id, 'Scope');
  const scope = await sendWrite<LogtoScope>(
    ctx,
    {
      method: 'PATCH',
      route: '/api/resources/:resourceId/scopes/:scopeId',
      params: { resourceId, scopeId },
      body: given({ name: input.name ?? undefined, description: input.description }),
    },
    {
      'entity.not_exists_with_id': 'resourceId',
      'entity.not_exists': 'id',
      'resource.cannot_modify_management_api': 'resourceId',
      'scope.name_with_space': 'name',
      'scope.name_exists': 'name',
    },
  );
  ctx.loaders.scopes.prime(scope.id, scope);
  return { scope };
}
