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
  type DeleteRolePayload,
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
import { changesSomething, idOf, idRule, idsOf, optional, roleDescriptionRule, roleNameRule } from './input-validation.js';
import { mutationResult, type PayloadFieldBuilder } from './mutation-support.js';
import { ApplicationRef, RoleEdge, RoleRef, ScopeRef, UserRef } from './refs.js';
import { RoleTypeEnum } from './role.js';

const CreateRoleInput = builder.inputType('CreateRoleInput', {
  description: 'A new tenant role, optionally with its first scopes.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique role name (1–128 characters).' }),
    description: t.string({ required: true, description: 'What the role is for (at most 128 characters; Logto requires one).' }),
    type: t.field({ type: RoleTypeEnum, description: 'Who will hold it: users (default) or machine-to-machine applications. It cannot change later.' }),
    isDefault: t.boolean({ description: 'Give it to every new user (user roles only).' }),
    scopeIds: t.idList({ description: 'API resource scopes the role grants from the start (global ids or Logto ids; at most 100).' }),
  }),
  validate: z.object({
    name: roleNameRule,
    description: roleDescriptionRule,
    type: z.unknown().optional(),
    isDefault: z.boolean().nullish(),
    scopeIds: optional(idsOf('Scope')),
  }),
});

const UpdateRoleInput = builder.inputType('UpdateRoleInput', {
  description: 'Changes to a role. Only the fields given change.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Global id or Logto id of the role.' }),
    name: t.string({ description: 'New unique name.' }),
    description: t.string({ description: 'New description.' }),
    isDefault: t.boolean({ description: 'Whether new users get it.' }),
  }),
  validate: z
    .object({ id: idRule, name: optional(roleNameRule), description: optional(roleDescriptionRule), isDefault: z.boolean().nullish() })
    .refine((value) => value.name !== null && value.description !== null && value.isDefault !== null, 'A role’s name, description and default flag cannot be cleared.')
    .refine(...changesSomething(['id'], 'role')),
});

const DeleteRoleInput = builder.inputType('DeleteRoleInput', {
  description: 'A role to delete; its holders lose it.',
  fields: (t) => ({ id: t.id({ required: true, description: 'Global id or Logto id of the role.' }) }),
  validate: z.object({ id: idRule }),
});

const AssignRoleScopesInput = builder.inputType('AssignRoleScopesInput', {
  description: 'Scopes to add to a role. Refused whole if the role already has one of them.',
  fields: (t) => ({
    roleId: t.id({ required: true, description: 'Global id or Logto id of the role.' }),
    scopeIds: t.idList({ required: true, description: 'Global ids or Logto ids of API resource scopes (1–100).' }),
  }),
  validate: z.object({ roleId: idOf('Role'), scopeIds: idsOf('Scope') }),
});

const RemoveRoleScopeInput = builder.inputType('RemoveRoleScopeInput', {
  description: 'A scope to take from a role.',
  fields: (t) => ({
    roleId: t.id({ required: true, description: 'Global id or Logto id of the role.' }),
    scopeId: t.id({ required: true, description: 'Global id or Logto id of the scope.' }),
  }),
  validate: z.object({ roleId: idOf('Role'), scopeId: idOf('Scope') }),
});

const AssignRoleUsersInput = builder.inputType('AssignRoleUsersInput', {
  description: 'Users to give a user role. Refused whole if one of them already holds it.',
  fields: (t) => ({
    roleId: t.id({ required: true, description: 'Global id or Logto id of a user role.' }),
    userIds: t.idList({ required: true, description: 'Global ids or Logto ids of users (1–100).' }),
  }),
  validate: z.object({ roleId: idOf('Role'), userIds: idsOf('User') }),
});

const AssignRoleApplicationsInput = builder.inputType('AssignRoleApplicationsInput', {
  description: 'Machine-to-machine applications to give a machine-to-machine role. Refused whole if one already holds it.',
  fields: (t) => ({
    roleId: t.id({ required: true, description: 'Global id or Logto id of a machine-to-machine role.' }),
    applicationIds: t.idList({ required: true, description: 'Global ids or Logto ids of applications (1–100).' }),
  }),
  validate: z.object({ roleId: idOf('Role'), applicationIds: idsOf('Application') }),
});

const CreateRolePayload = builder.objectRef<RolePayload>('CreateRolePayload').implement({
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
});

const UpdateRolePayload = builder.objectRef<RolePayload>('UpdateRolePayload').implement({
  description: 'The role `updateRole` changed.',
  fields: (t) => ({
    role: t.field({ type: RoleRef, nullable: true, description: 'The role after the change.', extensions: cost.given(), resolve: (payload) => payload.role }),
  }),
});

const DeleteRolePayload = builder.objectRef<DeleteRolePayload>('DeleteRolePayload').implement({
  description: 'What `deleteRole` removed.',
  fields: (t) => ({
    deletedRoleId: t.id({ description: 'Global id of the deleted role.', resolve: (payload) => encodeGlobalId('Role', payload.deletedRoleId) }),
  }),
});

