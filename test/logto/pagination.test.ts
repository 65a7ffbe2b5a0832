import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseTotalNumber,
  parseTotalNumberIsCapped,
  planPages,
  sliceWindow,
  type PageRequest,
} from '../../src/logto/pagination.js';

/** Indexes [start, end) a page request fetches. */
const span = (p: PageRequest): [number, number] => [(p.page - 1) * p.pageSize, p.page * p.pageSize];

function covers(plan: readonly PageRequest[], offset: number, limit: number): boolean {
  for (let index = offset; index < offset + limit; index++) {
    if (!plan.some((p) => span(p)[0] <= index && index < span(p)[1])) return false;
  }
  return true;
}

/** Brute force: the fewest pages (any size ≤ max) covering [offset, offset+limit), by DP over the window. */
function minimalRequests(offset: number, limit: number, maxPageSize: number): number {
  const end = offset + limit;
  // best[i] = fewest pages to cover [offset + i, end)
  const best = new Array<number>(limit + 1).fill(Infinity);
  best[limit] = 0;
  for (let i = limit - 1; i >= 0; i--) {
    const index = offset + i;
    for (let size = 1; size <= maxPageSize; size++) {
      const reach = Math.min(end, (Math.floor(index / size) + 1) * size);
      best[i] = Math.min(best[i]!, 1 + best[reach - offset]!);
    }
  }
  return best[0]!;
}

describe('planPages', () => {
  it('uses one request with the smallest page size that holds the whole window', () => {
    expect(planPages(0, 20)).toEqual([{ page: 1, pageSize: 20 }]);
    expect(planPages(20, 20)).toEqual([{ page: 2, pageSize: 20 }]);
    // [10, 20): size 10 page 2 is exact.
    expect(planPages(10, 10)).toEqual([{ page: 2, pageSize: 10 }]);
    // [5, 15): no size < 15 aligns; 15 does (page 1 = [0, 15)).
    expect(planPages(5, 10)).toEqual([{ page: 1, pageSize: 15 }]);
    expect(planPages(0, 100)).toEqual([{ page: 1, pageSize: 100 }]);
  });

  it('returns nothing for an empty window and rejects negative or fractional input', () => {
    expect(planPages(42, 0)).toEqual([]);
    expect(() => planPages(-1, 10)).toThrow(RangeError);
    expect(() => planPages(0, 1.5)).toThrow(RangeError);
  });

  it('needs two requests for a window of 100 that straddles every page boundary', () => {
    const plan = planPages(150, 100);
    expect(plan).toHaveLength(2);
    expect(covers(plan, 150, 100)).toBe(true);
  });

  it('covers any window exactly, with page sizes ≤ 100 and the minimal request count (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 500 }), (offset, limit) => {
        const plan = planPages(offset, limit);
        expect(covers(plan, offset, limit)).toBe(true);
        for (const p of plan) {
          expect(p.pageSize).toBeGreaterThanOrEqual(1);
          expect(p.pageSize).toBeLessThanOrEqual(100);
          expect(p.page).toBeGreaterThanOrEqual(1);
        }
        // Lower bound for any plan: each page holds at most 100 items.
        expect(plan.length).toBeGreaterThanOrEqual(Math.ceil(limit / 100));
        if (limit <= 100) {
          // One request iff some size p in [limit, 100] puts first and last index on one page.
          const single = Array.from({ length: 101 - limit }, (_, i) => limit + i).some(
            (p) => Math.floor(offset / p) === Math.floor((offset + limit - 1) / p),
          );
          expect(plan.length === 1).toBe(single);
          // Two always suffice for ≤ 100 items (two adjacent pages of size 100).
          expect(plan.length).toBeLessThanOrEqual(2);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('is minimal against a brute-force oracle for small values (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 30 }),
        (offset, limit, maxPageSize) => {
          const plan = planPages(offset, limit, maxPageSize);
          expect(covers(plan, offset, limit)).toBe(true);
          expect(plan.every((p) => p.pageSize <= maxPageSize)).toBe(true);
          expect(plan.length).toBe(minimalRequests(offset, limit, maxPageSize));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('is minimal against the oracle with Logto page sizes (≤ 100) for offsets up to 3 000', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 1, max: 350 }), (offset, limit) => {
        expect(planPages(offset, limit).length).toBe(minimalRequests(offset, limit, 100));
      }),
      { numRuns: 300 },
    );
  });
});

describe('sliceWindow', () => {
  const fetch = (plan: PageRequest[], total: number) =>
    plan.map((p) => {
      const [start, end] = span(p);
      return { ...p, items: Array.from({ length: Math.max(0, Math.min(end, total) - start) }, (_, i) => start + i) };
    });

  it('returns exactly the window, in order, from overlapping pages (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 1, max: 500 }), (offset, limit) => {
        const plan = planPages(offset, limit);
        const items = sliceWindow(offset, limit, fetch(plan, Number.MAX_SAFE_INTEGER));
        expect(items).toEqual(Array.from({ length: limit }, (_, i) => offset + i));
      }),
    );
  });

  it('stops at the end of the list', () => {
    const plan = planPages(90, 30);
    expect(sliceWindow(90, 30, fetch(plan, 100))).toEqual(Array.from({ length: 10 }, (_, i) => 90 + i));
    expect(sliceWindow(200, 10, fetch(planPages(200, 10), 100))).toEqual([]);
  });
});

describe('Total-Number', () => {
  it('parses plain counts and rejects everything else', () => {
    expect(parseTotalNumber('1200')).toBe(1200);
    expect(parseTotalNumber(' 0 ')).toBe(0);
    expect(parseTotalNumber(['25'])).toBe(25);
    expect(parseTotalNumber(undefined)).toBeUndefined();
    expect(parseTotalNumber('')).toBeUndefined();
    expect(parseTotalNumber('-1')).toBeUndefined();
    expect(parseTotalNumber('1e3')).toBeUndefined();
    expect(parseTotalNumber('12abc')).toBeUndefined();
    expect(parseTotalNumber('99999999999999999999')).toBeUndefined();
  });

  it('reads Total-Number-Is-Capped', () => {
    expect(parseTotalNumberIsCapped('true')).toBe(true);
    expect(parseTotalNumberIsCapped('TRUE')).toBe(true);
    expect(parseTotalNumberIsCapped('false')).toBe(false);
    expect(parseTotalNumberIsCapped(undefined)).toBe(false);
  });
});
