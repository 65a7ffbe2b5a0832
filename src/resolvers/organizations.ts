import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import type { QueryValue } from '../logto/client.js';
import type {
  LogtoOrganization,
  LogtoOrganizationInvitation,
  LogtoOrganizationMember,
  LogtoOrganizationRole,
  LogtoOrganizationScope,
  LogtoScope,
  LogtoUser,
} from '../logto/types.js';
import type { ConnectionArgs, OffsetConnection } from './connection.js';
import { entityListConnection, listConnection, primer, wholeListConnection } from './lists.js';

export type OrganizationFilter = { readonly q?: string | null };
export type OrganizationMemberFilter = { readonly q?: string | null; readonly organizationRoleId?: string | null };

/** An organization role as far as a row names it: `{ id, name }` from member and invitation rows, or the full role. */
export type OrganizationRoleParent = Pick<LogtoOrganizationRole, 'id' | 'name'> & Partial<LogtoOrganizationRole>;

export function organizationById(ctx: Context, id: string): Promise<LogtoOrganization | null> {
  return ctx.loaders.organizations.load(logtoIdFrom(id, 'Organization'));
}

export function organizationsConnection(
  ctx: Context,
  args: ConnectionArgs,
  filter?: OrganizationFilter | null,
): Promise<OffsetConnection<LogtoOrganization>> {
  const query: Record<string, QueryValue> = {};
  if (filter?.q) query.q = filter.q;
  return entityListConnection(ctx, 'organizations', args, { query });
}

/**
 * Members with their organization roles in one request per page. The rows are complete users
 * (except `hasPassword`), so they prime the user loader.
 */
export async function organizationMembersConnection(
  ctx: Context,
  organization: LogtoOrganization,
  args: ConnectionArgs,
  filter?: OrganizationMemberFilter | null,
): Promise<OffsetConnection<LogtoOrganizationMember>> {
  const query: Record<string, QueryValue> = {};
  if (filter?.q) query.q = filter.q;
  if (filter?.organizationRoleId != null) query.organizationRoleId = logtoIdFrom(filter.organizationRoleId, 'OrganizationRole');
  const connection = await listConnection<LogtoOrganizationMember>(
    ctx,
    'Organization.members',
    args,
    { route: '/api/organizations/:id/users', params: { id: organization.id }, query },
    (row) => {
      const { organizationRoles: _roles, ...user } = row;
      ctx.loaders.users.prime(row.id, user as LogtoUser);
      // For an organization token, its own organization's members are the users it may see.
      ctx.access.recordMember(organization.id, row.id);
    },
  );
  // Each edge knows its organization, for edge fields that read more about the membership.
  return { ...connection, edges: connection.edges.map((edge): MemberEdge => ({ ...edge, organizationId: organization.id })) };
}

/** An edge of `Organization.members`: the member row and the organization it is a member of. */
export type MemberEdge = { readonly cursor: string; readonly node: LogtoOrganizationMember; readonly organizationId?: string };

/** Logto returns invitations whole (the route takes no page parameters). */
export function organizationInvitationsConnection(
  ctx: Context,
  organization: LogtoOrganization,
  args: ConnectionArgs,
): Promise<OffsetConnection<LogtoOrganizationInvitation>> {
  return wholeListConnection(
    ctx,
    'Organization.invitations',
    args,
    { route: '/api/organization-invitations', query: { organizationId: organization.id } },
    primer(ctx.loaders.organizationInvitations),
  );
}

/**
 * An invitation by id. For an organization token the lookup reads only that organization's
 * invitations (one request, as for anyone), so another organization's invitation is neither
 * fetched nor distinguishable from one that does not exist.
 */
export async function organizationInvitationById(ctx: Context, id: string): Promise<LogtoOrganizationInvitation | null> {
  const invitationId = logtoIdFrom(id, 'OrganizationInvitation');
  const { organizationId } = ctx.caller;
  if (organizationId === undefined) return ctx.loaders.organizationInvitations.load(invitationId);
  const rows = (await ctx.loaders.wholeLists.load({
    route: '/api/organization-invitations',
    query: { organizationId },
  })) as readonly LogtoOrganizationInvitation[];
  return rows.find((row) => row.id === invitationId) ?? null;
}

/** A field of an organization role that a `{ id, name }` row may lack: read the role when it does. */
export async function organizationRoleField<K extends keyof LogtoOrganizationRole>(
  ctx: Context,
  role: OrganizationRoleParent,
  key: K,
): Promise<LogtoOrganizationRole[K] | null> {
  if (role[key] !== undefined) return role[key] as LogtoOrganizationRole[K];
  const full = await ctx.loaders.organizationRoles.load(role.id);
  return full ? full[key] : null;
}

export function organizationRolesConnection(ctx: Context, args: ConnectionArgs): Promise<OffsetConnection<LogtoOrganizationRole>> {
  return entityListConnection(ctx, 'organizationRoles', args);
}

export function organizationRoleScopesConnection(
  ctx: Context,
  role: OrganizationRoleParent,
  args: ConnectionArgs,
): Promise<OffsetConnection<LogtoOrganizationScope>> {
  return listConnection(
    ctx,
    'OrganizationRole.scopes',
    args,
    { route: '/api/organization-roles/:id/scopes', params: { id: role.id } },
    primer(ctx.loaders.organizationScopes),
  );
}

export function organizationRoleResourceScopesConnection(
  ctx: Context,
  role: OrganizationRoleParent,
  args: ConnectionArgs,
): Promise<OffsetConnection<LogtoScope>> {
  return listConnection(ctx, 'OrganizationRole.resourceScopes', args, {
    route: '/api/organization-roles/:id/resource-scopes',
    params: { id: role.id },
  });
}

export function organizationScopesConnection(ctx: Context, args: ConnectionArgs): Promise<OffsetConnection<LogtoOrganizationScope>> {
  return entityListConnection(ctx, 'organizationScopes', args);
}
