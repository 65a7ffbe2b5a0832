import type DataLoader from 'dataloader';

import type {
  LogtoApplication,
  LogtoConnector,
  LogtoLog,
  LogtoOrganization,
  LogtoOrganizationInvitation,
  LogtoOrganizationRole,
  LogtoOrganizationScope,
  LogtoResource,
  LogtoRole,
  LogtoScope,
  LogtoUser,
} from '../logto/types.js';
import type { ListPage } from '../resolvers/connection.js';
import {
  createByIdLoader,
  createPagedListLoader,
  createScopeLoader,
  createSearchByIdLoader,
  createWholeListLoader,
} from './entity-loaders.js';
import { RequestCaches } from './request-caches.js';
import type { ListRequest, Upstream } from './upstream.js';

export type WindowKey = { readonly request: ListRequest; readonly offset: number; readonly limit: number };

/** A resource scope together with the resource it belongs to (scopes have no by-id route of their own). */
export type ScopeWithResource = LogtoScope & { readonly resource?: { readonly id: string; readonly name: string } };

export type Loaders = {
  readonly users: DataLoader<string, LogtoUser | null>;
  /**
   * Whether users have a password, for rows that leave `hasPassword` out (organization
   * members). Separate from `users` because that one is primed with exactly those rows.
   */
  readonly userHasPassword: DataLoader<string, boolean>;
  readonly roles: DataLoader<string, LogtoRole | null>;
  readonly applications: DataLoader<string, LogtoApplication | null>;
  readonly organizations: DataLoader<string, LogtoOrganization | null>;
  readonly organizationRoles: DataLoader<string, LogtoOrganizationRole | null>;
  readonly organizationScopes: DataLoader<string, LogtoOrganizationScope | null>;
  readonly organizationInvitations: DataLoader<string, LogtoOrganizationInvitation | null>;
  readonly resources: DataLoader<string, LogtoResource | null>;
  readonly scopes: DataLoader<string, ScopeWithResource | null>;
  readonly logs: DataLoader<string, LogtoLog | null>;
  readonly connectors: DataLoader<string, LogtoConnector | null>;
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

/** Loaders for one GraphQL request. Never share them between requests: they cache per caller. */
export function createLoaders(upstream: Upstream): Loaders {
  const caches = new RequestCaches();
  return {
    caches,
    users: createSearchByIdLoader<LogtoUser>(caches, upstream, '/api/users'),
    userHasPassword: (() => {
      const completeUsers = createSearchByIdLoader<LogtoUser>(caches, upstream, '/api/users');
      return caches.loader<string, boolean>(async (ids) =>
        (await completeUsers.loadMany(ids)).map((user) =>
          user instanceof Error ? user : (user?.hasPassword ?? false),
        ),
      );
    })(),
    roles: createSearchByIdLoader<LogtoRole>(caches, upstream, '/api/roles'),
    applications: createSearchByIdLoader<LogtoApplication>(caches, upstream, '/api/applications'),
    organizations: createByIdLoader<LogtoOrganization>(caches, upstream, '/api/organizations/:id'),
    organizationRoles: createPagedListLoader<LogtoOrganizationRole>(caches, upstream, '/api/organization-roles', '/api/organization-roles/:id'),
    organizationScopes: createWholeListLoader<LogtoOrganizationScope>(
      caches,
      upstream,
      '/api/organization-scopes',
      '/api/organization-scopes/:id',
    ),
    organizationInvitations: createWholeListLoader<LogtoOrganizationInvitation>(
      caches,
      upstream,
      '/api/organization-invitations',
      '/api/organization-invitations/:id',
    ),
    resources: createWholeListLoader<LogtoResource>(caches, upstream, '/api/resources', '/api/resources/:id'),
    scopes: createScopeLoader<LogtoScope>(caches, upstream),
    logs: createByIdLoader<LogtoLog>(caches, upstream, '/api/logs/:id'),
    connectors: createWholeListLoader<LogtoConnector>(caches, upstream, '/api/connectors', '/api/connectors/:id'),
    windows: caches.loader<WindowKey, ListPage<unknown>, string>(
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
    wholeLists: caches.loader<ListRequest, readonly unknown[], string>(
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
  };
}
