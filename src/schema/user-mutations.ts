import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { encodeGlobalId } from '../global-id.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import { encodeCursor } from '../resolvers/cursor.js';
import {
  assignUserRoles,
  createUser,
  deleteUser,
  type DeleteUserPayload,
  loadRoles,
  loadUser,
  removeUserRole,
  type RemoveUserRolePayload,
  setUserSuspended,
  updateUser,
  updateUserPassword,
  type UserPayload,
  type UserRolesPayload,
} from '../resolvers/user-mutations.js';
import { z } from 'zod';

import { builder } from './builder.js';
import {
  avatarRule,
  changesSomething,
  emailRule,
  idOf,
  idsOf,
  idRule,
  jsonObjectRule,
  optional,
  passwordRule,
  personNameRule,
  phoneRule,
  usernameRule,
} from './input-validation.js';
import { mutationResult } from './mutation-support.js';
import { UserProfileInput } from './user-inputs.js';
import { RoleRef, UserEdge, UserRef } from './refs.js';

const CustomDataModeEnum = builder.enumType('CustomDataMode', {
  description: 'How `updateUser` writes `customData`.',
  values: {
    REPLACE: { description: 'Replace the whole object (Logto’s `PATCH /api/users/:id`). The default.' },
    MERGE: {
      description:
        'Merge the given keys into the stored object, top level only (Logto’s `PATCH /api/users/:id/custom-data`); keys not given are kept. Costs one more upstream request.',
    },
  } as const,
});

/** The rules of the user fields both `createUser` and `updateUser` take. */
const userFields = {
  username: optional(usernameRule),
  primaryEmail: optional(emailRule),
  primaryPhone: optional(phoneRule),
  name: optional(personNameRule),
  avatar: optional(avatarRule),
  customData: optional(jsonObjectRule),
  // Logto's own guard checks the claims; the GraphQL type already makes them strings.
  profile: z.unknown().optional(),
};

const CreateUserInputRef = builder.inputType('CreateUserInput', {
  description: 'A new user. Every field is optional, as in Logto; identifiers must be unique in the tenant.',
  fields: (t) => ({
    username: t.string({ description: 'Unique username: a letter or `_`, then letters, digits and `_` (at most 128).' }),
    primaryEmail: t.string({ description: 'Unique primary email address.' }),
    primaryPhone: t.string({
      description: 'Unique primary phone number with its country code; `+`, spaces, dashes and parentheses are dropped (Logto stores digits only).',
    }),
    name: t.string({ description: 'Display name (at most 128 characters).' }),
    avatar: t.string({ description: 'Avatar image URL (http or https).' }),
    password: t.string({ description: 'Initial password. Sent to Logto only; never stored or returned here.' }),
    customData: t.field({ type: 'JSONObject', description: 'Free-form data your applications keep on the user.' }),
    profile: t.field({ type: UserProfileInput, description: 'Standard profile claims.' }),
  }),
  validate: z.object({ ...userFields, password: optional(passwordRule) }),
});

const UpdateUserInputRef = builder.inputType('UpdateUserInput', {
    description:
      'Changes to a user. Only the fields given change; `null` clears `username`, `primaryEmail`, `primaryPhone`, `name` and `avatar`, and empties `profile` and `customData`.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'Global id or Logto id of the user.' }),
      username: t.string({ description: 'New unique username.' }),
      primaryEmail: t.string({ description: 'New unique primary email address.' }),
      primaryPhone: t.string({ description: 'New unique primary phone number (stored as digits).' }),
      name: t.string({ description: 'New display name.' }),
      avatar: t.string({ description: 'New avatar image URL (http or https).' }),
      profile: t.field({ type: UserProfileInput, description: 'New profile claims; they replace the stored ones as a whole.' }),
      customData: t.field({ type: 'JSONObject', description: 'New custom data; see `customDataMode`.' }),
      customDataMode: t.field({ type: CustomDataModeEnum, description: 'Replace (default) or merge `customData`.' }),
    }),
    validate: z
      .object({ id: idRule, ...userFields, customDataMode: z.unknown().optional() })
      .refine(...changesSomething(['id', 'customDataMode'], 'user')),
  });

const idInput = (name: string, description: string, entity: string) =>
  builder.inputType(name, {
    description,
    fields: (t) => ({ id: t.id({ required: true, description: `Global id or Logto id of the ${entity}.` }) }),
    validate: z.object({ id: idRule }),
  });

