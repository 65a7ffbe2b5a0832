import type DataLoader from 'dataloader';

import type { Context } from '../context.js';
import type { ListRequest } from '../loaders/upstream.js';
import type { ListPage, WindowFetcher } from './connection.js';

/**
 * A window fetcher over a paginated Logto list, through the operation's de-duplicating window
 * loader. Rows the list returns in full prime `primeInto`, so the same objects reached later by
 * id cost nothing more.
 */
export function paginatedWindows<T extends { id: string }>(
  ctx: Context,
  request: ListRequest,
  primeInto?: DataLoader<string, T | null>,
): WindowFetcher<T> {
  return async (window) => {
    const page = (await ctx.loaders.windows.load({ request, ...window })) as ListPage<T>;
    if (primeInto) for (const row of page.items) primeInto.prime(row.id, row);
    return page;
  };
}
