import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';

import { createEstimateCache } from '../../src/cost/estimate-cache.js';
import { estimateUpstreamRequests } from '../../src/cost/estimate.js';
import { encodeGlobalId } from '../../src/global-id.js';
import { buildSchema } from '../../src/schema/index.js';

const schema = buildSchema({ federation: false });

describe('the estimate cache (per document, operation, caller and the variables the estimate reads)', () => {
  it('answers `user(id: $id)` for another id from the cache: the estimate does not read $id', () => {
    const estimate = createEstimateCache();
    const document = parse('query($id: ID!) { user(id: $id) { username roles(first: 10) { totalCount } } }');
    const first = estimate(schema, document, { id: 'aaaaaaaaaaaa' }, undefined, 'tenant');
    const second = estimate(schema, document, { id: 'bbbbbbbbbbbb' }, undefined, 'tenant');
    expect(second).toBe(first);
    expect(first).toEqual(estimateUpstreamRequests(schema, document, { id: 'aaaaaaaaaaaa' }, undefined, undefined, 'tenant'));
  });

  it('estimates again when a variable it read changes, and matches the uncached estimate', () => {
    const estimate = createEstimateCache();
    const document = parse('query($n: Int!) { roles(first: $n) { nodes { users(first: 5) { totalCount } } } }');
    for (const n of [10, 100, 10]) {
      expect(estimate(schema, document, { n }, undefined, 'tenant')).toEqual(estimateUpstreamRequests(schema, document, { n }, undefined, undefined, 'tenant'));
    }
    expect(estimate(schema, document, { n: 10 }, undefined, 'tenant')).not.toEqual(estimate(schema, document, { n: 100 }, undefined, 'tenant'));
  });

  it('keeps node ids, @skip conditions, operation names and callers apart', () => {
    const estimate = createEstimateCache();
    const nodes = parse('query($ids: [ID!]!, $skip: Boolean!) { nodes(ids: $ids) { id } users(first: 5) @skip(if: $skip) { totalCount } }');
    const users = { ids: [encodeGlobalId('User', 'aaaaaaaaaaaa')], skip: false };
    const mixed = { ids: [encodeGlobalId('User', 'aaaaaaaaaaaa'), encodeGlobalId('Organization', 'bbbbbbbbbbbb')], skip: true };
    for (const variables of [users, mixed, users]) {
      expect(estimate(schema, nodes, variables, undefined, 'tenant')).toEqual(estimateUpstreamRequests(schema, nodes, variables, undefined, undefined, 'tenant'));
    }
    const named = parse('query A { users(first: 5) { totalCount } } query B { users(first: 5) { nodes { roles { totalCount } } } }');
    expect(estimate(schema, named, {}, 'A', 'tenant')).not.toEqual(estimate(schema, named, {}, 'B', 'tenant'));
  });
});
