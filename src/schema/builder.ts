import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import { DateTimeResolver, EmailAddressResolver, JSONObjectResolver, URLResolver } from 'graphql-scalars';

import type { Context } from '../context.js';
import { badUserInput } from '../errors.js';
import { decodeGlobalId, encodeGlobalId } from '../global-id.js';
import { validationErrorFromIssues } from './input-validation.js';

/** Most ids one `nodes(ids:)` call takes: the size of one Logto batch. */
const MAX_NODES = 100;

export type Scalars = {
  DateTime: { Input: Date; Output: Date | number };
  JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> };
  EmailAddress: { Input: string; Output: string };
  URL: { Input: URL; Output: string | URL };
  ID: { Input: string; Output: string };
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
};

export const builder = new SchemaBuilder<SchemaTypesDef>({
  // Federation after every plugin that wraps resolvers (its docs ask for that), so an entity
  // fetched through `_entities` runs the same wrapped field resolvers as one from `node(id:)`.
  plugins: [RelayPlugin, ErrorsPlugin, ValidationPlugin, DirectivesPlugin, FederationPlugin],
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
      args: { id: { description: 'A global id, as returned in any `id` field.' } },
    },
    nodesQueryOptions: {
      description: 'Fetches objects by their global ids, in the order given (`null` for unknown ones).',
      extensions: { upstreamCost: { kind: 'nodes' } },
      args: { ids: { description: `Global ids, as returned in \`id\` fields (at most ${MAX_NODES}).` } },
      resolve: (_root, args, _ctx, _info, resolveNodes) => {
        if (args.ids.length > MAX_NODES) {
          throw badUserInput(`\`nodes\` takes at most ${MAX_NODES} ids (got ${args.ids.length}).`, { argumentName: 'ids' });
        }
        return resolveNodes(args.ids);
      },
    },
    idFieldOptions: { description: 'Opaque global id (type and Logto id), for `node(id:)` and client caches.' },
    cursorFieldOptions: { description: 'Opaque cursor of this edge, for `after`/`before`.' },
    hasNextPageFieldOptions: { description: 'Whether items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether items precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first edge of the page.' },
    endCursorFieldOptions: { description: 'Cursor of the last edge of the page.' },
    firstArgOptions: { description: 'Returns the first n items after `after` (1–100; 20 when neither `first` nor `last` is given).' },
    lastArgOptions: { description: 'Returns the last n items before `before` (1–100).' },
    afterArgOptions: { description: 'A cursor from this connection: items after it.' },
    beforeArgOptions: { description: 'A cursor from this connection: items before it.' },
    pageInfoFieldOptions: { description: 'Pagination state of this page.' },
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSONObject', JSONObjectResolver);
builder.addScalarType('EmailAddress', EmailAddressResolver);
builder.addScalarType('URL', URLResolver);

builder.queryType({ description: 'The root of every read.' });
builder.mutationType({
  description:
    'The root of every write. Each mutation takes one `input` and returns a result union: its payload, or a typed error (`ValidationError`, `ConflictError`, `NotFoundError`) the caller can fix.',
});

builder.globalConnectionFields((t) => ({
  totalCount: t.int({
    description: "How many items the whole list holds (Logto's `Total-Number`), across all pages.",
    resolve: (parent) => parent.totalCount,
  }),
}));
