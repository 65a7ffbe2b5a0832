import { z } from 'zod';

import { LENGTHS } from '../../logto/input-rules.js';
import { guardBody } from '../body-guard.js';
import { TENANT_ID } from '../constants.js';
import { entityNotFound, LogtoError } from '../errors.js';
import { invitationResponse } from '../row-views.js';
import { del, patch, post, put, type RouteContext, type RouteDefinition } from '../router.js';
import type { InvitationRow, OrganizationRoleRow, OrganizationRow, OrganizationScopeRow } from '../rows.js';
import type { SandboxStore } from '../store.js';
import {
  checkColumnSizes,
  checkIdColumns,
  dbConstraintViolated,
  emptyUpdate,
  ID_COLUMN_SIZE,
  entityNotExists,
  idList,
  invalidInput,
  jsonObject,
  nowMs,
  relationForeignKeyNotFound,
  uniqueIntegrityViolation,
} from '../write-guards.js';

/**
 * Logto's organization writes: the `SchemaRouter` CRUD of organizations, organization roles and
 * organization scopes (201 on create, `entity.not_exists` on a PATCH of nothing, unique and
 * foreign-key violations as 422 through the routers' `errorHandler`), members and their roles
 * (`organization/user/*`), and invitations (`organization-invitation`, `libraries/organization-invitation.ts`).
 */

const ROLE_TYPES = ['User', 'MachineToMachine'] as const;

/** `organization_invitations.invitee varchar(256)`. */
const INVITEE_COLUMN_SIZE = 256;

const organizationFields = {
  name: z.string().max(LENGTHS.organizationName),
  description: z.string().max(LENGTHS.organizationDescription).nullable(),
  customData: jsonObject,
  isMfaRequired: z.boolean(),
  color: jsonObject,
  branding: jsonObject,
  customCss: z.string().nullable(),
};
/**
 * `partial().extend({ name })` rather than zod 4's `.required()`, whose missing-key issue says
 * `expected: "nonoptional"`; Logto's zod 3 says `expected: "string"`.
 */
const createOrganizationBody = z.object(organizationFields).partial().extend({ name: organizationFields.name });
const updateOrganizationBody = z.object(organizationFields).partial();

const organizationRoleFields = {
  name: z.string().max(LENGTHS.organizationRoleName),
  description: z.string().max(LENGTHS.organizationRoleDescription).nullable(),
  type: z.enum(ROLE_TYPES),
};
const createOrganizationRoleBody = z.object({
  ...z.object(organizationRoleFields).partial().shape,
  name: organizationRoleFields.name,
  organizationScopeIds: z.array(z.string()).default([]),
  resourceScopeIds: z.array(z.string()).default([]),
});
const updateOrganizationRoleBody = z.object(organizationRoleFields).partial();

const organizationScopeFields = {
  name: z.string().max(LENGTHS.organizationScopeName),
  description: z.string().max(LENGTHS.organizationScopeDescription).nullable(),
};
const createOrganizationScopeBody = z.object(organizationScopeFields).partial().extend({ name: organizationScopeFields.name });
const updateOrganizationScopeBody = z.object(organizationScopeFields).partial();

const createInvitationBody = z.object({
  inviterId: z.string().nullable().optional(),
  invitee: z.email(),
  organizationId: z.string(),
  expiresAt: z.number(),
  organizationRoleIds: z.array(z.string()).optional(),
  messagePayload: z.union([jsonObject, z.literal(false)]).default(false),
});

const invitationStatusBody = z.object({
  status: z.enum(['Accepted', 'Revoked']),
  acceptedUserId: z.string().nullable().optional(),
});

const membership = (organizationId: string, userId: string) => ({ organizationId, userId });

/** Logto checks membership in a `router.use()` for every `/:id/users/:userId/roles…` route. */
function requireMembership(context: Pick<RouteContext, 'params' | 'store'>): void {
  if (!context.store.organizationUsers.has(context.params.id ?? '', context.params.userId ?? '')) {
    throw new LogtoError(422, 'organization.require_membership', 'The user must be a member of the organization to proceed.');
  }
}

