import { afterEach, describe, expect, it } from 'vitest';

import { startAnswerProxy, type AnswerProxy } from '../helpers/answer-proxy.js';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * Real Logto compresses answers of 1 KiB or more (koa-compress: br, else gzip, else deflate); the
 * sandbox now does too. The facade reads such answers through GraphQL, whichever coding came back.
 * A proxy between them records the coding of each answer and, to pin one coding, rewrites the
 * facade's `Accept-Encoding` on the way up.
 */

let stack: Stack | undefined;
let proxy: AnswerProxy | undefined;

afterEach(async () => {
  await stack?.close();
  await proxy?.close();
});

async function start(acceptEncoding?: string): Promise<{ stack: Stack; proxy: AnswerProxy }> {
  stack = await startStack({
    upstream: async (sandboxUrl) => {
      proxy = await startAnswerProxy(sandboxUrl, acceptEncoding ? { acceptEncoding } : {});
      return proxy.url;
    },
  });
  return { stack, proxy: proxy! };
}

const FIFTY_USERS = '{ users(first: 50) { totalCount nodes { logtoId username } } }';

describe('compressed answers from Logto', () => {
  it.each([['gzip'], ['deflate'], ['br']])('reads a %s-coded list page', async (coding) => {
    const { stack, proxy } = await start(coding);
    const answer = await stack.post<{ users: { totalCount: number; nodes: { logtoId: string; username: string | null }[] } }>(FIFTY_USERS);
    expect(answer.body.errors).toBeUndefined();
    const expected = stack.sandbox.store.usersNewestFirst().slice(0, 50).map((user) => ({ logtoId: user.id, username: user.username }));
    expect(answer.body.data?.users.nodes).toEqual(expected);
    expect(proxy.encodings).toContain(coding);
  });

  it('asks for compression itself and gets br, as Logto would choose', async () => {
    const { stack, proxy } = await start();
    const answer = await stack.post<{ users: { nodes: unknown[] } }>(FIFTY_USERS);
    expect(answer.body.data?.users.nodes).toHaveLength(50);
    expect(proxy.encodings).toContain('br');
  });
});
