import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import {
  type AllIdentities,
  type EnterpriseIdentity,
  type GrantAppType,
  type LogtoConfig,
  type MfaVerification,
  type PersonalAccessToken,
  type UserGrant,
  type UserSession,
  userAllIdentities,
  userEnterpriseIdentity,
  userGrants,
  userIdentity,
  userLogtoConfig,
  userMfaVerifications,
  userPersonalAccessTokens,
  userSession,
  userSessions,
} from '../resolvers/user-security.js';
import { builder } from './builder.js';
import { ApplicationRef, UserRef } from './refs.js';
import { UserIdentityRef } from './user.js';

/**
 * A user's security screen: sessions, grants, MFA verifications, identities, personal access
 * tokens and the Logto config, as fields of `User`. Logto paginates none of these routes, so
 * they are plain lists. All need `read:users:security` tenant-wide: an organization token never
 * reads them (they concern the user's whole account, not its membership).
 */

const securityReaders = requires.tenant(SCOPES.readUsersSecurity);
const NOTE = 'Needs `read:users:security` (tenant-wide; not for organization tokens).';

export const UserSessionRef = builder.objectRef<UserSession>('UserSession').implement({
  description: 'A sign-in session of the user at Logto (an OIDC session): where and when the user signed in, and which applications it authorized.',
  fields: (t) => ({
    sessionId: t.string({ description: 'The session’s id (its `uid`); `revokeUserSession` takes it.', resolve: (session) => session.payload.uid }),
    applicationId: t.string({ nullable: true, description: 'Logto id of the application the user signed in through.', resolve: (session) => session.clientId ?? null }),
    application: t.field({
      type: ApplicationRef,
      nullable: true,
      description: 'The application the user signed in through (needs `read:applications`).',
      authScopes: requires.tenant(SCOPES.readApplications),
      extensions: cost.load('applications'),
      resolve: (session, _args, ctx) => (session.clientId ? ctx.loaders.applications.load(session.clientId) : null),
    }),
    signedInAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the user signed in.',
      resolve: (session) => (session.payload.loginTs === undefined ? null : session.payload.loginTs * 1000),
    }),
    expiresAt: t.field({ type: 'DateTime', description: 'When the session expires.', resolve: (session) => session.expiresAt }),
    grantIds: t.stringList({
      description: 'Ids of the grants this session authorized, one per application (see `User.grants`).',
      resolve: (session) => Object.values(session.payload.authorizations ?? {}).flatMap((authorization) => (authorization.grantId ? [authorization.grantId] : [])),
    }),
    lastSubmission: t.field({
      type: 'JSONObject',
      nullable: true,
      description: 'The sign-in interaction that created the session, as Logto keeps it: the verifications used, IP address and user agent.',
      resolve: (session) => session.lastSubmission ?? null,
    }),
  }),
});

const GrantAppTypeEnum = builder.enumType('GrantApplicationType', {
  description: 'Which applications’ grants `User.grants` lists.',
  values: {
    FIRST_PARTY: { description: 'Your own applications.' },
    THIRD_PARTY: { description: 'Third-party applications (Logto as their identity provider).' },
  } as const,
});

export const UserGrantRef = builder.objectRef<UserGrant>('UserGrant').implement({
  description: 'What the user allowed an application (an OIDC grant): it keeps refresh tokens alive after sessions end, until revoked.',
  fields: (t) => ({
    grantId: t.exposeString('id', { description: 'The grant’s id; `revokeUserGrant` takes it.' }),
    applicationId: t.string({ nullable: true, description: 'Logto id of the application.', resolve: (grant) => grant.payload.clientId ?? grant.application?.id ?? null }),
    applicationName: t.string({ nullable: true, description: 'The application’s name, as Logto answers it with the grant (no extra request).', resolve: (grant) => grant.application?.name ?? null }),
    application: t.field({
      type: ApplicationRef,
      nullable: true,
      description: 'The application (needs `read:applications`).',
      authScopes: requires.tenant(SCOPES.readApplications),
      extensions: cost.load('applications'),
      resolve: (grant, _args, ctx) => {
        const id = grant.payload.clientId ?? grant.application?.id;
        return id ? ctx.loaders.applications.load(id) : null;
      },
    }),
    scopes: t.stringList({ description: 'The OpenID scopes granted.', resolve: (grant) => (grant.payload.openid?.scope ?? '').split(' ').filter(Boolean) }),
    issuedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the grant was issued.', resolve: (grant) => (grant.payload.iat === undefined ? null : grant.payload.iat * 1000) }),
    expiresAt: t.field({ type: 'DateTime', description: 'When the grant expires.', resolve: (grant) => grant.expiresAt }),
  }),
});

