import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { printSchemaSdl } from '../src/schema/print.js';

// Writes schema.graphql at the repository root; test/schema.test.ts fails when it is stale.
const target = fileURLToPath(new URL('../schema.graphql', import.meta.url));
writeFileSync(target, printSchemaSdl());
process.stdout.write(`wrote ${target}\n`);
