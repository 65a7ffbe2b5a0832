import type { Context } from '../context.js';
import { badUserInput, graphQLError } from '../errors.js';
import { forgetEverything } from '../loaders/forget.js';
import type { LogtoUser } from '../logto/types.js';

type Profile = LogtoUser['profile'];

/** Profile claims as GraphQL hands them over: any claim may be left out or null. */
export type ProfileInput = { readonly [claim: string]: string | ProfileInput | null | undefined };

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

/** Profile claims without the ones the caller left out (a GraphQL null means "leave as is" too). */
function definedClaims(profile: ProfileInput): Profile {
  const claims: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(profile)) {
    if (value === null || value === undefined) continue;
    claims[key] = typeof value === 'object' ? definedClaims(value) : value;
  }
  return claims as Profile;
}

/**
 * The caller updates its own user. `name` and `avatar` go in one `PATCH /api/users/:id` (null
 * clears them); `profile` and `customData` are merged into what Logto stores, through Logto's own
 * merging routes (`PATCH .../profile`, `PATCH .../custom-data`), so concurrent updates of other
 * keys are not lost. customData keys outside `SELF_SERVICE_CUSTOM_DATA_KEYS` are refused before
 * anything is sent.
 */
export async function updateMe(ctx: Context, input: UpdateMeInput): Promise<LogtoUser> {
  const id = ownUserId(ctx);
  const basics: Record<string, string | null> = {};
  if (input.name !== undefined) basics.name = input.name;
  if (input.avatar !== undefined) basics.avatar = input.avatar === null ? null : String(input.avatar);
  const profile = input.profile ? definedClaims(input.profile) : undefined;
  const customData = input.customData ?? undefined;

  if (Object.keys(basics).length === 0 && !profile && !customData) {
    throw badUserInput('Nothing to update: give at least one of `name`, `avatar`, `profile`, `customData`.', { argumentName: 'input' });
  }
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
  let user: LogtoUser;
  try {
    if (customData) await ctx.upstream.request({ method: 'PATCH', route: '/api/users/:id/custom-data', params, body: { customData } });
    if (profile) await ctx.upstream.request({ method: 'PATCH', route: '/api/users/:id/profile', params, body: { profile } });
    // The last request answers the whole, fresh user.
    user =
      Object.keys(basics).length > 0
        ? (await ctx.upstream.request<LogtoUser>({ method: 'PATCH', route: '/api/users/:id', params, body: basics })).body
        : (await ctx.upstream.request<LogtoUser>({ method: 'GET', route: '/api/users/:id', params })).body;
  } finally {
    // Like every write (`writes.ts`): nothing read before it in this operation is trusted.
    forgetEverything(ctx.loaders);
    // And every replica's response cache (as `writes.ts` does for every other write).
    void ctx.live.pubsub.publish('facadeWrite', { method: 'PATCH', route: '/api/users/:id', params, touched: [] });
  }
  ctx.loaders.users.prime(id, user);
  return user;
}
