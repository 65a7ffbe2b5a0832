import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import type { LogtoUser } from '../logto/types.js';
import { userLogsConnection } from '../resolvers/logs.js';
import {
  type UserFilter,
  userHasPassword,
  userOrganizationsConnection,
  userRolesConnection,
  usersConnection,
} from '../resolvers/users.js';
import { cost } from '../cost/rules.js';
import { builder } from './builder.js';
import { keyedByParentId } from './prefetch.js';
import { entityByIdField, entityNode } from './nodes.js';
import {
  LogConnection,
  LogRef,
  OrganizationRef,
  RoleConnection,
  RoleRef,
  UserConnection,
  UserOrganizationConnection,
  UserRef,
} from './refs.js';
import { searchOptionFields, StringMatchInput } from './search.js';

type Profile = LogtoUser['profile'];
type Address = NonNullable<Profile['address']>;
type Identity = { target: string; userId: string; details?: Record<string, unknown> };

const AddressRef = builder.objectRef<Address>('Address').implement({
  description: 'A postal address (OpenID Connect `address` claim).',
  fields: (t) => ({
    formatted: t.exposeString('formatted', { nullable: true, description: 'The full address, formatted for display.' }),
    streetAddress: t.exposeString('streetAddress', { nullable: true, description: 'Street address.' }),
    locality: t.exposeString('locality', { nullable: true, description: 'City or locality.' }),
    region: t.exposeString('region', { nullable: true, description: 'State, province or region.' }),
    postalCode: t.exposeString('postalCode', { nullable: true, description: 'Postal code.' }),
    country: t.exposeString('country', { nullable: true, description: 'Country.' }),
  }),
});

const UserProfileRef = builder.objectRef<Profile>('UserProfile').implement({
  description: 'Standard OpenID Connect profile claims Logto keeps for a user.',
  fields: (t) => ({
    familyName: t.exposeString('familyName', { nullable: true, description: 'Family name.' }),
    givenName: t.exposeString('givenName', { nullable: true, description: 'Given name.' }),
    middleName: t.exposeString('middleName', { nullable: true, description: 'Middle name.' }),
    nickname: t.exposeString('nickname', { nullable: true, description: 'Nickname.' }),
    preferredUsername: t.exposeString('preferredUsername', { nullable: true, description: 'Preferred username.' }),
    profile: t.exposeString('profile', { nullable: true, description: 'Profile page URL.' }),
    website: t.exposeString('website', { nullable: true, description: 'Website URL.' }),
    gender: t.exposeString('gender', { nullable: true, description: 'Gender.' }),
    birthdate: t.exposeString('birthdate', { nullable: true, description: 'Birthdate (`YYYY-MM-DD`, or as given).' }),
    zoneinfo: t.exposeString('zoneinfo', { nullable: true, description: 'Time zone, e.g. `Europe/Paris`.' }),
    locale: t.exposeString('locale', { nullable: true, description: 'Locale, e.g. `en-US`.' }),
    address: t.field({ type: AddressRef, nullable: true, description: 'Postal address.', resolve: (profile) => profile.address ?? null }),
  }),
});

export const UserIdentityRef = builder.objectRef<Identity>('UserIdentity').implement({
  description: 'A social or enterprise identity linked to the user.',
  fields: (t) => ({
    target: t.exposeString('target', { description: 'The identity provider, e.g. `github` or `google`.' }),
    userId: t.exposeString('userId', { description: "The user's id at that provider." }),
    details: t.field({
      type: 'JSONObject',
      nullable: true,
      description: 'What the provider returned about the user (shape depends on the provider).',
      resolve: (identity) => identity.details ?? null,
    }),
  }),
});