function nameTaken<Row extends { id: string; name: string }>(rows: Iterable<Row>, name: string, exceptId?: string): boolean {
  for (const row of rows) if (row.name === name && row.id !== exceptId) return true;
  return false;
}

/** `SchemaRouter`'s `PATCH /:id`: an empty update is `entity.invalid_input` (before any lookup), an unknown id `entity.not_exists`. */
function patchRow<Row extends { id: string }>(
  table: Map<string, Row>,
  id: string,
  changes: Partial<Row>,
  tableSingular: string,
): Row {
  if (Object.keys(changes).length === 0) throw emptyUpdate();
  const row = table.get(id);
  if (!row) throw entityNotExists(tableSingular);
  const updated = { ...row, ...changes };
  table.set(id, updated);
  return updated;
}

/** `SchemaRouter`'s `DELETE /:id`: no row deleted is `entity.not_found`. */
function requireRow<Row>(table: Map<string, Row>, id: string | undefined): Row {
  const row = table.get(id ?? '');
  if (!row) throw entityNotFound();
  return row;
}

/** Status as Logto reads it: a pending invitation past its expiry is `Expired`. */
const currentStatus = (invitation: InvitationRow) =>
  invitation.status === 'Pending' && invitation.expiresAt < nowMs() ? 'Expired' : invitation.status;

function isMemberByEmail(store: SandboxStore, organizationId: string, email: string): boolean {
  for (const userId of store.organizationUsers.rightsOf(organizationId)) {
    if (store.users.get(userId)?.primaryEmail?.toLowerCase() === email.toLowerCase()) return true;
  }
  return false;
}

