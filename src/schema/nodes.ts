import type DataLoader from 'dataloader';

import type { Context } from '../context.js';
import { ENTITIES, type EntityLoaderName, type EntityRow, type FederationKey } from '../entities.js';
import { requirementToLoadById } from '../auth/requirements.js';
import { cost } from '../cost/rules.js';
import { logtoIdFrom, logtoIdOfRepresentation } from '../global-id.js';
import { builder } from './builder.js';
import { prefetchChildren } from './prefetch.js';

/** A representation as a gateway sends it: `__typename` plus the fields of one of our keys. */
type EntityReference = { readonly logtoId?: unknown; readonly id?: unknown };

const KEY_SELECTIONS: Readonly<Record<FederationKey, ReturnType<typeof builder.selection<{ id: string }>>>> = {
  logtoId: builder.selection<{ logtoId: string }>('logtoId') as unknown as ReturnType<typeof builder.selection<{ id: string }>>,
  id: builder.selection<{ id: string }>('id'),
};

function loadReference<T>(loader: DataLoader<string, T | null>, reference: EntityReference, typename: string): Promise<T | null> | null {
  const logtoId = logtoIdOfRepresentation(reference, typename);
  return logtoId === undefined ? null : loader.load(logtoId);
}

/**
 * What `builder.node` needs to refetch a registered entity (`src/entities.ts`) by id: its Logto id
 * and the registry's by-id loader, for `node`/`nodes`. An entry with federation keys also becomes
 * a federation entity here (Apollo's `@key`s, `_entities`), resolved through the same loader, so
 * a gateway's batch of 100 user references is one Logto search request.
 *
 *   builder.node(UserRef, { ...entityNode(UserRef, 'users'), fields: … })
 */
export function entityNode<N extends EntityLoaderName>(ref: ReturnType<typeof builder.objectRef<{ id: string }>> | { readonly name: string }, loader: N) {
  const entry = ENTITIES[loader];
  if (ref.name !== entry.typename) throw new Error(`src/entities.ts: the ${loader} loader loads ${entry.typename}, not ${ref.name}`);
  const load = (ctx: Context) => ctx.loaders[loader] as DataLoader<string, EntityRow<N> | null>;
  if (entry.federationKeys.length > 0) {
    builder.asEntity(ref as ReturnType<typeof builder.objectRef<{ id: string }>>, {
      key: entry.federationKeys.map((key) => KEY_SELECTIONS[key]),
      resolveReference: (reference, ctx) => loadReference(load(ctx), reference as EntityReference, entry.typename),
    });
  }
  return {
    id: { resolve: (row: { readonly id: string }) => row.id },
    loadMany: (ids: readonly string[], ctx: Context): Promise<EntityRow<N> | null>[] => ids.map((id) => load(ctx).load(id)),
  };
}

type QueryFieldBuilder = Parameters<Parameters<typeof builder.queryFields>[0]>[0];

/**
 * The root field that reads one registered entity by global id or Logto id (`user(id:)`): gated
 * by the registry's read permission before anything loads, costed as the registry's batch kind,
 * read through its by-id loader (or `resolve`, for a lookup that depends on the caller).
 */
export function entityByIdField<N extends EntityLoaderName, Shape extends object>(
  t: QueryFieldBuilder,
  ref: ReturnType<typeof builder.objectRef<Shape>>,
  loader: N,
  text: { readonly description: string; readonly id: string },
  resolve?: (ctx: Context, id: string) => Promise<Shape | null>,
  // Annotated so the declaration build (`tsconfig.build.json`) can name the type.
): ReturnType<QueryFieldBuilder['field']> {
  const { typename } = ENTITIES[loader];
  if (ref.name !== typename) throw new Error(`src/entities.ts: the ${loader} loader loads ${typename}, not ${ref.name}`);
  return t.field({
    type: ref,
    nullable: true,
    description: text.description,
    args: { id: t.arg.id({ required: true, description: text.id }) },
    authScopes: (_root, args) => requirementToLoadById(typename, args.id),
    extensions: cost.load(loader),
    // Cast: Pothos types a resolver's result through a conditional type it cannot resolve for a
    // generic `Shape`; it is `Promise<Shape | null>`, what a nullable field of `ref` takes.
    resolve: (_root, args, ctx, info) => {
      const loaded = resolve ? resolve(ctx, args.id) : (ctx.loaders[loader] as DataLoader<string, Shape | null>).load(logtoIdFrom(args.id, typename));
      // The object's id is the argument: children keyed by it start now, in the parent's wave.
      prefetchChildren(logtoIdFrom(args.id, typename), ctx, info);
      return loaded as never;
    },
  });
}
