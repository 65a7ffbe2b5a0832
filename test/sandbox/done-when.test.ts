import { request as httpRequest } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { callApi, getToken, requestToken } from '../helpers/sandbox-client.js';

/** The issue's acceptance checks, with the CLI's example credentials. */
let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ clientId: 'my-m2m', clientSecret: 's3cret' });
  token = await getToken(sandbox);
});

afterAll(async () => {
  await sandbox?.close();
});

/** Raw response headers, to see Logto's one `Link` line per relation (fetch joins them). */
async function rawHeaders(path: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${sandbox.url}${path}`, { headers: { authorization: `Bearer ${token}` } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.rawHeaders));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('done when', () => {
  it('GET /api/users?page=2&page_size=50 answers 50 users with Total-Number and exactly formatted Link lines', async () => {
    const response = await callApi(sandbox, '/api/users?page=2&page_size=50', token);
    expect(response.status).toBe(200);
    const users = (await response.json()) as { id: string; createdAt: number }[];
    expect(users).toHaveLength(50);
    expect(users.map((user) => user.id)).toEqual(sandbox.store.usersNewestFirst().slice(50, 100).map((user) => user.id));
    expect(response.headers.get('total-number')).toBe('1200');

    const base = `${sandbox.url}/users`;
    const raw = await rawHeaders('/api/users?page=2&page_size=50');
    // rawHeaders alternates name, value: one `Link` line per relation, as Logto sends them.
    const linkLines = raw.flatMap((value, index) => (index % 2 === 1 && raw[index - 1] === 'Link' ? [value] : []));
    expect(linkLines).toEqual([
      `<${base}?page=1&page_size=50>; rel="first"`,
      `<${base}?page=1&page_size=50>; rel="prev"`,
      `<${base}?page=24&page_size=50>; rel="last"`,
      `<${base}?page=3&page_size=50>; rel="next"`,
    ]);
  });

  it('page_size=101 → 400 guard.invalid_pagination', async () => {
    const response = await callApi(sandbox, '/api/users?page_size=101', token);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'guard.invalid_pagination',
      message: 'The request pagination value is invalid.',
    });
  });

  it('an unknown user → 404 entity.not_found', async () => {
    const response = await callApi(sandbox, '/api/users/nosuchuser00', token);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ code: 'entity.not_found', message: 'The resource does not exist.' });
  });

  it('an unknown role → 404 entity.not_exists_with_id', async () => {
    const response = await callApi(sandbox, '/api/roles/nosuchrole000000000000', token);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      code: 'entity.not_exists_with_id',
      message: 'The roles with ID `nosuchrole000000000000` does not exist.',
    });
  });

  it('a wrong secret → 401 invalid_client', async () => {
    const response = await requestToken(sandbox, { secret: 'wrong' });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      code: 'oidc.invalid_client',
      message: 'An OIDC error occurred: oidc.invalid_client.',
      error: 'invalid_client',
      error_description: 'client authentication failed',
    });
  });

  it('search.id=a&search.id=b&search.id=c&mode.id=exact → exactly those three users', async () => {
    const ids = [...sandbox.store.users.keys()].filter((_, index) => index % 400 === 7);
    expect(ids).toHaveLength(3);
    const query = `${ids.map((id) => `search.id=${id}`).join('&')}&mode.id=exact`;
    const response = await callApi(sandbox, `/api/users?${query}`, token);
    const users = (await response.json()) as { id: string }[];
    expect(users.map((user) => user.id).sort()).toEqual([...ids].sort());
    expect(response.headers.get('total-number')).toBe('3');
  });
});
