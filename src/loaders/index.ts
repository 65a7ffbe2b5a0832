import type DataLoader from 'dataloader';

import { ENTITIES, type EntityDeclaration, type EntityLoaderName, type EntityRow } from '../entities.js';
import type { LogtoUser } from '../logto/types.js';
import type { ListPage } from '../resolvers/connection.js';
import { createByIdLoader, createListLoader, createScopeLoader, createSearchByIdLoader } from './entity-loaders.js';
import { RequestCaches } from './request-caches.js';
import type { ListRequest, Upstream } from './upstream.js';

export type WindowKey = { readonly request: ListRequest; readonly offset: number; readonly limit: number };

export type { ScopeWithResource } from '../entities.js';

/** One by-id loader per entity of the registry (`src/entities.ts`), named as its key there. */
export type EntityLoaders = { readonly [N in EntityLoaderName]: DataLoader<string, EntityRow<N> | null> };

export type Loaders = EntityLoaders & {
  /**
   * Whether users have a password, for rows that leave `hasPassword` out (organization
   * members). Separate from `users` because that one is primed with exactly those rows.
   */
  readonly userHasPassword: DataLoader<string, boolean>;
  /** One window of a paginated list; identical windows within an operation are fetched once. */
  readonly windows: DataLoader<WindowKey, ListPage<unknown>, string>;
  /** A whole list (Logto answers it unpaginated); identical lists within an operation are fetched once. */
  readonly wholeLists: DataLoader<ListRequest, readonly unknown[], string>;
  /** Every cache above, nested ones included: what a write clears (`forgetEverything`). */
  readonly caches: RequestCaches;
};

/** Stable key: the same request with params in another order is the same request. */
export function requestKey(request: ListRequest): string {
  const sortedEntries = (record: Readonly<Record<string, unknown>> | undefined) =>
    Object.entries(record ?? {})
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([request.route, sortedEntries(request.params), sortedEntries(request.query)]);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The by-id loader an entity's declared load kind calls for. */
function createEntityLoader(caches: RequestCaches, upstream: Upstream, entity: EntityDeclaration): DataLoader<string, { id: string } | null> {
  const { list, byId } = entity.routes;
  const byIdRoute = (): string => {
    if (byId === undefined) throw new Error(`${entity.typename}: a '${entity.load}' load needs a by-id route`);
    return byId;
  };
  switch (entity.load) {
    case 'search':
      return createSearchByIdLoader(caches, upstream, { list, byId: byIdRoute() });
    case 'byId':
      return createByIdLoader(caches, upstream, byIdRoute());
    case 'whole':
    case 'paged':
      return createListLoader(caches, upstream, { list, byId: byIdRoute() }, entity.load === 'paged');
    case 'resourceScopes':
      return createScopeLoader(caches, upstream, list);
  }
}

/**
 * An object whose properties are made on first read (then kept). A request reads two or three of
 * its loaders, not the fifteen it may; making every one up front was a good part of the garbage
 * each request left (issue 19). A loader made late registers with `caches` then, before it holds
 * anything, so `forgetEverything` still reaches it.
 */
function lazily<T extends object>(factories: { readonly [K in keyof T]: () => T[K] }): T {
  const target = {} as T;
  for (const key of Object.keys(factories) as (keyof T & string)[]) {
    Object.defineProperty(target, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = factories[key]();
        Object.defineProperty(target, key, { value, enumerable: true, writable: false, configurable: false });
        return value;
      },
    });
  }
  return target;
}

/** Every entity's by-id loader, as the registry declares it, each made on first use. */
function entityLoaderFactories(caches: RequestCaches, upstream: Upstream): { readonly [N in EntityLoaderName]: () => EntityLoaders[N] } {
  const entries = Object.entries(ENTITIES).map(([name, entity]) => [name, () => createEntityLoader(caches, upstream, entity)]);
  // The registry's row types are type-level only: each loader answers its entity's rows.
  return Object.fromEntries(entries) as unknown as { readonly [N in EntityLoaderName]: () => EntityLoaders[N] };
}

/** Loaders for one GraphQL request. Never share them between requests: they cache per caller. */
export function createLoaders(upstream: Upstream): Loaders {
  const caches = new RequestCaches();
  return lazily<Loaders>({
    caches: () => caches,
    ...entityLoaderFactories(caches, upstream),
    userHasPassword: () => {
      const completeUsers = createSearchByIdLoader<LogtoUser>(caches, upstream, { list: '/api/users', byId: '/api/users/:id' });
      return caches.loader<string, boolean>(async (ids) =>
        (await completeUsers.loadMany(ids)).map((user) =>
          user instanceof Error ? user : (user?.hasPassword ?? false),
        ),
      );
    },
    windows: () =>
      caches.loader<WindowKey, ListPage<unknown>, string>(
        (keys) =>
          Promise.all(
            keys.map(async ({ request, offset, limit }) => {
              try {
                const page = await upstream.listWindow<unknown>(request, { offset, limit });
                return {
                  items: page.items,
                  totalCount: page.totalCount ?? offset + page.items.length,
                  totalCountIsCapped: page.totalCountIsCapped,
                };
              } catch (error) {
                return asError(error);
              }
            }),
          ),
        { cacheKeyFn: (key) => `${requestKey(key.request)}#${key.offset}+${key.limit}` },
      ),
    wholeLists: () =>
      caches.loader<ListRequest, readonly unknown[], string>(
        (keys) =>
          Promise.all(
            keys.map(async (request) => {
              try {
                return (await upstream.request<unknown[]>({ method: 'GET', ...request })).body;
              } catch (error) {
                return asError(error);
              }
            }),
          ),
        { cacheKeyFn: requestKey },
      ),
  });
}
