import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { SCOPE_DESCRIPTIONS } from '../../src/auth/scopes.js';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

describe('README', () => {
  it('documents the permission catalogue exactly as src/auth/scopes.ts defines it', () => {
    const rows = Object.fromEntries([...readme.matchAll(/^\| `([a-z:]+)` \| (.+) \|$/gm)].map((match) => [match[1], match[2]]));
    expect(rows).toEqual(SCOPE_DESCRIPTIONS);
  });

  it('lists every authentication setting in the configuration table', () => {
    for (const name of ['AUTH_MODE', 'AUTH_AUDIENCE', 'AUTH_ISSUER', 'ALLOW_UNAUTHENTICATED', 'GRAPHIQL', 'INTROSPECTION', 'SELF_SERVICE_CUSTOM_DATA_KEYS']) {
      expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
    }
  });
});
