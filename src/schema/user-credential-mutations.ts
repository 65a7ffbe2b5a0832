import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { encodeGlobalId } from '../global-id.js';
import type { LogtoUser } from '../logto/types.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import { loadRoles, loadUser } from '../resolvers/user-mutations.js';
import {
  createUserPersonalAccessToken,
  deleteUserPersonalAccessTokens,
  type LogtoConfig,
  type PersonalAccessToken,
  renameUserPersonalAccessToken,
  replaceUserRoles,
  setUserPasswordExpired,
  updateUserLogtoConfig,
  verifyUserPassword,
} from '../resolvers/user-security.js';
import { builder } from './builder.js';
import { futureDateRule, idOf, idsOf, lengthText, passwordRule } from './input-validation.js';
import { defineMutation, type MutationInputFieldBuilder } from './mutation-declaration.js';
import type { PayloadFieldBuilder } from './mutation-support.js';
import { RoleRef, UserRef } from './refs.js';
import { PersonalAccessTokenRef, UserLogtoConfigRef } from './user-security.js';

/**
 * The credential side of a user's security screen: personal access tokens, password checks, the
 * Logto config — `write:users:security`, tenant-wide — and `replaceUserRoles` (`write:users`, like
 * the other role assignments). A token's value appears only in `createUserPersonalAccessToken`'s payload.
 */

const securityWriters = requires.tenant(SCOPES.writeUsersSecurity);
const userId = idOf('User');
const tokenName = z.string().min(1, 'Give the token a name.').max(256, 'A token name is at most 256 characters.');
const tokenNames = z.array(tokenName).min(1, 'Give at least one name.').max(20, 'Give at most 20 names at once.');
const MAX_DELETED_TOKENS = 20;

const userIdField = (t: MutationInputFieldBuilder) => t.id({ required: true, description: 'Global id or Logto id of the user.' });

function userField<Payload extends { readonly userId: string }>(t: PayloadFieldBuilder<Payload>) {
  return t.field({
    type: UserRef,
    nullable: true,
    description: 'The user, read after the change.',
    extensions: cost.load('users', 'search'),
    resolve: (payload, _args, ctx) => loadUser(ctx, payload.userId),
  });
}

const tokenField = <Payload extends { readonly token: PersonalAccessToken }>(t: PayloadFieldBuilder<Payload>, description: string) =>
  t.field({ type: PersonalAccessTokenRef, description, extensions: cost.given(), resolve: (payload) => payload.token });

defineMutation('createUserPersonalAccessToken', {
  does: 'Creates a personal access token for a user',
  route: 'POST /api/users/:userId/personal-access-tokens',
  details: 'Its value is in this payload only: never readable again, never logged.',
  input: {
    description: 'A new personal access token.',
    argument: 'The user and the token.',
    fields: (t) => ({
      userId: userIdField(t),
      name: t.string({ required: true, description: `A name unique for the user (${lengthText(tokenName)}).` }),
      expiresAt: t.field({ type: 'DateTime', description: 'When it expires (in the future; Logto cannot change it later). Default: never.' }),
    }),
    validate: z.object({ userId, name: tokenName, expiresAt: futureDateRule.nullish() }),
  },
  errors: [ValidationError, ConflictError, NotFoundError],
  requires: securityWriters,
  payload: builder.objectRef<{ userId: string; token: PersonalAccessToken; value: string }>('CreateUserPersonalAccessTokenPayload').implement({
    description: 'The token `createUserPersonalAccessToken` created, with its value shown this once.',
    fields: (t) => ({
      personalAccessToken: tokenField(t, 'The new token (without its value).'),
      value: t.exposeString('value', { description: 'The token’s value (`pat_…`). Shown once: store it now.' }),
      user: userField(t),
    }),
  }),
  resolve: (ctx, input) => createUserPersonalAccessToken(ctx, input),
});

