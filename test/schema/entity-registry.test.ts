import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { getNamedType, isInterfaceType, isObjectType, isUnionType, Kind, type ObjectTypeDefinitionNode, parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { requirementToLoad } from '../../src/auth/requirements.js';
import { batchRequests, type UpstreamCost } from '../../src/cost/rules.js';
import { batchKindOf, entities, entityOf, type RegisteredEntity } from '../../src/entities.js';
import { encodeGlobalId, NODE_TYPENAMES } from '../../src/global-id.js';
import { createLoaders } from '../../src/loaders/index.js';
import type { Upstream } from '../../src/loaders/upstream.js';
import type { UpstreamRequest } from '../../src/logto/client.js';
import { buildSchema } from '../../src/schema/index.js';
import { type Stack, startStack } from '../helpers/stack.js';

const subgraphSdl = readFileSync(fileURLToPath(new URL('../../subgraph.graphql', import.meta.url)), 'utf8');
const registered = entities();
const typenames = registered.map((entry) => entry.typename).sort();
const federated = registered.filter((entry) => entry.federationKeys.length > 0);

function keyDirectives(name: string): string[] {
  const definition = parse(subgraphSdl).definitions.find(
    (node): node is ObjectTypeDefinitionNode => node.kind === Kind.OBJECT_TYPE_DEFINITION && node.name.value === name,
  );
  return (definition?.directives ?? []).filter((directive) => directive.name.value === 'key').map((directive) => print(directive));
}

describe('the entity registry is the one list of entities (src/entities.ts)', () => {
  const schema = buildSchema();

  it('has an entry for every type implementing Node, and a Node type for every entry', () => {
    const node = schema.getType('Node');
    if (!isInterfaceType(node)) throw new Error('expected the Node interface');
    expect(schema.getPossibleTypes(node).map((type) => type.name).sort()).toEqual(typenames);
    expect([...NODE_TYPENAMES].sort()).toEqual(typenames);
  });

  it('makes exactly the entries with federation keys @key entities of subgraph.graphql, with those keys', () => {
    const keyed = parse(subgraphSdl)
      .definitions.filter((node): node is ObjectTypeDefinitionNode => node.kind === Kind.OBJECT_TYPE_DEFINITION)
      .filter((node) => keyDirectives(node.name.value).length > 0)
      .map((node) => node.name.value);
    expect(keyed.sort()).toEqual(federated.map((entry) => entry.typename).sort());
    for (const entry of federated) {
      expect(keyDirectives(entry.typename), entry.typename).toEqual(entry.federationKeys.map((key) => `@key(fields: "${key}")`));
    }
    const union = getNamedType(schema.getQueryType()!.getFields()._entities!.type);
    if (!isUnionType(union)) throw new Error('expected the _Entity union');
    expect(union.getTypes().map((type) => type.name).sort()).toEqual(federated.map((entry) => entry.typename).sort());
  });

  it('gives every entry, and nothing else, a requirement to load by id', () => {
    for (const entry of registered) expect(requirementToLoad(entry.typename, 'abc'), entry.typename).not.toBe(false);
    for (const name of ['PageInfo', 'Query', 'UserEdge', 'Me']) expect(requirementToLoad(name, 'abc'), name).toBe(false);
  });

  it("gives every field that loads through an entity's loader the registry's batch kind", () => {
    const checked: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const rule = (field.extensions as { upstreamCost?: UpstreamCost }).upstreamCost;
        if (rule?.kind !== 'load' && rule?.kind !== 'maybeLoad') continue;
        const entry = registered.find((candidate) => candidate.loader === rule.loader);
        if (!entry) continue;
        expect(rule.batch, `${type.name}.${field.name}`).toBe(batchKindOf(entry.load));
        checked.push(`${type.name}.${field.name}`);
      }
    }
    expect(checked.length).toBeGreaterThan(10);
  });
});

/**
 * An upstream that answers every list with the ids it holds and every by-id read with the row,
 * and records what it was asked: what the loaders do, without a sandbox.
 */
function recordingUpstream(ids: readonly string[]): { upstream: Upstream; requests: UpstreamRequest[] } {
  const requests: UpstreamRequest[] = [];
  const rows = ids.map((id) => ({ id, name: id }));
  const upstream: Upstream = {
    request: <T>(request: UpstreamRequest) => {
      requests.push(request);
      const byId = request.params?.id;
      let body: unknown = byId === undefined ? rows : { id: byId, name: byId };
      if (request.query?.includeScopes === 'true') body = [{ id: 'r1', name: 'r1', scopes: rows }];
      return Promise.resolve({ status: 200, body: body as T, totalCount: byId === undefined ? rows.length : undefined, totalCountIsCapped: false, headers: {} } as never);
    },
    listWindow: () => Promise.reject(new Error('not used')),
    budget: () => ({ limit: 1, windowMs: 1, remaining: 1, resetAt: new Date() }),
    callerShare: () => undefined,
  };
  return { upstream, requests };
}

describe("each entry's by-id loader (src/loaders/index.ts)", () => {
  const ids = ['aaa', 'bbb', 'ccc'];

  it.each(registered.map((entry) => [entry.typename, entry] as [string, RegisteredEntity]))(
    '%s loads through its route family, within the requests its batch kind costs',
    async (_typename, entry) => {
      for (const count of [1, ids.length]) {
        const { upstream, requests } = recordingUpstream(ids);
        const loaders = createLoaders(upstream);
        const loaded = await Promise.all(ids.slice(0, count).map((id) => loaders[entry.loader].load(id)));
        expect(loaded.map((row) => row?.id)).toEqual(ids.slice(0, count));
        expect(requests.length).toBeGreaterThan(0);
        expect(requests.length).toBeLessThanOrEqual(batchRequests(batchKindOf(entry.load), count));
        for (const request of requests) expect([entry.routes.list, entry.routes.byId]).toContain(request.route);
      }
    },
  );
});

describe('node, nodes and _entities accept exactly the registry types', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { FEDERATION: 'true' } });
  });
  afterAll(() => stack.close());

  // A well-formed Logto id no entity has: known types answer null, others are refused.
  const missingId = 'nosuchid0';
  const outsiders = ['PageInfo', 'UserEdge', 'Me'];

  it('nodes: null for an unknown id of every registered type, BAD_USER_INPUT for any other type', async () => {
    const known = await stack.post<{ nodes: unknown[] }>('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: typenames.map((name) => encodeGlobalId(name, missingId)),
    });
    expect(known.body.errors).toBeUndefined();
    expect(known.body.data!.nodes).toEqual(typenames.map(() => null));
    for (const name of outsiders) {
      const other = await stack.post('query($id: ID!) { node(id: $id) { id } }', { id: encodeGlobalId(name, missingId) });
      expect(other.body.errors?.map((error) => error.extensions?.code), name).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('_entities: null for an unknown id of every federated type, an error for every other type', async () => {
    const names = [...typenames, ...outsiders];
    const result = await stack.post<{ _entities: unknown[] }>(
      'query($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }',
      { representations: names.map((name) => ({ __typename: name, logtoId: missingId })) },
    );
    const failed = new Set((result.body.errors ?? []).map((error) => error.path?.[1]));
    names.forEach((name, index) => {
      const isEntity = (entityOf(name)?.federationKeys.length ?? 0) > 0;
      expect(failed.has(index), name).toBe(!isEntity);
      if (isEntity) expect(result.body.data!._entities[index], name).toBeNull();
    });
  });
});
