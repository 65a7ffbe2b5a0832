import { getNamedType, isNonNullType } from 'graphql';
import { describe, expect } from 'vitest';

import { encodeGlobalId } from '../../src/global-id.js';
import { buildSchema } from '../../src/schema/index.js';
import { mutate } from '../helpers/mutations.js';
import { upstreamDuring } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

/**
 * Ids that cannot name anything are refused with BAD_USER_INPUT before any request reaches Logto
 * (`user(id: "")` used to send `search.id=`, which Logto answers 400).
 */

const it = stackTest();

/** Every root field that takes one object by `id: ID!` (read from the schema, so a new one is covered). */
const byIdRootFields = Object.values(buildSchema().getQueryType()!.getFields())
  .filter((field) => field.args.some((arg) => arg.name === 'id' && isNonNullType(arg.type) && getNamedType(arg.type).name === 'ID'))
  .map((field) => ({ name: field.name, typename: getNamedType(field.type).name }));

/** Values no Logto id and no global id of the field's type can be. */
function malformedIds(typename: string): Record<string, string> {
  const ofAnotherType: Record<string, string> = typename === 'Node' ? {} : { 'a global id of another type': encodeGlobalId(typename === 'Role' ? 'User' : 'Role', 'abcdef123456') };
  return {
    ...ofAnotherType,
    empty: '',
    blank: ' ',
    'a slash': 'abc/def',
    'a percent sign': '%25',
    'a space inside': 'abc def',
    'longer than any Logto id (129)': 'a'.repeat(129),
    'too long for the type': 'a'.repeat(typename === 'User' ? 13 : typename === 'Connector' ? 129 : 22),
    'a global id whose Logto id is malformed': encodeGlobalId(typename === 'Node' ? 'User' : typename, 'a!b'),
  };
}

describe('a malformed id in a by-id root field', () => {
  it('the schema has by-id root fields to check', () => {
    expect(byIdRootFields.map((field) => field.name)).toEqual(expect.arrayContaining(['node', 'user', 'role', 'organization', 'log', 'connector']));
  });

  for (const { name, typename } of byIdRootFields) {
    it(`${name}(id:) refuses it with BAD_USER_INPUT and no upstream request`, async ({ stack }) => {
      for (const [label, id] of Object.entries(malformedIds(typename))) {
        const { result, requests } = await upstreamDuring(stack, () => stack.post(`query($id: ID!) { ${name}(id: $id) { __typename } }`, { id }));
        expect({ label, codes: result.body.errors?.map((error) => error.extensions?.code), requests }).toEqual({
          label,
          codes: ['BAD_USER_INPUT'],
          requests: [],
        });
        expect(result.body.data?.[name] ?? null).toBeNull();
      }
    });
  }

  it('still reads the real ids of every shape Logto uses (generated, 12-character users, `management-api`, connectors)', async ({ stack }) => {
    const { result, requests } = await upstreamDuring(stack, () =>
      stack.post(`{ resource(id: "management-api") { logtoId } connector(id: "githubsocial0") { logtoId } user(id: "nosuchuser00") { logtoId } }`),
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({ resource: { logtoId: 'management-api' }, connector: { logtoId: 'githubsocial0' }, user: null });
    expect(requests.length).toBeGreaterThan(0);
  });

  it('nodes(ids:) refuses a malformed id the same way', async ({ stack }) => {
    const { result, requests } = await upstreamDuring(stack, () =>
      stack.post('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [encodeGlobalId('User', 'nosuchuser00'), ''] }),
    );
    expect(result.body.errors?.map((error) => error.extensions?.code)).toContain('BAD_USER_INPUT');
    expect(requests).toEqual([]);
  });
});

describe('a malformed id in an input', () => {
  it('in list filters: BAD_USER_INPUT and no upstream request', async ({ stack }) => {
    const queries = [
      '{ users(first: 5, filter: { excludeRoleId: "" }) { totalCount } }',
      '{ applications(first: 5, filter: { excludeOrganizationId: "not an id" }) { totalCount } }',
      '{ logs(first: 5, filter: { userId: "abcdefghijklmnopqrstuvwxyz" }) { totalCount } }',
    ];
    for (const query of queries) {
      const { result, requests } = await upstreamDuring(stack, () => stack.post(query));
      expect({ query, codes: result.body.errors?.map((error) => error.extensions?.code), requests }).toEqual({
        query,
        codes: ['BAD_USER_INPUT'],
        requests: [],
      });
    }
  });

  it('in mutation inputs: refused before any request, as a ValidationError on the field (bare ids included: they name their type)', async ({ stack }) => {
    const shapeless = [
      mutate(stack, 'updateUser', { id: '', name: 'x' }),
      mutate(stack, 'deleteRole', { id: 'role/with/slashes' }),
      mutate(stack, 'addOrganizationMembers', { organizationId: 'abcdefghijkl', userIds: ['ok0000000001', '%%'] }),
    ];
    for (const call of await Promise.all(shapeless)) {
      expect(call.result?.__typename).toBe('ValidationError');
      expect(call.requests).toEqual([]);
    }
    // 13 characters: a Logto id shape, but longer than any user id can be (varchar(12)). Every id
    // field names its type (`idOf`, a bare `id` included, through `idOnlyInput('User', …)`), so
    // each refuses it as a ValidationError on that field. Neither costs a request.
    const typedField = await mutate(stack, 'assignRoleUsers', { roleId: 'abcdefghijklmnopqrstu', userIds: ['abcdefghijklm'] });
    expect(typedField.result).toMatchObject({ __typename: 'ValidationError', field: 'userIds.0' });
    expect(typedField.requests).toEqual([]);
    const bareId = await mutate(stack, 'deleteUser', { id: 'abcdefghijklm' });
    expect(bareId.result).toMatchObject({ __typename: 'ValidationError', field: 'id' });
    // A bare id of another type (a role's global id where a user is deleted), likewise.
    const foreign = await mutate(stack, 'setUserSuspended', { id: encodeGlobalId('Role', 'abcdefghijklmnopqrstu'), isSuspended: true });
    expect(foreign.result).toMatchObject({ __typename: 'ValidationError', field: 'id' });
    expect(foreign.requests).toEqual([]);
    expect(bareId.requests).toEqual([]);
  });
});
