import {
  type GraphQLFieldConfig,
  type GraphQLFieldConfigMap,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLResolveInfo,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  GraphQLUnionType,
  isObjectType,
  lexicographicSortSchema,
} from 'graphql';
import { printSubgraphSchema } from '@apollo/subgraph';

import { forbiddenError, needsOfRequirement } from '../auth/forbidden.js';
import { requirementToLoad } from '../auth/requirements.js';
import type { Context } from '../context.js';
import type { CostExtensions } from '../cost/rules.js';
import { badUserInput } from '../errors.js';
import { entities } from '../entities.js';
import { logtoIdOfRepresentation } from '../global-id.js';
import { builder } from './builder.js';

/**
 * Apollo Federation 2: which of our types other subgraphs may reference, and how a reference
 * becomes an object. Every entity has two keys: `logtoId` (what other services already store —
 * a user's `sub`, an organization's `organization_id`) and `id` (our global id, for clients
 * that only saw this graph). Both resolve through the same per-request DataLoaders as
 * `node(id:)`, so a gateway's batch of 100 user references is one Logto search request, and a
 * reference by `id` and one by `logtoId` to the same user share it.
 */

/** A representation as a gateway sends it: `__typename` plus the fields of one of our keys. */
type EntityReference = { readonly logtoId?: unknown; readonly id?: unknown };

/**
 * Our entity types: the registry's entries with federation keys (`src/entities.ts`); each
 * becomes an entity where its node is declared (`entityNode`, `src/schema/nodes.ts`).
 */
export const ENTITY_TYPENAMES: readonly string[] = entities()
  .filter((entry) => entry.federationKeys.length > 0)
  .map((entry) => entry.typename);

/** The fields only a federation gateway calls; hidden when `FEDERATION` is off. */
export const FEDERATION_QUERY_FIELDS: readonly string[] = ['_entities', '_service'];
const FEDERATION_TYPES: readonly string[] = ['_Any', '_Entity', '_Service'];

type ResolveReference = (reference: object, ctx: Context, info: GraphQLResolveInfo) => unknown;

/** Where `asEntity` leaves an entity's resolver (the `@apollo/subgraph` convention). */
function resolveReferenceOf(type: GraphQLObjectType): ResolveReference | undefined {
  const apollo = (type.extensions as { apollo?: { subgraph?: { resolveReference?: ResolveReference } } }).apollo;
  return apollo?.subgraph?.resolveReference;
}

/**
 * The object each representation resolved to, with its type, for `_Entity`'s `resolveType`:
 * kept beside the object instead of written onto it, since the object is the DataLoader's cached
 * copy that other fields of the same request share.
 */
const resolvedTypenames = new WeakMap<object, string>();

/**
 * One representation, resolved apart from the others: a malformed one or an unknown type is an
 * error for its own entry only, an unknown id is `null` — never a failed batch, since the gateway
 * merges entries by position.
 */
async function resolveRepresentation(representation: unknown, ctx: Context, info: GraphQLResolveInfo): Promise<unknown> {
  const typename =
    representation && typeof representation === 'object' ? (representation as { __typename?: unknown }).__typename : undefined;
  const type = typeof typename === 'string' ? info.schema.getType(typename) : undefined;
  const resolveReference = type && isObjectType(type) ? resolveReferenceOf(type) : undefined;
  if (!type || !resolveReference) {
    const message =
      typeof typename === 'string'
        ? `"${typename.slice(0, 80)}" is not an entity type of this subgraph.`
        : 'A representation is an object with a `__typename`.';
    // Returned, not thrown: graphql-js turns it into an error of this list entry only.
    return badUserInput(message, { argumentName: 'representations' });
  }
  // `_entities` is built outside Pothos, so scope auth does not wrap it: check each reference
  // before loading it, as `node(id:)` does (the entity types' own gates still apply after).
  const logtoId = logtoIdOfRepresentation(representation as EntityReference, type.name);
  const requirement = logtoId === undefined ? true : requirementToLoad(type.name, logtoId);
  if (!ctx.access.allows(requirement)) {
    return forbiddenError(ctx.caller, `\`_entities\` entry (type ${type.name})`, needsOfRequirement(requirement));
  }
  const value = await resolveReference(representation as object, ctx, info);
  if (value && typeof value === 'object') resolvedTypenames.set(value, type.name);
  return value ?? null;
}

