import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import type { QueryValue } from '../logto/client.js';
import type { LogtoApplication, LogtoRole, LogtoScope, LogtoUser } from '../logto/types.js';
import type { ConnectionArgs, OffsetConnection } from './connection.js';
import { entityListConnection, listConnection, primer } from './lists.js';
import { addSearchParams, type SearchOptions, type StringMatch } from './search.js';

export type RoleTypeValue = 'User' | 'MachineToMachine';

export type RoleFilter = SearchOptions & {
  readonly type?: RoleTypeValue | null;
  readonly search?: StringMatch | null;
  readonly id?: StringMatch | null;
  readonly name?: StringMatch | null;
  readonly description?: StringMatch | null;
  readonly excludeUserId?: string | null;
  readonly excludeApplicationId?: string | null;
};

function roleQuery(filter: RoleFilter | null | undefined): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {};
  if (!filter) return query;
  const { search, id, name, description } = filter;
  addSearchParams(query, 'filter', { search, id, name, description }, filter);
  if (filter.type) query.type = filter.type;
  if (filter.excludeUserId != null) query.excludeUserId = logtoIdFrom(filter.excludeUserId, 'User');
  if (filter.excludeApplicationId != null) query.excludeApplicationId = logtoIdFrom(filter.excludeApplicationId, 'Application');
  return query;
}

export function rolesConnection(ctx: Context, args: ConnectionArgs, filter?: RoleFilter | null): Promise<OffsetConnection<LogtoRole>> {
  return entityListConnection(ctx, 'roles', args, { query: roleQuery(filter) });
}

export function roleUsersConnection(ctx: Context, role: LogtoRole, args: ConnectionArgs): Promise<OffsetConnection<LogtoUser>> {
  return listConnection(ctx, 'Role.users', args, { route: '/api/roles/:id/users', params: { id: role.id } }, primer(ctx.loaders.users));
}

export async function roleApplicationsConnection(
  ctx: Context,
  role: LogtoRole,
  args: ConnectionArgs,
): Promise<OffsetConnection<LogtoApplication>> {
  return listConnection(
    ctx,
    'Role.applications',
    args,
    { route: '/api/roles/:id/applications', params: { id: role.id } },
    primer(ctx.loaders.applications),
  );
}

export function roleScopesConnection(ctx: Context, role: LogtoRole, args: ConnectionArgs): Promise<OffsetConnection<LogtoScope>> {
  return listConnection(ctx, 'Role.scopes', args, { route: '/api/roles/:id/scopes', params: { id: role.id } });
}
