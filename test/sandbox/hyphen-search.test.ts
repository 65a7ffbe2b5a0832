import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { likeToRegExp, similarToRegExp } from '../../src/sandbox/sql-patterns.js';
import { callApi, getToken } from '../helpers/sandbox-client.js';

/**
 * Issue 14 item 5: the sandbox answered 500 to any `q` or LIKE value containing `-` (its regular
 * expression escaped it as `\-`, a syntax error under the `u` flag); Logto answers 200 with the
 * rows whose columns contain the hyphen. Checked the way the recordings are: the HTTP answer of
 * each route, status and rows.
 */

let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, host: '127.0.0.1', users: 30 });
  token = await getToken(sandbox);
  const { store } = sandbox;
  // Rows with a hyphen to find (seeded names rarely have one).
  const user = store.usersNewestFirst()[0];
  if (user) store.updateUser({ ...user, name: 'Mary-Jane Watson' });
  const organization = [...store.organizations.values()][0];
  if (organization) store.organizations.set(organization.id, { ...organization, name: 'Hyphen-Ated Corp' });
});
afterAll(() => sandbox.close());

async function get(path: string): Promise<{ status: number; rows: { name: string | null }[] }> {
  const response = await callApi(sandbox, path, token);
  const body = (await response.json()) as unknown;
  return { status: response.status, rows: Array.isArray(body) ? (body as { name: string | null }[]) : [] };
}

describe('searches with a hyphen answer 200, as Logto does', () => {
  it.each([
    ['/api/users?search=%25-%25', 'Mary-Jane Watson'],
    ['/api/users?search.name=%25Mary-Jane%25', 'Mary-Jane Watson'],
    ['/api/users?search.name=Mary-Jane%20Watson&isCaseSensitive=true', 'Mary-Jane Watson'],
    ['/api/organizations?q=-', 'Hyphen-Ated Corp'],
    ['/api/organizations?q=hyphen-ated', 'Hyphen-Ated Corp'],
  ])('GET %s', async (path, expected) => {
    const { status, rows } = await get(path);
    expect(status).toBe(200);
    expect(rows.map((row) => row.name)).toContain(expected);
    for (const row of rows) expect(row.name ?? '').not.toBe('');
  });

  it('member and role searches with a hyphen answer 200 (no match is still 200)', async () => {
    const organizationId = [...sandbox.store.organizations.keys()][1] ?? '';
    for (const path of [`/api/organizations/${organizationId}/users?q=a-b`, '/api/roles?search=%25-%25', '/api/applications?search=%25-x%25']) {
      expect((await get(path)).status, path).toBe(200);
    }
  });

  it('keeps a hyphen literal in LIKE and inside a SIMILAR TO bracket', () => {
    expect(likeToRegExp('%a-b%', false).test('xa-by')).toBe(true);
    expect(likeToRegExp('%a-b%', false).test('xaby')).toBe(false);
    expect(similarToRegExp('[a\\-c]x').test('-x')).toBe(true);
    expect(similarToRegExp('[a\\-c]x').test('bx')).toBe(false);
  });
});
