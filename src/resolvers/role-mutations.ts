import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import type { LogtoApplication, LogtoRole, LogtoScope, LogtoUser } from '../logto/types.js';
import { NotFoundError, ValidationError } from '../mutation-errors.js';
import { encodeCursor } from './cursor.js';
import type { RoleTypeValue } from './roles.js';
import { type DeletedPayload, given, sendDelete, sendWrite, writeEntity } from './writes.js';

/** Fetch logic of the role mutations; one Management API write each. */

export type CreateRoleInput = {
  readonly name: string;
  readonly description: string;
  readonly type?: RoleTypeValue | null;
  readonly isDefault?: boolean | null;
  readonly scopeIds?: readonly string[] | null;
};

export type UpdateRoleInput = {
  readonly id: string;
  readonly name?: string | null;
  readonly description?: string | null;
  readonly isDefault?: boolean | null;
};

export type RolePayload = { readonly role: LogtoRole };
export type RoleScopesPayload = { readonly roleId: string; readonly scopes: readonly LogtoScope[] };
export type RemoveRoleScopePayload = { readonly roleId: string; readonly scopeId: string };
export type RoleMembersPayload = { readonly roleId: string; readonly memberIds: readonly string[] };

const ROLE_HINTS = { 'entity.not_exists_with_id': 'id' } as const;

/**
 * `POST /api/roles` (200) with the initial scopes in the same request. Logto inserts the role
 * before it checks the scopes and does not undo it: when a scope is refused the role exists
 * anyway, which the error says.
 */
export async function createRole(ctx: Context, input: CreateRoleInput): Promise<RolePayload> {
  const scopeIds = input.scopeIds?.length ? [...new Set(input.scopeIds.map((id) => logtoIdFrom(id, 'Scope')))] : undefined;
  const body = given({ name: input.name, description: input.description, type: input.type ?? undefined, isDefault: input.isDefault ?? undefined, scopeIds });
  try {
    const role = await writeEntity<LogtoRole>(ctx, (loaders) => loaders.roles, { method: 'POST', route: '/api/roles', body }, {
      'entity.not_exists_with_id': 'scopeIds',
      'role.management_api_scopes_not_assignable_to_user_role': 'scopeIds',
    });
    ctx.loaders.roles.prime(role.id, role);
    return { role };
  } catch (error) {
    const note = ' The role was created without its scopes; assign them with `assignRoleScopes`.';
    if (scopeIds && error instanceof NotFoundError) throw new NotFoundError(error.message + note, error.field, error.logtoCode);
    if (scopeIds && error instanceof ValidationError && error.field === 'scopeIds') {
      const [first, ...rest] = error.issues;
      throw new ValidationError([{ ...first, message: first.message + note }, ...rest], error.logtoCode);
    }
    throw error;
  }
}

/**
 * Where `roles` (creation order, oldest first) shows a new role: last. Knowing "last" takes the
 * list's count: one page-size-1 request, shared with a `roles` connection in the same operation.
 */
export async function newRoleCursor(ctx: Context): Promise<string> {
  const page = await ctx.loaders.windows.load({ request: { route: '/api/roles', query: {} }, offset: 0, limit: 1 });
  return encodeCursor('roles', Math.max(0, page.totalCount - 1));
}

/** `PATCH /api/roles/:id` (200). */
export async function updateRole(ctx: Context, input: UpdateRoleInput): Promise<RolePayload> {
  const body = given({ name: input.name ?? undefined, description: input.description ?? undefined, isDefault: input.isDefault ?? undefined });
  const role = await sendWrite<LogtoRole>(ctx, { method: 'PATCH', route: '/api/roles/:id', params: { id: logtoIdFrom(input.id, 'Role') }, body }, ROLE_HINTS);
  return { role };
}

/** `DELETE /api/roles/:id` (204): holders lose it, its scopes are unlinked. */
export async function deleteRole(ctx: Context, input: { readonly id: string }): Promise<DeletedPayload> {
  const id = logtoIdFrom(input.id, 'Role');
  await sendDelete(ctx, { route: '/api/roles/:id', params: { id } }, ROLE_HINTS);
  return { deletedId: id };
}

