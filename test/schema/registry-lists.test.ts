import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { ENTITIES } from '../../src/entities.js';

/**
 * Issue 16: an entity's root list takes its route from the registry (`entityListConnection`),
 * so the route is stated once, in `src/entities.ts`. A resolver that still restates a registered
 * list route for the root connection of that entity is what this catches.
 */

const folder = new URL('../../src/resolvers/', import.meta.url);
const sources = readdirSync(folder)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({ file, source: readFileSync(new URL(file, folder), 'utf8') }));

describe('root lists of registered entities', () => {
  it('name their entity, not its route: no resolver restates a registered list route for that root connection', () => {
    const restated: string[] = [];
    for (const { file, source } of sources) {
      // `(whole)listConnection(ctx, '<connection>', args, { route: '<route>'` with the connection named as a loader.
      for (const match of source.matchAll(/ListConnection(?:<[^>]*>)?\(\s*ctx,\s*'(\w+)',\s*args,\s*\{\s*route:\s*'([^']+)'/gi)) {
        const [, connection, route] = match;
        const entry = (ENTITIES as Readonly<Record<string, { routes: { list: string } }>>)[connection!];
        if (entry?.routes.list === route) restated.push(`${file}: ${connection} → ${route}`);
      }
    }
    expect(restated).toEqual([]);
  });

});
