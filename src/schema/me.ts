import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { cost } from '../cost/rules.js';
import type { LogtoUser } from '../logto/types.js';
import { me, updateMe } from '../resolvers/me.js';
import { builder } from './builder.js';
import { defineMutation } from './mutation-declaration.js';
import { UserProfileInput } from './user-inputs.js';
import { UserRef } from './refs.js';

/**
 * Self-service: a signed-in user reads and updates its own user ("implement the user profile
 * yourself"), with a user access token for the facade that carries `profile`.
 */

const UpdateMePayloadRef = builder.objectRef<{ user: LogtoUser }>('UpdateMePayload').implement({
  description: 'The result of `updateMe`.',
  fields: (t) => ({
    user: t.field({ type: UserRef, description: 'The updated user.', extensions: cost.given(), resolve: (payload) => payload.user }),
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

defineMutation('updateMe', {
  does: "Updates the signed-in user's name, avatar, profile claims and allowed customData keys, with a user access token carrying `profile`",
  route: 'PATCH /api/users/:id',
  requests: {
    usually: 1,
    atMost: 3,
    when: 'when `customData` and `profile` are merged too (`PATCH /api/users/:id/custom-data`, `PATCH /api/users/:id/profile`), the user read back after them when nothing else changes',
  },
  input: {
    description: 'What the signed-in user changes on itself; fields left out stay as they are.',
    argument: 'What to change.',
    fields: (t) => ({
      name: t.string({ description: 'Display name; null clears it.' }),
      avatar: t.field({ type: 'URL', description: 'Avatar image URL; null clears it.' }),
      profile: t.field({ type: UserProfileInput, description: 'Profile claims, merged into the stored ones.' }),
      customData: t.field({
        type: 'JSONObject',
        description: 'customData keys to set, merged into the stored ones. Only the keys the server allows (`SELF_SERVICE_CUSTOM_DATA_KEYS`).',
      }),
    }),
    // The allowed customData keys are configuration, checked by the resolver (nothing sent first).
    validate: z
      .object({ name: z.string().nullish(), avatar: z.unknown().optional(), profile: z.unknown().optional(), customData: z.unknown().optional() })
      .refine((input) => input.name !== undefined || input.avatar !== undefined || (input.profile ?? undefined) !== undefined || (input.customData ?? undefined) !== undefined, {
        message: 'Nothing to update: give at least one of `name`, `avatar`, `profile`, `customData`.',
      }),
  },
  errors: { topLevel: 'a self-service form: Logto’s refusals are BAD_USER_INPUT / NOT_FOUND' },
  requires: requires.profile,
  payload: UpdateMePayloadRef,
  resolve: async (ctx, input) => ({ user: await updateMe(ctx, input) }),
});