const roleField = <Payload extends { roleId: string }>(t: PayloadFieldBuilder<Payload>) =>
  t.field({
    type: RoleRef,
    nullable: true,
    description: 'The role, read after the change.',
    extensions: cost.load('roles', 'search'),
    resolve: (payload, _args, ctx) => loadRole(ctx, payload.roleId),
  });

const AssignRoleScopesPayload = builder.objectRef<RoleScopesPayload>('AssignRoleScopesPayload').implement({
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
});

const RemoveRoleScopePayload = builder.objectRef<RemoveRoleScopePayload>('RemoveRoleScopePayload').implement({
  description: 'The role `removeRoleScope` changed.',
  fields: (t) => ({
    role: roleField(t),
    removedScopeId: t.id({ description: 'Global id of the scope taken away.', resolve: (payload) => encodeGlobalId('Scope', payload.scopeId) }),
  }),
});

const AssignRoleUsersPayload = builder.objectRef<RoleMembersPayload>('AssignRoleUsersPayload').implement({
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
});

const AssignRoleApplicationsPayload = builder.objectRef<RoleMembersPayload>('AssignRoleApplicationsPayload').implement({
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
});

builder.mutationFields((t) => ({
  createRole: t.field({
    type: CreateRolePayload,
    nullable: true,
    description: 'Creates a role, with its first scopes if given (`POST /api/roles`; 1 upstream request).',
    args: { input: t.arg({ type: CreateRoleInput, required: true, description: 'The new role.' }) },
    authScopes: requires.tenant(SCOPES.writeRoles),
    errors: mutationResult('createRole', [ValidationError, ConflictError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => createRole(ctx, input),
  }),
  updateRole: t.field({
    type: UpdateRolePayload,
    nullable: true,
    description: 'Changes a role’s name, description or default flag (`PATCH /api/roles/:id`; 1 upstream request).',
    args: { input: t.arg({ type: UpdateRoleInput, required: true, description: 'What to change.' }) },
    authScopes: requires.tenant(SCOPES.writeRoles),
    errors: mutationResult('updateRole', [ValidationError, ConflictError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => updateRole(ctx, input),
  }),
  deleteRole: t.field({
    type: DeleteRolePayload,
    nullable: true,
    description: 'Deletes a role (`DELETE /api/roles/:id`; 1 upstream request).',
    args: { input: t.arg({ type: DeleteRoleInput, required: true, description: 'The role.' }) },
    authScopes: requires.tenant(SCOPES.writeRoles),
    errors: mutationResult('deleteRole', [ValidationError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => deleteRole(ctx, input),
  }),
  assignRoleScopes: t.field({
    type: AssignRoleScopesPayload,
    nullable: true,
    description: 'Adds scopes to a role (`POST /api/roles/:id/scopes`; 1 upstream request).',
    args: { input: t.arg({ type: AssignRoleScopesInput, required: true, description: 'The role and the scopes.' }) },
    authScopes: requires.tenant(SCOPES.writeRoles),
    errors: mutationResult('assignRoleScopes', [ValidationError, ConflictError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => assignRoleScopes(ctx, input),
  }),
  removeRoleScope: t.field({
    type: RemoveRoleScopePayload,
    nullable: true,
    description: 'Takes a scope from a role (`DELETE /api/roles/:id/scopes/:scopeId`; 1 upstream request).',
    args: { input: t.arg({ type: RemoveRoleScopeInput, required: true, description: 'The role and the scope.' }) },
    authScopes: requires.tenant(SCOPES.writeRoles),
    errors: mutationResult('removeRoleScope', [ValidationError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => removeRoleScope(ctx, input),
  }),
  assignRoleUsers: t.field({
    type: AssignRoleUsersPayload,
    nullable: true,
    description: 'Gives a user role to users (`POST /api/roles/:id/users`; 1 upstream request).',
    args: { input: t.arg({ type: AssignRoleUsersInput, required: true, description: 'The role and the users.' }) },
    authScopes: requires.tenant(SCOPES.writeUsers),
    errors: mutationResult('assignRoleUsers', [ValidationError, ConflictError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => assignRoleUsers(ctx, input),
  }),
  assignRoleApplications: t.field({
    type: AssignRoleApplicationsPayload,
    nullable: true,
    description: 'Gives a machine-to-machine role to applications (`POST /api/roles/:id/applications`; 1 upstream request).',
    args: { input: t.arg({ type: AssignRoleApplicationsInput, required: true, description: 'The role and the applications.' }) },
    authScopes: requires.tenant(SCOPES.writeRoles),
    errors: mutationResult('assignRoleApplications', [ValidationError, ConflictError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => assignRoleApplications(ctx, input),
  }),
}));
