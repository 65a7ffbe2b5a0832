import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import type { LogtoUser } from '../logto/types.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import { loadUser } from '../resolvers/user-mutations.js';
import {
  type AddedMfaVerification,
  addUserMfaVerification,
  linkUserIdentity,
  linkUserIdentityWithConnector,
  removeUserMfaVerification,
  revokeUserGrant,
  revokeUserSession,
  type SocialIdentity,
  unlinkUserIdentity,
} from '../resolvers/user-security.js';
import { builder } from './builder.js';
import { idOf, jsonObjectRule, lengthText } from './input-validation.js';
import { defineMutation, type MutationInputFieldBuilder } from './mutation-declaration.js';
import type { PayloadFieldBuilder } from './mutation-support.js';
import { UserRef } from './refs.js';
import { UserIdentityRef } from './user.js';

/**
 * The writes of a user's security screen: sessions, grants, MFA verifications and identities.
 * All need `write:users:security` tenant-wide (organization tokens never pass: these act on the
 * user's whole account). Secrets Logto creates here (TOTP secret, backup codes) appear only in
 * `addUserMfaVerification`'s payload.
 */

const securityWriters = requires.tenant(SCOPES.writeUsersSecurity);
const userId = idOf('User');
/** Logto's ids of sessions, grants and verifications, and connector targets: short opaque strings. */
const opaqueId = z.string().min(1, 'Give an id.').max(128, 'This is not an id.');
const targetRule = z.string().min(1, 'Give a connector target.').max(128, 'A connector target is at most 128 characters.');

const userIdField = (t: MutationInputFieldBuilder) => t.id({ required: true, description: 'Global id or Logto id of the user.' });

/** The user a security write changed, read after it (`read:users` applies). */
function userField<Payload extends { readonly userId: string }>(t: PayloadFieldBuilder<Payload>) {
  return t.field({
    type: UserRef,
    nullable: true,
    description: 'The user, read after the change.',
    extensions: cost.load('users', 'search'),
    resolve: (payload, _args, ctx) => loadUser(ctx, payload.userId),
  });
}

const RevokeGrantsEnum = builder.enumType('RevokeGrantsTarget', {
  description: 'Which of a revoked session’s grants to revoke with it.',
  values: {
    ALL: { description: 'Every grant the session authorized: the applications’ refresh tokens stop working too.' },
    FIRST_PARTY: { description: 'Only the grants of your own (first-party) applications.' },
  } as const,
});

defineMutation('revokeUserSession', {
  does: 'Signs a user out of one session',
  route: 'DELETE /api/users/:userId/sessions/:sessionId',
  details: 'Without `revokeGrants` the session’s grants stay (applications keep their refresh tokens).',
  input: {
    description: 'A session to end.',
    argument: 'The user, the session and which grants to revoke with it.',
    fields: (t) => ({
      userId: userIdField(t),
      sessionId: t.string({ required: true, description: 'The session’s id (`UserSession.sessionId`).' }),
      revokeGrants: t.field({ type: RevokeGrantsEnum, description: 'Also revoke the grants the session authorized (default: none).' }),
    }),
    validate: z.object({ userId, sessionId: opaqueId, revokeGrants: z.unknown().optional() }),
  },
  errors: [ValidationError, NotFoundError],
  requires: securityWriters,
  payload: builder.objectRef<{ userId: string; sessionId: string }>('RevokeUserSessionPayload').implement({
    description: 'The session `revokeUserSession` ended.',
    fields: (t) => ({
      revokedSessionId: t.exposeString('sessionId', { description: 'The id of the ended session.' }),
      user: userField(t),
    }),
  }),
  resolve: (ctx, input) => revokeUserSession(ctx, input),
});

defineMutation('revokeUserGrant', {
  does: 'Revokes what a user allowed an application',
  route: 'DELETE /api/users/:userId/grants/:grantId',
  details: 'The application’s refresh tokens from that grant stop working.',
  input: {
    description: 'A grant to revoke.',
    argument: 'The user and the grant.',
    fields: (t) => ({ userId: userIdField(t), grantId: t.string({ required: true, description: 'The grant’s id (`UserGrant.grantId`).' }) }),
    validate: z.object({ userId, grantId: opaqueId }),
  },
  errors: [ValidationError, NotFoundError],
  requires: securityWriters,
  payload: builder.objectRef<{ userId: string; grantId: string }>('RevokeUserGrantPayload').implement({
    description: 'The grant `revokeUserGrant` revoked.',
    fields: (t) => ({ revokedGrantId: t.exposeString('grantId', { description: 'The id of the revoked grant.' }), user: userField(t) }),
  }),
  resolve: (ctx, input) => revokeUserGrant(ctx, input),
});

