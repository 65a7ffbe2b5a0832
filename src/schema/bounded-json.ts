import { GraphQLScalarType, type ValueNode } from 'graphql';
import { JSONObjectResolver } from 'graphql-scalars';

import { badUserInput } from '../errors.js';

/** Deepest nesting of objects and arrays a JSON input may have (Logto's own customData is flat in practice). */
export const MAX_JSON_INPUT_DEPTH = 32;
/** Most scalar values, keys and string characters one JSON input may hold, counted together. */
export const MAX_JSON_INPUT_SIZE = 100_000;

/**
 * Refuses a JSON input nested deeper than MAX_JSON_INPUT_DEPTH or bigger than MAX_JSON_INPUT_SIZE.
 * Iterative, and stops at the first excess: a 5000-deep value costs a few thousand steps and
 * never reaches the recursive code after it (validation, JSON.stringify towards Logto), which
 * overflowed the stack and answered INTERNAL_SERVER_ERROR.
 */
export function assertBoundedJson(value: unknown): void {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let size = 0;
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    if (current !== null && typeof current === 'object') {
      if (depth >= MAX_JSON_INPUT_DEPTH) {
        throw badUserInput(`JSON input is nested more than ${MAX_JSON_INPUT_DEPTH} levels deep.`, { maxJsonDepth: MAX_JSON_INPUT_DEPTH });
      }
      const entries = Array.isArray(current) ? current : Object.entries(current);
      for (const entry of entries) {
        if (Array.isArray(current)) stack.push({ value: entry, depth: depth + 1 });
        else {
          const [key, child] = entry as [string, unknown];
          size += key.length;
          stack.push({ value: child, depth: depth + 1 });
        }
      }
    }
    size += typeof current === 'string' ? current.length : 1;
    if (size > MAX_JSON_INPUT_SIZE) {
      throw badUserInput(`JSON input is larger than ${MAX_JSON_INPUT_SIZE} (values, keys and string characters).`, { maxJsonSize: MAX_JSON_INPUT_SIZE });
    }
  }
}

/** graphql-scalars' JSONObject, with its inputs bounded (BAD_USER_INPUT beyond the limits). */
export const BoundedJSONObjectResolver = new GraphQLScalarType({
  ...JSONObjectResolver.toConfig(),
  description: `${JSONObjectResolver.description ?? 'A JSON object.'} As input: at most ${MAX_JSON_INPUT_DEPTH} levels deep and ${MAX_JSON_INPUT_SIZE} values, keys and string characters.`,
  parseValue(value: unknown) {
    assertBoundedJson(value);
    return JSONObjectResolver.parseValue(value);
  },
  parseLiteral(ast: ValueNode, variables?: Record<string, unknown> | null) {
    const value: unknown = JSONObjectResolver.parseLiteral(ast, variables);
    assertBoundedJson(value);
    return value;
  },
});
