import { z } from 'zod';

import { guardBody } from '../body-guard.js';
import { entityNotFound, LogtoError } from '../errors.js';
import { listReply } from '../pagination.js';
import { del, get, post, put, type RouteContext, type RouteDefinition } from '../router.js';
import type { SandboxStore } from '../store.js';
import { checkIdColumns, dbConstraintViolated, idList, relationForeignKeyNotFound } from '../write-guards.js';

/**
 * Logto's `organization/application/*` and the bulk member-role route
 * (`organization/user/index.ts`): machine-to-machine applications as organization members, their
 * organization roles, and `PUT /organizations/:id/users`. Relation POSTs answer 201 `Created` and
 * are idempotent; PUTs replace and answer 204; an unknown id is 422
 * `entity.relation_foreign_key_not_found`; a type the database refuses (an SPA as a member, a
 * User-type role for an app, a MachineToMachine one for a user) is 422 `entity.db_constraint_violated`.
 */

/** PUT bodies: Logto's replace guards take any array (an empty one clears the relation). */
const anyIdList = z.array(z.string().min(1));

const organizationIdOf = (context: Pick<RouteContext, 'params'>) => context.params.id ?? '';

/** `organization_application_relations__application_type`: only machine-to-machine apps join. */
function checkApplications(store: SandboxStore, organizationId: string, applicationIds: readonly string[]): void {
  checkIdColumns([organizationId, ...applicationIds]);
  if (!store.organizations.has(organizationId) || applicationIds.some((id) => !store.applications.has(id))) throw relationForeignKeyNotFound();
  if (applicationIds.some((id) => store.applications.get(id)?.type !== 'MachineToMachine')) throw dbConstraintViolated();
}

/**
 * Role grants reference the membership row, so a non-member is an unknown foreign key; the role's
 * type is a check constraint (`organization_role_*_relations__role_type`).
 */
function checkRoles(store: SandboxStore, roleIds: readonly string[], type: 'User' | 'MachineToMachine'): void {
  checkIdColumns(roleIds);
  if (roleIds.some((id) => !store.organizationRoles.has(id))) throw relationForeignKeyNotFound();
  if (roleIds.some((id) => store.organizationRoles.get(id)?.type !== type)) throw dbConstraintViolated();
}

/** Logto checks membership in a `router.use()` for every `/:id/applications/:applicationId/roles…` route. */
function requireApplicationMembership(context: Pick<RouteContext, 'params' | 'store'>): void {
  if (!context.store.organizationApplications.has(organizationIdOf(context), context.params.applicationId ?? '')) {
    throw new LogtoError(422, 'organization.require_membership', 'The user must be a member of the organization to proceed.');
  }
}

function requireUserMembership(context: Pick<RouteContext, 'params' | 'store'>): void {
  if (!context.store.organizationUsers.has(organizationIdOf(context), context.params.userId ?? '')) {
    throw new LogtoError(422, 'organization.require_membership', 'The user must be a member of the organization to proceed.');
  }
}

function removeApplication(store: SandboxStore, organizationId: string, applicationId: string): boolean {
  if (!store.organizationApplications.delete(organizationId, applicationId)) return false;
  // The role grants reference the membership (`on delete cascade`).
  store.organizationApplicationRoles.removeSubject(organizationId, applicationId);
  return true;
}

const organizationRolesOf = (store: SandboxStore, roleIds: Iterable<string>) =>
  [...roleIds].map((id) => store.organizationRoles.get(id)).filter((role) => role !== undefined);

