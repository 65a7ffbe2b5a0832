import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { encodeGlobalId } from '../global-id.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import {
  assignRoleApplications,
  assignRoleScopes,
  assignRoleUsers,
  createRole,
  deleteRole,
  loadApplications,
  loadRole,
  loadUsers,
  newRoleCursor,
  removeRoleScope,
  type RemoveRoleScopePayload,
  type RoleMembersPayload,
  type RolePayload,
  type RoleScopesPayload,
  updateRole,
} from '../resolvers/role-mutations.js';
import { builder } from './builder.js';
import { changesSomething, idOf, idsOf, lengthText, optional, roleDescriptionRule, roleNameRule } from './input-validation.js';
import { defineMutation, deletedPayload, givenPayload, idOnlyInput } from './mutation-declaration.js';
import type { PayloadFieldBuilder } from './mutation-support.js';
import { ApplicationRef, RoleEdge, RoleRef, ScopeRef, UserRef } from './refs.js';
import { RoleTypeEnum } from './role.js';

/** Mutations of tenant roles and what holds them, each declared once (`defineMutation`). Tenant-wide only. */

const all = [ValidationError, ConflictError, NotFoundError];
const roleWriters = requires.tenant(SCOPES.writeRoles);
const scopeIds = idsOf('Scope');

const roleField = <Payload extends { roleId: string }>(t: PayloadFieldBuilder<Payload>) =>
  t.field({
    type: RoleRef,
    nullable: true,
    description: 'The role, read after the change.',
    extensions: cost.load('roles', 'search'),
    resolve: (payload, _args, ctx) => loadRole(ctx, payload.roleId),
  });

defineMutation('createRole', {
  does: 'Creates a role, with its first scopes if given',
  route: 'POST /api/roles',
  input: {
    description: 'A new tenant role, optionally with its first scopes.',
    argument: 'The new role.',
    fields: (t) => ({
      name: t.string({ required: true, description: `Unique role name (${lengthText(roleNameRule)}).` }),
      description: t.string({ required: true, description: `What the role is for (${lengthText(roleDescriptionRule)}; Logto requires one).` }),
      type: t.field({ type: RoleTypeEnum, description: 'Who will hold it: users (default) or machine-to-machine applications. It cannot change later.' }),
      isDefault: t.boolean({ description: 'Give it to every new user (user roles only).' }),
      scopeIds: t.idList({ description: `API resource scopes the role grants from the start (global ids or Logto ids; ${lengthText(scopeIds, '')}).` }),
    }),
    validate: z.object({
      name: roleNameRule,
      description: roleDescriptionRule,
      type: z.unknown().optional(),
      isDefault: z.boolean().nullish(),
      scopeIds: optional(scopeIds),
    }),
  },
  errors: all,
  requires: roleWriters,
  payload: builder.objectRef<RolePayload>('CreateRolePayload').implement({
    description: 'The role `createRole` made.',
    fields: (t) => ({
      role: t.field({ type: RoleRef, nullable: true, description: 'The new role, as Logto answered.', extensions: cost.given(), resolve: (payload) => payload.role }),
      roleEdge: t.field({
        type: RoleEdge,
        nullable: true,
        description: 'The new role as an edge of `roles` (creation order, so at its end). Its cursor needs the list’s count: one more upstream request.',
        // One page-size-1 read of `/api/roles` for Total-Number, as a `roles` window would cost.
        extensions: cost.list(),
        resolve: async (payload, _args, ctx) => ({ cursor: await newRoleCursor(ctx), node: payload.role }),
      }),
    }),
  }),
  resolve: (ctx, input) => createRole(ctx, input),
});

defineMutation('updateRole', {
  does: 'Changes a role’s name, description or default flag',
  route: 'PATCH /api/roles/:id',
  input: {
    description: 'Changes to a role. Only the fields given change.',
    argument: 'What to change.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'Global id or Logto id of the role.' }),
      name: t.string({ description: 'New unique name.' }),
      description: t.string({ description: 'New description.' }),
      isDefault: t.boolean({ description: 'Whether new users get it.' }),
    }),
    validate: z
      .object({ id: idOf('Role'), name: optional(roleNameRule), description: optional(roleDescriptionRule), isDefault: z.boolean().nullish() })
      .refine((value) => value.name !== null && value.description !== null && value.isDefault !== null, 'A role’s name, description and default flag cannot be cleared.')
      .refine(...changesSomething(['id'], 'role')),
  },
  errors: all,
  requires: roleWriters,
  payload: givenPayload('updateRole', 'The role `updateRole` changed.', {
    name: 'role',
    type: RoleRef,
    description: 'The role after the change.',
    resolve: (payload: RolePayload) => payload.role,
  }),
  resolve: (ctx, input) => updateRole(ctx, input),
});

defineMutation('deleteRole', {
  does: 'Deletes a role',
  route: 'DELETE /api/roles/:id',
  input: idOnlyInput('Role', 'A role to delete; its holders lose it.'),
  errors: [ValidationError, NotFoundError],
  requires: roleWriters,
  payload: deletedPayload('deleteRole', { typename: 'Role', entity: 'role', field: 'deletedRoleId' }),
  resolve: (ctx, input) => deleteRole(ctx, input),
});