export const MfaTypeEnum = builder.enumType('MfaVerificationType', {
  description: 'A kind of MFA verification.',
  values: {
    TOTP: { value: 'Totp', description: 'An authenticator app (time-based one-time passwords).' },
    BACKUP_CODE: { value: 'BackupCode', description: 'One-time backup codes.' },
    WEB_AUTHN: { value: 'WebAuthn', description: 'A passkey or security key (created only by the user, at sign-in).' },
    EMAIL_VERIFICATION_CODE: { value: 'EmailVerificationCode', description: 'A code sent by email.' },
    PHONE_VERIFICATION_CODE: { value: 'PhoneVerificationCode', description: 'A code sent by SMS.' },
  } as const,
});

const KNOWN_MFA_TYPES = new Set(['Totp', 'BackupCode', 'WebAuthn', 'EmailVerificationCode', 'PhoneVerificationCode']);

export const MfaVerificationRef = builder.objectRef<MfaVerification>('MfaVerification').implement({
  description: 'An MFA factor the user has set up. Its secret (TOTP) or codes are never readable here.',
  fields: (t) => ({
    verificationId: t.exposeString('id', { description: 'Logto’s id of the verification; `removeUserMfaVerification` takes it.' }),
    type: t.field({
      type: MfaTypeEnum,
      nullable: true,
      description: 'The kind of factor (null for a kind this service does not know yet).',
      resolve: (verification) => (KNOWN_MFA_TYPES.has(verification.type) ? (verification.type as 'Totp') : null),
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When the user set it up.', resolve: (verification) => new Date(verification.createdAt) }),
    remainingCodes: t.int({ nullable: true, description: 'Backup codes not used yet (backup codes only).', resolve: (verification) => verification.remainCodes ?? null }),
  }),
});

export const UserEnterpriseIdentityRef = builder.objectRef<EnterpriseIdentity>('UserEnterpriseIdentity').implement({
  description: 'An enterprise (SSO) identity linked to the user: the account at an identity provider behind one of the tenant’s SSO connectors.',
  fields: (t) => ({
    ssoConnectorId: t.exposeString('ssoConnectorId', { description: 'Logto id of the SSO connector.' }),
    issuer: t.exposeString('issuer', { description: 'The identity provider’s issuer.' }),
    identityId: t.exposeString('identityId', { description: 'The user’s id at the identity provider.' }),
    detail: t.field({ type: 'JSONObject', nullable: true, description: 'What the identity provider returned about the user.', resolve: (identity) => identity.detail ?? null }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was linked.', resolve: (identity) => identity.createdAt }),
    updatedAt: t.field({ type: 'DateTime', description: 'When it was last updated.', resolve: (identity) => identity.updatedAt }),
  }),
});

const UserAllIdentitiesRef = builder.objectRef<AllIdentities>('UserAllIdentities').implement({
  description: 'Every identity linked to the user: social and enterprise (SSO).',
  fields: (t) => ({
    social: t.field({ type: [UserIdentityRef], description: 'Social identities, by connector target.', resolve: (all) => all.social }),
    enterprise: t.field({ type: [UserEnterpriseIdentityRef], description: 'Enterprise (SSO) identities.', resolve: (all) => all.enterprise }),
  }),
});

export const PersonalAccessTokenRef = builder.objectRef<PersonalAccessToken>('PersonalAccessToken').implement({
  description:
    'A personal access token of the user (for token exchange on the user’s behalf). Its value is shown once, by `createUserPersonalAccessToken`; it is never readable afterwards, although Logto’s own list returns it.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Its name, unique for the user.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was created.', resolve: (token) => token.createdAt }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, description: 'When it expires; null when it never does. Set when the token is created (Logto cannot change it later).', resolve: (token) => token.expiresAt }),
  }),
});

type MfaConfig = LogtoConfig['mfa'];

const UserMfaConfigRef = builder.objectRef<MfaConfig>('UserMfaConfig').implement({
  description: 'The user’s MFA settings at Logto.',
  fields: (t) => ({
    enabled: t.boolean({ nullable: true, description: 'Whether MFA is enabled for the user; null when never set.', resolve: (mfa) => mfa.enabled ?? null }),
    skipped: t.exposeBoolean('skipped', { description: 'Whether the user chose to skip setting up MFA.' }),
    skipOnSignIn: t.exposeBoolean('skipMfaOnSignIn', { description: 'Whether the user chose to skip MFA at sign-in (ignored when MFA is mandatory).' }),
    additionalBindingSuggestionSkipped: t.boolean({
      nullable: true,
      description: 'Whether the user dismissed the suggestion to add another factor; null when never set.',
      resolve: (mfa) => mfa.additionalBindingSuggestionSkipped ?? null,
    }),
  }),
});

