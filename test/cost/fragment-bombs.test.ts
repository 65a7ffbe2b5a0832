import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MAX_ESTIMATE_STEPS } from '../../src/cost/estimate.js';
import { createLogger } from '../../src/logger.js';
import { type Bomb, bombGrid, fragmentBomb, ISSUE_14_BOMB } from '../helpers/fragment-bombs.js';
import { type GraphQLResponse, type Stack, startStack, upstreamDuring } from '../helpers/stack.js';

/**
 * Issue 14, item 1: documents whose fragments spread each other over and over (fragment bombs)
 * are answered at once with a coded answer, never a stack overflow, an error log line or a
 * stalled server. Two facades: one with the default armor limits (which refuse the biggest
 * bombs first), one with them raised so that every bomb reaches the cost estimate.
 */

type Facade = { readonly stack: Stack; readonly logLines: { level: number; msg?: string }[] };

const RAISED_LIMITS = {
  MAX_DEPTH: '10000',
  // Armor counts a fragment's aliases once per spread: an aliased bomb of depth 24 counts ~10^14.
  MAX_ALIASES: String(Number.MAX_SAFE_INTEGER),
  MAX_TOKENS: '1000000',
  MAX_DIRECTIVES: '1000',
  MAX_DOCUMENT_LENGTH: '1000000',
};

async function startFacade(env: Record<string, string>): Promise<Facade> {
  const logLines: Facade['logLines'] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') logLines.push(JSON.parse(line) as Facade['logLines'][number]);
      callback();
    },
  });
  // A budget the bombs cannot exhaust: this is about the estimate, not the rate limit.
  const stack = await startStack({ logger: createLogger({ level: 'warn', destination }), env: { LOGTO_RATE_LIMIT: '100000/10s', ...env } });
  return { stack, logLines };
}

const ANSWER_CODES = ['QUERY_TOO_EXPENSIVE', 'BAD_USER_INPUT'];

type Sent = { response: GraphQLResponse; requests: number };

async function send(facade: Facade, query: string): Promise<Sent> {
  const { result, requests } = await upstreamDuring(facade.stack, () => facade.stack.post(query));
  return { response: result, requests: requests.length };
}

/** Every bomb: a coded answer or data, no upstream request when refused, and /healthz answers right after. */
async function expectAnswered(facade: Facade, bomb: Bomb): Promise<Sent> {
  const sent = await send(facade, bomb.query);
  const { body } = sent.response;
  const codes = (body.errors ?? []).map((error) => error.extensions?.code);
  if (codes.length > 0) {
    expect(codes.every((code) => ANSWER_CODES.includes(code as string)), `${bomb.name}: ${JSON.stringify(body.errors)}`).toBe(true);
    expect(sent.requests, bomb.name).toBe(0);
  } else {
    expect(body.data, bomb.name).toBeTruthy();
  }
  const health = await fetch(new URL('/healthz', facade.stack.server.url));
  expect(health.status).toBe(200);
  return sent;
}

function errorLogLines(facade: Facade): unknown[] {
  return facade.logLines.filter((line) => line.level >= 50);
}

describe.each([
  ['default limits', {}],
  ['armor limits raised', RAISED_LIMITS],
] as const)('fragment bombs, %s', (_label, env) => {
  let facade: Facade;
  beforeAll(async () => {
    facade = await startFacade(env);
  });
  afterAll(() => facade.stack.close());

  it('answers the 1 KB document from issue 14 with its data, at once and for free', async () => {
    expect(ISSUE_14_BOMB.length).toBeLessThan(1024);
    const { response, requests } = await expectAnswered(facade, fragmentBomb('typename', 25, 2));
    expect(response.body).toMatchObject({ data: { __typename: 'Query' }, extensions: { cost: { estimatedUpstreamRequests: 0 } } });
    expect(requests).toBe(0);
    expect(errorLogLines(facade)).toEqual([]);
  });

  it.runIf(Object.keys(env).length === 0)('leaves to armor what armor refuses: the estimate does not even run', async () => {
    // Too deep for MAX_DEPTH and too expensive for the estimate: armor answers first.
    const { response, requests } = await expectAnswered(facade, fragmentBomb('aliased', 10, 2));
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.extensions?.cost).toBeUndefined();
    expect(requests).toBe(0);
  });

  it('answers bombs with real fields (depth 10–200, fan-out 2–4) with a coded answer, no stack overflow and no error log', async () => {
    // With the operation last, validation meets the fragments before the operation's limits.
    const bombs = [...bombGrid(), ...bombGrid({ operationLast: true })];
    for (const bomb of bombs.filter((b) => b.shape !== 'typename')) await expectAnswered(facade, bomb);
    expect(errorLogLines(facade)).toEqual([]);
  });

  it('answers __typename bombs (depth 10–200, fan-out 2–4) with a coded answer, no error log', async () => {
    for (const bomb of bombGrid().filter((b) => b.shape === 'typename')) await expectAnswered(facade, bomb);
    expect(errorLogLines(facade)).toEqual([]);
  });
});

describe('fragment bombs reach the estimate once armor lets them through', () => {
  let facade: Facade;
  beforeAll(async () => {
    facade = await startFacade(RAISED_LIMITS);
  });
  afterAll(() => facade.stack.close());

  it('runs a bomb whose fields execution merges, for what one copy costs', async () => {
    for (const depth of [10, 200]) {
      for (const shape of ['field', 'fieldEachLevel'] as const) {
        const { response, requests } = await expectAnswered(facade, fragmentBomb(shape, depth, 4));
        expect(response.body.errors).toBeUndefined();
        expect(requests).toBe(1);
        expect(response.body.extensions?.cost).toMatchObject({ estimatedUpstreamRequests: 1, upstreamRequests: 1 });
      }
    }
  });

  it('estimates a chain of nested lists by its length, and refuses it past the limit', async () => {
    const short = await expectAnswered(facade, fragmentBomb('nested', 24, 3));
    expect(short.response.body.errors).toBeUndefined();
    expect((short.response.body.extensions?.cost as { estimatedUpstreamRequests: number }).estimatedUpstreamRequests).toBe(25);
    expect(short.requests).toBeLessThanOrEqual(25);
    const long = await expectAnswered(facade, fragmentBomb('nested', 200, 3));
    expect(long.response.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', estimatedUpstreamRequests: 201, limit: 100 });
  });

  it('refuses a bomb that really doubles at each level (aliases) before any request', async () => {
    for (const depth of [10, 24]) {
      const { response, requests } = await expectAnswered(facade, fragmentBomb('aliased', depth, 2));
      expect(response.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_EXPENSIVE');
      expect(requests).toBe(0);
    }
    expect(errorLogLines(facade)).toEqual([]);
  });

  it(`refuses a document too large to estimate in ${MAX_ESTIMATE_STEPS} steps, before any request`, async () => {
    const fields = Array.from({ length: MAX_ESTIMATE_STEPS + 1 }, (_, index) => `f${index}: __typename`).join(' ');
    const { response, requests } = await send(facade, `{ ${fields} users(first: 1) { totalCount } }`);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', maxEstimateSteps: MAX_ESTIMATE_STEPS });
    expect(requests).toBe(0);
  });
});
