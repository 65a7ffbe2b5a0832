import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { generate } from '@graphql-codegen/cli';

import codegenConfig from '../codegen.js';
import { printClientSdl, printSubgraphSdl } from '../src/schema/print.js';

// The one command that rewrites everything printed from the schema: both schema files, then the
// typed example operations generated from schema.graphql. Tests fail when any of them is stale.
const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const files = { 'schema.graphql': printClientSdl(), 'subgraph.graphql': printSubgraphSdl() };
for (const [name, sdl] of Object.entries(files)) {
  writeFileSync(name, sdl);
  process.stdout.write(`wrote ${name}\n`);
}
const outputs = await generate({ ...codegenConfig, silent: true }, true);
for (const output of outputs) process.stdout.write(`wrote ${output.filename}\n`);
