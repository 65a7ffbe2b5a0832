import type DataLoader from 'dataloader';

import type { Context } from '../context.js';
import { ENTITIES, type EntityLoaderName, type EntityRow } from '../entities.js';
import type { ListRequest } from '../loaders/upstream.js';
import type { QueryValue } from '../logto/client.js';
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

/** A window fetcher over a list Logto answers whole, fetched once per operation and sliced here. */
function wholeListWindows<T>(ctx: Context, request: ListRequest, prime?: (row: T) => void): WindowFetcher<T> {
  return async (window) => {
    const all = (await ctx.loaders.wholeLists.load(request)) as readonly T[];
    if (prime) for (const row of all) prime(row);
    return arrayWindowFetcher(all)(window);
  };
}

/** Primes a by-id loader with complete rows. */
export function primer<T extends { id: string }>(loader: DataLoader<string, T | null>): (row: T) => void {
  return (row) => loader.prime(row.id, row);
}

/** A connection over a Logto list (root list or relation), its rows primed into a loader when complete. */
type ListConnection = <T>(
  ctx: Context,
  connection: string,
  args: ConnectionArgs,
  request: ListRequest,
  prime?: (row: T) => void,
) => Promise<OffsetConnection<T>>;

/** A connection over a paginated Logto list (root list or relation). */
export const listConnection: ListConnection = (ctx, connection, args, request, prime) =>
  resolveOffsetConnection(connection, args, paginatedWindows(ctx, request, prime));

/**
 * A connection over a list Logto only returns whole (no pagination on that route): one request
 * for the list, sliced here. Used only where Logto offers nothing better.
 */
export const wholeListConnection: ListConnection = (ctx, connection, args, request, prime) =>
  resolveOffsetConnection(connection, args, wholeListWindows(ctx, request, prime));

/**
 * The root list of a registered entity (`users`, `roles`, …): its route is the registry's
 * `routes.list`, the connection is named as its loader, and its rows prime that loader. `whole`
 * for a route Logto answers unpaginated.
 */
export function entityListConnection<N extends EntityLoaderName>(
  ctx: Context,
  loader: N,
  args: ConnectionArgs,
  options: { readonly query?: Readonly<Record<string, QueryValue>>; readonly whole?: boolean } = {},
): Promise<OffsetConnection<EntityRow<N>>> {
  const request: ListRequest = { route: ENTITIES[loader].routes.list, ...(options.query ? { query: options.query } : {}) };
  // Each registered loader answers its entity's rows (`EntityLoaders`); indexing by a generic name loses that.
  const prime = primer(ctx.loaders[loader] as unknown as DataLoader<string, EntityRow<N> & { id: string }>);
  return (options.whole ? wholeListConnection : listConnection)<EntityRow<N>>(ctx, loader, args, request, prime as (row: EntityRow<N>) => void);
}
