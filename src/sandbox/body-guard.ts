import type { z } from 'zod';

import { guardInvalidInput, type ZodIssueLike } from './errors.js';

/**
 * Logto's `koaGuard({ body })`: the body must satisfy a zod schema, else 400 `guard.invalid_input`
 * with the ZodError as data. Logto runs zod 3; the sandbox's zod 4 issues are rewritten into the
 * zod 3 shapes Logto answers with (`invalid_string`/`regex`, `too_big`, `invalid_enum_value`, ...),
 * so clients reading `data.issues[].path` and `code` see the same thing.
 *
 * A missing or empty body is `{}` (Koa's body parser), and unknown keys are dropped, as Logto's
 * non-strict object guards do (recording 126).
 */
export function guardBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.output<Schema> {
  const result = schema.safeParse(body ?? {}, { reportInput: true });
  if (result.success) return result.data;
  throw guardInvalidInput('body', result.error.issues.map(toZod3Issue));
}

function typeName(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  return typeof value;
}

type Zod4Issue = z.core.$ZodIssue & { input?: unknown };

function toZod3Issue(issue: Zod4Issue): ZodIssueLike {
  const path = issue.path.map((part) => (typeof part === 'number' ? part : String(part)));
  switch (issue.code) {
    case 'invalid_type': {
      const received = typeName(issue.input);
      return {
        code: 'invalid_type',
        expected: issue.expected,
        received,
        path,
        message: received === 'undefined' ? 'Required' : `Expected ${issue.expected}, received ${received}`,
      };
    }
    case 'invalid_format': {
      const validation = issue.format === 'regex' ? 'regex' : issue.format;
      const message = issue.format === 'regex' ? 'Invalid' : `Invalid ${issue.format}`;
      return { validation, code: 'invalid_string', message, path };
    }
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const bound = Number(big ? (issue as { maximum: number | bigint }).maximum : (issue as { minimum: number | bigint }).minimum);
      const type = issue.origin === 'array' ? 'array' : issue.origin === 'string' ? 'string' : 'number';
      const unit = type === 'array' ? 'element(s)' : 'character(s)';
      const message =
        type === 'number'
          ? `Number must be ${big ? 'less' : 'greater'} than or equal to ${bound}`
          : `${type === 'array' ? 'Array' : 'String'} must contain ${big ? 'at most' : 'at least'} ${bound} ${unit}`;
      return { code: issue.code, [big ? 'maximum' : 'minimum']: bound, type, inclusive: true, exact: false, message, path };
    }
    case 'invalid_value': {
      const options = issue.values.map((value) => String(value));
      return {
        received: String(issue.input),
        code: 'invalid_enum_value',
        options,
        path,
        message: `Invalid enum value. Expected ${options.map((option) => `'${option}'`).join(' | ')}, received '${String(issue.input)}'`,
      };
    }
    case 'invalid_union':
      return { code: 'invalid_union', path, message: 'Invalid input' };
    case 'custom':
      return { code: 'custom', path, message: issue.message === 'Invalid input' ? 'Invalid input' : issue.message };
    default:
      return { code: issue.code, path, message: issue.message };
  }
}