export const UserLogtoConfigRef = builder.objectRef<LogtoConfig>('UserLogtoConfig').implement({
  description: 'Per-user settings Logto keeps for its own sign-in experience.',
  fields: (t) => ({
    mfa: t.field({ type: UserMfaConfigRef, description: 'MFA settings.', resolve: (config) => config.mfa }),
    passkeySignInSkipped: t.boolean({ description: 'Whether the user chose to skip passkey sign-in.', resolve: (config) => config.passkeySignIn.skipped }),
  }),
});

builder.objectFields(UserRef, (t) => ({
  sessions: t.field({
    type: [UserSessionRef],
    nullable: true,
    description: `The user's sign-in sessions. A plain list: Logto returns them whole (it takes no page parameters). ${NOTE}`,
    authScopes: securityReaders,
    extensions: cost.wholeList(),
    resolve: (user, _args, ctx) => userSessions(ctx, user),
  }),
  session: t.field({
    type: UserSessionRef,
    nullable: true,
    description: `One sign-in session of the user by its id; null when the user has none with that id. ${NOTE}`,
    args: { sessionId: t.arg.string({ required: true, description: 'The session’s id (`UserSession.sessionId`).' }) },
    authScopes: securityReaders,
    extensions: cost.wholeList(),
    resolve: (user, args, ctx) => userSession(ctx, user, args.sessionId),
  }),
  grants: t.field({
    type: [UserGrantRef],
    nullable: true,
    description: `What the user has allowed applications (OIDC grants). A plain list: Logto returns them whole. ${NOTE}`,
    args: { appType: t.arg({ type: GrantAppTypeEnum, description: 'Only first-party or only third-party applications (default: both).' }) },
    authScopes: securityReaders,
    extensions: cost.wholeList(),
    resolve: (user, args, ctx) => userGrants(ctx, user, args.appType as GrantAppType | null | undefined),
  }),
  mfaVerifications: t.field({
    type: [MfaVerificationRef],
    nullable: true,
    description: `The MFA factors the user has set up. A plain list: Logto returns them whole. ${NOTE}`,
    authScopes: securityReaders,
    extensions: cost.wholeList(),
    resolve: (user, _args, ctx) => userMfaVerifications(ctx, user),
  }),
  allIdentities: t.field({
    type: UserAllIdentitiesRef,
    nullable: true,
    description: `Every identity linked to the user, social and enterprise (SSO), in one request. ${NOTE}`,
    authScopes: securityReaders,
    extensions: cost.wholeList(),
    resolve: (user, _args, ctx) => userAllIdentities(ctx, user),
  }),
  identity: t.field({
    type: UserIdentityRef,
    nullable: true,
    description: `The user's social identity at one connector target (e.g. \`github\`); null when none is linked. ${NOTE}`,
    args: { target: t.arg.string({ required: true, description: 'The connector target, e.g. `github` or `google`.' }) },
    authScopes: securityReaders,
    extensions: cost.wholeList(),
    resolve: (user, args, ctx) => userIdentity(ctx, user, args.target),
  }),
  enterpriseIdentity: t.field({
    type: UserEnterpriseIdentityRef,
    nullable: true,
    description: `The user's enterprise identity behind one SSO connector; null when none is linked. ${NOTE}`,
    args: { ssoConnectorId: t.arg.string({ required: true, description: 'Logto id of the SSO connector.' }) },
    authScopes: securityReaders,
    extensions: cost.wholeList(),
    resolve: (user, args, ctx) => userEnterpriseIdentity(ctx, user, args.ssoConnectorId),
  }),
  personalAccessTokens: t.field({
    type: [PersonalAccessTokenRef],
    nullable: true,
    description: `The user's personal access tokens, newest first: names and dates, never values. A plain list: Logto returns them whole. ${NOTE}`,
    authScopes: securityReaders,
    extensions: cost.wholeList(),
    resolve: (user, _args, ctx) => userPersonalAccessTokens(ctx, user),
  }),
  logtoConfig: t.field({
    type: UserLogtoConfigRef,
    nullable: true,
    description: `The user's own settings for Logto's sign-in experience (MFA and passkey prompts). ${NOTE}`,
    authScopes: securityReaders,
    extensions: cost.wholeList(),
    resolve: (user, _args, ctx) => userLogtoConfig(ctx, user),
  }),
}));
