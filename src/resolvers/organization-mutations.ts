import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import type {
  LogtoOrganization,
  LogtoOrganizationInvitation,
  LogtoOrganizationRole,
  LogtoOrganizationScope,
  LogtoUser,
} from '../logto/types.js';
import { NotFoundError, ValidationError } from '../mutation-errors.js';
import { encodeCursor } from './cursor.js';
import { organizationInvitationById } from './organizations.js';
import type { RoleTypeValue } from './roles.js';
import { type DeletedPayload, given, sendDelete, sendWrite, writeEntity } from './writes.js';

/**
 * Fetch logic of the organization mutations: organizations, their members and member roles,
 * invitations, and the organization template (organization roles and scopes). One Management
 * API write each.
 *
 * Organization routes answer an unknown id inside a relation with 422
 * `entity.relation_foreign_key_not_found`, which does not say which id: where the input has
 * several, the NotFoundError's `field` is null.
 */

type JsonObject = Record<string, unknown>;

export type OrganizationInput = {
  readonly name?: string | null;
  readonly description?: string | null;
  readonly customData?: JsonObject | null;
  readonly isMfaRequired?: boolean | null;
};

export type OrganizationPayload = { readonly organization: LogtoOrganization };
export type OrganizationMembersPayload = { readonly organizationId: string; readonly userIds: readonly string[] };
export type OrganizationMemberPayload = { readonly organizationId: string; readonly userId: string; readonly organizationRoleId?: string };
export type InvitationPayload = { readonly invitation: LogtoOrganizationInvitation };
export type OrganizationRolePayload = { readonly organizationRole: LogtoOrganizationRole };
export type OrganizationScopePayload = { readonly organizationScope: LogtoOrganizationScope };
export type { DeletedPayload } from './writes.js';

/** `POST /api/organizations` (201). */
export async function createOrganization(ctx: Context, input: OrganizationInput & { readonly name: string }): Promise<OrganizationPayload> {
  const body = given({
    name: input.name,
    description: input.description ?? undefined,
    customData: input.customData ?? undefined,
    isMfaRequired: input.isMfaRequired ?? undefined,
  });
  const organization = await writeEntity<LogtoOrganization>(ctx, (loaders) => loaders.organizations, { method: 'POST', route: '/api/organizations', body });
  return { organization };
}

/** Where `organizations` (no ORDER BY: creation order on a fresh database) shows a new one: last. */
export async function newOrganizationCursor(ctx: Context): Promise<string> {
  const page = await ctx.loaders.windows.load({ request: { route: '/api/organizations', query: {} }, offset: 0, limit: 1 });
  return encodeCursor('organizations', Math.max(0, page.totalCount - 1));
}

/** `PATCH /api/organizations/:id` (200; customData is replaced). */
export async function updateOrganization(ctx: Context, input: OrganizationInput & { readonly id: string }): Promise<OrganizationPayload> {
  const body = given({
    name: input.name ?? undefined,
    description: input.description,
    customData: input.customData === null ? {} : input.customData,
    isMfaRequired: input.isMfaRequired ?? undefined,
  });
  const organization = await writeEntity<LogtoOrganization>(
    ctx,
    (loaders) => loaders.organizations,
    { method: 'PATCH', route: '/api/organizations/:id', params: { id: logtoIdFrom(input.id, 'Organization') }, body },
    { 'entity.not_exists': 'id' },
  );
  return { organization };
}

/** `DELETE /api/organizations/:id` (204): memberships, member roles and invitations go with it. */
export async function deleteOrganization(ctx: Context, input: { readonly id: string }): Promise<DeletedPayload> {
  const id = logtoIdFrom(input.id, 'Organization');
  await sendDelete(ctx, { route: '/api/organizations/:id', params: { id } }, { notFound: 'id' });
  return { deletedId: id };
}

/**
 * What an organization token hears about a user it may not name, whether the user does not exist
 * or belongs elsewhere: word for word what Logto answers a tenant-wide caller for an unknown
 * user, so neither the answer nor the requests made tell the two apart.
 */
const notInYourOrganization = (field: string | null): NotFoundError =>
  new NotFoundError(
    'Cannot find one or more foreign keys. Please check the input and ensure that all referenced entities exist.',
    field,
    'entity.relation_foreign_key_not_found',
  );

