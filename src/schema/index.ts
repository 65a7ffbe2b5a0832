import type { GraphQLSchema } from 'graphql';

import './user.js';
import './role.js';
import './resource.js';
import './application.js';
import './organization.js';
import './log.js';
import './connector.js';
import './rate-limit.js';
import './me.js';
import './mutation-support.js';
import './user-mutations.js';
import './role-mutations.js';
import './application-mutations.js';
import './organization-mutations.js';
import './organization-member-mutations.js';
import './organization-template-mutations.js';
import './resource-mutations.js';
import './subscriptions.js';
import { buildSubgraphSchema, withoutFederationFields } from './federation.js';

let subgraphSchema: GraphQLSchema | undefined;
let plainSchema: GraphQLSchema | undefined;

/**
 * The executable schema, built once: every type family registers itself on import above. It is
 * always the Federation 2 subgraph schema (keys and `@shareable` are inert metadata for other
 * clients); `federation: false` leaves out the two fields only a gateway calls, `_entities` and
 * `_service`.
 */
export function buildSchema(options: { readonly federation?: boolean } = {}): GraphQLSchema {
  subgraphSchema ??= buildSubgraphSchema();
  if (options.federation !== false) return subgraphSchema;
  plainSchema ??= withoutFederationFields(subgraphSchema);
  return plainSchema;
}
