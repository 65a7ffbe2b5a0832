import { lexicographicSortSchema, printSchema } from 'graphql';

import { buildSchema } from './index.js';

/** The SDL committed as `schema.graphql`: sorted, so diffs show real changes only. */
export function printSchemaSdl(): string {
  return `${printSchema(lexicographicSortSchema(buildSchema())).trimEnd()}\n`;
}
