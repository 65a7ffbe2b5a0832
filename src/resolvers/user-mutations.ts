import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import type { LogtoRole, LogtoUser } from '../logto/types.js';
import { type DeletedPayload, given, sendDelete, sendWrite } from './writes.js';

/** Fetch logic of the user mutations; one Management API write each unless noted. */

type JsonObject = Record<string, unknown>;

/** Profile claims as GraphQL hands them over: a field may be an explicit null (left out here). */
export type ProfileInput = { readonly [claim: string]: string | ProfileInput | null | undefined };

export type CreateUserInput = {
  readonly username?: string | null;
  readonly primaryEmail?: string | null;
  readonly primaryPhone?: string | null;
  readonly name?: string | null;
  readonly avatar?: string | null;
  readonly password?: string | null;
  readonly customData?: JsonObject | null;
  readonly profile?: ProfileInput | null;
};

export type CustomDataMode = 'REPLACE' | 'MERGE';

export type UpdateUserInput = {
  readonly id: string;
  readonly username?: string | null;
  readonly primaryEmail?: string | null;
  readonly primaryPhone?: string | null;
  readonly name?: string | null;
  readonly avatar?: string | null;
  readonly profile?: ProfileInput | null;
  readonly customData?: JsonObject | null;
  readonly customDataMode?: CustomDataMode | null;
};

export type UserPayload = { readonly user: LogtoUser };
export type UserRolesPayload = { readonly userId: string; readonly roleIds: readonly string[]; readonly addedRoleIds: readonly string[] };
export type RemoveUserRolePayload = { readonly userId: string; readonly roleId: string };

/** Which input field Logto's answers are about, for the user mutations. */
const USER_HINTS = { 'entity.not_found': 'id' } as const;

function primeUser(ctx: Context, user: LogtoUser): UserPayload {
  ctx.loaders.users.prime(user.id, user);
  return { user };
}

/** Logto's guards take no nulls inside `profile`: a null claim is simply not set. */
export function withoutNulls(profile: ProfileInput): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(profile)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([key, value]) => [key, typeof value === 'object' && value !== null ? withoutNulls(value) : value]),
  );
}

/** `POST /api/users` (200). Empty values are left out: Logto would store `''`, not "none". */
export async function createUser(ctx: Context, input: CreateUserInput): Promise<UserPayload> {
  const { profile, ...rest } = input;
  const body = {
    ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== null && value !== undefined && value !== '')),
    ...(profile ? { profile: withoutNulls(profile) } : {}),
  };
  const user = await sendWrite<LogtoUser>(ctx, { method: 'POST', route: '/api/users', body });
  return primeUser(ctx, user);
}

/**
 * `PATCH /api/users/:id` replaces what it is given (customData and profile as a whole); null
 * clears an identifier. With `customDataMode: MERGE`, customData goes through
 * `PATCH /api/users/:id/custom-data` instead, which Logto merges shallowly into the stored
 * object. That costs a second request: after the user PATCH (so a conflict on a username leaves
 * customData untouched), or before a `GET /api/users/:id` when customData is all that changes
 * (the custom-data route answers only the object).
 */
export async function updateUser(ctx: Context, input: UpdateUserInput): Promise<UserPayload> {
  const id = logtoIdFrom(input.id, 'User');
  const merge = input.customDataMode === 'MERGE' && input.customData !== undefined;
  const fields = given({
    username: input.username,
    primaryEmail: input.primaryEmail,
    primaryPhone: input.primaryPhone,
    name: input.name,
    avatar: input.avatar,
    // Logto's guard takes no null here: null means "empty it".
    profile: input.profile === undefined ? undefined : withoutNulls(input.profile ?? {}),
    customData: merge ? undefined : input.customData === null ? {} : input.customData,
  });
  const params = { id };
  if (!merge) {
    return primeUser(ctx, await sendWrite<LogtoUser>(ctx, { method: 'PATCH', route: '/api/users/:id', params, body: fields }, USER_HINTS));
  }
  const customData = input.customData ?? {};
  if (Object.keys(fields).length > 0) {
    const user = await sendWrite<LogtoUser>(ctx, { method: 'PATCH', route: '/api/users/:id', params, body: fields }, USER_HINTS);
    const merged = await sendWrite<JsonObject>(ctx, { method: 'PATCH', route: '/api/users/:id/custom-data', params, body: { customData } }, USER_HINTS);
    return primeUser(ctx, { ...user, customData: merged });
  }
  await sendWrite<JsonObject>(ctx, { method: 'PATCH', route: '/api/users/:id/custom-data', params, body: { customData } }, USER_HINTS);
  return primeUser(ctx, await readUserBack(ctx, id));
}