const SetUserSuspendedInput = builder.inputType('SetUserSuspendedInput', {
  description: 'Suspends or reinstates a user. A suspended user cannot sign in, and suspending signs the user out everywhere.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Global id or Logto id of the user.' }),
    isSuspended: t.boolean({ required: true, description: 'True to suspend, false to reinstate.' }),
  }),
  validate: z.object({ id: idRule, isSuspended: z.boolean() }),
});

const UpdateUserPasswordInput = builder.inputType('UpdateUserPasswordInput', {
  description: 'Sets a user’s password.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Global id or Logto id of the user.' }),
    password: t.string({ required: true, description: 'The new password. Sent to Logto only; never stored or returned here.' }),
  }),
  validate: z.object({ id: idRule, password: passwordRule }),
});

const DeleteUserInput = idInput('DeleteUserInput', 'A user to delete, with everything Logto keeps about it.', 'user');

const AssignUserRolesInput = builder.inputType('AssignUserRolesInput', {
  description: 'Roles to give a user. Roles the user already holds are skipped.',
  fields: (t) => ({
    userId: t.id({ required: true, description: 'Global id or Logto id of the user.' }),
    roleIds: t.idList({ required: true, description: 'Global ids or Logto ids of user-type roles (1–100).' }),
  }),
  validate: z.object({ userId: idOf('User'), roleIds: idsOf('Role') }),
});

const RemoveUserRoleInput = builder.inputType('RemoveUserRoleInput', {
  description: 'A role to take from a user.',
  fields: (t) => ({
    userId: t.id({ required: true, description: 'Global id or Logto id of the user.' }),
    roleId: t.id({ required: true, description: 'Global id or Logto id of the role.' }),
  }),
  validate: z.object({ userId: idOf('User'), roleId: idOf('Role') }),
});

const CreateUserPayload = builder.objectRef<UserPayload>('CreateUserPayload').implement({
  description: 'The user `createUser` made.',
  fields: (t) => ({
    user: t.field({ type: UserRef, nullable: true, description: 'The new user, as Logto answered.', extensions: cost.given(), resolve: (payload) => payload.user }),
    userEdge: t.field({
      type: UserEdge,
      nullable: true,
      description: 'The new user as an edge of `users` (newest first, so at its start), for clients that insert it into a cached list.',
      extensions: cost.given(),
      resolve: (payload) => ({ cursor: encodeCursor('users', 0), node: payload.user }),
    }),
  }),
});

const UpdateUserPayload = builder.objectRef<UserPayload>('UpdateUserPayload').implement({
  description: 'The user `updateUser` changed.',
  fields: (t) => ({ user: t.field({ type: UserRef, nullable: true, description: 'The user after the change.', extensions: cost.given(), resolve: (payload) => payload.user }) }),
});

const SetUserSuspendedPayload = builder.objectRef<UserPayload>('SetUserSuspendedPayload').implement({
  description: 'The user `setUserSuspended` changed.',
  fields: (t) => ({ user: t.field({ type: UserRef, nullable: true, description: 'The user after the change.', extensions: cost.given(), resolve: (payload) => payload.user }) }),
});

const UpdateUserPasswordPayload = builder.objectRef<UserPayload>('UpdateUserPasswordPayload').implement({
  description: 'The user whose password `updateUserPassword` set.',
  fields: (t) => ({ user: t.field({ type: UserRef, nullable: true, description: 'The user (its `hasPassword` is now true).', extensions: cost.given(), resolve: (payload) => payload.user }) }),
});

const DeleteUserPayload = builder.objectRef<DeleteUserPayload>('DeleteUserPayload').implement({
  description: 'What `deleteUser` removed.',
  fields: (t) => ({
    deletedUserId: t.id({ description: 'Global id of the deleted user (drop it from client caches).', resolve: (payload) => encodeGlobalId('User', payload.deletedUserId) }),
  }),
});

const AssignUserRolesPayload = builder.objectRef<UserRolesPayload>('AssignUserRolesPayload').implement({
  description: 'The user `assignUserRoles` changed.',
  fields: (t) => ({
    user: t.field({
      type: UserRef,
      nullable: true,
      description: 'The user, read after the change (null if it no longer exists).',
      extensions: cost.load('users', 'search'),
      resolve: (payload, _args, ctx) => loadUser(ctx, payload.userId),
    }),
    roles: t.field({
      type: [RoleRef],
      nullable: { list: false, items: true },
      description: 'The roles asked for, all of which the user now holds.',
      extensions: cost.load('roles', 'search'),
      resolve: (payload, _args, ctx) => loadRoles(ctx, payload.roleIds),
    }),
    addedRoleIds: t.idList({
      description: 'Global ids of the roles the user did not hold before.',
      resolve: (payload) => payload.addedRoleIds.map((id) => encodeGlobalId('Role', id)),
    }),
  }),
});

