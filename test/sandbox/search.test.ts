import { describe, expect, it } from 'vitest';

import { LogtoError } from '../../src/sandbox/errors.js';
import {
  compileSearch,
  parseSearch,
  searchFilter,
  snakeCase,
  type SearchFields,
} from '../../src/sandbox/search.js';
import { likeToRegExp, similarToRegExp } from '../../src/sandbox/sql-patterns.js';

type Row = { id: string; name: string | null; email: string | null };
const FIELDS: SearchFields<Row> = [
  ['id', (row) => row.id],
  ['name', (row) => row.name],
  ['primary_email', (row) => row.email],
];
const rows: Row[] = [
  { id: 'a1', name: 'Alice Smith', email: 'alice@acme.test' },
  { id: 'b2', name: 'Bob Jones', email: null },
  { id: 'c3', name: null, email: 'carol_x@example.com' },
];

function run(query: string, filters: (row: Row) => boolean = () => true, leakyOr = false): string[] {
  const search = parseSearch(new URLSearchParams(query));
  return rows.filter(searchFilter(search, compileSearch(search, FIELDS), filters, { leakyOr })).map((row) => row.id);
}

function inputError(query: string): unknown {
  try {
    const search = parseSearch(new URLSearchParams(query));
    compileSearch(search, FIELDS);
  } catch (error: unknown) {
    return error instanceof LogtoError ? { status: error.status, ...error.toBody() } : error;
  }
  return undefined;
}

describe('parsing Logto search parameters', () => {
  it('reads fields, values, modes, joint and case sensitivity', () => {
    expect(parseSearch(new URLSearchParams('search=%25x%25&search.id=a&search.id=b&mode.id=exact&jointMode=and&isCaseSensitive=yes'))).toEqual({
      matches: [
        { mode: 'like', field: undefined, values: ['%x%'] },
        { mode: 'exact', field: 'id', values: ['a', 'b'] },
      ],
      joint: 'and',
      isCaseSensitive: true,
    });
  });

  it('defaults to like mode, or joint and case-insensitive', () => {
    expect(parseSearch(new URLSearchParams('search.name=x'))).toEqual({
      matches: [{ mode: 'like', field: 'name', values: ['x'] }],
      joint: 'or',
      isCaseSensitive: false,
    });
  });

  it.each([
    ['joint=xor', 'Input is invalid. Search joint mode `xor` is not valid, expect one of or, and.'],
    ['search.id=a&search.id=b', 'Input is invalid. Only one search value is allowed when search mode is not `exact`.'],
    ['search.name=x&mode.name=regex', 'Input is invalid. Search match mode `regex` for field `name` is not valid, expect one of exact, like, similar_to, posix.'],
    ['search=', 'Input is invalid. Search value cannot be empty.'],
    ['search.a.b=x', 'Input is invalid. Unsupported nested search field path `a.b` detected. Only the first level field is supported.'],
    ['search.notAField=x', 'Input is invalid. Search field `not_a_field` is not valid, expect one of id, name, primary_email.'],
    ['search.name=x&mode.name=similar_to', 'Input is invalid. Cannot use case-insensitive match for `similar to`.'],
  ])('rejects %s with Logto’s message', (query, message) => {
    expect(inputError(query)).toEqual({ status: 400, code: 'request.invalid_input', data: {}, message });
  });

  it('derives column names as snake-case does', () => {
    expect(snakeCase('primaryEmail')).toBe('primary_email');
    expect(snakeCase('notAField')).toBe('not_a_field');
    expect(snakeCase('isSuspended')).toBe('is_suspended');
    expect(snakeCase('ID')).toBe('id');
  });
});

describe('matching rows', () => {
  it('needs the caller’s own LIKE wildcards', () => {
    expect(run('search=alice')).toEqual([]);
    expect(run('search=%25alice%25')).toEqual(['a1']);
    expect(run('search.primaryEmail=%25example%25')).toEqual(['c3']);
  });

  it('treats _ as one character and honours backslash escapes', () => {
    expect(likeToRegExp('carol_x%', false).test('carolZx@')).toBe(true);
    expect(likeToRegExp('carol\\_x%', false).test('carolZx@')).toBe(false);
    expect(likeToRegExp('carol\\_x%', false).test('carol_x@')).toBe(true);
  });

  it('is case-insensitive unless asked otherwise', () => {
    expect(run('search.name=%25ALICE%25')).toEqual(['a1']);
    expect(run('search.name=%25ALICE%25&isCaseSensitive=true')).toEqual([]);
    expect(run('search.id=A1&mode.id=exact')).toEqual(['a1']);
    expect(run('search.id=A1&mode.id=exact&isCaseSensitive=true')).toEqual([]);
  });

  it('matches exactly the listed ids in exact mode', () => {
    expect(run('search.id=a1&search.id=c3&search.id=zz&mode.id=exact')).toEqual(['a1', 'c3']);
  });

  it('combines fields with or by default and with and on request', () => {
    expect(run('search.name=%25Bob%25&search.primaryEmail=%25acme%25')).toEqual(['a1', 'b2']);
    expect(run('search.name=%25Bob%25&search.primaryEmail=%25acme%25&joint=and')).toEqual([]);
    expect(run('search.name=%25Alice%25&search.primaryEmail=%25acme%25&joint=and')).toEqual(['a1']);
  });

  it('supports POSIX and SIMILAR TO patterns', () => {
    expect(run('search.name=%5E(Alice%7CBob)%20&mode.name=posix')).toEqual(['a1', 'b2']);
    expect(run('search.name=(Alice%7CBob)%25&mode.name=similar_to&isCaseSensitive=true')).toEqual(['a1', 'b2']);
    expect(similarToRegExp('a.c').test('abc')).toBe(false);
  });

  it('never matches NULL columns', () => {
    expect(run('search.primaryEmail=%25')).toEqual(['a1', 'c3']);
  });

  it('keeps or-joined matches inside the filters unless the route leaks them like Logto’s SQL', () => {
    const onlyA = (row: Row) => row.id === 'a1';
    expect(run('search.name=%25Alice%25&search.id=b2', onlyA)).toEqual(['a1']);
    expect(run('search.name=%25Alice%25&search.id=b2', onlyA, true)).toEqual(['a1', 'b2']);
  });
});