const NewMfaTypeEnum = builder.enumType('NewMfaVerificationType', {
  description: 'The MFA factors an administrator can set up for a user (passkeys only the user can add).',
  values: {
    TOTP: { description: 'An authenticator app: Logto answers the secret and a QR code to scan.' },
    BACKUP_CODE: { description: 'Ten one-time backup codes (the user needs another factor first).' },
  } as const,
});

const backupCodes = z.array(z.string().regex(/^[\da-f]{10}$/, 'A backup code is 10 lowercase hexadecimal characters.')).length(10, 'Give exactly 10 backup codes.');

defineMutation('addUserMfaVerification', {
  does: 'Sets up an MFA factor for a user',
  route: 'POST /api/users/:userId/mfa-verifications',
  details: 'The TOTP secret and QR code, or the backup codes, are in this payload only: never readable again, never logged.',
  input: {
    description: 'An MFA factor to set up: a TOTP authenticator (one per user) or backup codes (after another factor).',
    argument: 'The user and the factor.',
    fields: (t) => ({
      userId: userIdField(t),
      type: t.field({ type: NewMfaTypeEnum, required: true, description: 'The kind of factor.' }),
      secret: t.string({ description: 'TOTP only: a base32 secret to use (default: Logto makes one).' }),
      codes: t.stringList({ description: 'Backup codes only: the 10 codes to use, each 10 lowercase hexadecimal characters (default: Logto makes them).' }),
    }),
    validate: z
      .object({ userId, type: z.enum(['TOTP', 'BACKUP_CODE']), secret: z.string().regex(/^[A-Z2-7]+=*$/i, 'A TOTP secret is base32.').max(256).nullish(), codes: backupCodes.nullish() })
      .refine((input) => input.type === 'TOTP' || input.secret == null, { message: 'A secret is for TOTP only.', path: ['secret'] })
      .refine((input) => input.type === 'BACKUP_CODE' || input.codes == null, { message: 'Codes are for backup codes only.', path: ['codes'] }),
  },
  errors: [ValidationError, ConflictError, NotFoundError],
  requires: securityWriters,
  payload: builder.objectRef<AddedMfaVerification>('AddUserMfaVerificationPayload').implement({
    description: 'The factor `addUserMfaVerification` set up, with its secret shown this once.',
    fields: (t) => ({
      type: t.field({ type: NewMfaTypeEnum, description: 'The kind of factor.', resolve: (payload) => payload.type }),
      secret: t.string({ nullable: true, description: 'TOTP: the secret, for manual entry. Shown once.', resolve: (payload) => payload.secret ?? null }),
      secretQrCode: t.string({ nullable: true, description: 'TOTP: the secret as a QR code (`data:image/png;base64,…`). Shown once.', resolve: (payload) => payload.secretQrCode ?? null }),
      codes: t.stringList({ nullable: true, description: 'Backup codes: the codes. Shown once.', resolve: (payload) => payload.codes ?? null }),
      user: userField(t),
    }),
  }),
  resolve: (ctx, input) => addUserMfaVerification(ctx, input),
});

defineMutation('removeUserMfaVerification', {
  does: 'Removes an MFA factor of a user',
  route: 'DELETE /api/users/:userId/mfa-verifications/:verificationId',
  input: {
    description: 'An MFA factor to remove (to reset a lost authenticator, remove it and let the user set up a new one).',
    argument: 'The user and the factor.',
    fields: (t) => ({ userId: userIdField(t), verificationId: t.string({ required: true, description: 'The factor’s id (`MfaVerification.verificationId`).' }) }),
    validate: z.object({ userId, verificationId: opaqueId }),
  },
  errors: [ValidationError, NotFoundError],
  requires: securityWriters,
  payload: builder.objectRef<{ userId: string; verificationId: string }>('RemoveUserMfaVerificationPayload').implement({
    description: 'The factor `removeUserMfaVerification` removed.',
    fields: (t) => ({ removedVerificationId: t.exposeString('verificationId', { description: 'The id of the removed factor.' }), user: userField(t) }),
  }),
  resolve: (ctx, input) => removeUserMfaVerification(ctx, input),
});

