import { parse } from 'node:querystring';

import { guardInvalidInput, type ZodIssueLike } from './errors.js';

/**
 * The query the way Koa's `ctx.query` holds it (`node:querystring`): a repeated key becomes an
 * array, `+` decodes to a space. Logto's guards and its pagination links read this object; its
 * search reads `URLSearchParams`, so routes get both.
 */
export type ParsedQuery = Readonly<Record<string, string | readonly string[]>>;

export function parseQuery(rawQuery: string): ParsedQuery {
  // Spread into a plain object: `querystring.parse` returns a null-prototype one.
  return { ...parse(rawQuery) } as ParsedQuery;
}

/** `@silverhand/essentials`' `yes()`: the truthy words Logto accepts for boolean query flags. */
export function yes(value: string | null | undefined): boolean {
  return !!value && ['1', 'true', 'y', 'yes', 'yep', 'yeah'].includes(value.toLowerCase());
}

const invalidType = (key: string): ZodIssueLike => ({
  code: 'invalid_type',
  expected: 'string',
  received: 'array',
  path: [key],
  message: 'Expected string, received array',
});

/**
 * A query value a Logto route guards as `z.string().optional()`: repeating the key fails the guard
 * (400 `guard.invalid_input`), as it does in Logto.
 */
export function queryString(query: ParsedQuery, key: string, { nonEmpty = false } = {}): string | undefined {
  const value = query[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw guardInvalidInput('query', [invalidType(key)]);
  if (nonEmpty && value === '') {
    throw guardInvalidInput('query', [
      {
        code: 'too_small',
        minimum: 1,
        type: 'string',
        inclusive: true,
        exact: false,
        path: [key],
        message: 'String must contain at least 1 character(s)',
      },
    ]);
  }
  return value;
}

/** A query value guarded by `z.nativeEnum(...)` / literal unions. */
export function queryEnum<T extends string>(query: ParsedQuery, key: string, options: readonly T[]): T | undefined {
  const value = queryString(query, key);
  if (value === undefined) return undefined;
  if (!(options as readonly string[]).includes(value)) {
    throw guardInvalidInput('query', [
      {
        received: value,
        code: 'invalid_enum_value',
        options: [...options],
        path: [key],
        message: `Invalid enum value. Expected ${options.map((option) => `'${option}'`).join(' | ')}, received '${value}'`,
      },
    ]);
  }
  return value as T;
}

/** A query value that is one option or an array of options (Logto's `types` on `/applications`). */
export function queryEnumList<T extends string>(query: ParsedQuery, key: string, options: readonly T[]): T[] | undefined {
  const raw = query[key];
  if (raw === undefined) return undefined;
  const values = typeof raw === 'string' ? [raw] : [...raw];
  if (values.some((value) => !(options as readonly string[]).includes(value))) {
    throw guardInvalidInput('query', [{ code: 'invalid_union', path: [key], message: 'Invalid input' }]);
  }
  return values as T[];
}
