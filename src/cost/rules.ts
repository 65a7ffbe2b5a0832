import { type BatchKind, batchKindOf, batchKindOfLoader, entityOf } from '../entities.js';

/**
 * What a field costs upstream, declared on the field itself (`extensions.upstreamCost`) and read
 * by the estimator before execution. Kept next to the fields so a new field cannot silently
 * cost nothing in the estimate. Batch kinds of entity loads come from the entity registry.
 */

import { MAX_PAGE_SIZE } from '../logto/pagination.js';

export type { BatchKind } from '../entities.js';

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
  /** A write: at most this many requests (see `WriteRequests`), plus what its payload selects. */
  | { readonly kind: 'write'; readonly requests: WriteRequests }
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

/**
 * The upstream requests of one mutation: a number, or a number for tenant-wide callers and
 * another for organization tokens (which may have to look something up in their organization
 * first), optionally growing with the ids of one list field of the input. Data, not a function,
 * so the field's description can say it (`describeWriteRequests`).
 */
export type WriteRequests =
  | number
  /** More for some inputs (`when` says which, as prose); estimated at `atMost`. */
  | { readonly usually: number; readonly atMost: number; readonly when: string }
  | {
      readonly tenant: number;
      readonly organizationToken: number | { readonly base: number; readonly perIdIn: string };
    };

/** Who the estimate is for: an organization token, another caller, or unknown (the worst of both). */
export type CostCaller = 'organizationToken' | 'tenant' | 'unknown';

const count = (n: number) => `${n} upstream request${n === 1 ? '' : 's'}`;

/** An upper bound of a write's requests for this caller and input (`input`: the field's `input` argument). */
export function writeRequests(requests: WriteRequests, input: unknown, caller: CostCaller): number {
  if (typeof requests === 'number') return requests;
  if ('atMost' in requests) return requests.atMost;
  const { organizationToken } = requests;
  let forOrganization = typeof organizationToken === 'number' ? organizationToken : organizationToken.base;
  if (typeof organizationToken !== 'number') {
    const ids = (input as Record<string, unknown> | undefined)?.[organizationToken.perIdIn];
    // The field is required and bounded by its input rule; an unreadable value is refused later.
    forOrganization += Array.isArray(ids) ? ids.length : 0;
  }
  if (caller === 'tenant') return requests.tenant;
  if (caller === 'organizationToken') return forOrganization;
  return Math.max(requests.tenant, forOrganization);
}

/** The requests as documentation text, e.g. `1 upstream request` (used in field descriptions). */
export function describeWriteRequests(requests: WriteRequests): string {
  if (typeof requests === 'number') return count(requests);
  if ('atMost' in requests) return `${count(requests.usually)}, ${requests.atMost} ${requests.when}`;
  const { organizationToken } = requests;
  const forOrganization =
    typeof organizationToken === 'number'
      ? `at most ${organizationToken}`
      : `at most ${organizationToken.base} + 1 per id in \`${organizationToken.perIdIn}\``;
  return `${count(requests.tenant)}; for an organization token, ${forOrganization}`;
}

export type CostExtensions = { readonly upstreamCost: UpstreamCost };

export const cost = {
  list: (options: { complete?: string } = {}): CostExtensions => ({ upstreamCost: { kind: 'list', ...options } }),
  wholeList: (): CostExtensions => ({ upstreamCost: { kind: 'wholeList' } }),
  /** A load through `loader`; an entity loader's batch kind comes from the registry. */
  load: (loader: string, batch?: BatchKind): CostExtensions => ({ upstreamCost: { kind: 'load', loader, batch: loaderBatch(loader, batch) } }),
  maybeLoad: (loader: string, batch?: BatchKind): CostExtensions => ({
    upstreamCost: { kind: 'maybeLoad', loader, batch: loaderBatch(loader, batch) },
  }),
  write: (requests: WriteRequests = 1): CostExtensions => ({ upstreamCost: { kind: 'write', requests } }),
  given: (): CostExtensions => ({ upstreamCost: { kind: 'given' } }),
};

/**
 * The batch kind of a load through `loader`: the registry's for an entity loader (a different
 * one given here is a mistake, refused when the schema is built); given for any other loader.
 */
function loaderBatch(loader: string, given: BatchKind | undefined): BatchKind {
  const registered = batchKindOfLoader(loader);
  if (registered !== undefined && given !== undefined && given !== registered) {
    throw new Error(`cost rule: the ${loader} loader batches as '${registered}' (src/entities.ts), not '${given}'`);
  }
  const batch = registered ?? given;
  if (batch === undefined) throw new Error(`cost rule: ${loader} is not an entity loader; give its batch kind`);
  return batch;
}

/** The loader and batch kind behind a node type (the entity registry), for `node`/`nodes`/`_entities` estimates. */
export function nodeLoad(typename: string): { loader: string; batch: BatchKind } | undefined {
  const entry = entityOf(typename);
  return entry ? { loader: entry.loader, batch: batchKindOf(entry.load) } : undefined;
}

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
      // createListLoader (paged): which keys the first page holds is known only after it is read.
      return count === 1 ? 1 : 1 + count;
  }
}
