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
