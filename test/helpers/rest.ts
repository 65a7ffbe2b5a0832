import type { Sandbox } from '../../src/sandbox/index.js';

export type RestResponse<T = unknown> = { status: number; headers: Headers; body: T };

/** Talks to the sandbox's Management API directly, as a reference for what the facade returns. */
export type RestClient = {
  get<T = unknown>(pathAndQuery: string): Promise<RestResponse<T>>;
  /** Every item of a paginated list, page by page (page_size 100). */
  all<T = unknown>(path: string, query?: string): Promise<T[]>;
  send<T = unknown>(method: string, path: string, body?: unknown): Promise<RestResponse<T>>;
};

export async function restClient(sandbox: Sandbox): Promise<RestClient> {
  const tokenResponse = await fetch(`${sandbox.url}/oidc/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource: sandbox.managementApiResource, scope: 'all' }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const send = async <T>(method: string, path: string, body?: unknown): Promise<RestResponse<T>> => {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // plain-text answers (e.g. `Not Found`) stay text
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  };
  return {
    get: (pathAndQuery) => send('GET', pathAndQuery),
    send,
    async all<T>(path: string, query = '') {
      const items: T[] = [];
      for (let page = 1; ; page += 1) {
        const separator = query ? '&' : '';
        const response = await send<T[]>('GET', `${path}?${query}${separator}page=${page}&page_size=100`);
        items.push(...response.body);
        const total = Number(response.headers.get('total-number') ?? items.length);
        if (response.body.length === 0 || items.length >= total) return items;
      }
    },
  };
}
