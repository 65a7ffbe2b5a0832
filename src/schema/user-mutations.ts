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
  jsonObjectRule,
  lengthText,
  optional,
  passwordRule,
  personNameRule,
  phoneRule,
  usernameRule,
} from './input-validation.js';
import { defineMutation, deletedPayload, givenPayload, idOnlyInput } from './mutation-declaration.js';
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

/** Mutations of users and their roles, each declared once (`defineMutation`). Tenant-wide only. */

const userWriters = requires.tenant(SCOPES.writeUsers);
const roleIds = idsOf('Role');

const userGiven = (mutation: string, description: string, fieldDescription: string) =>
  givenPayload(mutation, description, { name: 'user', type: UserRef, description: fieldDescription, resolve: (payload: UserPayload) => payload.user });

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

defineMutation('createUser', {
  does: 'Creates a user',
  route: 'POST /api/users',
  details: 'Logto gives it the default user roles.',
  input: {
    description: 'A new user. Every field is optional, as in Logto; identifiers must be unique in the tenant.',
    argument: 'The new user.',
    fields: (t) => ({
      username: t.string({ description: `Unique username: a letter or \`_\`, then letters, digits and \`_\` (${lengthText(usernameRule, '')}).` }),
      primaryEmail: t.string({ description: 'Unique primary email address.' }),
      primaryPhone: t.string({
        description: 'Unique primary phone number with its country code; `+`, spaces, dashes and parentheses are dropped (Logto stores digits only).',
      }),
      name: t.string({ description: `Display name (${lengthText(personNameRule)}).` }),
      avatar: t.string({ description: 'Avatar image URL (http or https).' }),
      password: t.string({ description: 'Initial password. Sent to Logto only; never stored or returned here.' }),
      customData: t.field({ type: 'JSONObject', description: 'Free-form data your applications keep on the user.' }),
      profile: t.field({ type: UserProfileInput, description: 'Standard profile claims.' }),
    }),
    validate: z.object({ ...userFields, password: optional(passwordRule) }),
  },
  errors: [ValidationError, ConflictError, NotFoundError],
  requires: userWriters,
  payload: builder.objectRef<UserPayload>('CreateUserPayload').implement({
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
  }),
  resolve: (ctx, input) => createUser(ctx, input),
});

defineMutation('updateUser', {
  does: 'Changes a user’s profile fields',
  route: 'PATCH /api/users/:id',
  requests: { usually: 1, atMost: 2, when: 'with `customDataMode: MERGE`' },
  input: {
    description:
      'Changes to a user. Only the fields given change; `null` clears `username`, `primaryEmail`, `primaryPhone`, `name` and `avatar`, and empties `profile` and `customData`.',
    argument: 'What to change.',
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
      .object({ id: idOf('User'), ...userFields, customDataMode: z.unknown().optional() })
      .refine(...changesSomething(['id', 'customDataMode'], 'user')),
  },
  errors: [ValidationError, ConflictError, NotFoundError],
  requires: userWriters,
  payload: userGiven('updateUser', 'The user `updateUser` changed.', 'The user after the change.'),
  resolve: (ctx, input) => updateUser(ctx, input),
});

defineMutation('setUserSuspended', {
  does: 'Suspends or reinstates a user',
  route: 'PATCH /api/users/:id/is-suspended',
  input: {
    description: 'Suspends or reinstates a user. A suspended user cannot sign in, and suspending signs the user out everywhere.',
    argument: 'The user and the new state.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'Global id or Logto id of the user.' }),
      isSuspended: t.boolean({ required: true, description: 'True to suspend, false to reinstate.' }),
    }),
    validate: z.object({ id: idOf('User'), isSuspended: z.boolean() }),
  },
  errors: [ValidationError, NotFoundError],
  requires: userWriters,
  payload: userGiven('setUserSuspended', 'The user `setUserSuspended` changed.', 'The user after the change.'),
  resolve: (ctx, input) => setUserSuspended(ctx, input),
});

defineMutation('updateUserPassword', {
  does: 'Sets a user’s password',
  route: 'PATCH /api/users/:id/password',
  input: {
    description: 'Sets a user’s password.',
    argument: 'The user and the password.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'Global id or Logto id of the user.' }),
      password: t.string({ required: true, description: 'The new password. Sent to Logto only; never stored or returned here.' }),
    }),
    validate: z.object({ id: idOf('User'), password: passwordRule }),
  },
  errors: [ValidationError, NotFoundError],
  requires: userWriters,
  payload: userGiven('updateUserPassword', 'The user whose password `updateUserPassword` set.', 'The user (its `hasPassword` is now true).'),
  resolve: (ctx, input) => updateUserPassword(ctx, input),
});

defineMutation('deleteUser', {
  does: 'Deletes a user',
  route: 'DELETE /api/users/:id',
  input: idOnlyInput('User', 'A user to delete, with everything Logto keeps about it.'),
  errors: [ValidationError, NotFoundError],
  requires: userWriters,
  payload: deletedPayload('deleteUser', { typename: 'User', entity: 'user', field: 'deletedUserId', note: '(drop it from client caches)' }),
  resolve: (ctx, input) => deleteUser(ctx, input),
});

defineMutation('assignUserRoles', {
  does: 'Gives a user roles',
  route: 'POST /api/users/:id/roles',
  details: 'The payload fields selected add their own reads.',
  input: {
    description: 'Roles to give a user. Roles the user already holds are skipped.',
    argument: 'The user and the roles.',
    fields: (t) => ({
      userId: t.id({ required: true, description: 'Global id or Logto id of the user.' }),
      roleIds: t.idList({ required: true, description: `Global ids or Logto ids of user-type roles (${lengthText(roleIds, '')}).` }),
    }),
    validate: z.object({ userId: idOf('User'), roleIds }),
  },
  errors: [ValidationError, ConflictError, NotFoundError],
  requires: userWriters,
  payload: builder.objectRef<UserRolesPayload>('AssignUserRolesPayload').implement({
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
  }),
  resolve: (ctx, input) => assignUserRoles(ctx, input),
});

defineMutation('removeUserRole', {
  does: 'Takes a role from a user',
  route: 'DELETE /api/users/:userId/roles/:roleId',
  input: {
    description: 'A role to take from a user.',
    argument: 'The user and the role.',
    fields: (t) => ({
      userId: t.id({ required: true, description: 'Global id or Logto id of the user.' }),
      roleId: t.id({ required: true, description: 'Global id or Logto id of the role.' }),
    }),
    validate: z.object({ userId: idOf('User'), roleId: idOf('Role') }),
  },
  errors: [ValidationError, NotFoundError],
  requires: userWriters,
  payload: builder.objectRef<RemoveUserRolePayload>('RemoveUserRolePayload').implement({
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
  }),
  resolve: (ctx, input) => removeUserRole(ctx, input),
});
