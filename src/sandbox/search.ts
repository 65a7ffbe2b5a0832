import { requestInvalidInput } from './errors.js';
import { likeToRegExp, posixToRegExp, similarToRegExp } from './sql-patterns.js';

/**
 * Logto's advanced search (`src/utils/search.ts`): `search` / `search.<field>` values, match modes
 * `mode` / `mode.<field>`, `joint` (alias `jointMode`, default `or`) and `isCaseSensitive`.
 * Errors carry Logto's exact messages and become 400 `request.invalid_input`.
 */
export const SEARCH_MODES = ['exact', 'like', 'similar_to', 'posix'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

const JOINT_MODES = ['or', 'and'] as const;
export type SearchJoint = (typeof JOINT_MODES)[number];

/** `field` undefined means "every search field of the route" (the bare `search=` key). */
export type SearchMatch = { readonly mode: SearchMode; readonly field: string | undefined; readonly values: readonly string[] };

export type Search = {
  readonly matches: readonly SearchMatch[];
  readonly joint: SearchJoint;
  readonly isCaseSensitive: boolean;
};

export const EMPTY_SEARCH: Search = { matches: [], joint: 'or', isCaseSensitive: false };

export class SearchInputError extends Error {}

const fail = (message: string): never => {
  throw new SearchInputError(message);
};

function searchField(key: string): string | undefined {
  const path = key.split('.');
  if (path.length > 2) {
    fail(`Unsupported nested search field path \`${path.slice(1).join('.')}\` detected. Only the first level field is supported.`);
  }
  return path[1];
}

function parseJoint(value: string | null): SearchJoint {
  if (!value) return 'or';
  if (!(JOINT_MODES as readonly string[]).includes(value)) {
    fail(`Search joint mode \`${value}\` is not valid, expect one of ${JOINT_MODES.join(', ')}.`);
  }
  return value as SearchJoint;
}

function parseSearchUnsafe(params: URLSearchParams): Search {
  const joint = parseJoint(params.get('joint') ?? params.get('jointMode'));
  const isCaseSensitive = ['1', 'true', 'y', 'yes', 'yep', 'yeah'].includes(
    (params.get('isCaseSensitive') ?? 'false').toLowerCase(),
  );
  const modes = new Map<string | undefined, SearchMode>();
  const values = new Map<string | undefined, string[]>();

  // Logto reads every key that merely starts with `mode` or `search`, in query order.
  for (const [key, value] of params) {
    if (key.startsWith('mode')) {
      const field = searchField(key);
      if (!(SEARCH_MODES as readonly string[]).includes(value)) {
        fail(
          `Search match mode \`${value}\`${field ? ` for field \`${field}\`` : ''} is not valid, expect one of ${SEARCH_MODES.join(', ')}.`,
        );
      }
      modes.set(field, value as SearchMode);
    } else if (key.startsWith('search')) {
      const field = searchField(key);
      const list = values.get(field) ?? [];
      list.push(value);
      values.set(field, list);
    }
  }

  const matches: SearchMatch[] = [];
  for (const [field, list] of values) {
    const mode = modes.get(field) ?? modes.get(undefined) ?? 'like';
    if (mode === 'exact') {
      if (!list.every(Boolean)) fail('Search value cannot be empty.');
    } else {
      if (list.length !== 1) fail('Only one search value is allowed when search mode is not `exact`.');
      if (!list[0]) fail('Search value cannot be empty.');
    }
    matches.push({ mode, field, values: list });
  }
  return { matches, joint, isCaseSensitive };
}

export function parseSearch(params: URLSearchParams): Search {
  return withInvalidInput(() => parseSearchUnsafe(params));
}

/** The column name Logto's `snake-case` package derives from a field (`primaryEmail` → `primary_email`). */
export function snakeCase(input: string): string {
  return input
    .replace(/([a-z0-9])([A-Z])/g, '$1\0$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1\0$2')
    .replace(/[^A-Za-z0-9]+/g, '\0')
    .split('\0')
    .filter(Boolean)
    .map((part) => part.toLowerCase())
    .join('_');
}

/** A route's searchable columns (snake case, in Logto's order) and how to read each from a row. */
export type SearchFields<Row> = ReadonlyArray<readonly [column: string, read: (row: Row) => string | null]>;

export type RowPredicate<Row> = (row: Row) => boolean;

function valueMatcher(mode: SearchMode, values: readonly string[], caseSensitive: boolean): (value: string) => boolean {
  switch (mode) {
    case 'exact': {
      // Logto compares `lower(column) = lower(value)` unless the search is case-sensitive.
      const wanted = new Set(caseSensitive ? values : values.map((value) => value.toLowerCase()));
      return (value) => wanted.has(caseSensitive ? value : value.toLowerCase());
    }
    case 'like': {
      const pattern = likeToRegExp(values[0] ?? '', caseSensitive);
      return (value) => pattern.test(value);
    }
    case 'similar_to': {
      if (!caseSensitive) fail('Cannot use case-insensitive match for `similar to`.');
      const pattern = similarToRegExp(values[0] ?? '');
      return (value) => pattern.test(value);
    }
    case 'posix': {
      const pattern = posixToRegExp(values[0] ?? '', caseSensitive);
      return (value) => pattern.test(value);
    }
  }
}

/**
 * One predicate per match, validated the way Logto's `buildConditionsFromSearch` validates while it
 * builds SQL (unknown field, case-insensitive `similar_to`). A NULL column never matches.
 */
export function compileSearch<Row>(search: Search, fields: SearchFields<Row>): RowPredicate<Row>[] {
  return withInvalidInput(() =>
    search.matches.map(({ mode, field: rawField, values }) => {
      const field = rawField ? snakeCase(rawField) : undefined;
      const columns = field ? fields.filter(([column]) => column === field) : fields;
      if (field && columns.length === 0) {
        fail(`Search field \`${field}\` is not valid, expect one of ${fields.map(([column]) => column).join(', ')}.`);
      }
      const matches = valueMatcher(mode, values, search.isCaseSensitive);
      const readers = columns.map(([, read]) => read);
      return (row: Row) =>
        readers.some((read) => {
          const value = read(row);
          return value !== null && matches(value);
        });
    }),
  );
}

/**
 * Combine a route's own filters with the search. Most Logto list queries append the search SQL as
 * `... and (m1) or (m2)` without parentheses (`leakyOr`), so with `joint=or` only the first match is
 * tied to the filters; the user queries wrap it in parentheses. The sandbox reproduces both.
 */
export function searchFilter<Row>(
  search: Search,
  predicates: readonly RowPredicate<Row>[],
  filters: RowPredicate<Row>,
  { leakyOr }: { leakyOr: boolean },
): RowPredicate<Row> {
  if (predicates.length === 0) return filters;
  if (search.joint === 'and') return (row) => filters(row) && predicates.every((predicate) => predicate(row));
  if (!leakyOr) return (row) => filters(row) && predicates.some((predicate) => predicate(row));
  const [first, ...rest] = predicates as [RowPredicate<Row>, ...RowPredicate<Row>[]];
  return (row) => (filters(row) && first(row)) || rest.some((predicate) => predicate(row));
}

function withInvalidInput<T>(run: () => T): T {
  try {
    return run();
  } catch (error: unknown) {
    if (error instanceof SearchInputError) throw requestInvalidInput(error.message);
    throw error;
  }
}
