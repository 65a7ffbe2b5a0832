import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { encodeGlobalId } from '../../src/global-id.js';
import { type RestClient, restClient } from '../helpers/rest.js';
import { type Stack, startStack, upstreamDuring } from '../helpers/stack.js';

const schemaFile = fileURLToPath(new URL('../../subgraph.graphql', import.meta.url));

/** What a gateway sends: `_entities` with variables, selecting per type. */
const ENTITIES_QUERY = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on User { id logtoId username }
    ... on Role { logtoId name }
    ... on Application { logtoId name }
    ... on Organization { logtoId name }
    ... on OrganizationRole { logtoId name }
    ... on Resource { logtoId name }
  }
}`;

type Entity = { __typename: string; id?: string; logtoId: string; username?: string | null; name?: string } | null;
type EntitiesData = { _entities: Entity[] };
type Cost = { estimatedUpstreamRequests: number; upstreamRequests: number };

let stack: Stack;
let rest: RestClient;
let users: { id: string; username: string | null }[];

beforeAll(async () => {
  stack = await startStack({ env: { FEDERATION: 'true' } });
  rest = await restClient(stack.sandbox);
  users = (await rest.get<{ id: string; username: string | null }[]>('/api/users?page=1&page_size=100')).body;
});
afterAll(() => stack.close());

async function entities(representations: unknown[]) {
  return upstreamDuring(stack, () => stack.post<EntitiesData>(ENTITIES_QUERY, { representations }));
}

describe('_entities', () => {
  it('resolves 100 User references by logtoId with one Logto search request, in order', async () => {
    expect(users).toHaveLength(100);
    const { result, requests } = await entities(users.map((user) => ({ __typename: 'User', logtoId: user.id })));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!._entities).toEqual(
      users.map((user) => ({ __typename: 'User', id: encodeGlobalId('User', user.id), logtoId: user.id, username: user.username })),
    );
    expect(requests).toHaveLength(1);
    expect(requests[0]!.path).toBe('/api/users');
    expect(new URLSearchParams(requests[0]!.query).getAll('search.id')).toHaveLength(100);
    expect(new URLSearchParams(requests[0]!.query).get('mode.id')).toBe('exact');
    const cost = result.body.extensions!.cost as Cost;
    expect(cost).toMatchObject({ estimatedUpstreamRequests: 1, upstreamRequests: 1 });
  });

  it('resolves a reference by global id and one by logtoId to the same user with one request for one id', async () => {
    const user = users[3]!;
    const { result, requests } = await entities([
      { __typename: 'User', id: encodeGlobalId('User', user.id) },
      { __typename: 'User', logtoId: user.id },
    ]);
    expect(result.body.errors).toBeUndefined();
    const expected = { __typename: 'User', id: encodeGlobalId('User', user.id), logtoId: user.id, username: user.username };
    expect(result.body.data!._entities).toEqual([expected, expected]);
    expect(requests).toHaveLength(1);
    // One id: the user's own GET, cheaper for Logto than a search (issue 19).
    expect(requests[0]!.path).toBe(`/api/users/${user.id}`);
    expect(result.body.extensions!.cost).toMatchObject({ estimatedUpstreamRequests: 1, upstreamRequests: 1 });
  });

  it('counts repeated references once, as gateways send one per reference', async () => {
    const representations = Array.from({ length: 150 }, (_, index) => ({ __typename: 'User', logtoId: users[index % 50]!.id }));
    const { result, requests } = await entities(representations);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!._entities.map((entity) => entity?.logtoId)).toEqual(representations.map((r) => r.logtoId));
    expect(requests).toHaveLength(1);
    expect(result.body.extensions!.cost).toMatchObject({ estimatedUpstreamRequests: 1, upstreamRequests: 1 });
  });

  it('resolves mixed types with one request per type, by either key', async () => {
    const [role] = (await rest.get<{ id: string; name: string }[]>('/api/roles?page=1&page_size=1')).body;
    const [application] = (await rest.get<{ id: string; name: string }[]>('/api/applications?page=1&page_size=1')).body;
    const [organization] = (await rest.get<{ id: string; name: string }[]>('/api/organizations?page=1&page_size=1')).body;
    const [organizationRole] = (await rest.get<{ id: string; name: string }[]>('/api/organization-roles?page=1&page_size=1')).body;
    const [resource] = (await rest.get<{ id: string; name: string }[]>('/api/resources')).body;
    const representations = [
      { __typename: 'User', logtoId: users[0]!.id },
      { __typename: 'Role', id: encodeGlobalId('Role', role!.id) },
      { __typename: 'User', id: encodeGlobalId('User', users[1]!.id) },
      { __typename: 'Application', logtoId: application!.id },
      { __typename: 'Organization', id: encodeGlobalId('Organization', organization!.id) },
      { __typename: 'OrganizationRole', logtoId: organizationRole!.id },
      { __typename: 'Resource', id: encodeGlobalId('Resource', resource!.id) },
    ];
    const { result, requests } = await entities(representations);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!._entities.map((entity) => [entity?.__typename, entity?.logtoId])).toEqual([
      ['User', users[0]!.id],
      ['Role', role!.id],
      ['User', users[1]!.id],
      ['Application', application!.id],
      ['Organization', organization!.id],
      ['OrganizationRole', organizationRole!.id],
      ['Resource', resource!.id],
    ]);
    expect(result.body.data!._entities[1]).toMatchObject({ name: role!.name });
    expect(requests.map((request) => request.path).sort()).toEqual(
      [
        `/api/applications/${application!.id}`,
        `/api/organization-roles/${organizationRole!.id}`,
        `/api/organizations/${organization!.id}`,
        `/api/resources/${resource!.id}`,
        `/api/roles/${role!.id}`,
        '/api/users',
      ].sort(),
    );
    expect(new URLSearchParams(requests.find((request) => request.path === '/api/users')!.query).getAll('search.id').sort()).toEqual(
      [users[0]!.id, users[1]!.id].sort(),
    );
    const cost = result.body.extensions!.cost as Cost;
    expect(cost.upstreamRequests).toBe(6);
    expect(cost.estimatedUpstreamRequests).toBeGreaterThanOrEqual(6);
  });

  it('answers null entries for unknown ids, beside the found ones, without failing the batch', async () => {
    const { result, requests } = await entities([
      { __typename: 'User', logtoId: 'nosuchuser00' },
      { __typename: 'User', logtoId: users[5]!.id },
      { __typename: 'User', id: encodeGlobalId('User', 'nosuchuser01') },
      { __typename: 'Organization', logtoId: 'nosuchorg000' },
      // A global id of another type names no user: null, not another type's object.
      { __typename: 'User', id: encodeGlobalId('Role', users[6]!.id) },
    ]);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!._entities.map((entity) => entity?.logtoId ?? null)).toEqual([null, users[5]!.id, null, null, null]);
    expect(requests.map((request) => request.path).sort()).toEqual(['/api/organizations/nosuchorg000', '/api/users']);
  });

  it('fails only the entries of types that are not entities, or that carry no key', async () => {
    const { result, requests } = await entities([
      { __typename: 'User', logtoId: users[7]!.id },
      { __typename: 'Scope', logtoId: 'anything' },
      { __typename: 'NoSuchType', id: 'x' },
      { __typename: 'User', username: users[8]!.username },
    ]);
    expect(result.body.data!._entities.map((entity) => entity?.logtoId ?? null)).toEqual([users[7]!.id, null, null, null]);
    expect(result.body.errors!.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['_entities', 1], 'BAD_USER_INPUT'],
      [['_entities', 2], 'BAD_USER_INPUT'],
    ]);
    expect(requests).toHaveLength(1);
  });

  it('estimates what nested selections cost per entity type', async () => {
    const query = `query($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on User { roles(first: 5) { nodes { name } } }
        ... on Role { users(first: 5) { nodes { username } } }
      }
    }`;
    const representations = [
      ...users.slice(0, 3).map((user) => ({ __typename: 'User', logtoId: user.id })),
      { __typename: 'Organization', logtoId: 'nosuchorg001' },
    ];
    const { result, requests } = await upstreamDuring(stack, () => stack.post<EntitiesData>(query, { representations }));
    expect(result.body.errors).toBeUndefined();
    // One user search, one organization read, one roles window per user; nothing for Role.users.
    expect(requests).toHaveLength(5);
    expect(result.body.extensions!.cost).toMatchObject({ estimatedUpstreamRequests: 5, upstreamRequests: 5 });
  });

  it('refuses, before any upstream call, a batch whose nested selections exceed the budget', async () => {
    const query = `query($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on User { roles(first: 5) { nodes { name } } } }
    }`;
    const representations = users.map((user) => ({ __typename: 'User', logtoId: user.id }));
    const { result, requests } = await upstreamDuring(stack, () => stack.post(query, { representations }));
    expect(result.body.errors![0]!.extensions!.code).toBe('QUERY_TOO_EXPENSIVE');
    expect(requests).toHaveLength(0);
  });
});

describe('_service', () => {
  it('answers the subgraph SDL, the same text as subgraph.graphql', async () => {
    const response = await stack.post<{ _service: { sdl: string } }>('{ _service { sdl } }');
    expect(response.body.errors).toBeUndefined();
    expect(`${response.body.data!._service.sdl.trimEnd()}\n`).toBe(readFileSync(schemaFile, 'utf8'));
  });
});

describe('FEDERATION=false (the default)', () => {
  it('leaves out _entities and _service, and nothing else', async () => {
    const plain = await startStack();
    try {
      const response = await plain.post('{ _service { sdl } }');
      expect(response.body.errors![0]!.message).toMatch(/Cannot query field "_service" on type "Query"/);
      const entitiesResponse = await plain.post('{ _entities(representations: []) { __typename } }');
      expect(entitiesResponse.body.errors![0]!.message).toMatch(/Cannot query field "_entities"/);
      const types = await plain.post<{ __schema: { types: { name: string }[] } }>('{ __schema { types { name } } }');
      const names = types.body.data!.__schema.types.map((type) => type.name);
      expect(names).not.toContain('_Entity');
      expect(names).not.toContain('_Any');
      expect(names).toContain('User');
      const user = await plain.post<{ user: { logtoId: string } }>('query($id: ID!) { user(id: $id) { logtoId } }', { id: users[0]!.id });
      expect(user.body.data!.user.logtoId).toBe(users[0]!.id);
    } finally {
      await plain.close();
    }
  });
});