defineMutation('assignRoleScopes', {
  does: 'Adds scopes to a role',
  route: 'POST /api/roles/:id/scopes',
  input: {
    description: 'Scopes to add to a role. Refused whole if the role already has one of them.',
    argument: 'The role and the scopes.',
    fields: (t) => ({
      roleId: t.id({ required: true, description: 'Global id or Logto id of the role.' }),
      scopeIds: t.idList({ required: true, description: `Global ids or Logto ids of API resource scopes (${lengthText(scopeIds, '')}).` }),
    }),
    validate: z.object({ roleId: idOf('Role'), scopeIds }),
  },
  errors: all,
  requires: roleWriters,
  payload: builder.objectRef<RoleScopesPayload>('AssignRoleScopesPayload').implement({
    description: 'The role `assignRoleScopes` changed.',
    fields: (t) => ({
      role: roleField(t),
      scopes: t.field({
        type: [ScopeRef],
        nullable: { list: false, items: true },
        description: 'Every scope the role now grants (Logto’s answer).',
        extensions: cost.given(),
        resolve: (payload) => payload.scopes,
      }),
    }),
  }),
  resolve: (ctx, input) => assignRoleScopes(ctx, input),
});

defineMutation('removeRoleScope', {
  does: 'Takes a scope from a role',
  route: 'DELETE /api/roles/:id/scopes/:scopeId',
  input: {
    description: 'A scope to take from a role.',
    argument: 'The role and the scope.',
    fields: (t) => ({
      roleId: t.id({ required: true, description: 'Global id or Logto id of the role.' }),
      scopeId: t.id({ required: true, description: 'Global id or Logto id of the scope.' }),
    }),
    validate: z.object({ roleId: idOf('Role'), scopeId: idOf('Scope') }),
  },
  errors: [ValidationError, NotFoundError],
  requires: roleWriters,
  payload: builder.objectRef<RemoveRoleScopePayload>('RemoveRoleScopePayload').implement({
    description: 'The role `removeRoleScope` changed.',
    fields: (t) => ({
      role: roleField(t),
      removedScopeId: t.id({ description: 'Global id of the scope taken away.', resolve: (payload) => encodeGlobalId('Scope', payload.scopeId) }),
    }),
  }),
  resolve: (ctx, input) => removeRoleScope(ctx, input),
});

const userIds = idsOf('User');

defineMutation('assignRoleUsers', {
  does: 'Gives a user role to users',
  route: 'POST /api/roles/:id/users',
  input: {
    description: 'Users to give a user role. Refused whole if one of them already holds it.',
    argument: 'The role and the users.',
    fields: (t) => ({
      roleId: t.id({ required: true, description: 'Global id or Logto id of a user role.' }),
      userIds: t.idList({ required: true, description: `Global ids or Logto ids of users (${lengthText(userIds, '')}).` }),
    }),
    validate: z.object({ roleId: idOf('Role'), userIds }),
  },
  errors: all,
  requires: requires.tenant(SCOPES.writeUsers),
  payload: builder.objectRef<RoleMembersPayload>('AssignRoleUsersPayload').implement({
    description: 'The role `assignRoleUsers` changed.',
    fields: (t) => ({
      role: roleField(t),
      users: t.field({
        type: [UserRef],
        nullable: { list: false, items: true },
        description: 'The users who now hold the role.',
        extensions: cost.load('users', 'search'),
        resolve: (payload, _args, ctx) => loadUsers(ctx, payload.memberIds),
      }),
    }),
  }),
  resolve: (ctx, input) => assignRoleUsers(ctx, input),
});

const applicationIds = idsOf('Application');

defineMutation('assignRoleApplications', {
  does: 'Gives a machine-to-machine role to applications',
  route: 'POST /api/roles/:id/applications',
  input: {
    description: 'Machine-to-machine applications to give a machine-to-machine role. Refused whole if one already holds it.',
    argument: 'The role and the applications.',
    fields: (t) => ({
      roleId: t.id({ required: true, description: 'Global id or Logto id of a machine-to-machine role.' }),
      applicationIds: t.idList({ required: true, description: `Global ids or Logto ids of applications (${lengthText(applicationIds, '')}).` }),
    }),
    validate: z.object({ roleId: idOf('Role'), applicationIds }),
  },
  errors: all,
  requires: roleWriters,
  payload: builder.objectRef<RoleMembersPayload>('AssignRoleApplicationsPayload').implement({
    description: 'The role `assignRoleApplications` changed.',
    fields: (t) => ({
      role: roleField(t),
      applications: t.field({
        type: [ApplicationRef],
        nullable: { list: false, items: true },
        description: 'The applications that now hold the role.',
        extensions: cost.load('applications', 'search'),
        resolve: (payload, _args, ctx) => loadApplications(ctx, payload.memberIds),
      }),
    }),
  }),
  resolve: (ctx, input) => assignRoleApplications(ctx, input),
});
