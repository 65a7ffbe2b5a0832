import { describe, expect } from 'vitest';

import { assertBoundedJson, MAX_JSON_INPUT_DEPTH, MAX_JSON_INPUT_SIZE } from '../../src/schema/bounded-json.js';
import { type Stack, upstreamDuring } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

/**
 * Issue 14 item 5: a 5000-deep `customData` answered INTERNAL_SERVER_ERROR. JSON inputs are
 * bounded in depth and size, and an excess is the caller's BAD_USER_INPUT, before any request.
 */

const test = stackTest({ sandbox: { users: 5 } });
const newestUserId = (stack: Stack) => stack.sandbox.store.usersNewestFirst()[0]?.id ?? '';

const UPDATE = 'mutation($input: UpdateUserInput!) { updateUser(input: $input) { __typename ... on Error { message } } }';

/** Nested `{"a":{"a":…1…}}`, written as text (JSON.stringify itself overflows on deep values). */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

async function updateWithRawCustomData(stack: Stack, customDataJson: string) {
  return upstreamDuring(stack, async () => {
    const response = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: `{"query":${JSON.stringify(UPDATE)},"variables":{"input":{"id":"${newestUserId(stack)}","customData":${customDataJson}}}}`,
    });
    return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };
  });
}

describe('JSON inputs are bounded', () => {
  test.for<[string, string]>([
    ['5000 levels deep', nested(5000)],
    [`${MAX_JSON_INPUT_DEPTH + 1} levels deep`, nested(MAX_JSON_INPUT_DEPTH + 1)],
    ['too large', JSON.stringify({ big: 'x'.repeat(MAX_JSON_INPUT_SIZE + 1) })],
    ['an array 5000 levels deep', `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`],
  ])('refuses customData %s with BAD_USER_INPUT and no upstream request', async ([_name, json], { stack }) => {
    const { result, requests } = await updateWithRawCustomData(stack, json);
    expect(result.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(result.body.errors?.[0]?.message).toMatch(/JSON input is (nested more than|larger than)/);
    expect(requests).toEqual([]);
  });

  test('refuses a deep inline literal too', async ({ stack }) => {
    const literal = `${'{a: '.repeat(MAX_JSON_INPUT_DEPTH + 1)}1${'}'.repeat(MAX_JSON_INPUT_DEPTH + 1)}`;
    const response = await stack.post(`mutation { updateUser(input: { id: "${newestUserId(stack)}", customData: ${literal} }) { __typename } }`);
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  test(`accepts customData ${MAX_JSON_INPUT_DEPTH} levels deep`, async ({ stack }) => {
    const { result } = await updateWithRawCustomData(stack, nested(MAX_JSON_INPUT_DEPTH - 1));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({ updateUser: { __typename: 'UpdateUserPayload' } });
  });

  test('counts depth and size without recursion', () => {
    let deep: unknown = 1;
    for (let index = 0; index < 100_000; index++) deep = [deep];
    expect(() => assertBoundedJson(deep)).toThrow(/nested more than/);
    expect(() => assertBoundedJson({ a: [1, { b: 'x' }] })).not.toThrow();
    expect(() => assertBoundedJson(Object.fromEntries(Array.from({ length: MAX_JSON_INPUT_SIZE }, (_, index) => [`k${index}`, index])))).toThrow(/larger than/);
  });
});
