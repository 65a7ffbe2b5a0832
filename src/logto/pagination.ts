/**
 * Pure helpers for Logto's page-based lists: response headers, and mapping an offset window onto
 * the fewest `page`/`page_size` requests. No I/O here.
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

export type LinkValue = {
  readonly url: string;
  /** Lowercased relation types (`rel="next last"` gives two). */
  readonly rels: readonly string[];
  /** Other parameters, names lowercased, quotes removed. */
  readonly params: Readonly<Record<string, string>>;
};

/**
 * RFC 8288 `Link` values. Takes one header line, several lines (an array), or lines that a
 * client joined with commas; commas inside `<…>` and inside quoted strings do not split.
 */
export function parseLinkValues(value: HeaderValue): LinkValue[] {
  if (value === undefined) return [];
  const lines: readonly string[] = Array.isArray(value) ? value : [value as string];
  const links: LinkValue[] = [];
  for (const line of lines) parseLinkLine(line, links);
  return links;
}

/** `Link` as a map rel → URL (first occurrence wins), the shape `UpstreamResponse.links` has. */
export function parseLinkHeader(value: HeaderValue): Record<string, string> {
  const result: Record<string, string> = {};
  for (const link of parseLinkValues(value)) {
    for (const rel of link.rels) {
      if (!(rel in result)) result[rel] = link.url;
    }
  }
  return result;
}

function parseLinkLine(line: string, into: LinkValue[]): void {
  let i = 0;
  const n = line.length;
  const skipSpace = (): void => {
    while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
  };
  const skipToNextLink = (): void => {
    // Recover from garbage: move past the next top-level comma.
    let quoted = false;
    while (i < n) {
      const ch = line[i];
      if (ch === '"') quoted = !quoted;
      else if (ch === '\\' && quoted) i++;
      else if (ch === ',' && !quoted) {
        i++;
        return;
      }
      i++;
    }
  };
  while (i < n) {
    skipSpace();
    if (line[i] === ',') {
      i++;
      continue;
    }
    if (line[i] !== '<') {
      skipToNextLink();
      continue;
    }
    const close = line.indexOf('>', i + 1);
    if (close === -1) return;
    const url = line.slice(i + 1, close).trim();
    i = close + 1;
    const params: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (line[i] !== ';') break;
      i++;
      skipSpace();
      const nameStart = i;
      while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(line[i]!)) i++;
      const name = line.slice(nameStart, i).toLowerCase();
      skipSpace();
      let paramValue = '';
      if (line[i] === '=') {
        i++;
        skipSpace();
        if (line[i] === '"') {
          i++;
          let text = '';
          while (i < n && line[i] !== '"') {
            if (line[i] === '\\' && i + 1 < n) i++;
            text += line[i];
            i++;
          }
          i++; // closing quote
          paramValue = text;
        } else {
          const valueStart = i;
          while (i < n && line[i] !== ';' && line[i] !== ',') i++;
          paramValue = line.slice(valueStart, i).trim();
        }
      }
      // RFC 8288 §3: only the first occurrence of a parameter counts.
      if (name !== '' && !(name in params)) params[name] = paramValue;
    }
    const rels = (params.rel ?? '')
      .split(/\s+/)
      .filter((rel) => rel !== '')
      .map((rel) => rel.toLowerCase());
    into.push({ url, rels, params });
    skipSpace();
    if (i < n && line[i] !== ',') skipToNextLink();
  }
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