/**
 * Which of `userIds` are members of the organization. One request for most organizations (the
 * first page of members, 100 of them); for a larger one, one `q` lookup per id not on that page.
 * The requests depend only on the organization and the ids, never on whether a user exists.
 */
async function membersAmong(ctx: Context, organizationId: string, userIds: readonly string[]): Promise<Set<string>> {
  const members = { route: '/api/organizations/:id/users', params: { id: organizationId } } as const;
  const first = await ctx.loaders.windows.load({ request: { ...members, query: {} }, offset: 0, limit: 100 });
  const rowIds = (items: readonly unknown[]) => new Set(items.map((row) => (row as { id: string }).id));
  const onFirst = rowIds(first.items);
  const found = new Set(userIds.filter((id) => onFirst.has(id)));
  if (first.totalCount > first.items.length) {
    const missing = userIds.filter((id) => !found.has(id));
    const pages = await Promise.all(missing.map((id) => ctx.loaders.windows.load({ request: { ...members, query: { q: id } }, offset: 0, limit: 100 })));
    missing.forEach((id, index) => {
      if (rowIds(pages[index]?.items ?? []).has(id)) found.add(id);
    });
  }
  return found;
}

/**
 * `POST /api/organizations/:id/users` (201): members already there stay as they are.
 *
 * Adding an arbitrary user of the tenant needs `write:organizations` tenant-wide. An organization
 * token brings new people in by invitation (`createOrganizationInvitation`, by email); here it
 * may only name users already in its organization (which changes nothing, so nothing is sent).
 * Any other id — unknown, or a user of another organization — is the same NotFoundError.
 */
export async function addOrganizationMembers(
  ctx: Context,
  input: { readonly organizationId: string; readonly userIds: readonly string[] },
): Promise<OrganizationMembersPayload> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const userIds = [...new Set(input.userIds.map((id) => logtoIdFrom(id, 'User')))];
  if (ctx.caller.organizationId !== undefined) {
    const members = await membersAmong(ctx, organizationId, userIds);
    if (userIds.some((id) => !members.has(id))) throw notInYourOrganization(null);
    for (const userId of userIds) ctx.access.recordMember(organizationId, userId);
    return { organizationId, userIds };
  }
  await sendWrite(ctx, { method: 'POST', route: '/api/organizations/:id/users', params: { id: organizationId }, body: { userIds } }, {
    'entity.relation_foreign_key_not_found': null,
  });
  // They are members now: an organization token may see them in the payload.
  for (const userId of userIds) ctx.access.recordMember(organizationId, userId);
  return { organizationId, userIds };
}

/** `DELETE /api/organizations/:id/users/:userId` (204): the member's roles there go too. */
export async function removeOrganizationMember(
  ctx: Context,
  input: { readonly organizationId: string; readonly userId: string },
): Promise<OrganizationMemberPayload> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const userId = logtoIdFrom(input.userId, 'User');
  await sendDelete(ctx, { route: '/api/organizations/:id/users/:userId', params: { id: organizationId, userId } }, { notFound: 'userId' });
  return { organizationId, userId };
}

const MEMBER_ROLE_HINTS = {
  'organization.require_membership': 'userId',
  'entity.relation_foreign_key_not_found': 'organizationRoleIds',
  // A machine-to-machine organization role (a check constraint in Logto's database).
  'entity.db_constraint_violated': 'organizationRoleIds',
} as const;

/** `POST /api/organizations/:id/users/:userId/roles` (201): the user must already be a member. */
export async function assignOrganizationMemberRoles(
  ctx: Context,
  input: { readonly organizationId: string; readonly userId: string; readonly organizationRoleIds: readonly string[] },
): Promise<OrganizationMemberPayload> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const userId = logtoIdFrom(input.userId, 'User');
  const organizationRoleIds = [...new Set(input.organizationRoleIds.map((id) => logtoIdFrom(id, 'OrganizationRole')))];
  await sendWrite(
    ctx,
    { method: 'POST', route: '/api/organizations/:id/users/:userId/roles', params: { id: organizationId, userId }, body: { organizationRoleIds } },
    MEMBER_ROLE_HINTS,
  );
  ctx.access.recordMember(organizationId, userId);
  return { organizationId, userId };
}

