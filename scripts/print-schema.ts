import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { printClientSdl, printSubgraphSdl } from '../src/schema/print.js';

// The one place both schema files are written from; test/schema/schema.test.ts fails when either is stale.
const files = { 'schema.graphql': printClientSdl(), 'subgraph.graphql': printSubgraphSdl() };
for (const [name, sdl] of Object.entries(files)) {
  const target = fileURLToPath(new URL(`../${name}`, import.meta.url));
  writeFileSync(target, sdl);
  process.stdout.write(`wrote ${target}\n`);
}
