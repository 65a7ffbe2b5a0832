import { printSubgraphSchema } from '@apollo/subgraph';
import { lexicographicSortSchema, printSchema } from 'graphql';

import { buildSchema } from './index.js';

/**
 * `schema.graphql`, the client schema: plain SDL with no Federation directives and no
 * `_entities`/`_service`, because graphql-js's `buildSchema`, Relay's compiler, graphql-codegen
 * and IDE plugins refuse `@link` (and Relay panics on `extend schema`). It is what a client
 * sees with `FEDERATION=false`. Types and fields sorted, so diffs show real changes only.
 */
export function printClientSdl(): string {
  return `${printSchema(lexicographicSortSchema(buildSchema({ federation: false }))).trimEnd()}\n`;
}

/**
 * `subgraph.graphql`, the Federation 2 subgraph SDL a gateway composes and a schema registry
 * receives (what `_service { sdl }` answers), with `@link`, `@key` and `@shareable`.
 */
export function printSubgraphSdl(): string {
  return `${printSubgraphSchema(buildSchema()).trimEnd()}\n`;
}