/** `POST /api/roles/:id/scopes` (201, answering every scope the role now has). */
export async function assignRoleScopes(ctx: Context, input: { readonly roleId: string; readonly scopeIds: readonly string[] }): Promise<RoleScopesPayload> {
  const roleId = logtoIdFrom(input.roleId, 'Role');
  const scopeIds = [...new Set(input.scopeIds.map((id) => logtoIdFrom(id, 'Scope')))];
  const scopes = await sendWrite<LogtoScope[]>(ctx, { method: 'POST', route: '/api/roles/:id/scopes', params: { id: roleId }, body: { scopeIds } }, {
    'entity.not_exists_with_id:roles': 'roleId',
    'entity.not_exists_with_id:scopes': 'scopeIds',
    'role.management_api_scopes_not_assignable_to_user_role': 'scopeIds',
  });
  return { roleId, scopes };
}

/** `DELETE /api/roles/:id/scopes/:scopeId` (204; 404 when the role does not have it). */
export async function removeRoleScope(ctx: Context, input: { readonly roleId: string; readonly scopeId: string }): Promise<RemoveRoleScopePayload> {
  const roleId = logtoIdFrom(input.roleId, 'Role');
  const scopeId = logtoIdFrom(input.scopeId, 'Scope');
  await sendDelete(ctx, { route: '/api/roles/:id/scopes/:scopeId', params: { id: roleId, scopeId } }, { notFound: 'scopeId' });
  return { roleId, scopeId };
}

/** `POST /api/roles/:id/users` (201): refused whole when one user already holds the role. */
export async function assignRoleUsers(ctx: Context, input: { readonly roleId: string; readonly userIds: readonly string[] }): Promise<RoleMembersPayload> {
  const roleId = logtoIdFrom(input.roleId, 'Role');
  const userIds = [...new Set(input.userIds.map((id) => logtoIdFrom(id, 'User')))];
  await sendWrite(ctx, { method: 'POST', route: '/api/roles/:id/users', params: { id: roleId }, body: { userIds } }, {
    'entity.not_exists_with_id': 'roleId',
    'entity.not_found': 'userIds',
    // The role is a machine-to-machine role (a check constraint in Logto's database).
    'entity.db_constraint_violated': 'roleId',
  });
  return { roleId, memberIds: userIds };
}

/** `POST /api/roles/:id/applications` (201): machine-to-machine roles only. */
export async function assignRoleApplications(
  ctx: Context,
  input: { readonly roleId: string; readonly applicationIds: readonly string[] },
): Promise<RoleMembersPayload> {
  const roleId = logtoIdFrom(input.roleId, 'Role');
  const applicationIds = [...new Set(input.applicationIds.map((id) => logtoIdFrom(id, 'Application')))];
  await sendWrite(ctx, { method: 'POST', route: '/api/roles/:id/applications', params: { id: roleId }, body: { applicationIds } }, {
    'entity.not_exists_with_id:roles': 'roleId',
    'entity.not_exists_with_id:applications': 'applicationIds',
    'entity.db_constraint_violated': 'roleId',
  });
  return { roleId, memberIds: applicationIds };
}

export function loadRole(ctx: Context, id: string): Promise<LogtoRole | null> {
  return ctx.loaders.roles.load(id);
}

export async function loadUsers(ctx: Context, ids: readonly string[]): Promise<LogtoUser[]> {
  const users = await Promise.all(ids.map((id) => ctx.loaders.users.load(id)));
  return users.filter((user): user is LogtoUser => user !== null);
}

export async function loadApplications(ctx: Context, ids: readonly string[]): Promise<LogtoApplication[]> {
  const applications = await Promise.all(ids.map((id) => ctx.loaders.applications.load(id)));
  return applications.filter((application): application is LogtoApplication => application !== null);
}
