import type { Context } from '../context.js';
import { badUserInput, graphQLError } from '../errors.js';
import type { LogtoUser } from '../logto/types.js';
import { type ProfileInput, readUserBack, withoutNulls } from './user-mutations.js';
import { given, sendWrite, writeEntity } from './writes.js';

export type UpdateMeInput = {
  readonly name?: string | null;
  readonly avatar?: URL | string | null;
  readonly profile?: ProfileInput | null;
  readonly customData?: Readonly<Record<string, unknown>> | null;
};

/** The Logto user id a self-service field acts on; `authScopes` (`requires.profile`) guarantees it. */
function ownUserId(ctx: Context): string {
  const { userId } = ctx.caller;
  if (!userId) throw graphQLError('FORBIDDEN', 'Not allowed: only a user token with `profile` has a `me`.');
  return userId;
}

export function me(ctx: Context): Promise<LogtoUser | null> {
  return ctx.loaders.users.load(ownUserId(ctx));
}

/**
 * The caller updates its own user. `name` and `avatar` go in one `PATCH /api/users/:id` (null
 * clears them); `profile` and `customData` are merged into what Logto stores, through Logto's own
 * merging routes (`PATCH .../profile`, `PATCH .../custom-data`), so concurrent updates of other
 * keys are not lost. customData keys outside `SELF_SERVICE_CUSTOM_DATA_KEYS` are refused before
 * anything is sent (the input rule, in `updateMe`'s declaration, refuses an empty update). Every
 * request is a write through `writes.ts` but the last read-back.
 */
export async function updateMe(ctx: Context, input: UpdateMeInput): Promise<LogtoUser> {
  const id = ownUserId(ctx);
  const basics = given({ name: input.name, avatar: input.avatar === null || input.avatar === undefined ? input.avatar : String(input.avatar) });
  const customData = input.customData ?? undefined;
  if (customData) {
    const allowed = new Set(ctx.config.auth.selfServiceCustomDataKeys);
    const refused = Object.keys(customData).filter((key) => !allowed.has(key));
    if (refused.length > 0) {
      throw badUserInput(
        `These customData keys cannot be changed by a user: ${refused.join(', ')} (allowed: ${[...allowed].join(', ') || 'none'}).`,
        { argumentName: 'input', field: 'customData', refusedKeys: refused },
      );
    }
  }

  const params = { id };
  if (customData) await sendWrite(ctx, { method: 'PATCH', route: '/api/users/:id/custom-data', params, body: { customData } });
  if (input.profile) await sendWrite(ctx, { method: 'PATCH', route: '/api/users/:id/profile', params, body: { profile: withoutNulls(input.profile) } });
  // The last request answers the whole, fresh user.
  if (Object.keys(basics).length > 0) return writeEntity<LogtoUser>(ctx, (loaders) => loaders.users, { method: 'PATCH', route: '/api/users/:id', params, body: basics });
  return readUserBack(ctx, id);
}
