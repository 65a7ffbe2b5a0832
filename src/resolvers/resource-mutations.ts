import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import type { LogtoResource, LogtoScope } from '../logto/types.js';
import { encodeCursor } from './cursor.js';
import { type DeletedPayload, given, sendDelete, sendWrite } from './writes.js';

/** Fetch logic of the API resource and scope mutations; one Management API write each. */

export type ResourcePayload = { readonly resource: LogtoResource };
export type ScopePayload = { readonly scope: LogtoScope };
export type DeletedScopePayload = DeletedPayload & { readonly resourceId: string };

/** The built-in Management API cannot be changed: Logto answers 400 about the resource id. */
const RESOURCE_HINTS = {
  'entity.not_exists_with_id': 'id',
  'resource.cannot_modify_management_api': 'id',
  'resource.cannot_delete_management_api': 'id',
} as const;

function primeResource(ctx: Context, answer: LogtoResource & { scopes?: unknown }): ResourcePayload {
  // `POST` answers `scopes: []` too; the resource type reads scopes through its own connection.
  const { scopes: _scopes, ...resource } = answer;
  ctx.loaders.resources.prime(resource.id, resource);
  return { resource };
}

/** `POST /api/resources` (201). */
export async function createResource(
  ctx: Context,
  input: { readonly name: string; readonly indicator: string; readonly accessTokenTtl?: number | null },
): Promise<ResourcePayload> {
  const body = given({ name: input.name, indicator: input.indicator, accessTokenTtl: input.accessTokenTtl ?? undefined });
  return primeResource(ctx, await sendWrite<LogtoResource>(ctx, { method: 'POST', route: '/api/resources', body }));
}

/** Where `resources` (no ORDER BY: creation order) shows a new resource: last, after a count. */
export async function newResourceCursor(ctx: Context): Promise<string> {
  const page = await ctx.loaders.windows.load({ request: { route: '/api/resources' }, offset: 0, limit: 1 });
  return encodeCursor('resources', Math.max(0, page.totalCount - 1));
}

/** `PATCH /api/resources/:id` (200); the indicator cannot change. */
export async function updateResource(
  ctx: Context,
  input: { readonly id: string; readonly name?: string | null; readonly accessTokenTtl?: number | null },
): Promise<ResourcePayload> {
  const body = given({ name: input.name ?? undefined, accessTokenTtl: input.accessTokenTtl ?? undefined });
  const resource = await sendWrite<LogtoResource>(
    ctx,
    { method: 'PATCH', route: '/api/resources/:id', params: { id: logtoIdFrom(input.id, 'Resource') }, body },
    RESOURCE_HINTS,
  );
  return primeResource(ctx, resource);
}

/** `DELETE /api/resources/:id` (204), with its scopes. */
export async function deleteResource(ctx: Context, input: { readonly id: string }): Promise<DeletedPayload> {
  const id = logtoIdFrom(input.id, 'Resource');
  await sendDelete(ctx, { route: '/api/resources/:id', params: { id } }, RESOURCE_HINTS);
  return { deletedId: id };
}

const SCOPE_HINTS = {
  'entity.not_exists_with_id': 'resourceId',
  'resource.cannot_modify_management_api': 'resourceId',
  'scope.name_with_space': 'name',
} as const;

/** `POST /api/resources/:resourceId/scopes` (201). */
export async function createScope(
  ctx: Context,
  input: { readonly resourceId: string; readonly name: string; readonly description?: string | null },
): Promise<ScopePayload> {
  const resourceId = logtoIdFrom(input.resourceId, 'Resource');
  const scope = await sendWrite<LogtoScope>(
    ctx,
    { method: 'POST', route: '/api/resources/:resourceId/scopes', params: { resourceId }, body: given({ name: input.name, description: input.description ?? undefined }) },
    SCOPE_HINTS,
  );
  return { scope };
}

/**
 * `DELETE /api/resources/:resourceId/scopes/:scopeId` (204). Logto deletes by the scope's id and
 * only checks that the resource exists (and is not the Management API).
 */
export async function deleteScope(ctx: Context, input: { readonly resourceId: string; readonly id: string }): Promise<DeletedScopePayload> {
  const resourceId = logtoIdFrom(input.resourceId, 'Resource');
  const scopeId = logtoIdFrom(input.id, 'Scope');
  await sendDelete(ctx, { route: '/api/resources/:resourceId/scopes/:scopeId', params: { resourceId, scopeId } }, { ...SCOPE_HINTS, 'entity.not_found': 'id' });
  return { resourceId, deletedId: scopeId };
}
