import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';

import { estimateUpstreamRequests, MAX_ESTIMATE_STEPS } from '../../src/cost/estimate.js';
import { buildSchema } from '../../src/schema/index.js';
import { BOMB_SHAPES, fragmentBomb } from '../helpers/fragment-bombs.js';

/** The estimator as a pure function over documents, including ones validation would refuse. */

const schema = buildSchema({ federation: true });
const estimate = (query: string, maxSteps?: number) => estimateUpstreamRequests(schema, parse(query), {}, undefined, maxSteps);

describe('the estimate walk is linear in the document', () => {
  it.each(BOMB_SHAPES)('takes steps in proportion to the document for %s bombs, whatever the fan-out', (shape) => {
    for (const fanOut of [2, 3, 4]) {
      for (const depth of [10, 50, 200]) {
        const bomb = fragmentBomb(shape, depth, fanOut);
        const result = estimate(bomb.query);
        expect(result.kind, bomb.name).toBe('estimated');
        // Each selection of the document is looked at a bounded number of times.
        const selections = (bomb.query.match(/\.\.\.|\w+(\(|\s*\{)|\bid\b|__typename/g) ?? []).length;
        expect(result.steps, bomb.name).toBeLessThanOrEqual(4 * selections + 10);
      }
    }
  });

  it('counts a field selected many times through fragments once, as execution merges it', () => {
    expect(estimate('{ ...A ...B } fragment A on Query { users(first: 5) { totalCount } } fragment B on Query { users(first: 5) { nodes { roles { totalCount } } } }')).toMatchObject({
      kind: 'estimated',
      upstreamRequests: 1 + 5,
    });
    expect(estimate(fragmentBomb('field', 60, 2).query)).toMatchObject({ kind: 'estimated', upstreamRequests: 1 });
  });

  it('still counts aliased copies, which execution runs apart', () => {
    expect(estimate(fragmentBomb('aliased', 3, 2).query)).toMatchObject({ kind: 'estimated', upstreamRequests: 2 ** 4 - 1 });
    // Saturates instead of overflowing to Infinity (or NaN).
    const deep = estimate(fragmentBomb('aliased', 200, 2).query);
    expect(deep).toMatchObject({ kind: 'estimated', upstreamRequests: Number.MAX_SAFE_INTEGER });
  });
});

describe('documents validation would refuse never hang the walk', () => {
  it('stops on fragments that spread each other through nested lists', () => {
    const cycle = '{ users(first: 1) { nodes { ...U } } } fragment U on User { roles(first: 1) { nodes { ...R } } } fragment R on Role { users(first: 1) { nodes { ...U } } }';
    expect(estimate(cycle)).toMatchObject({ kind: 'stopped', reason: 'cycle' });
    // Growing lists make every level a new task, until the count saturates; a step bound of its
    // own ends the walk first when it is small.
    const growing = cycle.replaceAll('first: 1', 'first: 2');
    expect(estimate(growing)).toMatchObject({ kind: 'stopped' });
    expect(estimate(growing, 100)).toMatchObject({ kind: 'stopped', reason: 'steps' });
  });

  it('ends a cycle of fragments on one level', () => {
    expect(estimate('{ ...A } fragment A on Query { ...B users(first: 1) { totalCount } } fragment B on Query { ...A }')).toMatchObject({
      kind: 'estimated',
      upstreamRequests: 1,
    });
  });

  it(`stops after ${MAX_ESTIMATE_STEPS} steps`, () => {
    const wide = `{ ${Array.from({ length: 50 }, (_, index) => `f${index}: users(first: 1) { totalCount }`).join(' ')} }`;
    expect(estimate(wide)).toMatchObject({ kind: 'estimated', upstreamRequests: 50 });
    expect(estimate(wide, 20)).toMatchObject({ kind: 'stopped', reason: 'steps', steps: 21 });
  });
});
