import type { Sandbox } from '../../src/sandbox/index.js';

/** Small fetch wrappers for tests that talk to a running sandbox. */

export function basicAuth(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export async function requestToken(
  sandbox: Pick<Sandbox, 'url' | 'clientId' | 'clientSecret' | 'managementApiResource'>,
  { scope = 'all', secret = sandbox.clientSecret }: { scope?: string; secret?: string } = {},
): Promise<Response> {
  return fetch(`${sandbox.url}/oidc/token`, {
    method: 'POST',
    headers: { authorization: basicAuth(sandbox.clientId, secret), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource: sandbox.managementApiResource, scope }),
  });
}

export async function getToken(sandbox: Pick<Sandbox, 'url' | 'clientId' | 'clientSecret' | 'managementApiResource'>): Promise<string> {
  const response = await requestToken(sandbox);
  if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export async function callApi(sandbox: Pick<Sandbox, 'url'>, path: string, token: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
  });
}
