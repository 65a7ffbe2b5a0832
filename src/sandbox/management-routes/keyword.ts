import { likeToRegExp } from '../sql-patterns.js';

/**
 * Logto's simple `q` search (`buildSearchSql`): `column ILIKE '%q%'` over the given columns. The
 * keyword is not escaped, so `%` and `_` inside it stay wildcards. An empty `q` searches nothing.
 */
export function keywordFilter<Row>(
  q: string | undefined,
  readers: ReadonlyArray<(row: Row) => string | null>,
): ((row: Row) => boolean) | undefined {
  if (!q) return undefined;
  const pattern = likeToRegExp(`%${q}%`, false);
  return (row) =>
    readers.some((read) => {
      const value = read(row);
      return value !== null && pattern.test(value);
    });
}
