import type { Context } from '../context.js';
import { graphQLError } from '../errors.js';
import { forgetEverything } from '../loaders/forget.js';
import type { Loaders } from '../loaders/index.js';
import type { UpstreamRequest } from '../logto/client.js';
import { LogtoApiError } from '../logto/errors.js';
import { type FieldHints, typedErrorFrom } from '../mutation-errors.js';

/**
 * The one way mutations talk to Logto. Writes go through the client, which never repeats a
 * POST/PATCH that may have arrived; afterwards every cached read of the operation is dropped
 * (whatever the outcome: even a refused write may have changed something, see `createRole`), and
 * Logto's refusals the user can fix become typed errors.
 */

export type WriteMethod = 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type WriteRequest = Omit<UpstreamRequest, 'method'> & { readonly method: WriteMethod };

/**
 * Every replica's response cache hears of the write at once (the live bus), whatever the outcome:
 * many writes emit no webhook (role assignments, applications), and a refused one may have applied.
 */
function announce(ctx: Context, request: WriteRequest): void {
  void ctx.live.pubsub.publish('facadeWrite', { method: request.method, route: request.route, params: request.params ?? {}, touched: touchedUsers(request.body) });
}

/** Users a write names in its body (`{ userIds }`: members added), so subscriptions can say who. */
function touchedUsers(body: unknown): string[] {
  if (!body || typeof body !== 'object' || !('userIds' in body) || !Array.isArray(body.userIds)) return [];
  return body.userIds.filter((id): id is string => typeof id === 'string').map((id) => `User:${id}`);
}

function failure(request: WriteRequest, error: unknown, hints: FieldHints): unknown {
  // The client repeats PUT and DELETE (idempotent in HTTP) after a lost answer. Logto's PUT of an
  // invitation status is not idempotent in effect: the repeat is refused because the first one
  // worked. A refusal after repeating an attempt that may have applied therefore says nothing
  // about the outcome. (A repeat after a 429 or 401 does: Logto refused those before acting.)
  if (error instanceof LogtoApiError && request.method === 'PUT' && error.status >= 400 && error.status < 500 && error.earlierAttemptMayHaveApplied) {
    return graphQLError(
      'UPSTREAM_OUTCOME_UNKNOWN',
      'The request was sent to Logto, its answer was lost and the repeat was refused; it may or may not have been applied.',
      { logtoCode: error.code, upstreamRequestId: error.requestId },
    );
  }
  return typedErrorFrom(error, hints) ?? error;
}

/** A write whose answer the mutation uses (POST, PATCH, PUT). */
export async function sendWrite<T>(ctx: Context, request: WriteRequest, hints: FieldHints = {}): Promise<T> {
  try {
    return (await ctx.upstream.request<T>(request)).body;
  } catch (error) {
    throw failure(request, error, hints);
  } finally {
    forgetEverything(ctx.loaders);
    announce(ctx, request);
  }
}

/**
 * A write that answers the entity itself: primed into its loader once the caches are forgotten,
 * so the payload, and any read of it later in the operation, is fresh and costs nothing.
 */
export async function writeEntity<T extends { readonly id: string }>(
  ctx: Context,
  loaderOf: (loaders: Loaders) => { prime(key: string, value: T): unknown },
  request: WriteRequest,
  hints: FieldHints = {},
): Promise<T> {
  const entity = await sendWrite<T>(ctx, request, hints);
  loaderOf(ctx.loaders).prime(entity.id, entity);
  return entity;
}

/**
 * A DELETE. When an earlier attempt may have reached Logto's handler (its answer was lost, or a
 * 5xx) and the repeat answers 404, that attempt deleted it: the entity is gone either way, which
 * is what was asked. After a 429 or 401 the earlier attempt did nothing, so a 404 means unknown.
 */
export async function sendDelete(ctx: Context, request: Omit<WriteRequest, 'method' | 'body'>, hints: FieldHints = {}): Promise<void> {
  const deletion: WriteRequest = { ...request, method: 'DELETE' };
  try {
    await ctx.upstream.request(deletion);
  } catch (error) {
    if (error instanceof LogtoApiError && error.status === 404 && error.earlierAttemptMayHaveApplied) return;
    throw failure(deletion, error, hints);
  } finally {
    forgetEverything(ctx.loaders);
    announce(ctx, deletion);
  }
}

/** What a deletion answers: the Logto id of what is gone (`deletedPayload` makes it a global id). */
export type DeletedPayload = { readonly deletedId: string };

/** Keeps the keys whose value was given (null included: it clears a field); drops absent ones. */
export function given<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