const IdentitiesPayload = (name: string, description: string) =>
  builder.objectRef<{ userId: string; identities: readonly SocialIdentity[] }>(name).implement({
    description,
    fields: (t) => ({
      identities: t.field({ type: [UserIdentityRef], description: 'The user’s social identities after the change, as Logto answered.', extensions: cost.given(), resolve: (payload) => payload.identities }),
      user: userField(t),
    }),
  });

defineMutation('linkUserIdentity', {
  does: 'Links or replaces a social identity of a user',
  route: 'PUT /api/users/:userId/identities/:target',
  details: 'No connector is involved: the identity is stored as given (a new target is linked, an existing one replaced).',
  input: {
    description: 'A social identity to store for a user. Another user holding the same `target` and `identityUserId` is a ConflictError.',
    argument: 'The user and the identity.',
    fields: (t) => ({
      userId: userIdField(t),
      target: t.string({ required: true, description: `The connector target, e.g. \`github\` (${lengthText(targetRule)}).` }),
      identityUserId: t.string({ required: true, description: 'The user’s id at that provider.' }),
      details: t.field({ type: 'JSONObject', description: 'What the provider says about the user (stored as given).' }),
    }),
    validate: z.object({ userId, target: targetRule, identityUserId: z.string().min(1, 'Give the id at the provider.').max(256), details: jsonObjectRule.nullish() }),
  },
  errors: [ValidationError, ConflictError, NotFoundError],
  requires: securityWriters,
  payload: IdentitiesPayload('LinkUserIdentityPayload', 'The identities after `linkUserIdentity`.'),
  resolve: (ctx, input) => linkUserIdentity(ctx, input),
});

defineMutation('linkUserIdentityWithConnector', {
  does: 'Links a social identity of a user through its connector',
  route: 'POST /api/users/:userId/identities',
  details:
    'Logto has the social connector verify `connectorData` with the platform. Logto OSS without that connector installed answers `NotFoundError` on `connectorId` (logtoCode `entity.not_found`).',
  input: {
    description: 'What a social platform answered the user’s authorization with, for Logto to verify and link.',
    argument: 'The user, the connector and the platform’s answer.',
    fields: (t) => ({
      userId: userIdField(t),
      connectorId: t.string({ required: true, description: 'Logto id of the installed social connector.' }),
      connectorData: t.field({ type: 'JSONObject', required: true, description: 'The platform’s callback parameters (typically `code`, `state`, `redirectUri`).' }),
    }),
    validate: z.object({ userId, connectorId: opaqueId, connectorData: jsonObjectRule }),
  },
  errors: [ValidationError, ConflictError, NotFoundError],
  requires: securityWriters,
  payload: IdentitiesPayload('LinkUserIdentityWithConnectorPayload', 'The identities after `linkUserIdentityWithConnector`.'),
  resolve: (ctx, input) => linkUserIdentityWithConnector(ctx, input),
});

defineMutation('unlinkUserIdentity', {
  does: 'Unlinks a social identity from a user',
  route: 'DELETE /api/users/:userId/identities/:target',
  input: {
    description: 'A social identity to unlink.',
    argument: 'The user and the connector target.',
    fields: (t) => ({ userId: userIdField(t), target: t.string({ required: true, description: 'The connector target, e.g. `google`.' }) }),
    validate: z.object({ userId, target: targetRule }),
  },
  errors: [ValidationError, NotFoundError],
  requires: securityWriters,
  payload: builder.objectRef<{ user: LogtoUser; target: string }>('UnlinkUserIdentityPayload').implement({
    description: 'The user `unlinkUserIdentity` changed.',
    fields: (t) => ({
      unlinkedTarget: t.exposeString('target', { description: 'The target no longer linked.' }),
      user: t.field({ type: UserRef, nullable: true, description: 'The user after the change, as Logto answered.', extensions: cost.given(), resolve: (payload) => payload.user }),
    }),
  }),
  resolve: (ctx, input) => unlinkUserIdentity(ctx, input),
});
