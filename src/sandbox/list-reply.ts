import { paginationHeaders, slicePage } from './pagination.js';
import type { Reply, RouteContext } from './route.js';

export type ListOptions<Row> = {
  /** Shape only the rows that are sent (a page), not every row that matched. */
  readonly map?: (row: Row) => unknown;
  /** Logs with `enableCap`: the count Logto reports and whether it saturated. */
  readonly count?: { readonly value: number; readonly capped: boolean };
};

/**
 * A list answer: everything when the route's optional pagination is off, else one page with
 * `Total-Number` and `Link` headers. Past the last page it is an empty array, still with headers.
 */
export function listReply<Row>(context: RouteContext, rows: readonly Row[], options: ListOptions<Row> = {}): Reply {
  const map = options.map ?? ((row: Row) => row);
  if (!context.pagination) return { status: 200, body: rows.map(map) };
  const count = options.count ?? { value: rows.length, capped: false };
  return {
    status: 200,
    body: slicePage(rows, context.pagination).map(map),
    headers: paginationHeaders(
      context.pagination,
      count.value,
      { origin: context.origin, path: context.path, query: context.query },
      count.capped,
    ),
  };
}