const RemoveUserRolePayload = builder.objectRef<RemoveUserRolePayload>('RemoveUserRolePayload').implement({
  description: 'The user `removeUserRole` changed.',
  fields: (t) => ({
    user: t.field({
      type: UserRef,
      nullable: true,
      description: 'The user, read after the change.',
      extensions: cost.load('users', 'search'),
      resolve: (payload, _args, ctx) => loadUser(ctx, payload.userId),
    }),
    removedRoleId: t.id({ description: 'Global id of the role taken away.', resolve: (payload) => encodeGlobalId('Role', payload.roleId) }),
  }),
});

builder.mutationFields((t) => ({
  createUser: t.field({
    type: CreateUserPayload,
    nullable: true,
    description: 'Creates a user (`POST /api/users`; 1 upstream request). Logto gives it the default user roles.',
    args: { input: t.arg({ type: CreateUserInputRef, required: true, description: 'The new user.' }) },
    authScopes: requires.tenant(SCOPES.writeUsers),
    errors: mutationResult('createUser', [ValidationError, ConflictError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => createUser(ctx, input),
  }),
  updateUser: t.field({
    type: UpdateUserPayload,
    nullable: true,
    description:
      'Changes a user’s profile fields (`PATCH /api/users/:id`; 1 upstream request, 2 with `customDataMode: MERGE`).',
    args: { input: t.arg({ type: UpdateUserInputRef, required: true, description: 'What to change.' }) },
    authScopes: requires.tenant(SCOPES.writeUsers),
    errors: mutationResult('updateUser', [ValidationError, ConflictError, NotFoundError]),
    extensions: cost.write(2),
    resolve: (_root, { input }, ctx) => updateUser(ctx, input),
  }),
  setUserSuspended: t.field({
    type: SetUserSuspendedPayload,
    nullable: true,
    description: 'Suspends or reinstates a user (`PATCH /api/users/:id/is-suspended`; 1 upstream request).',
    args: { input: t.arg({ type: SetUserSuspendedInput, required: true, description: 'The user and the new state.' }) },
    authScopes: requires.tenant(SCOPES.writeUsers),
    errors: mutationResult('setUserSuspended', [ValidationError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => setUserSuspended(ctx, input),
  }),
  updateUserPassword: t.field({
    type: UpdateUserPasswordPayload,
    nullable: true,
    description: 'Sets a user’s password (`PATCH /api/users/:id/password`; 1 upstream request).',
    args: { input: t.arg({ type: UpdateUserPasswordInput, required: true, description: 'The user and the password.' }) },
    authScopes: requires.tenant(SCOPES.writeUsers),
    errors: mutationResult('updateUserPassword', [ValidationError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => updateUserPassword(ctx, input),
  }),
  deleteUser: t.field({
    type: DeleteUserPayload,
    nullable: true,
    description: 'Deletes a user (`DELETE /api/users/:id`; 1 upstream request).',
    args: { input: t.arg({ type: DeleteUserInput, required: true, description: 'The user.' }) },
    authScopes: requires.tenant(SCOPES.writeUsers),
    errors: mutationResult('deleteUser', [ValidationError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => deleteUser(ctx, input),
  }),
  assignUserRoles: t.field({
    type: AssignUserRolesPayload,
    nullable: true,
    description: 'Gives a user roles (`POST /api/users/:id/roles`; 1 upstream request, plus reads for the payload fields selected).',
    args: { input: t.arg({ type: AssignUserRolesInput, required: true, description: 'The user and the roles.' }) },
    authScopes: requires.tenant(SCOPES.writeUsers),
    errors: mutationResult('assignUserRoles', [ValidationError, ConflictError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => assignUserRoles(ctx, input),
  }),
  removeUserRole: t.field({
    type: RemoveUserRolePayload,
    nullable: true,
    description: 'Takes a role from a user (`DELETE /api/users/:userId/roles/:roleId`; 1 upstream request).',
    args: { input: t.arg({ type: RemoveUserRoleInput, required: true, description: 'The user and the role.' }) },
    authScopes: requires.tenant(SCOPES.writeUsers),
    errors: mutationResult('removeUserRole', [ValidationError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => removeUserRole(ctx, input),
  }),
}));
