import { describe, expect } from 'vitest';

import { upstreamDuring } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

type UserPage = {
  users: {
    totalCount: number;
    edges: { cursor: string; node: { logtoId: string } }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
};

const PAGE = `query Page($first: Int, $after: String, $last: Int, $before: String) {
  users(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { logtoId } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

type Page = (variables: Record<string, unknown>) => Promise<UserPage['users']>;

const it = stackTest().extend<{ allIds: string[]; page: Page }>({
  /** Every user id in Logto's order, read over REST: what the connection must reproduce. */
  allIds: [async ({ rest }, use) => use((await rest.all<{ id: string }>('/api/users')).map((user) => user.id)), { scope: 'file' }],
  page: [
    async ({ stack }, use) =>
      use(async (variables) => {
        const response = await stack.post<UserPage>(PAGE, variables);
        expect(response.body.errors).toBeUndefined();
        return response.body.data!.users;
      }),
    { scope: 'file' },
  ],
});

describe('users connection', () => {
  it("reports Logto's Total-Number as totalCount", async ({ rest, page, allIds }) => {
    const reference = await rest.get('/api/users?page=1&page_size=1');
    const first = await page({ first: 1 });
    expect(first.totalCount).toBe(Number(reference.headers.get('total-number')));
    expect(first.totalCount).toBe(allIds.length);
  });

  it('returns items 86–115 for first: 30 after the cursor of item 85, across Logto page boundaries', async ({ stack, page, allIds }) => {
    // Offsets are zero-based: the edge at offset 85 is the 86th user.
    const window = await page({ first: 86 });
    const cursorAt85 = window.edges[85]!.cursor;
    const { result, requests } = await upstreamDuring(stack, () => page({ first: 30, after: cursorAt85 }));
    expect(result.edges.map((edge) => edge.node.logtoId)).toEqual(allIds.slice(86, 116));
    expect(requests).toHaveLength(1);
    expect(result.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it('walks all users forwards with 100-item pages, ending with hasNextPage false', async ({ page, allIds }) => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const current: UserPage['users'] = await page({ first: 100, after });
      seen.push(...current.edges.map((edge) => edge.node.logtoId));
      if (!current.pageInfo.hasNextPage) break;
      after = current.pageInfo.endCursor;
    }
    expect(seen).toEqual(allIds);
  });

  it('returns the final ten users for last: 10', async ({ page, allIds }) => {
    const last = await page({ last: 10 });
    expect(last.edges.map((edge) => edge.node.logtoId)).toEqual(allIds.slice(-10));
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('walks backwards with last/before across page boundaries', async ({ page, allIds }) => {
    const tail = await page({ last: 37 });
    const previous = await page({ last: 45, before: tail.pageInfo.startCursor });
    const end = allIds.length;
    expect(previous.edges.map((edge) => edge.node.logtoId)).toEqual(allIds.slice(end - 37 - 45, end - 37));
    expect(previous.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    let before: string | null = tail.pageInfo.startCursor;
    const seen = tail.edges.map((edge) => edge.node.logtoId);
    while (before) {
      const current: UserPage['users'] = await page({ last: 100, before });
      seen.unshift(...current.edges.map((edge) => edge.node.logtoId));
      before = current.pageInfo.hasPreviousPage ? current.pageInfo.startCursor : null;
    }
    expect(seen).toEqual(allIds);
  });

  it.for<[Record<string, unknown>, RegExp]>([
    [{ first: 0 }, /first/],
    [{ first: 101 }, /first/],
    [{ last: 0 }, /last/],
    [{ last: 101 }, /last/],
    [{ first: 5, last: 5 }, /both/],
    [{ first: 5, after: 'not-a-cursor' }, /after/],
  ])('rejects %j with BAD_USER_INPUT and no upstream call', async ([variables, message], { stack }) => {
    const { result, requests } = await upstreamDuring(stack, () => stack.post(PAGE, variables));
    expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.body.errors?.[0]?.message).toMatch(message);
    expect(result.body.errors?.[0]?.path).toEqual(['users']);
    expect(requests).toHaveLength(0);
  });

  it('rejects a tampered cursor and a cursor from another connection', async ({ stack, page }) => {
    const users = await page({ first: 2 });
    const cursor = users.edges[1]!.cursor;
    const decoded = Buffer.from(cursor, 'base64url').toString();
    const tampered = Buffer.from(decoded.replace(/^v1:1:/, 'v1:7:')).toString('base64url');
    const forged = await stack.post(PAGE, { first: 2, after: tampered });
    expect(forged.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const roles = await stack.post<{ roles: { edges: { cursor: string }[] } }>('{ roles(first: 2) { edges { cursor } } }');
    const foreign = await stack.post(PAGE, { first: 2, after: roles.body.data!.roles.edges[0]!.cursor });
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
