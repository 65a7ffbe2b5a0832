import { readdirSync } from 'node:fs';
import { basename, extname } from 'node:path';

import type { GraphQLSchema } from 'graphql';

import './user.js';
import './role.js';
import './resource.js';
import './application.js';
import './organization.js';
import './log.js';
import './connector.js';
import './hook.js';
import './rate-limit.js';
import './me.js';
import './mutation-support.js';
import './user-mutations.js';
import './user-security.js';
import './user-security-mutations.js';
import './user-credential-mutations.js';
import './role-mutations.js';
import './application-mutations.js';
import './organization-mutations.js';
import './organization-member-mutations.js';
import './organization-template-mutations.js';
import './resource-mutations.js';
import './organization-applications.js';
import './organization-jit.js';
import './organization-link-mutations.js';
import './role-resource-extras.js';
import './application-screen.js';
import './application-screen-mutations.js';
import './application-consent-mutations.js';
import './hook-mutations.js';
import './bulk-jobs.js';
import './bulk-job-mutations.js';
import './subscriptions.js';
import { buildSubgraphSchema, withoutFederationFields } from './federation.js';

/**
 * Every other module of this folder registers itself too, without an import line here: a new
 * family module is picked up by being in `src/schema` (one file fewer to touch per entity). The
 * imports above keep their order (the subgraph SDL prints types in registration order); the rest
 * load sorted by name. The same code runs from `src` under tsx/vitest (`.ts`) and from `dist`
 * (`.js`). `print.ts` is left out: it imports this module, and importing it back would wait on
 * itself.
 */
const NOT_FAMILIES = new Set(['index', 'print']);
const ownExtension = extname(new URL(import.meta.url).pathname);
const familyModules = readdirSync(new URL('.', import.meta.url))
  .filter((file) => extname(file) === ownExtension && !file.endsWith(`.d${ownExtension}`) && !NOT_FAMILIES.has(basename(file, ownExtension)))
  .sort();
for (const file of familyModules) await import(new URL(file, import.meta.url).href);

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
