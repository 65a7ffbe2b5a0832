import type { GraphQLSchema } from 'graphql';

import { builder } from './builder.js';
import './user.js';
import './role.js';
import './resource.js';
import './application.js';
import './organization.js';
import './log.js';
import './connector.js';
import './rate-limit.js';
import './mutation-support.js';
import './user-mutations.js';
import './role-mutations.js';
import './application-mutations.js';
import './organization-mutations.js';
import './resource-mutations.js';

let schema: GraphQLSchema | undefined;

/** The executable schema, built once: every type family registers itself on import above. */
export function buildSchema(): GraphQLSchema {
  schema ??= builder.toSchema({ sortSchema: false });
  return schema;
}
