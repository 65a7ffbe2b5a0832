import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { DateTimeResolver, EmailAddressResolver, URLResolver } from 'graphql-scalars';

import { forbiddenError, needsOfFailure, needsOfRequirement } from '../auth/forbidden.js';
import type { AuthScopes } from '../auth/policy.js';
import { requirementToLoad, requirementToLoadGlobalId } from '../auth/requirements.js';
import type { Context } from '../context.js';
import { badUserInput } from '../errors.js';
import { decodeGlobalId, encodeGlobalId } from '../global-id.js';
import { MAX_PAGE_SIZE } from '../logto/pagination.js';
import { BoundedJSONObjectResolver } from './bounded-json.js';
import { validationErrorFromIssues } from './input-validation.js';

/** Most ids one `nodes(ids:)` call takes: the size of one Logto batch. */
const MAX_NODES = MAX_PAGE_SIZE;

export type Scalars = {
  DateTime: { Input: Date; Output: Date | number };
  JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> };
  EmailAddress: { Input: string; Output: string };
  URL: { Input: URL; Output: string | URL };
  ID: { Input: string; Output: string };
  /** An upload (GraphQL multipart request spec); input only (src/schema/bulk-job-mutations.ts). */
  File: { Input: File; Output: never };
};

export type SchemaTypesDef = {
  Context: Context;
  Scalars: Scalars;
  Connection: { totalCount: number; totalCountIsCapped: boolean };
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  // Fields are non-null unless they say otherwise; fields that reach Logto are nullable so one
  // failing branch (FORBIDDEN, NOT_FOUND, an outage) leaves the rest of the data intact.
  DefaultFieldNullability: false;
  /** Named authorization checks (`src/auth/policy.ts`); fields and types declare them in `authScopes`. */
  AuthScopes: AuthScopes;
};

