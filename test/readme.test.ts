import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { SCOPE_DESCRIPTIONS } from '../src/auth/scopes.js';
import { ENVIRONMENT_VARIABLES } from '../src/config.js';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');

describe('README', () => {
  it('has a configuration-table row for every variable the configuration reads (authentication settings included)', () => {
    const rows = readme.split('\n').filter((line) => line.startsWith('| `'));
    const documented = new Set(rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1])));
    expect(ENVIRONMENT_VARIABLES.length).toBeGreaterThan(30);
    expect(ENVIRONMENT_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents the permission catalogue exactly as src/auth/scopes.ts defines it', () => {
    const rows = Object.fromEntries([...readme.matchAll(/^\| `([a-z:-]+)` \| (.+) \|$/gm)].map((match) => [match[1], match[2]]));
    expect(rows).toEqual(SCOPE_DESCRIPTIONS);
  });

  it('keeps the two-command quick start', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });
});