defineMutation('renameUserPersonalAccessToken', {
  does: 'Renames a personal access token of a user',
  route: 'PATCH /api/users/:userId/personal-access-tokens',
  input: {
    description: 'A token to rename.',
    argument: 'The user, the token’s name and its new name.',
    fields: (t) => ({
      userId: userIdField(t),
      currentName: t.string({ required: true, description: 'The token’s name now.' }),
      name: t.string({ required: true, description: `Its new name, unique for the user (${lengthText(tokenName)}).` }),
    }),
    validate: z.object({ userId, currentName: tokenName, name: tokenName }),
  },
  errors: [ValidationError, ConflictError, NotFoundError],
  requires: securityWriters,
  payload: builder.objectRef<{ userId: string; token: PersonalAccessToken }>('RenameUserPersonalAccessTokenPayload').implement({
    description: 'The token `renameUserPersonalAccessToken` renamed.',
    fields: (t) => ({ personalAccessToken: tokenField(t, 'The token after the change (without its value).'), user: userField(t) }),
  }),
  resolve: (ctx, input) => renameUserPersonalAccessToken(ctx, input),
});

defineMutation('deleteUserPersonalAccessTokens', {
  does: 'Deletes personal access tokens of a user',
  route: 'POST /api/users/:userId/personal-access-tokens/delete',
  requests: { usually: 1, atMost: MAX_DELETED_TOKENS, when: `with ${MAX_DELETED_TOKENS} names (one request per name: Logto deletes one token at a time)` },
  details: 'A name the user has no token for is reported in `missingNames`, not an error (Logto answers an unknown user the same way, so every name is then missing).',
  input: {
    description: 'Tokens to delete, by name.',
    argument: 'The user and the names.',
    fields: (t) => ({ userId: userIdField(t), names: t.stringList({ required: true, description: `Names of the tokens (${lengthText(tokenNames, '')}).` }) }),
    validate: z.object({ userId, names: tokenNames }),
  },
  errors: [ValidationError, ConflictError, NotFoundError],
  requires: securityWriters,
  payload: builder.objectRef<{ userId: string; deletedNames: readonly string[]; missingNames: readonly string[] }>('DeleteUserPersonalAccessTokensPayload').implement({
    description: 'What `deleteUserPersonalAccessTokens` deleted.',
    fields: (t) => ({
      deletedNames: t.stringList({ description: 'Names of the tokens deleted.', resolve: (payload) => [...payload.deletedNames] }),
      missingNames: t.stringList({ description: 'Names the user had no token for.', resolve: (payload) => [...payload.missingNames] }),
      user: userField(t),
    }),
  }),
  resolve: (ctx, input) => deleteUserPersonalAccessTokens(ctx, input),
});

defineMutation('verifyUserPassword', {
  does: 'Checks a password against a user’s',
  route: 'POST /api/users/:userId/password/verify',
  details: 'A check, not a change (a mutation because it sends the password in a POST). A wrong password, or a user without one, is `matches: false`.',
  input: {
    description: 'A password to check.',
    argument: 'The user and the password.',
    fields: (t) => ({ userId: userIdField(t), password: t.string({ required: true, description: 'The password to check. Sent to Logto only; never stored, returned or logged.' }) }),
    validate: z.object({ userId, password: passwordRule }),
  },
  errors: [ValidationError, ConflictError, NotFoundError],
  requires: securityWriters,
  payload: builder.objectRef<{ userId: string; matches: boolean }>('VerifyUserPasswordPayload').implement({
    description: 'What `verifyUserPassword` found.',
    fields: (t) => ({ matches: t.exposeBoolean('matches', { description: 'Whether the password is the user’s.' }), user: userField(t) }),
  }),
  resolve: (ctx, input) => verifyUserPassword(ctx, input),
});

defineMutation('setUserPasswordExpired', {
  does: 'Marks a user’s password expired, or not',
  route: 'PATCH /api/users/:userId/password/expiration',
  details:
    'An expired password must be changed at the next sign-in. Expiring needs a password expiration policy in the sign-in experience; without one Logto answers a `ValidationError` on `isExpired` (logtoCode `sign_in_experiences.password_expiration_not_enabled`), as Logto OSS does by default.',
  input: {
    description: 'Whether a user’s password is expired.',
    argument: 'The user and the state.',
    fields: (t) => ({ userId: userIdField(t), isExpired: t.boolean({ required: true, description: 'True to expire the password, false to clear that.' }) }),
    validate: z.object({ userId, isExpired: z.boolean() }),
  },
  errors: [ValidationError, NotFoundError],
  requires: securityWriters,
  payload: builder.objectRef<{ user: LogtoUser }>('SetUserPasswordExpiredPayload').implement({
    description: 'The user `setUserPasswordExpired` changed.',
    fields: (t) => ({ user: t.field({ type: UserRef, nullable: true, description: 'The user, as Logto answered.', extensions: cost.given(), resolve: (payload) => payload.user }) }),
  }),
  resolve: (ctx, input) => setUserPasswordExpired(ctx, input),
});

