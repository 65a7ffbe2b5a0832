import DataLoader from 'dataloader';

import type { LogtoUser } from '../logto/types.js';
import type { ListPage } from '../resolvers/connection.js';
import { createSearchByIdLoader } from './entity-loaders.js';
import type { ListRequest, Upstream } from './upstream.js';

export type WindowKey = { readonly request: ListRequest; readonly offset: number; readonly limit: number };

export type Loaders = {
  readonly users: DataLoader<string, LogtoUser | null>;
  /** One window of a paginated list; identical windows within an operation are fetched once. */
  readonly windows: DataLoader<WindowKey, ListPage<unknown>, string>;
};

/** Stable key: the same request with params in another order is the same request. */
export function requestKey(request: ListRequest): string {
  const sortedEntries = (record: Readonly<Record<string, unknown>> | undefined) =>
    Object.entries(record ?? {})
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([request.route, sortedEntries(request.params), sortedEntries(request.query)]);
}

/** Loaders for one GraphQL request. Never share them between requests: they cache per caller. */
export function createLoaders(upstream: Upstream): Loaders {
  return {
    users: createSearchByIdLoader<LogtoUser>(upstream, '/api/users'),
    windows: new DataLoader<WindowKey, ListPage<unknown>, string>(
      (keys) =>
        Promise.all(
          keys.map(async ({ request, offset, limit }) => {
            try {
              const page = await upstream.listWindow<unknown>(request, { offset, limit });
              return { items: page.items, totalCount: page.totalCount ?? page.items.length, totalCountIsCapped: page.totalCountIsCapped };
            } catch (error) {
              return error instanceof Error ? error : new Error(String(error));
            }
          }),
        ),
      { cacheKeyFn: (key) => `${requestKey(key.request)}#${key.offset}+${key.limit}` },
    ),
  };
}
