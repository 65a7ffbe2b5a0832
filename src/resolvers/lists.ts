import type DataLoader from 'dataloader';

import type { Context } from '../context.js';
import type { ListRequest } from '../loaders/upstream.js';
import {
  arrayWindowFetcher,
  type ConnectionArgs,
  type ListPage,
  type OffsetConnection,
  resolveOffsetConnection,
  type WindowFetcher,
} from './connection.js';

/**
 * A window fetcher over a paginated Logto list, through the operation's de-duplicating window
 * loader. Rows the list returns in full prime `primeInto`, so the same objects reached later by
 * id cost nothing more.
 */
export function paginatedWindows<T>(
  ctx: Context,
  request: ListRequest,
  prime?: (row: T) => void,
): WindowFetcher<T> {
  return async (window) => {
    const page = (await ctx.loaders.windows.load({ request, ...window })) as ListPage<T>;
    if (prime) for (const row of page.items) prime(row);
    return page;
  };
}

/** Primes a by-id loader with complete rows. */
export function primer<T extends { id: string }>(loader: DataLoader<string, T | null>): (row: T) => void {
  return (row) => loader.prime(row.id, row);
}

/** A connection over a paginated Logto list (root list or relation). */
export function listConnection<T>(
  ctx: Context,
  connection: string,
  args: ConnectionArgs,
  request: ListRequest,
  prime?: (row: T) => void,
): Promise<OffsetConnection<T>> {
  return resolveOffsetConnection(connection, args, paginatedWindows<T>(ctx, request, prime));
}

/**
 * A connection over a list Logto only returns whole (no pagination on that route): one request
 * for the list, sliced here. Used only where Logto offers nothing better.
 */
export async function wholeListConnection<T>(
  ctx: Context,
  connection: string,
  args: ConnectionArgs,
  request: ListRequest,
  prime?: (row: T) => void,
): Promise<OffsetConnection<T>> {
  return resolveOffsetConnection(connection, args, async (window) => {
    const all = (await ctx.loaders.wholeLists.load(request)) as readonly T[];
    if (prime) for (const row of all) prime(row);
    return arrayWindowFetcher(all)(window);
  });
}
