import { requires } from '../auth/requirements.js';
import { cost } from '../cost/rules.js';
import type { LogtoUser } from '../logto/types.js';
import { me, updateMe } from '../resolvers/me.js';
import { builder } from './builder.js';
import { UserProfileInput } from './user-inputs.js';
import { UserRef } from './refs.js';

/**
 * Self-service: a signed-in user reads and updates its own user ("implement the user profile
 * yourself"), with a user access token for the facade that carries `profile`.
 */

const UpdateMeInputRef = builder.inputType('UpdateMeInput', {
  description: 'What the signed-in user changes on itself; fields left out stay as they are.',
  fields: (t) => ({
    name: t.string({ description: 'Display name; null clears it.' }),
    avatar: t.field({ type: 'URL', description: 'Avatar image URL; null clears it.' }),
    profile: t.field({ type: UserProfileInput, description: 'Profile claims, merged into the stored ones.' }),
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
    extensions: cost.load('users'),
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
