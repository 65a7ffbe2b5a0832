import type { ListRequest, LogtoClient, RequestOptions, UpstreamRequest, UpstreamResponse } from '../logto/client.js';

export type { ListRequest };
export type ListWindowResult<T> = { items: T[]; totalCount: number | undefined; totalCountIsCapped: boolean };

/**
 * The Logto client bound to one GraphQL operation: every call is metered for that operation and
 * carries its request id prefix. Loaders and resolvers only ever see this.
 */
export type Upstream = {
  request<T>(request: UpstreamRequest): Promise<UpstreamResponse<T>>;
  listWindow<T>(request: ListRequest, window: { offset: number; limit: number }): Promise<ListWindowResult<T>>;
  /** The shared upstream budget as this process sees it now. */
  budget(): { limit: number; windowMs: number; remaining: number; resetAt: Date };
  /** This operation's caller's share left under LOGTO_RATE_LIMIT_PER_CALLER; undefined without a cap. */
  callerShare(): { readonly remaining: number; readonly retryAfterMs: number } | undefined;
};

export function bindUpstream(client: LogtoClient, options: RequestOptions): Upstream {
  return {
    request: (request) => client.request(request, options),
    listWindow: (request, window) => client.listWindow(request, window, options),
    budget: () => client.budget(),
    callerShare: () => (options.callerKey === undefined ? undefined : client.callerShare(options.callerKey)),
  };
}
