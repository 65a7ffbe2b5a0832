/** Pure URL building for upstream requests: route templates, query strings, page parameters. */
import type { Query, QueryValue } from './client-types.js';

/** `/api/users/:id/roles` + `{ id }` + query → the path Logto sees. Exported for tests. */
export function buildPath(route: string, params: Readonly<Record<string, string>> | undefined, query: Query | undefined): string {
  const path = route.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_match, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new TypeError(`Missing value for :${name} in ${route}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly (string | number | boolean)[]) search.append(key, String(item));
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** The request's query with `page`/`page_size` set last (Logto keeps parameters in order). */
export function withPage(query: Query | undefined, page: number, pageSize: number): Query {
  const result: Record<string, QueryValue> = {};
  for (const [key, value] of Object.entries(query ?? {})) {
    if (key !== 'page' && key !== 'page_size') result[key] = value;
  }
  result.page = page;
  result.page_size = pageSize;
  return result;
}