export const organizationWriteRoutes: readonly RouteDefinition[] = [
  post('/organizations', (context) => {
    const body = guardBody(createOrganizationBody, context.body);
    const organization: OrganizationRow = {
      tenantId: TENANT_ID,
      id: context.store.newId(12),
      name: body.name,
      description: body.description ?? null,
      customData: body.customData ?? {},
      isMfaRequired: body.isMfaRequired ?? false,
      color: body.color ?? {},
      branding: body.branding ?? {},
      customCss: body.customCss ?? null,
      createdAt: nowMs(),
    };
    context.store.organizations.set(organization.id, organization);
    return { status: 201, body: organization };
  }),

  patch('/organizations/:id', (context) => {
    const changes: Partial<OrganizationRow> = guardBody(updateOrganizationBody, context.body);
    return { status: 200, body: patchRow(context.store.organizations, context.params.id ?? '', changes, 'organization') };
  }),

  del('/organizations/:id', (context) => {
    const organization = requireRow(context.store.organizations, context.params.id);
    context.store.removeOrganization(organization.id);
    return { status: 204 };
  }),

  post('/organizations/:id/users', (context) => {
    const { store } = context;
    const { userIds } = guardBody(z.object({ userIds: idList }), context.body);
    const organizationId = context.params.id ?? '';
    checkIdColumns([organizationId, ...userIds]);
    if (!store.organizations.has(organizationId) || userIds.some((id) => !store.users.has(id))) {
      throw relationForeignKeyNotFound();
    }
    // `on conflict do nothing`: members already there stay as they are.
    for (const userId of userIds) store.organizationUsers.add(organizationId, userId);
    return { status: 201, body: { userIds } };
  }),

  del('/organizations/:id/users/:userId', (context) => {
    const { organizationId, userId } = membership(context.params.id ?? '', context.params.userId ?? '');
    if (!context.store.organizationUsers.delete(organizationId, userId)) throw entityNotFound();
    // The member's roles there go with the membership (`on delete cascade`).
    context.store.organizationUserRoles.removeSubject(organizationId, userId);
    return { status: 204 };
  }),

  post(
    '/organizations/:id/users/:userId/roles',
    (context) => {
      const { store } = context;
      const body = guardBody(
        z.object({ organizationRoleIds: z.array(z.string().min(1)).optional(), organizationRoleNames: z.array(z.string().min(1)).optional() }),
        context.body,
      );
      const { organizationId, userId } = membership(context.params.id ?? '', context.params.userId ?? '');
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
      checkIdColumns(roleIds);
      if (roleIds.some((id) => !store.organizationRoles.has(id))) throw relationForeignKeyNotFound();
      // `organization_role_user_relations__role_type`: only user-type organization roles.
      if (roleIds.some((id) => store.organizationRoles.get(id)?.type !== 'User')) throw dbConstraintViolated();
      for (const roleId of roleIds) store.organizationUserRoles.add(organizationId, userId, roleId);
      return { status: 201, body: { organizationRoleIds: roleIds } };
    },
    { before: requireMembership },
  ),

  del(
    '/organizations/:id/users/:userId/roles/:organizationRoleId',
    (context) => {
      const { id = '', userId = '', organizationRoleId = '' } = context.params;
      if (!context.store.organizationUserRoles.delete(id, userId, organizationRoleId)) throw entityNotFound();
      return { status: 204 };
    },
    { before: requireMembership },
  ),

  post('/organization-roles', (context) => {
    const { store } = context;
    const { organizationScopeIds, resourceScopeIds, ...body } = guardBody(createOrganizationRoleBody, context.body);
    if (nameTaken(store.organizationRoles.values(), body.name)) throw uniqueIntegrityViolation();
    // One transaction in Logto: an unknown scope id leaves no role behind.
    checkIdColumns([...organizationScopeIds, ...resourceScopeIds]);
    if (organizationScopeIds.some((id) => !store.organizationScopes.has(id)) || resourceScopeIds.some((id) => !store.scopes.has(id))) {
      throw relationForeignKeyNotFound();
    }
    const role: OrganizationRoleRow = {
      tenantId: TENANT_ID,
      id: store.newId(),
      name: body.name,
      description: body.description ?? null,
      type: body.type ?? 'User',
    };
    store.organizationRoles.set(role.id, role);
    for (const id of organizationScopeIds) store.organizationRoleScopes.add(role.id, id);
    for (const id of resourceScopeIds) store.organizationRoleResourceScopes.add(role.id, id);
    return { status: 201, body: role };
  }),

  patch('/organization-roles/:id', (context) => {
    const { store } = context;
    const changes = guardBody(updateOrganizationRoleBody, context.body);
    const id = context.params.id ?? '';
    if (changes.name !== undefined && nameTaken(store.organizationRoles.values(), changes.name, id)) throw uniqueIntegrityViolation();
    return { status: 200, body: patchRow(store.organizationRoles, id, changes, 'organization_role') };
  }),

  del('/organization-roles/:id', (context) => {
    const role = requireRow(context.store.organizationRoles, context.params.id);
    context.store.removeOrganizationRole(role.id);
    return { status: 204 };
  }),

  post('/organization-scopes', (context) => {
    const { store } = context;
    const body = guardBody(createOrganizationScopeBody, context.body);
    if (nameTaken(store.organizationScopes.values(), body.name)) throw uniqueIntegrityViolation();
    const scope: OrganizationScopeRow = { tenantId: TENANT_ID, id: store.newId(), name: body.name, description: body.description ?? null };
    store.organizationScopes.set(scope.id, scope);
    return { status: 201, body: scope };
  }),

  patch('/organization-scopes/:id', (context) => {
    const { store } = context;
    const changes = guardBody(updateOrganizationScopeBody, context.body);
    const id = context.params.id ?? '';
    if (changes.name !== undefined && nameTaken(store.organizationScopes.values(), changes.name, id)) throw uniqueIntegrityViolation();
    return { status: 200, body: patchRow(store.organizationScopes, id, changes, 'organization_scope') };
  }),

  del('/organization-scopes/:id', (context) => {
    const scope = requireRow(context.store.organizationScopes, context.params.id);
    context.store.removeOrganizationScope(scope.id);
    return { status: 204 };
  }),

  post('/organization-invitations', (context) => {
    const { store } = context;
    const { messagePayload, organizationRoleIds = [], ...body } = guardBody(createInvitationBody, context.body);
    if (body.expiresAt <= nowMs()) throw invalidInput('The value of `expiresAt` must be in the future.');
    if (isMemberByEmail(store, body.organizationId, body.invitee)) {
      throw invalidInput('The invitee is already a member of the organization.', 422);
    }
    // One transaction, in Logto's order: the invitation row (its column sizes, then the unique index
    // of pending invitations, then its foreign keys), then its role rows (sizes, foreign keys).
    checkColumnSizes([
      [body.invitee, INVITEE_COLUMN_SIZE],
      [body.organizationId, ID_COLUMN_SIZE],
      [body.inviterId, ID_COLUMN_SIZE],
    ]);
    // `organization_invitations__invitee_organization_id`: one pending invitation per invitee
    // (compared as stored) and organization; expired ones were marked `Expired` just before.
    const pendingTwin = [...store.invitations.values()].some(
      (invitation) =>
        invitation.invitee === body.invitee && invitation.organizationId === body.organizationId && currentStatus(invitation) === 'Pending',
    );
    if (pendingTwin) throw uniqueIntegrityViolation();
    if (!store.organizations.has(body.organizationId) || (body.inviterId && !store.users.has(body.inviterId))) {
      throw relationForeignKeyNotFound();
    }
    checkIdColumns(organizationRoleIds);
    if (!organizationRoleIds.every((id) => store.organizationRoles.has(id))) throw relationForeignKeyNotFound();
    if (messagePayload !== false) {
      // The sandbox has no email connector, like the recorded instance.
      throw new LogtoError(501, 'connector.not_found', 'Can not find any available connector with type: Email.');
    }
    // Pending invitations of the same invitee that have expired are marked so first.
    for (const invitation of store.invitations.values()) {
      if (invitation.invitee === body.invitee && invitation.organizationId === body.organizationId && currentStatus(invitation) === 'Expired') {
        store.invitations.set(invitation.id, { ...invitation, status: 'Expired' });
      }
    }
    const now = nowMs();
    const invitation: InvitationRow = {
      tenantId: TENANT_ID,
      id: store.newId(),
      inviterId: body.inviterId ?? null,
      invitee: body.invitee,
      acceptedUserId: null,
      organizationId: body.organizationId,
      status: 'Pending',
      createdAt: now,
      updatedAt: now,
      expiresAt: body.expiresAt,
    };
    store.invitations.set(invitation.id, invitation);
    for (const roleId of organizationRoleIds) store.invitationRoles.add(invitation.id, roleId);
    return { status: 201, body: invitationResponse(store, invitation) };
  }),

  put('/organization-invitations/:id/status', (context) => {
    const { store } = context;
    const { status, acceptedUserId } = guardBody(invitationStatusBody, context.body);
    if (status === 'Accepted' && !acceptedUserId) {
      throw invalidInput('The `acceptedUserId` is required when accepting an invitation.', 422);
    }
    const invitation = requireRow(store.invitations, context.params.id);
    if (currentStatus(invitation) !== 'Pending') throw invalidInput('The status of the invitation cannot be changed anymore.', 422);
    if (status === 'Accepted' && acceptedUserId) {
      const user = store.users.get(acceptedUserId);
      if (!user) throw entityNotFound();
      if (user.primaryEmail?.toLowerCase() !== invitation.invitee.toLowerCase()) {
        throw invalidInput('The accepted user must have the same email as the invitee.', 422);
      }
      store.organizationUsers.add(invitation.organizationId, user.id);
      for (const roleId of store.invitationRoles.rightsOf(invitation.id)) {
        store.organizationUserRoles.add(invitation.organizationId, user.id, roleId);
      }
    }
    const updated: InvitationRow = {
      ...invitation,
      status,
      ...(acceptedUserId ? { acceptedUserId } : {}),
      updatedAt: Math.max(nowMs(), invitation.updatedAt + 1),
    };
    store.invitations.set(updated.id, updated);
    return { status: 200, body: invitationResponse(store, updated) };
  }),
];