export const builder = new SchemaBuilder<SchemaTypesDef>({
  // Scope auth first, so its checks wrap every other plugin's resolver wrapping: a refused field
  // never reaches a resolver, a loader or Logto.
  // Federation after every plugin that wraps resolvers (its docs ask for that), so an entity
  // fetched through `_entities` runs the same wrapped field resolvers as one from `node(id:)`.
  // Errors and validation inside scope auth: a FORBIDDEN field stays a top-level error, never a
  // typed result.
  plugins: [ScopeAuthPlugin, RelayPlugin, ErrorsPlugin, ValidationPlugin, DirectivesPlugin, FederationPlugin],
  scopeAuth: {
    // Type-level checks run once per object, where it appears (one error at that path), not per field.
    runScopesOnType: true,
    // Parameters like `{ scope, organizationId }` are built per call; compare them by value.
    cacheKey: (value) => (typeof value === 'object' && value !== null ? JSON.stringify(value) : value),
    unauthorizedError: (_parent, ctx, info, result) => {
      const type = /^Not authorized to read fields for (\w+)$/.exec(result.message)?.[1];
      const subject = type ? `this ${type} (at \`${info.parentType.name}.${info.fieldName}\`)` : `\`${info.parentType.name}.${info.fieldName}\``;
      return forbiddenError(ctx.caller, subject, needsOfFailure(result.failure));
    },
    authScopes: (ctx) => ({
      authenticated: ctx.access.authenticated,
      tenant: (scope) => ctx.access.tenant(scope),
      organization: ({ scope, organizationId }) => ctx.access.organization(scope, organizationId),
      permission: (scope) => ctx.access.permission(scope),
      self: (userId) => ctx.access.self(userId),
      member: (userId) => ctx.access.member(userId),
      profile: ctx.access.selfService,
    }),
  },
  defaultFieldNullability: false,
  errors: {
    // Mutations put their typed errors right next to their payload in one result union
    // (`CreateUserResult = CreateUserPayload | ValidationError | ConflictError`), without the
    // plugin's intermediate `…Success { data }` object.
    directResult: true,
    // Input validation failures become `ValidationError` results too. They are returned before
    // the field's auth checks run; they only describe the caller's own input.
    unsafelyHandleInputErrors: true,
  },
  validation: {
    validationError: (failure) => validationErrorFromIssues(failure.issues),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: { list: false, items: false }, description: 'The items of this page, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    nodesOnConnection: { description: 'The items of this page (the same as `edges { node }`, without cursors).' },
    encodeGlobalID: (typename, id) => encodeGlobalId(typename, id),
    decodeGlobalID: (globalID) => decodeGlobalId(globalID),
    nodeTypeOptions: { description: 'An object with a global id, refetchable with `node(id:)`.' },
    // Other Relay subgraphs define the same PageInfo; Federation 2 merges it only when shareable.
    pageInfoTypeOptions: { description: 'Where a page sits in its connection, as in the Relay cursor spec.', shareable: true },
    nodeQueryOptions: {
      description: 'Fetches any object by its global id.',
      extensions: { upstreamCost: { kind: 'node' } },
      // Decided from the id before loading: a forbidden object is never fetched. Scope auth runs
      // outside the relay plugin, so it sees the raw argument (typed as the parsed one).
      authScopes: (_root, args) => {
        const id: unknown = args.id;
        return typeof id === 'string' ? requirementToLoadGlobalId(id) : requirementToLoad(args.id.typename, args.id.id);
      },
      args: { id: { description: 'A global id, as returned in any `id` field.' } },
    },
    nodesQueryOptions: {
      description: 'Fetches objects by their global ids, in the order given (`null` for unknown ones).',
      extensions: { upstreamCost: { kind: 'nodes' } },
      args: { ids: { description: `Global ids, as returned in \`id\` fields (at most ${MAX_NODES}).` } },
      authScopes: { authenticated: true },
      resolve: async (_root, args, ctx, _info, resolveNodes) => {
        if (args.ids.length > MAX_NODES) {
          throw badUserInput(`\`nodes\` takes at most ${MAX_NODES} ids (got ${args.ids.length}).`, { argumentName: 'ids' });
        }
        // Each id is checked before anything is loaded; a forbidden one becomes a FORBIDDEN error
        // at its own index (graphql-js reports an Error list item at that path) and is never fetched.
        const requested = args.ids;
        const requirements = requested.map(({ typename, id }) => requirementToLoad(typename, id));
        const allowed = requirements.map((requirement) => ctx.access.allows(requirement));
        // The relay plugin's loader reads `args.ids` itself and skips null entries, keeping indexes.
        (args as { ids: ({ typename: string; id: string } | null)[] }).ids = requested.map((id, index) => (allowed[index] ? id : null));
        const loaded = await resolveNodes(args.ids);
        return loaded.map((node, index) =>
          allowed[index]
            ? node
            : forbiddenError(ctx.caller, `\`nodes\` item ${index} (type ${requested[index]?.typename})`, needsOfRequirement(requirements[index] ?? false)),
        );
      },
    },
    idFieldOptions: { description: 'Opaque global id (type and Logto id), for `node(id:)` and client caches.' },
    cursorFieldOptions: { description: 'Opaque cursor of this edge, for `after`/`before`.' },
    hasNextPageFieldOptions: { description: 'Whether items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether items precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first edge of the page.' },
    endCursorFieldOptions: { description: 'Cursor of the last edge of the page.' },
    firstArgOptions: { description: `Returns the first n items after \`after\` (1–${MAX_PAGE_SIZE}; 20 when neither \`first\` nor \`last\` is given).` },
    lastArgOptions: { description: `Returns the last n items before \`before\` (1–${MAX_PAGE_SIZE}).` },
    afterArgOptions: { description: 'A cursor from this connection: items after it.' },
    beforeArgOptions: { description: 'A cursor from this connection: items before it.' },
    pageInfoFieldOptions: { description: 'Pagination state of this page.' },
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSONObject', BoundedJSONObjectResolver);
builder.addScalarType('EmailAddress', EmailAddressResolver);
builder.addScalarType('URL', URLResolver);

builder.queryType({ description: 'The root of every read.' });
builder.mutationType({
  description:
    'The root of every change. Each mutation takes one `input` and returns a result union: its payload, or a typed error (`ValidationError`, `ConflictError`, `NotFoundError`) the caller can fix.',
});

builder.globalConnectionFields((t) => ({
  totalCount: t.int({
    description: "How many items the whole list holds (Logto's `Total-Number`), across all pages.",
    resolve: (parent) => parent.totalCount,
  }),
}));