const MfaConfigInput = builder.inputType('UserMfaConfigInput', {
  description: 'MFA settings to change; the flags not given stay as they are.',
  fields: (t) => ({
    enabled: t.boolean({ description: 'Whether MFA is enabled for the user.' }),
    skipped: t.boolean({ description: 'Whether the user skipped setting up MFA.' }),
    skipOnSignIn: t.boolean({ description: 'Whether the user skips MFA at sign-in (ignored when MFA is mandatory).' }),
    additionalBindingSuggestionSkipped: t.boolean({ description: 'Whether the user dismissed the suggestion to add another factor.' }),
  }),
});

defineMutation('updateUserLogtoConfig', {
  does: 'Changes a user’s settings for Logto’s sign-in experience',
  route: 'PATCH /api/users/:userId/logto-configs',
  input: {
    description: 'Settings to change; those not given stay as they are.',
    argument: 'The user and the settings.',
    fields: (t) => ({
      userId: userIdField(t),
      mfa: t.field({ type: MfaConfigInput, description: 'MFA settings.' }),
      passkeySignInSkipped: t.boolean({ description: 'Whether the user skips passkey sign-in.' }),
    }),
    validate: z
      .object({ userId, mfa: z.record(z.string(), z.boolean().nullish()).nullish(), passkeySignInSkipped: z.boolean().nullish() })
      .refine((input) => (input.mfa != null && Object.values(input.mfa).some((flag) => typeof flag === 'boolean')) || typeof input.passkeySignInSkipped === 'boolean', {
        message: 'Nothing to update: give at least one setting.',
      }),
  },
  errors: [ValidationError, NotFoundError],
  requires: securityWriters,
  payload: builder.objectRef<{ logtoConfig: LogtoConfig }>('UpdateUserLogtoConfigPayload').implement({
    description: 'The settings after `updateUserLogtoConfig`.',
    fields: (t) => ({ logtoConfig: t.field({ type: UserLogtoConfigRef, description: 'The whole config, as Logto answered.', extensions: cost.given(), resolve: (payload) => payload.logtoConfig }) }),
  }),
  resolve: (ctx, input) =>
    updateUserLogtoConfig(ctx, {
      userId: input.userId,
      mfa: input.mfa ? { enabled: input.mfa.enabled, skipped: input.mfa.skipped, skipMfaOnSignIn: input.mfa.skipOnSignIn, additionalBindingSuggestionSkipped: input.mfa.additionalBindingSuggestionSkipped } : undefined,
      passkeySignIn: input.passkeySignInSkipped == null ? undefined : { skipped: input.passkeySignInSkipped },
    }),
});

const roleIds = idsOf('Role');

defineMutation('replaceUserRoles', {
  does: 'Sets exactly which roles a user holds',
  route: 'PUT /api/users/:userId/roles',
  details: 'Roles not listed are taken away; an unknown role changes nothing.',
  input: {
    description: 'The roles a user should hold, replacing the ones held now.',
    argument: 'The user and the roles.',
    fields: (t) => ({
      userId: userIdField(t),
      roleIds: t.idList({ required: true, description: `Global ids or Logto ids of user-type roles (${lengthText(roleIds, '')}).` }),
    }),
    validate: z.object({ userId, roleIds }),
  },
  errors: [ValidationError, NotFoundError],
  requires: requires.tenant(SCOPES.writeUsers),
  payload: builder.objectRef<{ userId: string; roleIds: readonly string[] }>('ReplaceUserRolesPayload').implement({
    description: 'The user `replaceUserRoles` changed.',
    fields: (t) => ({
      user: userField(t),
      roles: t.field({
        type: [RoleRef],
        nullable: { list: false, items: true },
        description: 'The roles the user now holds.',
        extensions: cost.load('roles', 'search'),
        resolve: (payload, _args, ctx) => loadRoles(ctx, payload.roleIds),
      }),
      roleIds: t.idList({ description: 'Global ids of the roles the user now holds (no request).', resolve: (payload) => payload.roleIds.map((id) => encodeGlobalId('Role', id)) }),
    }),
  }),
  resolve: (ctx, input) => replaceUserRoles(ctx, input),
});