export const organizationApplicationRoutes: readonly RouteDefinition[] = [
  post('/organizations/:id/applications', (context) => {
    const { store } = context;
    const { applicationIds } = guardBody(z.object({ applicationIds: idList }), context.body);
    const organizationId = organizationIdOf(context);
    checkApplications(store, organizationId, applicationIds);
    for (const id of applicationIds) store.organizationApplications.add(organizationId, id);
    return { status: 201, body: 'Created' };
  }),

  put('/organizations/:id/applications', (context) => {
    const { store } = context;
    const { applicationIds } = guardBody(z.object({ applicationIds: anyIdList }), context.body);
    const organizationId = organizationIdOf(context);
    if (applicationIds.length > 0) checkApplications(store, organizationId, applicationIds);
    const keep = new Set(applicationIds);
    for (const id of [...store.organizationApplications.rightsOf(organizationId)]) {
      if (!keep.has(id)) removeApplication(store, organizationId, id);
    }
    for (const id of applicationIds) store.organizationApplications.add(organizationId, id);
    return { status: 204 };
  }),

  del('/organizations/:id/applications/:applicationId', (context) => {
    if (!removeApplication(context.store, organizationIdOf(context), context.params.applicationId ?? '')) throw entityNotFound();
    return { status: 204 };
  }),

  post('/organizations/:id/applications/roles', (context) => {
    const { store } = context;
    const body = guardBody(z.object({ applicationIds: idList, organizationRoleIds: idList }), context.body);
    const organizationId = organizationIdOf(context);
    checkIdColumns(body.applicationIds);
    if (body.applicationIds.some((id) => !store.organizationApplications.has(organizationId, id))) throw relationForeignKeyNotFound();
    checkRoles(store, body.organizationRoleIds, 'MachineToMachine');
    for (const applicationId of body.applicationIds) {
      for (const roleId of body.organizationRoleIds) store.organizationApplicationRoles.add(organizationId, applicationId, roleId);
    }
    return { status: 201, body: 'Created' };
  }),

  get(
    '/organizations/:id/applications/:applicationId/roles',
    (context) => {
      const roles = context.store.organizationApplicationRoles.rolesOf(organizationIdOf(context), context.params.applicationId ?? '');
      return listReply(context, organizationRolesOf(context.store, roles));
    },
    { pagination: 'optional', before: requireApplicationMembership },
  ),

  post(
    '/organizations/:id/applications/:applicationId/roles',
    (context) => {
      const { store } = context;
      const { organizationRoleIds } = guardBody(z.object({ organizationRoleIds: idList }), context.body);
      checkRoles(store, organizationRoleIds, 'MachineToMachine');
      for (const roleId of organizationRoleIds) {
        store.organizationApplicationRoles.add(organizationIdOf(context), context.params.applicationId ?? '', roleId);
      }
      return { status: 201, body: 'Created' };
    },
    { before: requireApplicationMembership },
  ),

  put(
    '/organizations/:id/applications/:applicationId/roles',
    (context) => {
      const { store } = context;
      // Unlike the generic relation routes, this guard is `nonempty()` (recording 320).
      const { organizationRoleIds } = guardBody(z.object({ organizationRoleIds: idList }), context.body);
      checkRoles(store, organizationRoleIds, 'MachineToMachine');
      const organizationId = organizationIdOf(context);
      const applicationId = context.params.applicationId ?? '';
      store.organizationApplicationRoles.removeSubject(organizationId, applicationId);
      for (const roleId of organizationRoleIds) store.organizationApplicationRoles.add(organizationId, applicationId, roleId);
      return { status: 204 };
    },
    { before: requireApplicationMembership },
  ),

  del(
    '/organizations/:id/applications/:applicationId/roles/:organizationRoleId',
    (context) => {
      const { id = '', applicationId = '', organizationRoleId = '' } = context.params;
      if (!context.store.organizationApplicationRoles.delete(id, applicationId, organizationRoleId)) throw entityNotFound();
      return { status: 204 };
    },
    { before: requireApplicationMembership },
  ),

  post('/organizations/:id/users/roles', (context) => {
    const { store } = context;
    const body = guardBody(z.object({ userIds: idList, organizationRoleIds: idList }), context.body);
    const organizationId = organizationIdOf(context);
    checkIdColumns(body.userIds);
    if (body.userIds.some((id) => !store.organizationUsers.has(organizationId, id))) throw relationForeignKeyNotFound();
    checkRoles(store, body.organizationRoleIds, 'User');
    for (const userId of body.userIds) {
      for (const roleId of body.organizationRoleIds) store.organizationUserRoles.add(organizationId, userId, roleId);
    }
    return { status: 201, body: 'Created' };
  }),

  put(
    '/organizations/:id/users/:userId/roles',
    (context) => {
      const { store } = context;
      const body = guardBody(z.object({ organizationRoleIds: anyIdList.optional(), organizationRoleNames: anyIdList.optional() }), context.body);
      const names = body.organizationRoleNames ?? [];
      const byName = [...store.organizationRoles.values()].filter((role) => names.includes(role.name));
      const missing = names.filter((name) => !byName.some((role) => role.name === name));
      if (missing.length > 0) {
        throw new LogtoError(
          422,
          'organization.role_names_not_found',
          `Invalid role names detected: ${missing.join(', ')}. Please create these roles first before proceeding.`,
        );
      }
      const roleIds = [...new Set([...(body.organizationRoleIds ?? []), ...byName.map((role) => role.id)])];
      checkRoles(store, roleIds, 'User');
      const organizationId = organizationIdOf(context);
      const userId = context.params.userId ?? '';
      store.organizationUserRoles.removeSubject(organizationId, userId);
      for (const roleId of roleIds) store.organizationUserRoles.add(organizationId, userId, roleId);
      return { status: 204 };
    },
    { before: requireUserMembership },
  ),

  put('/organizations/:id/users', (context) => {
    const { store } = context;
    const { userIds } = guardBody(z.object({ userIds: anyIdList }), context.body);
    const organizationId = organizationIdOf(context);
    if (userIds.length > 0) {
      checkIdColumns([organizationId, ...userIds]);
      if (!store.organizations.has(organizationId) || userIds.some((id) => !store.users.has(id))) throw relationForeignKeyNotFound();
    }
    const keep = new Set(userIds);
    for (const userId of [...store.organizationUsers.rightsOf(organizationId)]) {
      if (keep.has(userId)) continue;
      store.organizationUsers.delete(organizationId, userId);
      store.organizationUserRoles.removeSubject(organizationId, userId);
    }
    for (const userId of userIds) store.organizationUsers.add(organizationId, userId);
    return { status: 204 };
  }),
];
