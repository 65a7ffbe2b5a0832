import { getNamedType, isNonNullType, isObjectType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';

import { buildSchema } from '../../src/schema/index.js';

type WithPothos = { pothosOptions?: { authScopes?: unknown } };

const declaresAuth = (holder: { extensions?: unknown }) => (holder.extensions as WithPothos | undefined)?.pothosOptions?.authScopes !== undefined;

function onlyAuthenticated(field: { extensions?: unknown }): boolean {
  const scopes = (field.extensions as WithPothos | undefined)?.pothosOptions?.authScopes;
  return JSON.stringify(scopes) === JSON.stringify({ authenticated: true });
}

function isNodeType(type: unknown): type is GraphQLObjectType {
  return isObjectType(type) && type.getInterfaces().some((iface) => iface.name === 'Node');
}

function fieldsOf(filter: (type: GraphQLObjectType) => boolean): { type: GraphQLObjectType; field: GraphQLField<unknown, unknown> }[] {
  return Object.values(buildSchema().getTypeMap())
    .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__') && filter(type))
    .flatMap((type) => Object.values(type.getFields()).map((field) => ({ type, field })));
}

describe('authorization declarations (secure by default: a new field without one fails here)', () => {
  it('gates every root field and every mutation', () => {
    const schema = buildSchema();
    const roots = [schema.getQueryType(), schema.getMutationType()].filter((type) => type !== null && type !== undefined);
    // Federation's `_entities` and `_service` are built outside Pothos: `_entities` checks each
    // representation itself (test/auth/federation.test.ts); `_service` is the SDL a gateway composes.
    const federation = new Set(['_entities', '_service']);
    const undeclared = roots.flatMap((type) =>
      Object.values(type.getFields())
        .filter((field) => !declaresAuth(field) && !federation.has(field.name))
        .map((field) => `${type.name}.${field.name}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('gates every node type as a whole, so node(id:), nodes(ids:) and every relation are covered', () => {
    const ungated = Object.values(buildSchema().getTypeMap()).filter((type) => isNodeType(type) && !declaresAuth(type)).map((type) => type.name);
    expect(ungated).toEqual([]);
  });

  it('gates every field that reaches another entity (checked before it loads anything)', () => {
    const exempt = new Set([
      // Rows Logto returns inside the parent: nothing is loaded, the role type's own gate applies.
      'OrganizationInvitation.organizationRoles',
    ]);
    const undeclared = fieldsOf((type) => !/(Connection|Edge|Payload)$/.test(type.name) && type.name !== 'Query' && type.name !== 'Mutation')
      .filter(({ type, field }) => {
        const named = getNamedType(field.type);
        return (named.name.endsWith('Connection') || isNodeType(named)) && !declaresAuth(field) && !exempt.has(`${type.name}.${field.name}`);
      })
      .map(({ type, field }) => `${type.name}.${field.name}`);
    expect(undeclared).toEqual([]);
  });

  it('makes every gated field nullable, so FORBIDDEN nulls that field only', () => {
    const nonNull = fieldsOf(() => true)
      // `{ authenticated: true }` never fails once a request is through authentication.
      .filter(({ field }) => declaresAuth(field) && isNonNullType(field.type) && !onlyAuthenticated(field))
      .map(({ type, field }) => `${type.name}.${field.name}`);
    expect(nonNull).toEqual([]);
  });
});