/** `DELETE /api/organizations/:id/users/:userId/roles/:organizationRoleId` (204; 404 when not held). */
export async function removeOrganizationMemberRole(
  ctx: Context,
  input: { readonly organizationId: string; readonly userId: string; readonly organizationRoleId: string },
): Promise<OrganizationMemberPayload> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const userId = logtoIdFrom(input.userId, 'User');
  const organizationRoleId = logtoIdFrom(input.organizationRoleId, 'OrganizationRole');
  await sendDelete(ctx, { route: '/api/organizations/:id/users/:userId/roles/:organizationRoleId', params: { id: organizationId, userId, organizationRoleId } }, { ...MEMBER_ROLE_HINTS, notFound: 'organizationRoleId' });
  ctx.access.recordMember(organizationId, userId);
  return { organizationId, userId, organizationRoleId };
}

/** A member's organization roles in one organization (`GET …/users/:userId/roles`, unpaginated). */
export async function memberOrganizationRoles(ctx: Context, payload: OrganizationMemberPayload): Promise<LogtoOrganizationRole[]> {
  const rows = await ctx.loaders.wholeLists.load({
    route: '/api/organizations/:id/users/:userId/roles',
    params: { id: payload.organizationId, userId: payload.userId },
  });
  return rows as LogtoOrganizationRole[];
}

export type CreateInvitationInput = {
  readonly organizationId: string;
  readonly invitee: string;
  readonly expiresAt: Date;
  readonly inviterId?: string | null;
  readonly organizationRoleIds?: readonly string[] | null;
};

/**
 * `POST /api/organization-invitations` (201). No email is sent (`messagePayload: false`): sending
 * needs an email connector and a template; the invitation link is the caller's business.
 */
export async function createOrganizationInvitation(ctx: Context, input: CreateInvitationInput): Promise<InvitationPayload> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const inviterId = input.inviterId ? logtoIdFrom(input.inviterId, 'User') : undefined;
  // An organization token's inviter is one of its members; anyone else answers like an unknown user.
  if (inviterId !== undefined && ctx.caller.organizationId !== undefined && !(await membersAmong(ctx, organizationId, [inviterId])).has(inviterId)) {
    throw notInYourOrganization('inviterId');
  }
  const body = given({
    organizationId,
    invitee: input.invitee,
    expiresAt: input.expiresAt.getTime(),
    inviterId,
    organizationRoleIds: input.organizationRoleIds?.map((id) => logtoIdFrom(id, 'OrganizationRole')),
    messagePayload: false,
  });
  const invitation = await writeEntity<LogtoOrganizationInvitation>(ctx, (loaders) => loaders.organizationInvitations, { method: 'POST', route: '/api/organization-invitations', body }, {
    // The other `request.invalid_input` (an expiry in the past) is refused before the call.
    'request.invalid_input': 'invitee',
    'entity.relation_foreign_key_not_found': null,
    // One pending invitation per invitee and organization (`organization_invitations__invitee_organization_id`).
    'entity.unique_integrity_violation': 'invitee',
  });
  return { invitation };
}

/**
 * `PUT /api/organization-invitations/:id/status` (200). Only a pending invitation changes;
 * accepting adds the user (whose email must be the invitee's) with the invitation's roles.
 * The id does not say whose invitation it is: an organization token's write first looks it up in
 * its own organization's invitations (one more request) and finds nothing elsewhere.
 */
export async function updateOrganizationInvitationStatus(
  ctx: Context,
  input: { readonly id: string; readonly status: 'Accepted' | 'Revoked'; readonly acceptedUserId?: string | null },
): Promise<InvitationPayload> {
  const own = ctx.caller.organizationId !== undefined ? await organizationInvitationById(ctx, input.id) : undefined;
  if (own === null) {
    throw new NotFoundError('The invitation does not exist in your organization.', 'id', null);
  }
  const body = given({ status: input.status, acceptedUserId: input.acceptedUserId ? logtoIdFrom(input.acceptedUserId, 'User') : undefined });
  const send = () =>
    sendWrite<LogtoOrganizationInvitation>(
      ctx,
      { method: 'PUT', route: '/api/organization-invitations/:id/status', params: { id: logtoIdFrom(input.id, 'OrganizationInvitation') }, body },
      { 'entity.not_found': 'id', 'request.invalid_input': 'status' },
    );
  let invitation: LogtoOrganizationInvitation;
  if (own && input.status === 'Accepted' && body.acceptedUserId !== undefined && own.status === 'Pending') {
    // Logto answers 404 for an unknown user and 422 for a user without the invitee's email: for
    // an organization token, that would tell which user ids exist. Both are one answer here.
    try {
      invitation = await send();
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof ValidationError) {
        throw new NotFoundError("No user with the invitee's email has this id.", 'acceptedUserId', null);
      }
      throw error;
    }
  } else invitation = await send();
  ctx.loaders.organizationInvitations.prime(invitation.id, invitation);
  return { invitation };
}