builder.node(UserRef, {
  description: 'A user of the Logto tenant.',
  // Tenant-wide readers; an organization token for members of its organization; a user for itself.
  authScopes: (user) => ({ $any: { tenant: SCOPES.readUsers, member: user.id, self: user.id } }),
  ...entityNode(UserRef, 'users'),
  fields: (t) => ({
    logtoId: t.exposeString('id', { description: "Logto's own id of the user (the `sub` claim of the user's tokens)." }),
    username: t.exposeString('username', { nullable: true, description: 'Unique username, if the user has one.' }),
    primaryEmail: t.field({
      type: 'EmailAddress',
      nullable: true,
      description: 'Primary email address, unique in the tenant.',
      resolve: (user) => user.primaryEmail,
    }),
    primaryPhone: t.exposeString('primaryPhone', {
      nullable: true,
      description: 'Primary phone number as Logto stores it: digits with the country code, no `+` (e.g. `14155550100`).',
    }),
    name: t.exposeString('name', { nullable: true, description: 'Display name.' }),
    avatar: t.field({ type: 'URL', nullable: true, description: 'Avatar image URL.', resolve: (user) => user.avatar }),
    isSuspended: t.exposeBoolean('isSuspended', { description: 'Whether the user is suspended (cannot sign in).' }),
    hasPassword: t.boolean({
      nullable: true,
      description: 'Whether the user has a password. Passwords and their digests are never readable. Not for organization tokens.',
      authScopes: (user) => requires.tenantOrSelf(SCOPES.readUsers, user.id),
      extensions: cost.maybeLoad('userHasPassword', 'search'),
      resolve: (user, _args, ctx) => userHasPassword(ctx, user),
    }),
    applicationId: t.exposeString('applicationId', {
      nullable: true,
      description: 'Logto id of the application the user first signed up through, if known. Not for organization tokens.',
      authScopes: (user) => requires.tenantOrSelf(SCOPES.readUsers, user.id),
    }),
    profile: t.field({
      type: UserProfileRef,
      nullable: true,
      description: 'Standard profile claims (address, birthdate, ...). Needs `read:users:sensitive`, or is the caller itself.',
      authScopes: (user) => requires.tenantOrSelf(SCOPES.readUsersSensitive, user.id),
      resolve: (user) => user.profile,
    }),
    customData: t.field({
      type: 'JSONObject',
      nullable: true,
      description:
        'Free-form data your applications keep on the user. Needs `read:users:sensitive`; a user reading itself sees only the self-service keys (`SELF_SERVICE_CUSTOM_DATA_KEYS`).',
      authScopes: (user) => requires.tenantOrSelf(SCOPES.readUsersSensitive, user.id),
      resolve: (user, _args, ctx) => ctx.access.visibleCustomData(user.customData),
    }),
    identities: t.field({
      type: [UserIdentityRef],
      nullable: true,
      description: 'Social and enterprise identities linked to the user. Needs `read:users:sensitive`, or is the caller itself.',
      authScopes: (user) => requires.tenantOrSelf(SCOPES.readUsersSensitive, user.id),
      resolve: (user) =>
        Object.entries(user.identities).map(([target, identity]) => ({ target, userId: identity.userId, details: identity.details })),
    }),
    lastSignInAt: t.field({ type: 'DateTime', nullable: true, description: 'When the user last signed in.', resolve: (user) => user.lastSignInAt }),
    createdAt: t.field({ type: 'DateTime', description: 'When the user was created.', resolve: (user) => user.createdAt }),
    updatedAt: t.field({ type: 'DateTime', description: 'When the user was last updated.', resolve: (user) => user.updatedAt }),
    roles: t.connection(
      {
        type: RoleRef,
        nullable: true,
        description: "The user's roles (tenant-level, type USER).",
        authScopes: requires.tenant(SCOPES.readRoles),
        extensions: { ...cost.list(), ...keyedByParentId },
        resolve: (user, args, ctx) => userRolesConnection(ctx, user, args),
      },
      RoleConnection,
    ),
    organizations: t.connection(
      {
        type: OrganizationRef,
        nullable: true,
        description:
          'Organizations the user belongs to; each edge carries the organization roles the user holds there. Tenant-wide callers only (it would show an organization token other organizations).',
        authScopes: requires.tenant(SCOPES.readOrganizations),
        extensions: { ...cost.wholeList(), ...keyedByParentId },
        resolve: (user, args, ctx) => userOrganizationsConnection(ctx, user, args),
      },
      UserOrganizationConnection,
    ),
    logs: t.connection(
      {
        type: LogRef,
        nullable: true,
        description: 'Audit log entries about this user, newest first.',
        authScopes: requires.tenant(SCOPES.readLogs),
        extensions: { ...cost.list(), ...keyedByParentId },
        resolve: (user, args, ctx) => userLogsConnection(ctx, user, args),
      },
      LogConnection,
    ),
  }),
});

const UserFilterInput = builder.inputRef<UserFilter>('UserFilter').implement({
  description:
    "Which users to list, in Logto's advanced search: conditions on `id`, `primaryEmail`, `primaryPhone`, `username` and `name` (or `search` for all of them), combined by `joint`.",
  fields: (t) => ({
    search: t.field({ type: StringMatchInput, description: 'Matches any of the searchable fields.' }),
    id: t.field({ type: StringMatchInput, description: 'Condition on the Logto id (use `exact` with several ids to fetch exactly those).' }),
    primaryEmail: t.field({ type: StringMatchInput, description: 'Condition on the primary email.' }),
    primaryPhone: t.field({ type: StringMatchInput, description: 'Condition on the primary phone (digits, no `+`).' }),
    username: t.field({ type: StringMatchInput, description: 'Condition on the username.' }),
    name: t.field({ type: StringMatchInput, description: 'Condition on the display name.' }),
    ...searchOptionFields(t),
    excludeRoleId: t.id({ description: 'Leave out users who hold this role (global id or Logto id).' }),
    excludeOrganizationId: t.id({ description: 'Leave out members of this organization (global id or Logto id).' }),
  }),
});

builder.queryFields((t) => ({
  user: entityByIdField(t, UserRef, 'users', { description: 'A user by global id or Logto id; `null` when there is none.', id: 'Global id or Logto id of the user.' }),
  users: t.connection(
    {
      type: UserRef,
      nullable: true,
      description: 'Users of the tenant, newest first (the order Logto returns them in).',
      args: { filter: t.arg({ type: UserFilterInput, description: 'Search conditions.' }) },
      authScopes: requires.tenant(SCOPES.readUsers),
      extensions: cost.list(),
      resolve: (_root, args, ctx) => usersConnection(ctx, args, args.filter),
    },
    UserConnection,
  ),
}));
