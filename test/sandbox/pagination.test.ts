import { describe, expect, it } from 'vitest';

import { LogtoError } from '../../src/sandbox/errors.js';
import { buildLink, paginationHeaders, parsePagination, slicePage } from '../../src/sandbox/pagination.js';
import { parseQuery } from '../../src/sandbox/query.js';

const origin = 'http://127.0.0.1:3001';

describe('parsePagination', () => {
  it('defaults to page 1 of 20 and accepts the maximum page size of 100', () => {
    expect(parsePagination(parseQuery(''), 'always')).toEqual({ offset: 0, limit: 20 });
    expect(parsePagination(parseQuery('page=3&page_size=100'), 'always')).toEqual({ offset: 200, limit: 100 });
  });

  it.each(['page_size=101', 'page_size=0', 'page=0', 'page=abc', 'page=-1', 'page=1&page=2'])(
    'rejects %s with 400 guard.invalid_pagination',
    (query) => {
      const attempt = () => parsePagination(parseQuery(query), 'always');
      expect(attempt).toThrow(LogtoError);
      expect(attempt).toThrow(expect.objectContaining({ status: 400, code: 'guard.invalid_pagination' }));
    },
  );

  it('turns optional pagination off only when neither page nor page_size is given', () => {
    expect(parsePagination(parseQuery('q=x'), 'optional')).toBeUndefined();
    expect(parsePagination(parseQuery('page='), 'optional')).toBeUndefined();
    expect(parsePagination(parseQuery('page_size=5'), 'optional')).toEqual({ offset: 0, limit: 5 });
  });
});

describe('Link headers', () => {
  const link = (query: string, path = '/users') => ({ origin, path, query: parseQuery(query) });

  it('sets page in place and keeps page_size only when the request had it', () => {
    expect(buildLink(link('page=2&page_size=50'), 3, 'next')).toBe(`<${origin}/users?page=3&page_size=50>; rel="next"`);
    expect(buildLink(link('page_size=100'), 2, 'next')).toBe(`<${origin}/users?page_size=100&page=2>; rel="next"`);
    expect(buildLink(link(''), 1, 'first')).toBe(`<${origin}/users?page=1>; rel="first"`);
  });

  it('joins repeated values with a comma and encodes like URLSearchParams', () => {
    expect(buildLink(link('search.id=a&search.id=b&mode.id=exact'), 1, 'first')).toBe(
      `<${origin}/users?search.id=a%2Cb&mode.id=exact&page=1>; rel="first"`,
    );
    expect(buildLink(link('search.name=%5E(Alice%7CBob)%20&page_size=5'), 1, 'first')).toBe(
      `<${origin}/users?search.name=%5E%28Alice%7CBob%29+&page_size=5&page=1>; rel="first"`,
    );
  });

  it('falls back to a relative URL without a Host', () => {
    expect(buildLink({ origin: undefined, path: '/roles', query: parseQuery('') }, 1, 'last')).toBe('</roles?page=1>; rel="last"');
  });

  it('emits first, prev, last, next in that order, each only when it applies', () => {
    const rels = (offset: number, total: number) =>
      (paginationHeaders({ offset, limit: 50 }, total, link('')).Link as string[]).map((line) => /rel="(\w+)"/.exec(line)?.[1]);
    expect(rels(0, 1200)).toEqual(['first', 'last', 'next']);
    expect(rels(50, 1200)).toEqual(['first', 'prev', 'last', 'next']);
    expect(rels(1150, 1200)).toEqual(['first', 'prev', 'last']);
    expect(rels(0, 0)).toEqual(['first', 'last']);
  });

  it('points prev at the last page when asked for a page past the end', () => {
    const headers = paginationHeaders({ offset: 1200, limit: 20 }, 1200, link('page=61'));
    expect(headers['Total-Number']).toBe('1200');
    expect(headers.Link).toEqual([
      `<${origin}/users?page=1>; rel="first"`,
      `<${origin}/users?page=60>; rel="prev"`,
      `<${origin}/users?page=60>; rel="last"`,
    ]);
  });

  it('leaves out last and next and flags the count when it is capped', () => {
    const headers = paginationHeaders({ offset: 0, limit: 5 }, 10_001, link('enableCap=true&page_size=5', '/logs'), true);
    expect(headers['Total-Number-Is-Capped']).toBe('true');
    expect(headers.Link).toEqual([`<${origin}/logs?enableCap=true&page_size=5&page=1>; rel="first"`]);
  });

  it('slices one page and answers past-the-end pages with nothing', () => {
    const rows = Array.from({ length: 45 }, (_, index) => index);
    expect(slicePage(rows, { offset: 40, limit: 20 })).toEqual([40, 41, 42, 43, 44]);
    expect(slicePage(rows, { offset: 60, limit: 20 })).toEqual([]);
  });
});
