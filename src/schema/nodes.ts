import type { Context } from '../context.js';
import type { EntityLoaderName, EntityRow } from '../entities.js';

/**
 * What `builder.node` needs to refetch an entity by id (`node`, `nodes`; `_entities` uses the
 * same loaders): its Logto id and the registry's by-id loader (`src/entities.ts`).
 */
export function nodeLoading<N extends EntityLoaderName>(loader: N) {
  return {
    id: { resolve: (row: { readonly id: string }) => row.id },
    loadMany: (ids: readonly string[], ctx: Context): Promise<EntityRow<N> | null>[] =>
      ids.map((id) => (ctx.loaders[loader] as { load(id: string): Promise<EntityRow<N> | null> }).load(id)),
  };
}
