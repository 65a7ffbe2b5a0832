import type { Pagination, PaginationMode } from './pagination.js';
import type { ParsedQuery } from './query.js';
import type { SandboxStore } from './store.js';

/** What a route answers; the server turns it into an HTTP response (JSON, text or empty). */
export type Reply = {
  readonly status: number;
  /** A string is sent as `text/plain`, anything else but `undefined` as JSON. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
};

export type RouteContext = {
  readonly method: string;
  /** The router's own path: Management API routes see it without `/api`, as Logto's do. */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  /** Koa-style query (repeated keys become arrays), for guards and pagination links. */
  readonly query: ParsedQuery;
  /** The same query as `URLSearchParams`, which Logto's search parser reads. */
  readonly searchParams: URLSearchParams;
  /** `http://<Host header>`, or undefined without a Host header (links turn relative). */
  readonly origin: string | undefined;
  readonly store: SandboxStore;
  /** Set for paginated routes; undefined when pagination is optional and was not asked for. */
  readonly pagination: Pagination | undefined;
  /** The parsed JSON body of a write (undefined for reads). */
  readonly body: unknown;
};

export type RouteHandler = (context: RouteContext) => Reply | Promise<Reply>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type RouteDefinition = {
  readonly method: HttpMethod;
  /** Path template relative to the router, e.g. `/users/:userId/roles`. */
  readonly pattern: string;
  /** Logto's `koaPagination()` (`always`) or `koaPagination({ isOptional: true })` (`optional`). */
  readonly pagination?: PaginationMode;
  /** Anonymous routes (`/api/status`) skip the bearer-token check. */
  readonly anonymous?: boolean;
  /** A check Logto runs in a `router.use()` middleware, i.e. before pagination is parsed. */
  readonly before?: (context: Omit<RouteContext, 'pagination'>) => void;
  readonly handler: RouteHandler;
};

export const get = (
  pattern: string,
  handler: RouteHandler,
  options: Pick<RouteDefinition, 'pagination' | 'anonymous' | 'before'> = {},
): RouteDefinition => ({ method: 'GET', pattern, handler, ...options });

type WriteOptions = Pick<RouteDefinition, 'before'>;

/** Write routes: Logto never paginates them, and every one needs a token. */
const write =
  (method: Exclude<HttpMethod, 'GET'>) =>
  (pattern: string, handler: RouteHandler, options: WriteOptions = {}): RouteDefinition => ({ method, pattern, handler, ...options });

export const post = write('POST');
export const patch = write('PATCH');
export const put = write('PUT');
export const del = write('DELETE');


type CompiledRoute = { readonly route: RouteDefinition; readonly regex: RegExp; readonly names: readonly string[] };

export type RouteMatch =
  | { readonly kind: 'matched'; readonly route: RouteDefinition; readonly params: Record<string, string> }
  /** The path exists with other methods: Koa's `allowedMethods()` answers 405 (or 200 for OPTIONS). */
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'not-found' };

/**
 * A tiny router with koa-router's matching rules: case-insensitive, an optional trailing slash,
 * `:name` matching one encoded segment which is then URI-decoded.
 */
export class Router {
  readonly #routes: CompiledRoute[];

  constructor(routes: readonly RouteDefinition[]) {
    this.#routes = routes.map((route) => {
      const names: string[] = [];
      const source = route.pattern
        .split('/')
        .map((segment) => {
          if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(segment.slice(1));
          return '([^/]+?)';
        })
        .join('/');
      return { route, names, regex: new RegExp(`^${source}/?$`, 'i') };
    });
  }

  match(method: string, path: string): RouteMatch {
    const allowed = new Set<string>();
    for (const { route, regex, names } of this.#routes) {
      const found = regex.exec(path);
      if (!found) continue;
      const methods = route.method === 'GET' ? ['HEAD', 'GET'] : [route.method];
      if (methods.includes(method)) {
        const params: Record<string, string> = {};
        names.forEach((name, index) => {
          params[name] = safeDecode(found[index + 1] ?? '');
        });
        return { kind: 'matched', route, params };
      }
      for (const each of methods) allowed.add(each);
    }
    return allowed.size > 0 ? { kind: 'method-not-allowed', allowed: [...allowed] } : { kind: 'not-found' };
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
