import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import type { LogtoUser } from '../logto/types.js';
import { type ConnectionArgs, type OffsetConnection, resolveOffsetConnection } from './connection.js';
import { paginatedWindows } from './lists.js';

export function userById(ctx: Context, id: string): Promise<LogtoUser | null> {
  return ctx.loaders.users.load(logtoIdFrom(id, 'User'));
}

export function usersConnection(ctx: Context, args: ConnectionArgs): Promise<OffsetConnection<LogtoUser>> {
  return resolveOffsetConnection('users', args, paginatedWindows<LogtoUser>(ctx, { route: '/api/users' }, ctx.loaders.users));
}
