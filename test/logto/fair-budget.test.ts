import { afterEach, describe, expect, it } from 'vitest';

import { encodeGlobalId } from '../../src/global-id.js';
import { type Stack, startStack } from '../helpers/stack.js';

/**
 * Fairness of the upstream budget between callers, over HTTP: distinct callers are distinct
 * sandbox-minted tokens (AUTH_MODE=jwt); what reached Logto, and in which order, comes from the
 * sandbox's request log.
 */

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** Organization ids Logto does not know: each still costs one `GET /api/organizations/:id` (404 → null). */
const orgIds = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
const NODES = 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }';
const globalIds = (ids: readonly string[]) => ids.map((id) => encodeGlobalId('Organization', id));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** The Logto organization ids requested since `sinceSeq`, in the order the sandbox received them. */
function organizationRequests(s: Stack, sinceSeq: number): string[] {
  return s.sandbox.requestLog
    .entries({ sinceSeq })
    .filter((entry) => entry.path.startsWith('/api/organizations/'))
    .map((entry) => entry.path.slice('/api/organizations/'.length));
}

describe('a greedy caller and a polite one share the budget', () => {
  it("serves the polite caller's request before the greedy caller's backlog (sandbox request order)", async () => {
    // One request in flight at a time, so the sandbox receives them in exactly the order granted.
    stack = await startStack({ auth: true, env: { LOGTO_RATE_LIMIT: '20/1s', LOGTO_MAX_CONCURRENCY: '1' } });
    const s = stack;
    const greedy = bearer(s.mintToken({ sub: 'greedy-service', clientId: 'greedy-service', scope: 'read:organizations' }));
    const polite = bearer(s.mintToken({ sub: 'politeuser01', clientId: 'spa-app', scope: 'read:organizations' }));
    // Warm up (signing keys, the facade's M2M token), then let the window empty.
    expect((await s.post('{ organizations(first: 1) { totalCount } }', undefined, polite)).status).toBe(200);
    await until(() => s.client.budget().remaining === 20);

    const since = s.sandbox.requestLog.lastSeq();
    const greedyIds = orgIds('greedy', 60);
    const greedyQueries = [0, 1, 2].map((i) => s.post(NODES, { ids: globalIds(greedyIds.slice(i * 20, i * 20 + 20)) }, greedy));
    // The greedy caller spent the window and has 40 requests waiting.
    await until(() => s.client.budget().remaining === 0 && s.client.stats().limiter.queued === 40);
    const politeAnswer = await s.post(NODES, { ids: globalIds(['polite000001']) }, polite);
    const greedyAnswers = await Promise.all(greedyQueries);

    expect(politeAnswer.body).toEqual({ data: { nodes: [null] }, extensions: expect.anything() });
    for (const answer of greedyAnswers) expect(answer.body.errors).toBeUndefined();
    const order = organizationRequests(s, since);
    expect(order).toHaveLength(61);
    const greedyBefore = order.indexOf('polite000001');
    // FIFO would put it behind all 60; fair queueing, right after the window the greedy caller spent.
    expect(greedyBefore).toBe(20);
  });

  it('refuses a caller over LOGTO_RATE_LIMIT_PER_CALLER at once, with retryAfterMs and no upstream request, and serves the others', async () => {
    // 25% of 20 = 5 requests per caller per window; a long window keeps the test inside one.
    stack = await startStack({ auth: true, env: { LOGTO_RATE_LIMIT: '20/60s', LOGTO_RATE_LIMIT_PER_CALLER: '25%' } });
    const s = stack;
    const greedy = bearer(s.mintToken({ sub: 'greedy-service', clientId: 'greedy-service', scope: 'read:organizations' }));
    const other = bearer(s.mintToken({ sub: 'otheruser001', clientId: 'spa-app', scope: 'read:organizations' }));
    expect((await s.post('{ organizations(first: 1) { totalCount } }', undefined, other)).status).toBe(200); // warm-up: 1 of `other`'s 5

    let since = s.sandbox.requestLog.lastSeq();
    const first = await s.post(NODES, { ids: globalIds(orgIds('greedy', 10)) }, greedy);
    expect(organizationRequests(s, since)).toHaveLength(5);
    // Five loads went out; the other five were refused before reaching Logto, failing the field.
    expect(first.body.errors).toHaveLength(1);
    expect(first.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', logtoCode: 'client.caller_rate_limited' });
    expect(first.body.errors?.[0]?.extensions?.retryAfterMs).toBeGreaterThan(0);

    // Over its cap, the greedy caller's next operation makes no upstream request at all.
    since = s.sandbox.requestLog.lastSeq();
    const second = await s.post(NODES, { ids: globalIds(orgIds('again', 3)) }, greedy);
    expect(organizationRequests(s, since)).toHaveLength(0);
    expect(second.body.errors?.map((error) => error.extensions?.code)).toEqual(['UPSTREAM_RATE_LIMITED']);
    expect(second.body.errors?.[0]?.extensions?.retryAfterMs).toBeGreaterThan(0);
    expect(second.body.data).toBeUndefined(); // refused before execution
    // What costs nothing upstream still answers.
    expect((await s.post('{ rateLimit { limit } }', undefined, greedy)).body).toMatchObject({ data: { rateLimit: { limit: 20 } } });

    // Another caller still has its own share.
    since = s.sandbox.requestLog.lastSeq();
    const answer = await s.post(NODES, { ids: globalIds(orgIds('other', 2)) }, other);
    expect(answer.body.errors).toBeUndefined();
    expect(organizationRequests(s, since)).toHaveLength(2);
  });
});
