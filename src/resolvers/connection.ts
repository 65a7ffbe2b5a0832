import { badUserInput } from '../errors.js';
import { MAX_PAGE_SIZE } from '../logto/pagination.js';
import { decodeCursor, encodeCursor } from './cursor.js';

/** Relay arguments as GraphQL hands them over. */
export type ConnectionArgs = {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly last?: number | null;
  readonly before?: string | null;
};

/** One page request can answer any window up to Logto's maximum page size. */
export { MAX_PAGE_SIZE };
/** Logto's default page size, used when a client gives neither `first` nor `last`. */
export const DEFAULT_PAGE_SIZE = 20;

/**
 * Which offsets a connection asks for. `end` is exclusive; `fromEnd` means "the last N items
 * before `end`", where `end` is the list's total that is not known yet (`last` without `before`).
 */
export type SlicePlan =
  | { readonly kind: 'range'; readonly start: number; readonly end: number }
  | { readonly kind: 'fromEnd'; readonly start: number; readonly count: number };

function checkSize(name: 'first' | 'last', value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw badUserInput(`\`${name}\` must be between 1 and ${MAX_PAGE_SIZE} (got ${value}).`, { argumentName: name });
  }
}

/** Validates Relay arguments and turns them into offsets, following the Relay cursor spec's algorithm. */
export function planSlice(connection: string, args: ConnectionArgs): SlicePlan {
  const { first, last, after, before } = args;
  if (first != null && last != null) {
    throw badUserInput('Passing both `first` and `last` is not supported; page forwards with `first`/`after` or backwards with `last`/`before`.');
  }
  if (first != null) checkSize('first', first);
  if (last != null) checkSize('last', last);
  const start = after != null ? decodeCursor(connection, after, 'after') + 1 : 0;
  const beforeOffset = before != null ? decodeCursor(connection, before, 'before') : undefined;

  if (last != null) {
    if (beforeOffset === undefined) return { kind: 'fromEnd', start, count: last };
    return { kind: 'range', start: Math.max(start, beforeOffset - last), end: beforeOffset };
  }
  const size = first ?? DEFAULT_PAGE_SIZE;
  const end = Math.min(beforeOffset ?? Number.POSITIVE_INFINITY, start + size);
  return { kind: 'range', start, end: Math.max(start, end) };
}

/** One window of a list as the fetcher returns it. */
export type ListPage<T> = {
  readonly items: readonly T[];
  /** Total-Number, or the full length for lists Logto returns whole. */
  readonly totalCount: number;
  readonly totalCountIsCapped: boolean;
};

export type WindowFetcher<T> = (window: { offset: number; limit: number }) => Promise<ListPage<T>>;

export type PageInfo = {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
};

export type OffsetConnection<T> = {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
  totalCountIsCapped: boolean;
};

/**
 * Resolves a connection over an offset-paginated list with the fewest window fetches: one for
 * `first`/`after`, `last`/`before` and everything bounded; for `last` without `before` (the total
 * is not known yet) one when the whole tail fits in the first window, else two.
 */
export async function resolveOffsetConnection<T>(
  connection: string,
  args: ConnectionArgs,
  fetchWindow: WindowFetcher<T>,
): Promise<OffsetConnection<T>> {
  const plan = planSlice(connection, args);
  let start: number;
  let page: ListPage<T>;
  let items: readonly T[];

  if (plan.kind === 'range') {
    start = plan.start;
    const limit = plan.end - plan.start;
    // An empty range still owes the client a totalCount: fetch the smallest page for it.
    page = await fetchWindow({ offset: limit > 0 ? start : 0, limit: Math.max(limit, 1) });
    items = limit > 0 ? page.items : [];
  } else {
    page = await fetchWindow({ offset: plan.start, limit: plan.count });
    if (page.totalCountIsCapped) {
      // Logto stopped counting (logs past ~10,000): where the list ends is unknown.
      throw badUserInput(
        '`last` without `before` needs the end of the list, and Logto caps this count; page forwards with `first`, or narrow the list (e.g. a time range).',
        { argumentName: 'last' },
      );
    }
    const total = page.totalCount;
    if (total - plan.start <= plan.count) {
      start = plan.start;
      items = page.items;
    } else {
      start = Math.max(plan.start, total - plan.count);
      page = await fetchWindow({ offset: start, limit: plan.count });
      items = page.items;
    }
  }

  const edges = items.map((node, index) => ({ cursor: encodeCursor(connection, start + index), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: start + items.length < page.totalCount,
      hasPreviousPage: start > 0 && page.totalCount > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: page.totalCount,
    totalCountIsCapped: page.totalCountIsCapped,
  };
}

/** A fetcher over a list that is already fully in memory (lists Logto returns whole). */
export function arrayWindowFetcher<T>(all: readonly T[]): WindowFetcher<T> {
  return async ({ offset, limit }) => ({
    items: all.slice(offset, offset + limit),
    totalCount: all.length,
    totalCountIsCapped: false,
  });
}
