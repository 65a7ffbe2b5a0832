import fc from 'fast-check';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';

import {
  arrayWindowFetcher,
  type OffsetConnection,
  planSlice,
  resolveOffsetConnection,
  type WindowFetcher,
} from '../../src/resolvers/connection.js';
import { decodeCursor, encodeCursor } from '../../src/resolvers/cursor.js';

function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error instanceof GraphQLError ? error.extensions.code : error;
  }
  return undefined;
}

describe('cursors', () => {
  it('round-trips any offset within its connection', () => {
    fc.assert(
      fc.property(fc.nat({ max: 999_999_999 }), fc.string({ minLength: 1, maxLength: 30 }), (offset, connection) => {
        expect(decodeCursor(connection, encodeCursor(connection, offset), 'after')).toBe(offset);
      }),
    );
  });

  it('rejects a cursor from another connection', () => {
    const cursor = encodeCursor('User.roles', 5);
    expect(codeOf(() => decodeCursor('users', cursor, 'after'))).toBe('BAD_USER_INPUT');
  });

  it('rejects a tampered offset, garbage and oversized input', () => {
    const cursor = encodeCursor('users', 85);
    const decoded = Buffer.from(cursor, 'base64url').toString();
    const tampered = Buffer.from(decoded.replace(':85:', ':86:')).toString('base64url');
    for (const bad of [tampered, 'abc', '', 'x'.repeat(500), '!!!', Buffer.from('v1:-1:aaaaaaaa').toString('base64url')]) {
      expect(codeOf(() => decodeCursor('users', bad, 'after'))).toBe('BAD_USER_INPUT');
    }
  });

  it('changes when a single character of the payload changes', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000 }), fc.nat({ max: 10_000 }), (a, b) => {
        fc.pre(a !== b);
        expect(encodeCursor('users', a)).not.toBe(encodeCursor('users', b));
      }),
    );
  });
});

describe('planSlice', () => {
  it('defaults to the first 20 items', () => {
    expect(planSlice('users', {})).toEqual({ kind: 'range', start: 0, end: 20 });
  });

  it('maps first/after to the offsets after the cursor', () => {
    expect(planSlice('users', { first: 30, after: encodeCursor('users', 85) })).toEqual({ kind: 'range', start: 86, end: 116 });
  });

  it('maps last/before to the offsets before the cursor, clamped at 0', () => {
    expect(planSlice('users', { last: 10, before: encodeCursor('users', 25) })).toEqual({ kind: 'range', start: 15, end: 25 });
    expect(planSlice('users', { last: 10, before: encodeCursor('users', 3) })).toEqual({ kind: 'range', start: 0, end: 3 });
  });

  it('needs the total for last without before', () => {
    expect(planSlice('users', { last: 10 })).toEqual({ kind: 'fromEnd', start: 0, count: 10 });
  });

  it('rejects sizes outside 1..100 and first with last', () => {
    for (const args of [{ first: 0 }, { first: 101 }, { last: 0 }, { last: 101 }, { first: -1 }, { first: 5, last: 5 }]) {
      expect(codeOf(() => planSlice('users', args))).toBe('BAD_USER_INPUT');
    }
  });
});

describe('resolveOffsetConnection', () => {
  const all = Array.from({ length: 137 }, (_, index) => `item-${index}`);

  function countingFetcher(): { fetch: WindowFetcher<string>; calls: { offset: number; limit: number }[] } {
    const calls: { offset: number; limit: number }[] = [];
    const inner = arrayWindowFetcher(all);
    return {
      calls,
      fetch: async (window) => {
        calls.push(window);
        return inner(window);
      },
    };
  }

  it('walks forward across the whole list with consistent page info', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: OffsetConnection<string> = await resolveOffsetConnection("list", { first: 30, after }, arrayWindowFetcher(all));
      seen.push(...page.edges.map((edge) => edge.node));
      expect(page.totalCount).toBe(137);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
  });

  it('walks backward from the end with one fetch per page once the total is known', async () => {
    const seen: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page: OffsetConnection<string> = await resolveOffsetConnection("list", { last: 40, before }, arrayWindowFetcher(all));
      seen.unshift(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(seen).toEqual(all);
  });

  it('returns the final ten for last: 10 with two fetches, and one when the list is short', async () => {
    const long = countingFetcher();
    const page = await resolveOffsetConnection('list', { last: 10 }, long.fetch);
    expect(page.edges.map((edge) => edge.node)).toEqual(all.slice(-10));
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(long.calls).toHaveLength(2);

    const short = await resolveOffsetConnection('list', { last: 50 }, arrayWindowFetcher(all.slice(0, 7)));
    expect(short.edges).toHaveLength(7);
    expect(short.pageInfo.hasPreviousPage).toBe(false);
  });

  it('returns items 86–115 for first: 30 after the cursor at 85, in one fetch', async () => {
    const counting = countingFetcher();
    const page = await resolveOffsetConnection('list', { first: 30, after: encodeCursor('list', 85) }, counting.fetch);
    expect(page.edges.map((edge) => edge.node)).toEqual(all.slice(86, 116));
    expect(counting.calls).toEqual([{ offset: 86, limit: 30 }]);
  });

  it('answers an empty range with no edges but the total', async () => {
    const page = await resolveOffsetConnection('list', { first: 10, before: encodeCursor('list', 0) }, arrayWindowFetcher(all));
    expect(page.edges).toEqual([]);
    expect(page.totalCount).toBe(137);
  });

  it('gives every edge the cursor of its own offset', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 150 }), fc.integer({ min: 1, max: 100 }), async (offset, first) => {
        const after = offset === 0 ? null : encodeCursor('list', offset - 1);
        const page = await resolveOffsetConnection('list', { first, after }, arrayWindowFetcher(all));
        page.edges.forEach((edge, index) => {
          expect(decodeCursor('list', edge.cursor, 'after')).toBe(offset + index);
          expect(edge.node).toBe(all[offset + index]);
        });
        expect(page.pageInfo.hasNextPage).toBe(offset + first < all.length);
      }),
    );
  });
});

describe('capped totals', () => {
  it('refuses last without before when Logto capped the count, and pages forwards', async () => {
    const capped: WindowFetcher<number> = async ({ offset, limit }) => ({
      items: Array.from({ length: limit }, (_, index) => offset + index),
      totalCount: 10_001,
      totalCountIsCapped: true,
    });
    await expect(resolveOffsetConnection('logs', { last: 5 }, capped)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const forward = await resolveOffsetConnection('logs', { first: 3 }, capped);
    expect(forward.edges.map((edge) => edge.node)).toEqual([0, 1, 2]);
    expect(forward.totalCountIsCapped).toBe(true);
  });
});
