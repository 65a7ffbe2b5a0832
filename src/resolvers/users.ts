import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import type { QueryValue } from '../logto/client.js';
import type { LogtoOrganization, LogtoRole, LogtoUser, LogtoUserOrganization } from '../logto/types.js';
import type { ConnectionArgs, OffsetConnection } from './connection.js';
import { entityListConnection, listConnection, primer, wholeListConnection } from './lists.js';
import { addSearchParams, type SearchOptions, type StringMatch } from './search.js';

export type UserFilter = SearchOptions & {
  readonly search?: StringMatch | null;
  readonly id?: StringMatch | null;
  readonly primaryEmail?: StringMatch | null;
  readonly primaryPhone?: StringMatch | null;
  readonly username?: StringMatch | null;
  readonly name?: StringMatch | null;
  readonly excludeRoleId?: string | null;
  readonly excludeOrganizationId?: string | null;
};

export function userById(ctx: Context, id: string): Promise<LogtoUser | null> {
  return ctx.loaders.users.load(logtoIdFrom(id, 'User'));
}

function userQuery(filter: UserFilter | null | undefined): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {};
  if (!filter) return query;
  const { search, id, primaryEmail, primaryPhone, username, name } = filter;
  addSearchParams(query, 'filter', { search, id, primaryEmail, primaryPhone, username, name }, filter);
  if (filter.excludeRoleId != null) query.excludeRoleId = logtoIdFrom(filter.excludeRoleId, 'Role');
  if (filter.excludeOrganizationId != null) query.excludeOrganizationId = logtoIdFrom(filter.excludeOrganizationId, 'Organization');
  return query;
}

export function usersConnection(
  ctx: Context,
  args: ConnectionArgs,
  filter?: UserFilter | null,
): Promise<OffsetConnection<LogtoUser>> {
  return entityListConnection(ctx, 'users', args, { query: userQuery(filter) });
}

export function userRolesConnection(ctx: Context, user: LogtoUser, args: ConnectionArgs): Promise<OffsetConnection<LogtoRole>> {
  return listConnection(ctx, 'User.roles', args, { route: '/api/users/:id/roles', params: { id: user.id } }, primer(ctx.loaders.roles));
}

/** Logto returns a user's organizations whole (the route takes no page parameters). */
export function userOrganizationsConnection(
  ctx: Context,
  user: LogtoUser,
  args: ConnectionArgs,
): Promise<OffsetConnection<LogtoUserOrganization>> {
  return wholeListConnection<LogtoUserOrganization>(
    ctx,
    'User.organizations',
    args,
    { route: '/api/users/:id/organizations', params: { id: user.id } },
    (row) => {
      const { organizationRoles: _roles, ...organization } = row;
      ctx.loaders.organizations.prime(row.id, organization as LogtoOrganization);
    },
  );
}

/**
 * Whether the user has a password. Rows from some relation lists (organization members) leave
 * `hasPassword` out; then the user is read by id (batched with every other such user).
 */
export function userHasPassword(ctx: Context, user: LogtoUser): boolean | Promise<boolean> {
  return typeof user.hasPassword === 'boolean' ? user.hasPassword : ctx.loaders.userHasPassword.load(user.id);
}
