import { test as base } from 'vitest';

import { type RestClient, restClient } from './rest.js';
import { type Stack, type StackOptions, startStack } from './stack.js';

export type StackFixtures = {
  /** A sandbox, a facade and its Logto client over real HTTP (`startStack`), one per test file. */
  readonly stack: Stack;
  /** A Management API client on the stack's sandbox, for the REST side of comparisons. */
  readonly rest: RestClient;
};

/**
 * `const test = stackTest({ auth: true })`, then `test('…', async ({ stack }) => …)`: the stack
 * starts on the first test of the file that asks for it and closes after the file's last test,
 * replacing the `let stack; beforeAll(startStack); afterAll(close)` block every integration test
 * repeated. Tests of a file share it, as they shared the `beforeAll` one.
 */
export function stackTest(options: StackOptions = {}) {
  return base.extend<StackFixtures>({
    stack: [
      // eslint-disable-next-line no-empty-pattern -- vitest reads the fixtures a fixture needs from this pattern
      async ({}, use) => {
        const stack = await startStack(options);
        try {
          await use(stack);
        } finally {
          await stack.close();
        }
      },
      { scope: 'file' },
    ],
    rest: [async ({ stack }, use) => use(await restClient(stack.sandbox)), { scope: 'file' }],
  });
}
