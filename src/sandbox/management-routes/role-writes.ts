import { z } from 'zod';

import { isManagementApiIndicator, LENGTHS } from '../../logto/input-rules.js';
import { guardBody } from '../body-guard.js';
import { TENANT_ID } from '../constants.js';
import { entityNotExistsWithId, entityNotFound, LogtoError } from '../errors.js';
import { del, patch, post, type RouteContext, type RouteDefinition } from '../router.js';
import type { RoleRow } from '../rows.js';
import type { SandboxStore } from '../store.js';
import { badRequest, dbConstraintViolated, emptyUpdate, idList } from '../write-guards.js';

/**
 * Logto's role write routes (`routes/role.ts`, `role.scope.ts`, `role.user.ts`,
 * `role.application.ts`, `libraries/role-scope.ts`).
 */

const ROLE_TYPES = ['User', 'MachineToMachine'] as const;

const createBody = z.object({
  name: z.string().max(LENGTHS.roleName),
  description: z.string().max(LENGTHS.roleDescription),
  type: z.enum(ROLE_TYPES).optional(),
  isDefault: z.boolean().optional(),
  scopeIds: z.array(z.string().min(1)).optional(),
});

const updateBody = z
  .object({
    name: z.string().max(LENGTHS.roleName),
    description: z.string().max(LENGTHS.roleDescription),
    isDefault: z.boolean(),
  })
  .partial();

function findRole(context: RouteContext, id = context.params.id ?? ''): RoleRow {
  const role = context.store.roles.get(id);
  if (!role) throw entityNotExistsWithId('roles', id);
  return role;
}

const nameInUse = (name: string) => new LogtoError(422, 'role.name_in_use', `This role name ${name} is already in use`);

function nameTaken(store: SandboxStore, name: string, exceptId?: string): boolean {
  for (const role of store.roles.values()) if (role.name === name && role.id !== exceptId) return true;
  return false;
}

/**
 * `validateRoleScopeAssignment`: every scope must exist, and Management API scopes cannot go to a
 * user role. `checkAssigned` is skipped for a role just created.
 */
function validateScopes(store: SandboxStore, role: RoleRow, scopeIds: readonly string[], checkAssigned: boolean): void {
  if (checkAssigned) {
    for (const scopeId of scopeIds) {
      if (store.roleScopes.has(role.id, scopeId)) {
        throw new LogtoError(422, 'role.scope_exists', `The scope id ${scopeId} has already been added to this role`);
      }
    }
  }
  for (const scopeId of scopeIds) {
    const scope = store.scopes.get(scopeId);
    if (!scope) throw entityNotExistsWithId('scopes', scopeId);
    const indicator = store.resources.get(scope.resourceId)?.indicator ?? '';
    if (role.type === 'User' && isManagementApiIndicator(indicator)) {
      throw badRequest('role.management_api_scopes_not_assignable_to_user_role', 'Cannot assign Management API scopes to a user role.');
    }
  }
}

export const roleWriteRoutes: readonly RouteDefinition[] = [
  post('/roles', (context) => {
    const { store } = context;
    const { scopeIds, ...body } = guardBody(createBody, context.body);
    if (nameTaken(store, body.name)) throw nameInUse(body.name);
    const role: RoleRow = {
      tenantId: TENANT_ID,
      id: store.newId(),
      name: body.name,
      description: body.description,
      type: body.type ?? 'User',
      isDefault: body.isDefault ?? false,
    };
    store.roles.set(role.id, role);
    if (scopeIds) {
      // Logto inserts the role first and validates the scopes afterwards, outside a transaction:
      // an unknown scope answers 404 and leaves the new role in place.
      validateScopes(store, role, scopeIds, false);
      for (const scopeId of scopeIds) store.roleScopes.add(role.id, scopeId);
    }
    return { status: 200, body: role };
  }),

  patch('/roles/:id', (context) => {
    const { store } = context;
    const body = guardBody(updateBody, context.body);
    const role = findRole(context);
    if (body.name && nameTaken(store, body.name, role.id)) throw nameInUse(body.name);
    if (Object.keys(body).length === 0) throw emptyUpdate();
    const updated: RoleRow = { ...role, ...body };
    store.roles.set(role.id, updated);
    return { status: 200, body: updated };
  }),

  del('/roles/:id', (context) => {
    const role = findRole(context);
    context.store.removeRole(role.id);
    return { status: 204 };
  }),

  post('/roles/:id/scopes', (context) => {
    const { store } = context;
    const { scopeIds } = guardBody(z.object({ scopeIds: idList }), context.body);
    const role = findRole(context);
    validateScopes(store, role, scopeIds, true);
    for (const scopeId of scopeIds) store.roleScopes.add(role.id, scopeId);
    // Deprecated in Logto but still answered: every scope the role now has, as plain rows.
    const assigned = store.roleScopes.rightsOf(role.id);
    return { status: 201, body: [...store.scopes.values()].filter((scope) => assigned.has(scope.id)) };
  }),

  del('/roles/:id/scopes/:scopeId', (context) => {
    if (!context.store.roleScopes.delete(context.params.id ?? '', context.params.scopeId ?? '')) throw entityNotFound();
    return { status: 204 };
  }),

  post('/roles/:id/users', (context) => {
    const { store } = context;
    const { userIds } = guardBody(z.object({ userIds: idList }), context.body);
    const role = findRole(context);
    const holder = userIds.find((userId) => store.userRoles.has(userId, role.id));
    if (holder) throw new LogtoError(422, 'role.user_exists', `The user id ${holder} is already been added to this role`);
    for (const userId of userIds) if (!store.users.has(userId)) throw entityNotFound();
    // `users_roles__role_type`: a check constraint, not a route check.
    if (role.type !== 'User') throw dbConstraintViolated();
    for (const userId of userIds) store.userRoles.add(userId, role.id);
    return { status: 201, body: 'Created' };
  }),

  post('/roles/:id/applications', (context) => {
    const { store } = context;
    const { applicationIds } = guardBody(z.object({ applicationIds: idList }), context.body);
    const role = findRole(context);
    const holder = applicationIds.find((applicationId) => store.applicationRoles.has(applicationId, role.id));
    // Logto passes `userId` to a phrase that reads `{{applicationId}}`: the id never shows.
    if (holder) throw new LogtoError(422, 'role.application_exists', 'The application id  is already been added to this role');
    for (const applicationId of applicationIds) {
      if (!store.applications.has(applicationId)) throw entityNotExistsWithId('applications', applicationId);
    }
    if (role.type !== 'MachineToMachine') throw dbConstraintViolated();
    for (const applicationId of applicationIds) store.applicationRoles.add(applicationId, role.id);
    return { status: 201, body: 'Created' };
  }),
];
