import { authenticate } from './auth.js';
import { LogtoError } from './errors.js';
import { parsePagination } from './pagination.js';
import { parseQuery } from './query.js';
import { type Reply, Router } from './router.js';
import { managementApiRoutes } from './management-routes/index.js';
import type { SandboxStore } from './store.js';
import type { TokenRegistry } from './tokens.js';
import { prepareDataHooks } from './webhook-delivery.js';

export type ApiRequest = {
  readonly method: string;
  /** The path below `/api`, e.g. `/users/abc/roles`. */
  readonly path: string;
  readonly rawQuery: string;
  readonly host: string | undefined;
  readonly authorization: string | undefined;
  readonly body: unknown;
  /** The caller's user agent and address: Logto puts them in webhook bodies. */
  readonly userAgent?: string | undefined;
  readonly ip?: string | undefined;
};

/**
 * The Management API as Logto's Koa stack runs it: route match first (an unknown path is 404 plain
 * text even without a token), then the bearer check, then pagination, then the handler.
 */
export class ManagementApi {
  readonly #router = new Router(managementApiRoutes);

  constructor(
    private readonly store: SandboxStore,
    private readonly tokens: TokenRegistry,
    private readonly audience: string,
  ) {}

  async handle(request: ApiRequest): Promise<Reply> {
    const match = this.#router.match(request.method, request.path);
    if (match.kind === 'not-found') return { status: 404, body: 'Not Found' };
    if (match.kind === 'method-not-allowed') {
      const allow = match.allowed.join(', ');
      return request.method === 'OPTIONS'
        ? { status: 200, body: '', headers: { Allow: allow } }
        : { status: 405, body: 'Method Not Allowed', headers: { Allow: allow } };
    }
    try {
      if (!match.route.anonymous) authenticate(request.authorization, this.tokens, this.audience);
      const query = parseQuery(request.rawQuery);
      const context = {
        method: request.method,
        path: request.path,
        params: match.params,
        query,
        searchParams: new URLSearchParams(request.rawQuery),
        origin: request.host ? `http://${request.host}` : undefined,
        store: this.store,
        body: request.body,
      };
      match.route.before?.(context);
      const pagination = match.route.pagination ? parsePagination(query, match.route.pagination) : undefined;
      const sendDataHooks = prepareDataHooks(this.store, { ...request, pattern: match.route.pattern, params: match.params });
      const reply = await match.route.handler({ ...context, pagination });
      sendDataHooks?.(reply);
      return reply;
    } catch (error: unknown) {
      if (error instanceof LogtoError) return { status: error.status, body: error.toBody() };
      throw error;
    }
  }
}
