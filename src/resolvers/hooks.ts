import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import type { LogtoHook, LogtoLog } from '../logto/types.js';
import type { ConnectionArgs, OffsetConnection } from './connection.js';
import { entityListConnection, listConnection, primer } from './lists.js';

/** Reads of Logto's webhooks. A hook row carries its `signingKey`; no read field ever returns it. */

export type HookExecutionStats = { readonly successCount: number; readonly requestCount: number };

/** `GET /api/hooks` paginates only when asked: read whole (one request), sliced here. */
export function hooksConnection(ctx: Context, args: ConnectionArgs): Promise<OffsetConnection<LogtoHook>> {
  return entityListConnection(ctx, 'hooks', args, { whole: true });
}

/**
 * `TriggerHook.<event>` logs of the last 24 hours (Logto's fixed window), newest first. Always
 * paginated by Logto; Logto does not check that the hook exists (an unknown id has none).
 */
export function hookDeliveriesConnection(ctx: Context, hook: LogtoHook, args: ConnectionArgs): Promise<OffsetConnection<LogtoLog>> {
  return listConnection(ctx, 'Hook.recentDeliveries', args, { route: '/api/hooks/:id/recent-logs', params: { id: hook.id } }, primer(ctx.loaders.logs));
}

/**
 * Deliveries and successes of the last 24 hours: `GET /api/hooks/:id?includeExecutionStats=true`,
 * one request per hook (Logto counts them per hook), deduplicated within the operation.
 */
export async function hookExecutionStats(ctx: Context, hook: LogtoHook): Promise<HookExecutionStats | null> {
  if (hook.executionStats) return hook.executionStats;
  const page = (await ctx.loaders.wholeLists.load({
    route: '/api/hooks/:id',
    params: { id: hook.id },
    query: { includeExecutionStats: 'true' },
  })) as unknown as LogtoHook;
  return page.executionStats ?? null;
}

export const hookLogtoId = (id: string): string => logtoIdFrom(id, 'Hook');
