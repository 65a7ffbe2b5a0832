/**
 * Pure helpers for Logto's page-based lists: count headers, and mapping an offset window onto
 * the fewest `page`/`page_size` requests. No I/O here.
 */

/**
 * Logto's largest `page_size` (`koaPagination`'s `maxPageSize`), and so the most ids one
 * `search.id` request carries. Every other limit of 100 in the facade is this one fact.
 */
export const MAX_PAGE_SIZE = 100;

type HeaderValue = string | readonly string[] | undefined;

function firstValue(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value[0] : (value as string | undefined);
}

/** `Total-Number: 1200` → 1200; absent or not a plain non-negative integer → undefined. */
export function parseTotalNumber(value: HeaderValue): number | undefined {
  const text = firstValue(value)?.trim();
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const count = Number(text);
  return Number.isSafeInteger(count) ? count : undefined;
}

/** `Total-Number-Is-Capped: true` (newer Logto, `/api/logs?enableCap=true`). */
export function parseTotalNumberIsCapped(value: HeaderValue): boolean {
  return firstValue(value)?.trim().toLowerCase() === 'true';
}

export type PageRequest = { readonly page: number; readonly pageSize: number };

function assertWindow(offset: number, limit: number, maxPageSize: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`offset must be a non-negative integer, got ${offset}`);
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  if (!Number.isSafeInteger(maxPageSize) || maxPageSize < 1) throw new RangeError(`maxPageSize must be a positive integer`);
}

/**
 * The fewest page requests (1-based `page`, `pageSize` ≤ maxPageSize) whose pages together contain
 * every index of `[offset, offset + limit)`.
 *
 * Every (size, page) pair is an interval of indexes, so this is interval covering, where the
 * greedy choice — among the pages holding the leftmost uncovered index, the one that reaches
 * farthest — is optimal. Two refinements that keep the count and trim the download: when one page
 * suffices, take the smallest such size; on the last step, the smallest size that reaches the end.
 */
export function planPages(offset: number, limit: number, maxPageSize: number = MAX_PAGE_SIZE): PageRequest[] {
  assertWindow(offset, limit, maxPageSize);
  if (limit === 0) return [];
  const end = offset + limit; // exclusive
  const pages: PageRequest[] = [];
  let next = offset; // leftmost uncovered index
  while (next < end) {
    let finishing: PageRequest | undefined;
    let best: PageRequest | undefined;
    let bestReach = -1;
    for (let size = 1; size <= maxPageSize; size++) {
      const pageIndex = Math.floor(next / size);
      const reach = (pageIndex + 1) * size; // exclusive end of that page
      if (reach >= end && finishing === undefined) finishing = { page: pageIndex + 1, pageSize: size };
      if (reach > bestReach) {
        bestReach = reach;
        best = { page: pageIndex + 1, pageSize: size };
      }
    }
    const chosen = finishing ?? best!;
    pages.push(chosen);
    next = chosen.page * chosen.pageSize;
  }
  return pages;
}

/** The items of the window, cut out of the fetched pages (in plan order). Short pages end the list. */
export function sliceWindow<T>(
  offset: number,
  limit: number,
  pages: readonly { readonly page: number; readonly pageSize: number; readonly items: readonly T[] }[],
): T[] {
  const end = offset + limit;
  const result: T[] = [];
  let index = offset;
  while (index < end) {
    const holder = pages.find((p) => {
      const start = (p.page - 1) * p.pageSize;
      return start <= index && index < start + p.items.length;
    });
    if (!holder) break; // past the end of the list (or a page came back short)
    const start = (holder.page - 1) * holder.pageSize;
    const stop = Math.min(end, start + holder.items.length);
    for (let i = index; i < stop; i++) result.push(holder.items[i - start]!);
    index = stop;
  }
  return result;
}
