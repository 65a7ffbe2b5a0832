import { printSubgraphSchema } from '@apollo/subgraph';

import { buildSchema } from './index.js';

/**
 * The SDL committed as `schema.graphql`: the subgraph SDL a schema registry receives (what
 * `_service { sdl }` answers), with `@link`, `@key` and `@shareable`. Types are sorted and
 * fields keep their declaration order, so diffs show real changes only.
 */
export function printSchemaSdl(): string {
  return `${printSubgraphSchema(buildSchema()).trimEnd()}\n`;
}