const entitiesCost: CostExtensions = { upstreamCost: { kind: 'entities' } };

/**
 * The subgraph schema a federation gateway composes and queries: ours plus Federation 2's
 * `@link`, `@key`/`@shareable`, `_service { sdl }` and `_entities`. The two federation fields
 * are our own (not `@apollo/subgraph`'s) so they carry descriptions, an upstream cost rule and
 * per-entry errors; `_service.sdl` is `printSubgraphSchema` of exactly this schema.
 */
export function buildSubgraphSchema(): GraphQLSchema {
  const base = builder.toSubGraphSchema({ sortSchema: false });
  const baseQuery = base.getQueryType();
  if (!baseQuery) throw new Error('the schema has no Query type');

  const entityTypes = Object.values(base.getTypeMap()).filter(
    (type): type is GraphQLObjectType => isObjectType(type) && resolveReferenceOf(type) !== undefined,
  );
  const anyType = new GraphQLScalarType({
    name: '_Any',
    description:
      'Federation: an entity representation, `{ __typename, ...key fields }`, e.g. `{ "__typename": "User", "logtoId": "…" }`.',
  });
  const entityUnion = new GraphQLUnionType({
    name: '_Entity',
    description: 'Federation: every type other subgraphs can reference by key.',
    types: entityTypes,
    resolveType: (value) => (value && typeof value === 'object' ? resolvedTypenames.get(value) : undefined),
  });
  const serviceType = new GraphQLObjectType({
    name: '_Service',
    description: 'Federation: what this subgraph tells a gateway or a schema registry about itself.',
    fields: {
      sdl: { type: GraphQLString, description: 'The subgraph SDL, with its federation directives (what `rover subgraph introspect` reads).' },
    },
  });

  let sdl = '';
  const entitiesField: GraphQLFieldConfig<unknown, Context, { representations: readonly unknown[] }> = {
    type: new GraphQLNonNull(new GraphQLList(entityUnion)),
    description:
      'Federation: the entities a gateway references, in the order given; `null` for ones that do not exist. Resolved through the same loaders and types as `node(id:)`.',
    args: {
      representations: {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(anyType))),
        description: 'Entity representations: `__typename` and either `logtoId` or `id`.',
      },
    },
    extensions: { ...entitiesCost },
    resolve: (_root, args, ctx, info) => args.representations.map((representation) => resolveRepresentation(representation, ctx, info)),
  };
  const serviceField: GraphQLFieldConfig<unknown, Context> = {
    type: new GraphQLNonNull(serviceType),
    description: 'Federation: this subgraph, described for composition.',
    resolve: () => ({ sdl }),
  };

  const queryConfig = baseQuery.toConfig();
  const fields: GraphQLFieldConfigMap<unknown, Context> = { ...queryConfig.fields };
  for (const name of FEDERATION_QUERY_FIELDS) delete fields[name];
  const query = new GraphQLObjectType({
    ...queryConfig,
    fields: { _entities: entitiesField, _service: serviceField, ...fields },
  });

  const config = base.toConfig();
  const schema = lexicographicSortSchema(
    new GraphQLSchema({
      ...config,
      query,
      types: [...config.types.filter((type) => type !== baseQuery && !FEDERATION_TYPES.includes(type.name)), query],
    }),
  );
  sdl = printSubgraphSchema(schema);
  return schema;
}

/** The same schema without the fields only a gateway calls (for `FEDERATION=false`). */
export function withoutFederationFields(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  if (!query) return schema;
  const queryConfig = query.toConfig();
  const fields = Object.fromEntries(Object.entries(queryConfig.fields).filter(([name]) => !FEDERATION_QUERY_FIELDS.includes(name)));
  const plainQuery = new GraphQLObjectType({ ...queryConfig, fields });
  const config = schema.toConfig();
  return new GraphQLSchema({
    ...config,
    query: plainQuery,
    types: [...config.types.filter((type) => type !== query && !FEDERATION_TYPES.includes(type.name)), plainQuery],
  });
}
