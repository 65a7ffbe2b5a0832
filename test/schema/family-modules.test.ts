import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

/**
 * A new type family is one new module in `src/schema`, with no import line to add anywhere:
 * `src/schema/index.ts` loads every module of its folder. Checked on a copy of `src` holding one
 * extra module, built into a schema by a separate tsx process (as `npm run print-schema` runs).
 * The production build loads the same way (test/sandbox/package-entry.test.ts runs it).
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const copy = mkdtempSync(join(tmpdir(), 'logto-graphql-family-'));

afterAll(() => rmSync(copy, { recursive: true, force: true }));

const PROBE_MODULE = `
import { requires } from '../auth/requirements.js';
import { builder } from './builder.js';

builder.queryField('familyProbe', (t) =>
  t.string({ description: 'Registered by a module nothing imports.', authScopes: requires.authenticated, resolve: () => 'probe' }),
);
`;

const PRINT_FIELDS = `
const { buildSchema } = await import('./src/schema/index.ts');
const schema = buildSchema({ federation: false });
console.log(JSON.stringify(Object.keys(schema.getQueryType().getFields())));
`;

describe('family modules of src/schema', () => {
  it('registers a module that is only in the folder (no import line in index.ts)', async () => {
    cpSync(join(root, 'src'), join(copy, 'src'), { recursive: true });
    cpSync(join(root, 'package.json'), join(copy, 'package.json'));
    cpSync(join(root, 'tsconfig.json'), join(copy, 'tsconfig.json'));
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
    writeFileSync(join(copy, 'src', 'schema', 'zz-probe.ts'), PROBE_MODULE);

    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PRINT_FIELDS], { cwd: copy });
    const fields = JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as string[];
    // The probe joins the fields every listed family registers.
    expect(fields).toEqual(expect.arrayContaining(['familyProbe', 'user', 'users', 'node', 'me']));
  }, 120_000);
});
