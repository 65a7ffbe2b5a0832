/**
 * What a field costs upstream, declared on the field itself (`extensions.upstreamCost`) and read
 * by the estimator before execution. Kept next to the fields so a new field cannot silently
 * cost nothing in the estimate.
 */

import { MAX_PAGE_SIZE } from '../logto/pagination.js';

/** How a loader turns N keys requested in one wave into upstream requests. */
export type BatchKind =
  /** `search.id=…&mode.id=exact`: 100 ids per request. */
  | 'search'
  /** One `GET /:id` per key. */
  | 'byId'
  /** One request for the whole list whatever the number of keys. */
  | 'whole'
  /**
   * One list page of 100 for a batch, plus one `GET /:id` for each key beyond that page (the list
   * may be longer); by id for a single key.
   */
  | 'paged';

export type UpstreamCost =
  /**
   * A connection over a Logto list: one window (1–2 page requests; up to 4 for `last` without
   * `before`) per parent. `complete` names the loader whose complete rows the list returns (and
   * primes it with), so that loader's `maybeLoad` fields cost nothing under it.
   */
  | { readonly kind: 'list'; readonly complete?: string }
  /** A connection over a list Logto only returns whole: one request per parent. */
  | { readonly kind: 'wholeList' }
  /** One object per parent through a batching loader. */
  | { readonly kind: 'load'; readonly loader: string; readonly batch: BatchKind }
  /** Like `load`, but only for some parents (rows that lack the field); estimated as if for all. */
  | { readonly kind: 'maybeLoad'; readonly loader: string; readonly batch: BatchKind }
  /** A write: at most this many requests, plus what its payload selects. */
  | { readonly kind: 'write'; readonly requests: number }
  /** An object the parent already holds (a write's answer in its payload): no request. */
  | { readonly kind: 'given' }
  /** `nodes(ids:)`: one batch per type named in the ids. */
  | { readonly kind: 'nodes' }
  /** `node(id:)`: one load of the named type. */
  | { readonly kind: 'node' }
  /**
   * Federation's `_entities(representations:)`: like `nodes`, one batch per `__typename`
   * (entities load through the node loaders); what is selected under `... on T` runs once per
   * representation of T.
   */
  | { readonly kind: 'entities' };

export type CostExtensions = { readonly upstreamCost: UpstreamCost };

export const cost = {
  list: (options: { complete?: string } = {}): CostExtensions => ({ upstreamCost: { kind: 'list', ...options } }),
  wholeList: (): CostExtensions => ({ upstreamCost: { kind: 'wholeList' } }),
  load: (loader: string, batch: BatchKind): CostExtensions => ({ upstreamCost: { kind: 'load', loader, batch } }),
  maybeLoad: (loader: string, batch: BatchKind): CostExtensions => ({ upstreamCost: { kind: 'maybeLoad', loader, batch } }),
  write: (requests = 1): CostExtensions => ({ upstreamCost: { kind: 'write', requests } }),
  given: (): CostExtensions => ({ upstreamCost: { kind: 'given' } }),
};

/** The loader and batch kind behind each node type, for `node`/`nodes` estimates. */
export const NODE_LOADERS: Readonly<Record<string, { loader: string; batch: BatchKind }>> = {
  User: { loader: 'users', batch: 'search' },
  Role: { loader: 'roles', batch: 'search' },
  Application: { loader: 'applications', batch: 'search' },
  Organization: { loader: 'organizations', batch: 'byId' },
  OrganizationRole: { loader: 'organizationRoles', batch: 'paged' },
  OrganizationScope: { loader: 'organizationScopes', batch: 'whole' },
  OrganizationInvitation: { loader: 'organizationInvitations', batch: 'whole' },
  Resource: { loader: 'resources', batch: 'whole' },
  Scope: { loader: 'scopes', batch: 'whole' },
  Log: { loader: 'logs', batch: 'byId' },
  Connector: { loader: 'connectors', batch: 'whole' },
};

/** Upstream requests for `count` keys of one loader requested together. */
export function batchRequests(batch: BatchKind, count: number): number {
  if (count <= 0) return 0;
  switch (batch) {
    case 'search':
      return Math.ceil(count / MAX_PAGE_SIZE);
    case 'byId':
      return count;
    case 'whole':
      return 1;
    case 'paged':
      // createPagedListLoader: which keys the first page holds is known only after it is read.
      return count === 1 ? 1 : 1 + count;
  }
}
