import { describe, expect } from 'vitest';

import { type Stack, startStack, upstreamDuring } from './helpers/stack.js';
import { stackTest } from './helpers/stack-test.js';

async function refused(stack: Stack, query: string): Promise<{ message: string; code: unknown }> {
  const { result, requests } = await upstreamDuring(stack, () => stack.post(query));
  expect(requests).toHaveLength(0);
  expect(result.body.data ?? null).toBeNull();
  const error = result.body.errors?.[0];
  return { message: error?.message ?? '', code: error?.extensions?.code };
}

const it = stackTest({ env: { MAX_DEPTH: '6', MAX_ALIASES: '5', MAX_TOKENS: '400', MAX_DIRECTIVES: '3' } });

describe('abuse limits refuse a document before it costs anything', () => {
  it('limits depth', async ({ stack }) => {
    const deep = '{ users { nodes { roles { nodes { users { nodes { roles { nodes { name } } } } } } } } }';
    expect(await refused(stack, deep)).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/depth/i) });
  });

  it('limits aliases', async ({ stack }) => {
    const aliases = `{ ${Array.from({ length: 6 }, (_, index) => `a${index}: rateLimit { limit }`).join(' ')} }`;
    expect(await refused(stack, aliases)).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/alias/i) });
  });

  it('limits tokens', async ({ stack }) => {
    const tokens = `{ ${Array.from({ length: 150 }, () => 'rateLimit { limit }').join(' ')} }`;
    expect(await refused(stack, tokens)).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/token/i) });
  });

  it('limits directives', async ({ stack }) => {
    const directives = '{ rateLimit @include(if: true) @include(if: true) @include(if: true) @include(if: true) { limit } }';
    expect(await refused(stack, directives)).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/directive/i) });
  });

  it('answers an unknown field with a coded error', async ({ stack }) => {
    expect(await refused(stack, '{ userz { id } }')).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('field suggestions', () => {
  it('are given while introspection is on, and withheld when it is off', async ({ stack }) => {
    const open = await stack.post('{ userz { id } }');
    expect(open.body.errors?.[0]?.message).toMatch(/Did you mean/);
    const closed = await startStack({ env: { INTROSPECTION: 'false' } });
    try {
      const hidden = await closed.post('{ userz { id } }');
      expect(hidden.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
      expect(hidden.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await closed.close();
    }
  });
});
