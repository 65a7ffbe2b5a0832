import { requires } from '../auth/requirements.js';
import { cost } from '../cost/rules.js';
import type { LogtoUser } from '../logto/types.js';
import { me, updateMe } from '../resolvers/me.js';
import { builder } from './builder.js';
import { UserRef } from './refs.js';

/**
 * Self-service: a signed-in user reads and updates its own user ("implement the user profile
 * yourself"), with a user access token for the facade that carries `profile`.
 */

const UpdateMeAddressInput = builder.inputType('UpdateMeAddressInput', {
  description: 'Postal address claims to set (OpenID Connect `address`); claims left out stay as they are.',
  fields: (t) => ({
    formatted: t.string({ description: 'The full address, formatted for display.' }),
    streetAddress: t.string({ description: 'Street address.' }),
    locality: t.string({ description: 'City or locality.' }),
    region: t.string({ description: 'State, province or region.' }),
    postalCode: t.string({ description: 'Postal code.' }),
    country: t.string({ description: 'Country.' }),
  }),
});

const UpdateMeProfileInput = builder.inputType('UpdateMeProfileInput', {
  description: 'Standard profile claims to set; claims left out (or null) stay as they are.',
  fields: (t) => ({
    familyName: t.string({ description: 'Family name.' }),
    givenName: t.string({ description: 'Given name.' }),
    middleName: t.string({ description: 'Middle name.' }),
    nickname: t.string({ description: 'Nickname.' }),
    preferredUsername: t.string({ description: 'Preferred username.' }),
    profile: t.string({ description: 'Profile page URL.' }),
    website: t.string({ description: 'Website URL.' }),
    gender: t.string({ description: 'Gender.' }),
    birthdate: t.string({ description: 'Birthdate (`YYYY-MM-DD`).' }),
    zoneinfo: t.string({ description: 'Time zone, e.g. `Europe/Paris`.' }),
    locale: t.string({ description: 'Locale, e.g. `en-US`.' }),
    address: t.field({ type: UpdateMeAddressInput, description: 'Postal address claims to set.' }),
  }),
});

const UpdateMeInputRef = builder.inputType('UpdateMeInput', {
  description: 'What the signed-in user changes on itself; fields left out stay as they are.',
  fields: (t) => ({
    name: t.string({ description: 'Display name; null clears it.' }),
    avatar: t.field({ type: 'URL', description: 'Avatar image URL; null clears it.' }),
    profile: t.field({ type: UpdateMeProfileInput, description: 'Profile claims, merged into the stored ones.' }),
    customData: t.field({
      type: 'JSONObject',
      description: 'customData keys to set, merged into the stored ones. Only the keys the server allows (`SELF_SERVICE_CUSTOM_DATA_KEYS`).',
    }),
  }),
});

const UpdateMePayloadRef = builder.objectRef<{ user: LogtoUser }>('UpdateMePayload').implement({
  description: 'The result of `updateMe`.',
  fields: (t) => ({
    user: t.field({
      type: UserRef,
      description: 'The updated user.',
      // Already fetched by the mutation itself.
      extensions: cost.write(0),
      resolve: (payload) => payload.user,
    }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: UserRef,
    nullable: true,
    description: "The signed-in user (a user access token carrying `profile`). Relations stay behind their own permissions.",
    authScopes: requires.profile,
    extensions: cost.load('users', 'search'),
    resolve: (_root, _args, ctx) => me(ctx),
  }),
);

builder.mutationField('updateMe', (t) =>
  t.field({
    type: UpdateMePayloadRef,
    nullable: true,
    description:
      "Updates the signed-in user's name, avatar, profile claims and allowed customData keys (a user access token carrying `profile`).",
    args: { input: t.arg({ type: UpdateMeInputRef, required: true, description: 'What to change.' }) },
    authScopes: requires.profile,
    // Merging customData, merging profile claims, then the user itself (PATCH, or GET when only merges ran).
    extensions: cost.write(3),
    resolve: async (_root, args, ctx) => ({ user: await updateMe(ctx, args.input) }),
  }),
);