export type OrganizationRoleInput = {
  readonly name: string;
  readonly description?: string | null;
  readonly type?: RoleTypeValue | null;
  readonly organizationScopeIds?: readonly string[] | null;
  readonly resourceScopeIds?: readonly string[] | null;
};

/** `POST /api/organization-roles` (201), with its scopes in the same transaction. */
export async function createOrganizationRole(ctx: Context, input: OrganizationRoleInput): Promise<OrganizationRolePayload> {
  const body = given({
    name: input.name,
    description: input.description ?? undefined,
    type: input.type ?? undefined,
    organizationScopeIds: input.organizationScopeIds?.map((id) => logtoIdFrom(id, 'OrganizationScope')),
    resourceScopeIds: input.resourceScopeIds?.map((id) => logtoIdFrom(id, 'Scope')),
  });
  const organizationRole = await writeEntity<LogtoOrganizationRole>(ctx, (loaders) => loaders.organizationRoles, { method: 'POST', route: '/api/organization-roles', body }, {
    'entity.relation_foreign_key_not_found': null,
  });
  return { organizationRole };
}

/** `PATCH /api/organization-roles/:id` (200). */
export async function updateOrganizationRole(
  ctx: Context,
  input: { readonly id: string; readonly name?: string | null; readonly description?: string | null },
): Promise<OrganizationRolePayload> {
  const body = given({ name: input.name ?? undefined, description: input.description });
  const organizationRole = await writeEntity<LogtoOrganizationRole>(
    ctx,
    (loaders) => loaders.organizationRoles,
    { method: 'PATCH', route: '/api/organization-roles/:id', params: { id: logtoIdFrom(input.id, 'OrganizationRole') }, body },
    { 'entity.not_exists': 'id' },
  );
  return { organizationRole };
}

/** `DELETE /api/organization-roles/:id` (204): every member and invitation loses it. */
export async function deleteOrganizationRole(ctx: Context, input: { readonly id: string }): Promise<DeletedPayload> {
  const id = logtoIdFrom(input.id, 'OrganizationRole');
  await sendDelete(ctx, { route: '/api/organization-roles/:id', params: { id } }, { notFound: 'id' });
  return { deletedId: id };
}

/** `POST /api/organization-scopes` (201). */
export async function createOrganizationScope(
  ctx: Context,
  input: { readonly name: string; readonly description?: string | null },
): Promise<OrganizationScopePayload> {
  const body = given({ name: input.name, description: input.description ?? undefined });
  const organizationScope = await writeEntity<LogtoOrganizationScope>(ctx, (loaders) => loaders.organizationScopes, { method: 'POST', route: '/api/organization-scopes', body });
  return { organizationScope };
}

/** `PATCH /api/organization-scopes/:id` (200). */
export async function updateOrganizationScope(
  ctx: Context,
  input: { readonly id: string; readonly name?: string | null; readonly description?: string | null },
): Promise<OrganizationScopePayload> {
  const body = given({ name: input.name ?? undefined, description: input.description });
  const organizationScope = await writeEntity<LogtoOrganizationScope>(
    ctx,
    (loaders) => loaders.organizationScopes,
    { method: 'PATCH', route: '/api/organization-scopes/:id', params: { id: logtoIdFrom(input.id, 'OrganizationScope') }, body },
    { 'entity.not_exists': 'id' },
  );
  return { organizationScope };
}

/** `DELETE /api/organization-scopes/:id` (204): roles lose it. */
export async function deleteOrganizationScope(ctx: Context, input: { readonly id: string }): Promise<DeletedPayload> {
  const id = logtoIdFrom(input.id, 'OrganizationScope');
  await sendDelete(ctx, { route: '/api/organization-scopes/:id', params: { id } }, { notFound: 'id' });
  return { deletedId: id };
}

export function loadOrganization(ctx: Context, id: string): Promise<LogtoOrganization | null> {
  return ctx.loaders.organizations.load(id);
}

export function loadMember(ctx: Context, id: string): Promise<LogtoUser | null> {
  return ctx.loaders.users.load(id);
}
