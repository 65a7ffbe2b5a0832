import { invalidPagination } from './errors.js';
import type { ParsedQuery } from './query.js';
import type { Reply, RouteContext } from './router.js';

/**
 * Logto's `koa-pagination`, reproduced: `page` (default 1) and `page_size` (default 20, at most 100)
 * must be positive numbers; optional pagination is off when neither is given.
 */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export type PaginationMode = 'always' | 'optional';

export type Pagination = { readonly offset: number; readonly limit: number };

/** `undefined` when the route paginates optionally and the request asked for no page. */
export function parsePagination(query: ParsedQuery, mode: PaginationMode): Pagination | undefined {
  const rawPage = query.page;
  const rawSize = query.page_size;
  // Logto tests the raw values for truthiness, so `page=` counts as absent.
  if (!rawPage && !rawSize && mode === 'optional') return undefined;
  const page = rawPage ? positiveNumber(rawPage, Number.POSITIVE_INFINITY) : 1;
  const size = rawSize ? positiveNumber(rawSize, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  return { offset: (page - 1) * size, limit: size };
}

function positiveNumber(raw: string | readonly string[], max: number): number {
  // `Number(['2', '3'])` is NaN in Logto too, so a repeated key is invalid.
  const value = typeof raw === 'string' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value) || value <= 0 || value > max) throw invalidPagination();
  return value;
}

export type PageHeaders = Record<string, string | string[]>;

export type LinkInput = {
  /** `protocol://host` of the request; Logto falls back to a relative URL without one. */
  readonly origin: string | undefined;
  /** The router's own path: Logto mounts the Management API under `/api`, so links lack it. */
  readonly path: string;
  readonly query: ParsedQuery;
};

/**
 * `Total-Number` and one `Link` line per relation, in Logto's order (first, prev, last, next).
 * A capped count (logs with `enableCap`) has neither `last` nor `next`: its last page is unknown.
 */
export function paginationHeaders(
  pagination: Pagination,
  totalCount: number,
  link: LinkInput,
  capped = false,
): PageHeaders {
  const { offset, limit } = pagination;
  const totalPage = Math.ceil(totalCount / limit) || 1;
  const page = Math.floor(offset / limit) + 1;
  const links = [buildLink(link, 1, 'first')];
  if (page > 1) links.push(buildLink(link, page - 1, 'prev'));
  if (!capped) {
    links.push(buildLink(link, totalPage, 'last'));
    if (page < totalPage) links.push(buildLink(link, page + 1, 'next'));
  }
  const headers: PageHeaders = { 'Total-Number': String(totalCount), Link: links };
  if (capped) headers['Total-Number-Is-Capped'] = 'true';
  return headers;
}

/**
 * One `Link` value. Like Logto: the request's query in its order, repeated values comma-joined
 * (`String(array)`), `page` replaced in place or appended, serialised by `URLSearchParams`.
 */
export function buildLink(link: LinkInput, page: number, relation: 'first' | 'prev' | 'next' | 'last'): string {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(link.query)) {
    params[key] = typeof value === 'string' ? value : value.join(',');
  }
  params.page = String(page);
  return `<${link.origin ?? ''}${link.path}?${new URLSearchParams(params).toString()}>; rel="${relation}"`;
}

/** The rows of one page; `offset`/`limit` may be fractional (Logto accepts `page=1.5`), so floor them. */
export function slicePage<T>(rows: readonly T[], pagination: Pagination): T[] {
  const start = Math.floor(pagination.offset);
  return rows.slice(start, start + Math.floor(pagination.limit));
}


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
