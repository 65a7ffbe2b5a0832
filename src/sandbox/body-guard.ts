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
  throw guardInvalidInput('body', result.error.issues.map((issue) => toZod3Issue(issue)));
}

/** zod 3's `getParsedType`, which names the `received` of an `invalid_type` issue. */
function typeName(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'nan' : 'number';
  if (value instanceof Date) return 'date';
  return typeof value;
}

/** zod 3's `util.joinValues`: `'A' | 'B'`, how enums name what they expected. */
const joinValues = (values: readonly unknown[]) =>
  values.map((value) => (typeof value === 'string' ? `'${value}'` : String(value))).join(' | ');

type Zod4Issue = z.core.$ZodIssue & { input?: unknown };

const invalidType = (expected: string, input: unknown, path: (string | number)[]): ZodIssueLike => {
  const received = typeName(input);
  return {
    code: 'invalid_type',
    expected,
    received,
    path,
    message: received === 'undefined' ? 'Required' : `Expected ${expected}, received ${received}`,
  };
};

/**
 * zod 4's issue in the shape zod 3 gives it. `prefix` is the path of an enclosing union: zod 4
 * reports a union member's issues relative to the union, zod 3 from the root.
 */
function toZod3Issue(issue: Zod4Issue, prefix: readonly (string | number)[] = []): ZodIssueLike {
  const path = [...prefix, ...issue.path.map((part) => (typeof part === 'number' ? part : String(part)))];
  switch (issue.code) {
    case 'invalid_type':
      // zod 3 reports a record as the object it must be.
      return invalidType(issue.expected === 'record' ? 'object' : issue.expected, issue.input, path);
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
      const { input, values } = issue;
      if (values.length === 1) {
        // `z.literal(x)` (the sandbox has no one-value enum): zod 3's `invalid_literal`.
        return { received: input, code: 'invalid_literal', expected: values[0], path, message: `Invalid literal value, expected ${JSON.stringify(values[0])}` };
      }
      // Logto's enums are `z.nativeEnum`: anything but a string or number is a type error ("Required" when absent).
      if (typeof input !== 'string' && typeof input !== 'number') return invalidType(joinValues(values), input, path);
      return {
        received: input,
        code: 'invalid_enum_value',
        options: values,
        path,
        message: `Invalid enum value. Expected ${joinValues(values)}, received '${String(input)}'`,
      };
    }
    case 'invalid_union':
      // A discriminated union whose discriminator matches no member: zod 3's own issue code.
      if ('discriminator' in issue && Array.isArray((issue as { options?: unknown }).options)) {
        const { options } = issue as unknown as { options: unknown[] };
        return { code: 'invalid_union_discriminator', options, path, message: `Invalid discriminator value. Expected ${joinValues(options)}` };
      }
      // zod 3 keeps every member's failure, each a serialised ZodError.
      return {
        code: 'invalid_union',
        unionErrors: issue.errors.map((issues) => ({ issues: issues.map((inner) => toZod3Issue(inner as Zod4Issue, path)), name: 'ZodError' })),
        path,
        message: 'Invalid input',
      };
    case 'custom':
      return { code: 'custom', path, message: issue.message === 'Invalid input' ? 'Invalid input' : issue.message };
    default:
      return { code: issue.code, path, message: issue.message };
  }
}
