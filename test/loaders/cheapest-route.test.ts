import { expect } from 'vitest';

import { encodeGlobalId } from '../../src/global-id.js';
import { upstreamDuring } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

/**
 * Each by-id loader takes the cheapest Logto route for the batch at hand (issue 19): one id is
 * one `GET /api/<x>/:id` (Logto counts no rows for it), several are one `search.id` exact search,
 * and a batch of organization roles beyond the first list page reads the list's remaining pages
 * when that is fewer requests than one GET per id.
 */
const test = stackTest({ env: { MAX_UPSTREAM_REQUESTS_PER_OPERATION: '1000' } });

type Row = { id: string; name?: string; username?: string | null };

for (const [field, path, typename] of [
  ['user', '/api/users', 'User'],
  ['role', '/api/roles', 'Role'],
  ['application', '/api/applications', 'Application'],
] as const) {
  test(`${field}(id:) reads its one object with GET ${path}/:id, and two ids with one search`, async ({ stack, rest }) => {
    const rows = (await rest.get<Row[]>(`${path}?page=1&page_size=2`)).body;
    const selection = field === 'user' ? 'logtoId username' : 'logtoId name';
    const one = await upstreamDuring(stack, () => stack.post(`{ ${field}(id: "${rows[0]!.id}") { ${selection} } }`));
    expect(one.result.body.errors).toBeUndefined();
    expect(one.result.body.data).toEqual({ [field]: { logtoId: rows[0]!.id, ...(field === 'user' ? { username: rows[0]!.username } : { name: rows[0]!.name }) } });
    expect(one.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET ${path}/${rows[0]!.id}`]);

    const ids = rows.map((row) => encodeGlobalId(typename, row.id));
    const two = await upstreamDuring(stack, () => stack.post(`{ nodes(ids: ${JSON.stringify(ids)}) { ... on ${typename} { logtoId } } }`));
    expect(two.result.body.errors).toBeUndefined();
    expect(two.requests).toHaveLength(1);
    expect(two.requests[0]!.path).toBe(path);
    expect(new URLSearchParams(two.requests[0]!.query).getAll('search.id').sort()).toEqual(rows.map((row) => row.id).sort());
  });
}

test('an unknown user id is null after one GET that Logto answers 404', async ({ stack }) => {
  const { result, requests } = await upstreamDuring(stack, () => stack.post('{ user(id: "nosuchuser01") { logtoId } }'));
  expect(result.body.errors).toBeUndefined();
  expect(result.body.data).toEqual({ user: null });
  expect(requests.map((request) => `${request.path} ${request.status}`)).toEqual(['/api/users/nosuchuser01 404']);
});

test('organization roles beyond the first page: the remaining page instead of one GET per role', async ({ stack, rest }) => {
  const existing = await rest.all<Row>('/api/organization-roles');
  // Enough roles that the list has a second page, and ids of five roles that are on it.
  for (let index = existing.length; index < 130; index += 1) {
    expect((await rest.send('POST', '/api/organization-roles', { name: `perf-role-${index}` })).status).toBe(201);
  }
  const secondPage = (await rest.get<Row[]>('/api/organization-roles?page=2&page_size=100')).body;
  const wanted = secondPage.slice(0, 5);
  expect(wanted).toHaveLength(5);
  const ids = wanted.map((row) => encodeGlobalId('OrganizationRole', row.id));
  const { result, requests } = await upstreamDuring(stack, () =>
    stack.post<{ nodes: { name: string }[] }>(`{ nodes(ids: ${JSON.stringify(ids)}) { ... on OrganizationRole { name } } }`),
  );
  expect(result.body.errors).toBeUndefined();
  expect(result.body.data!.nodes.map((node) => node.name)).toEqual(wanted.map((row) => row.name));
  // Page 1 (which does not hold them), then page 2: 2 requests, not 1 + 5.
  expect(requests.map((request) => request.path)).toEqual(['/api/organization-roles', '/api/organization-roles']);
  expect(result.body.extensions!.cost).toMatchObject({ upstreamRequests: 2 });
});