/**
 * The user after a write whose answer is not the user (`custom-data`, `profile`): read back by
 * `GET /api/users/:id` rather than through the loaders' search (one request, and 404 if it
 * vanished), primed for the rest of the operation.
 */
export async function readUserBack(ctx: Context, id: string): Promise<LogtoUser> {
  const user = (await ctx.upstream.request<LogtoUser>({ method: 'GET', route: '/api/users/:id', params: { id } })).body;
  ctx.loaders.users.prime(user.id, user);
  return user;
}

/** A `PATCH /api/users/:id/<what>` that answers the user (the route stays a literal at each call, for the coverage scan). */
async function patchUserPart(
  ctx: Context,
  target: { readonly method: 'PATCH'; readonly route: `/api/users/:id/${string}` },
  globalId: string,
  body: JsonObject,
): Promise<UserPayload> {
  const user = await sendWrite<LogtoUser>(ctx, { ...target, params: { id: logtoIdFrom(globalId, 'User') }, body }, USER_HINTS);
  return primeUser(ctx, user);
}

/** `PATCH /api/users/:id/is-suspended`; suspending also signs the user out everywhere (Logto). */
export function setUserSuspended(ctx: Context, input: { readonly id: string; readonly isSuspended: boolean }): Promise<UserPayload> {
  return patchUserPart(ctx, { method: 'PATCH', route: '/api/users/:id/is-suspended' }, input.id, { isSuspended: input.isSuspended });
}

/** `PATCH /api/users/:id/password`: the password goes to Logto and nowhere else (not even logs). */
export function updateUserPassword(ctx: Context, input: { readonly id: string; readonly password: string }): Promise<UserPayload> {
  return patchUserPart(ctx, { method: 'PATCH', route: '/api/users/:id/password' }, input.id, { password: input.password });
}

/** `DELETE /api/users/:id` (204). */
export async function deleteUser(ctx: Context, input: { readonly id: string }): Promise<DeletedPayload> {
  const id = logtoIdFrom(input.id, 'User');
  await sendDelete(ctx, { route: '/api/users/:id', params: { id } }, USER_HINTS);
  return { deletedId: id };
}

/**
 * `POST /api/users/:id/roles` (201 `{ roleIds, addedRoleIds }`): roles the user already holds are
 * skipped, not refused. An unknown user answers `entity.not_found`, an unknown role
 * `entity.not_exists_with_id`, a machine-to-machine role `user.invalid_role_type`.
 */
export async function assignUserRoles(
  ctx: Context,
  input: { readonly userId: string; readonly roleIds: readonly string[] },
): Promise<UserRolesPayload> {
  const userId = logtoIdFrom(input.userId, 'User');
  const roleIds = [...new Set(input.roleIds.map((id) => logtoIdFrom(id, 'Role')))];
  const answer = await sendWrite<{ roleIds: string[]; addedRoleIds: string[] }>(
    ctx,
    { method: 'POST', route: '/api/users/:id/roles', params: { id: userId }, body: { roleIds } },
    { 'entity.not_found': 'userId', 'entity.not_exists_with_id': 'roleIds', 'user.invalid_role_type': 'roleIds' },
  );
  return { userId, roleIds: answer.roleIds, addedRoleIds: answer.addedRoleIds };
}

/** `DELETE /api/users/:userId/roles/:roleId` (204; 404 when the user does not hold the role). */
export async function removeUserRole(ctx: Context, input: { readonly userId: string; readonly roleId: string }): Promise<RemoveUserRolePayload> {
  const userId = logtoIdFrom(input.userId, 'User');
  const roleId = logtoIdFrom(input.roleId, 'Role');
  await sendDelete(ctx, { route: '/api/users/:userId/roles/:roleId', params: { userId, roleId } }, { notFound: 'roleId' });
  return { userId, roleId };
}

/** Payload helpers: objects a relation mutation changed, read after the write. */
export function loadUser(ctx: Context, id: string): Promise<LogtoUser | null> {
  return ctx.loaders.users.load(id);
}

export async function loadRoles(ctx: Context, ids: readonly string[]): Promise<LogtoRole[]> {
  const roles = await Promise.all(ids.map((id) => ctx.loaders.roles.load(id)));
  return roles.filter((role): role is LogtoRole => role !== null);
}
