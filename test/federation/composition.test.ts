import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { getNamedType, isInterfaceType, isUnionType, Kind, type ObjectTypeDefinitionNode, parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';

import { buildSchema } from '../../src/schema/index.js';
import { ENTITY_TYPENAMES } from '../../src/schema/federation.js';
import { composeSupergraph } from '../helpers/gateway.js';
import { PROJECTS_SDL } from '../helpers/projects-subgraph.js';

/** The SDL a registry receives: what CI composes. */
const logtoSdl = readFileSync(fileURLToPath(new URL('../../subgraph.graphql', import.meta.url)), 'utf8');

const logto = { name: 'logto', sdl: logtoSdl, url: 'http://logto.invalid/graphql' };
const projects = { name: 'projects', sdl: PROJECTS_SDL, url: 'http://projects.invalid/graphql' };

function codes(errors: readonly { extensions: Record<string, unknown> }[] | undefined): unknown[] {
  return (errors ?? []).map((error) => error.extensions.code);
}

/** Directives on an object type of the SDL, printed (`@key(fields: "id")`). */
function typeDirectives(sdl: string, name: string): string[] {
  const definition = parse(sdl).definitions.find(
    (node): node is ObjectTypeDefinitionNode => node.kind === Kind.OBJECT_TYPE_DEFINITION && node.name.value === name,
  );
  return (definition?.directives ?? []).map((directive) => print(directive));
}

describe('supergraph composition', () => {
  it('composes our SDL with a second Relay-style subgraph without errors or hints', () => {
    const result = composeSupergraph([logto, projects]);
    expect(result.errors?.map((error) => error.message)).toBeUndefined();
    expect(result.hints!.map((hint) => `${hint.definition.code}: ${hint.message}`)).toEqual([]);
    const supergraph = result.supergraphSdl!;
    // The other subgraph's field lands on our User; our PageInfo and its PageInfo are one type.
    expect(supergraph).toMatch(/projects: \[Project!\]! @join__field\(graph: PROJECTS\)/);
    expect(supergraph).toMatch(/type PageInfo\s+@join__type\(graph: LOGTO\)\s+@join__type\(graph: PROJECTS\)/);
  });

  it('declares both keys on the six entities, and keys on nothing else', () => {
    for (const name of ['User', 'Organization', 'Role', 'Application', 'OrganizationRole', 'Resource']) {
      expect(typeDirectives(logtoSdl, name), name).toEqual(['@key(fields: "logtoId")', '@key(fields: "id")']);
    }
    // Webhooks are referenced by global id only (other services never store a hook's Logto id).
    expect(typeDirectives(logtoSdl, 'Hook')).toEqual(['@key(fields: "id")']);
    expect([...ENTITY_TYPENAMES].sort()).toEqual(['Application', 'Hook', 'Organization', 'OrganizationRole', 'Resource', 'Role', 'User']);
    const keyed = parse(logtoSdl)
      .definitions.filter((node): node is ObjectTypeDefinitionNode => node.kind === Kind.OBJECT_TYPE_DEFINITION)
      .filter((node) => (node.directives ?? []).some((directive) => directive.name.value === 'key'))
      .map((node) => node.name.value);
    expect(keyed.sort()).toEqual([...ENTITY_TYPENAMES].sort());
  });

  it('links Federation 2 and marks PageInfo, and only PageInfo, shareable', () => {
    expect(logtoSdl).toMatch(/^extend schema\n {2}@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+", import: \["@key", "@shareable"\]\)/);
    expect(typeDirectives(logtoSdl, 'PageInfo')).toEqual(['@shareable']);
    expect(logtoSdl.match(/^\s+@shareable$/gm)).toHaveLength(1);
  });

  it('puts every entity in _Entity, resolved by the same object types as node(id:)', () => {
    const schema = buildSchema();
    const entitiesType = getNamedType(schema.getQueryType()!.getFields()._entities!.type);
    const nodeType = schema.getType('Node');
    if (!isUnionType(entitiesType) || !isInterfaceType(nodeType)) throw new Error('expected the _Entity union and the Node interface');
    // The very same type objects: their field resolvers (and whatever wraps them, like auth) run
    // for an entity exactly as for a node.
    for (const name of ENTITY_TYPENAMES) expect(schema.getPossibleTypes(nodeType)).toContain(schema.getType(name));
    expect(entitiesType.getTypes().map((type) => type.name).sort()).toEqual([...ENTITY_TYPENAMES].sort());
  });

  it('fails when another subgraph also defines Query.node: this subgraph owns node and nodes', () => {
    const withNode = { ...projects, sdl: PROJECTS_SDL.replace('type Query {', 'type Query {\n    node(id: ID!): Node') };
    const result = composeSupergraph([logto, withNode]);
    expect(codes(result.errors)).toEqual(['INVALID_FIELD_SHARING']);
    expect(result.errors![0]!.message).toMatch(/"Query\.node"/);
  });

  it('would fail without @shareable on PageInfo', () => {
    const unshared = { ...logto, sdl: logtoSdl.replace(/type PageInfo\n {2}@shareable\n/, 'type PageInfo\n') };
    expect(unshared.sdl).not.toBe(logtoSdl);
    const result = composeSupergraph([unshared, projects]);
    expect(new Set(codes(result.errors))).toEqual(new Set(['INVALID_FIELD_SHARING']));
  });
});
