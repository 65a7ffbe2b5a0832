import { badUserInput } from '../errors.js';
import type { QueryValue } from '../logto/client.js';

/**
 * Logto's advanced search (`search.<field>`, `mode.<field>`, `joint`, `isCaseSensitive`) as
 * typed filter input. Only what Logto can express is accepted; nothing is filtered in memory.
 */

/** One field's condition: exactly one of the match modes Logto knows. */
export type StringMatch = {
  readonly like?: string | null;
  readonly exact?: readonly string[] | null;
  readonly similarTo?: string | null;
  readonly posix?: string | null;
};

export type SearchJoint = 'AND' | 'OR';

export type SearchOptions = {
  readonly joint?: SearchJoint | null;
  readonly isCaseSensitive?: boolean | null;
};

const MAX_EXACT_VALUES = 100;
const MAX_PATTERN_LENGTH = 256;

/** Logto's `mode` names for our input fields. */
const MODES = { like: 'like', exact: 'exact', similarTo: 'similar_to', posix: 'posix' } as const;

/**
 * Whether a regular-expression pattern can compile. JavaScript's syntax is close enough to
 * PostgreSQL's for catching what breaks (unbalanced groups and brackets, dangling quantifiers);
 * SIMILAR TO's `%` and `_` are its wildcards.
 */
function isPlausiblePattern(mode: 'posix' | 'similarTo', pattern: string): boolean {
  const source = mode === 'similarTo' ? pattern.replace(/%/g, '.*').replace(/_/g, '.') : pattern;
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/**
 * Adds the search parameters for `conditions` (field → match; the field `search` means "all of
 * the route's searchable fields") to `query`, validating what Logto would reject.
 */
export function addSearchParams(
  query: Record<string, QueryValue>,
  argumentPath: string,
  conditions: Readonly<Record<string, StringMatch | null | undefined>>,
  options: SearchOptions,
): void {
  let used = 0;
  let needsCaseSensitive: string | undefined;
  for (const [field, match] of Object.entries(conditions)) {
    if (!match) continue;
    const given = (Object.keys(MODES) as (keyof typeof MODES)[]).filter((mode) => match[mode] != null);
    const where = `${argumentPath}.${field}`;
    if (given.length !== 1) {
      throw badUserInput(`\`${where}\` needs exactly one of like, exact, similarTo or posix.`, { argumentName: where });
    }
    const mode = given[0] as keyof typeof MODES;
    const value = match[mode] as string | readonly string[];
    const values = typeof value === 'string' ? [value] : value;
    if (values.length === 0 || values.length > MAX_EXACT_VALUES) {
      throw badUserInput(`\`${where}.exact\` takes 1 to ${MAX_EXACT_VALUES} values.`, { argumentName: where });
    }
    if (values.some((item) => item.length > MAX_PATTERN_LENGTH)) {
      throw badUserInput(`\`${where}\` values are limited to ${MAX_PATTERN_LENGTH} characters.`, { argumentName: where });
    }
    if (mode === 'similarTo') needsCaseSensitive = where;
    if ((mode === 'posix' || mode === 'similarTo') && !values.every((pattern) => isPlausiblePattern(mode, pattern))) {
      // Logto hands patterns to PostgreSQL, which answers an invalid one with a 500: refuse it
      // here instead of spending budget on an error.
      throw badUserInput(`\`${where}.${mode}\` is not a valid pattern.`, { argumentName: where });
    }
    const key = field === 'search' ? 'search' : `search.${field}`;
    const modeKey = field === 'search' ? 'mode' : `mode.${field}`;
    query[key] = values.length === 1 ? values[0] : values;
    query[modeKey] = MODES[mode];
    used += 1;
  }
  if (needsCaseSensitive && options.isCaseSensitive !== true) {
    // Logto answers 400 for SIMILAR TO without case sensitivity; say why before asking it.
    throw badUserInput(`\`${needsCaseSensitive}.similarTo\` needs \`isCaseSensitive: true\` (a Logto rule).`, {
      argumentName: needsCaseSensitive,
    });
  }
  if (used > 0 && options.joint) query.joint = options.joint.toLowerCase();
  if (used > 0 && options.isCaseSensitive != null) query.isCaseSensitive = String(options.isCaseSensitive);
}
