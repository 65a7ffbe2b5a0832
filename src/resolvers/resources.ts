import type { Context } from '../context.js';
import type { LogtoResource, LogtoScope } from '../logto/types.js';
import type { ConnectionArgs, OffsetConnection } from './connection.js';
import { entityListConnection, listConnection } from './lists.js';

export function resourcesConnection(ctx: Context, args: ConnectionArgs): Promise<OffsetConnection<LogtoResource>> {
  return entityListConnection(ctx, 'resources', args);
}

export function resourceScopesConnection(ctx: Context, resource: LogtoResource, args: ConnectionArgs): Promise<OffsetConnection<LogtoScope>> {
  return listConnection(ctx, 'Resource.scopes', args, { route: '/api/resources/:id/scopes', params: { id: resource.id } });
}

/** The resource a scope belongs to: role-scope rows embed it whole; otherwise it is loaded. */
export function scopeResource(ctx: Context, scope: LogtoScope & { resource?: unknown }): LogtoResource | Promise<LogtoResource | null> {
  const embedded = scope.resource as Partial<LogtoResource> | undefined;
  if (embedded && typeof embedded.id === 'string' && typeof embedded.indicator === 'string') {
    const resource = embedded as LogtoResource;
    ctx.loaders.resources.prime(resource.id, resource);
    return resource;
  }
  return ctx.loaders.resources.load(scope.resourceId);
}
