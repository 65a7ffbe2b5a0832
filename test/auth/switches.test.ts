import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Stack, startStack } from '../helpers/stack.js';

let locked: Stack;
let open: Stack;

// Two differently configured stacks side by side (switches off / on), so not the one-stack `stackTest` fixture.
beforeAll(async () => {
  [locked, open] = await Promise.all([
    startStack({ sandbox: { users: 5 }, env: { GRAPHIQL: 'false', INTROSPECTION: 'false' } }),
    startStack({ sandbox: { users: 5 }, auth: true, env: { GRAPHIQL: 'true', INTROSPECTION: 'true' } }),
  ]);
});

afterAll(async () => {
  await Promise.all([locked.close(), open.close()]);
});

const graphiqlPage = (stack: Stack) => fetch(stack.server.url, { headers: { accept: 'text/html' } });

describe('GRAPHIQL and INTROSPECTION', () => {
  it('serves GraphiQL when enabled, without a token (its operations carry their own)', async () => {
    const page = await graphiqlPage(open);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('logto-graphql');
  });

  it('serves no GraphiQL page with GRAPHIQL=false', async () => {
    const page = await graphiqlPage(locked);
    expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
    expect(await page.text()).not.toMatch(/<html/i);
  });

  it('refuses __schema and __type with INTROSPECTION=false, before any upstream call', async () => {
    const since = locked.sandbox.requestLog.lastSeq();
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "User") { name } }', '{ users { totalCount } __schema { types { name } } }']) {
      const response = await locked.post(query);
      expect(response.body.data).toBeUndefined();
      expect(response.body.errors?.[0]?.message).toMatch(/introspection has been disabled/i);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(locked.sandbox.requestLog.entries({ sinceSeq: since })).toEqual([]);
    // `__typename` is not introspection of the schema.
    const typename = await locked.post<{ __typename: string }>('{ __typename }');
    expect(typename.body.data).toEqual({ __typename: 'Query' });
  });

  it('hides field suggestions with INTROSPECTION=false', async () => {
    const response = await locked.post('{ userz { totalCount } }');
    expect(response.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('answers introspection when enabled (for an authenticated caller)', async () => {
    const response = await open.post<{ __schema: { queryType: { name: string } } }>('{ __schema { queryType { name } } }', undefined, {
      authorization: `Bearer ${open.mintToken({ scope: '' })}`,
    });
    expect(response.body.data?.__schema.queryType.name).toBe('Query');
  });
});
