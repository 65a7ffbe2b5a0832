import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { ensureProductionBuild, startFacadeProcess } from '../helpers/facade-process.js';

/**
 * The sandbox is its own package entry (`logto-graphql/sandbox`), and the facade's runtime does
 * not load it when LOGTO_ENDPOINT points at a real Logto. Both are checked on the production
 * build, as a team installing the package would run it.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const registerTrace = pathToFileURL(join(root, 'test', 'helpers', 'load-trace', 'register.mjs')).href;
const sandboxDist = pathToFileURL(join(root, 'dist', 'sandbox')).href;

type ExportTarget = string | { readonly types?: string; readonly default?: string };

beforeAll(async () => {
  await ensureProductionBuild();
}, 180_000);

describe('package exports', () => {
  it('maps `.` and `./sandbox` to built files with their types', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, ExportTarget> };
    expect(Object.keys(manifest.exports)).toEqual(expect.arrayContaining(['.', './sandbox']));
    for (const entry of ['.', './sandbox']) {
      const target = manifest.exports[entry];
      expect(typeof target).toBe('object');
      const { types, default: code } = target as { types?: string; default?: string };
      expect(types, `${entry} types`).toMatch(/\.d\.ts$/);
      expect(existsSync(join(root, String(types))), `${entry} → ${types}`).toBe(true);
      expect(existsSync(join(root, String(code))), `${entry} → ${code}`).toBe(true);
    }
  });

  it("starts the sandbox from another project's code through `import { startSandbox } from 'logto-graphql/sandbox'`", async () => {
    // A separate Node process resolving the package by name (self-reference through `exports`),
    // exactly the import a team writes in its own tests.
    const script = `
      import { startSandbox } from 'logto-graphql/sandbox';
      const sandbox = await startSandbox({ users: 3 });
      const token = await fetch(sandbox.url + '/oidc/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sandbox.clientId, client_secret: sandbox.clientSecret, resource: sandbox.managementApiResource, scope: 'all' }),
      }).then((response) => response.json());
      const users = await fetch(sandbox.url + '/api/users', { headers: { authorization: 'Bearer ' + token.access_token } });
      console.log(JSON.stringify({ status: users.status, count: (await users.json()).length, url: sandbox.url }));
      await sandbox.close();
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    const answer = JSON.parse(stdout.trim()) as { status: number; count: number; url: string };
    expect(answer).toMatchObject({ status: 200, count: 3 });
    expect(answer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('the facade runtime and the sandbox', () => {
  let upstream: Sandbox;
  const traceDirectory = mkdtempSync(join(tmpdir(), 'logto-graphql-load-trace-'));

  beforeAll(async () => {
    upstream = await startSandbox({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await upstream.close();
  });

  async function modulesLoadedBy(env: Record<string, string>): Promise<string[]> {
    const traceFile = join(traceDirectory, `${Object.keys(env).length}-${Date.now()}.txt`);
    const facade = await startFacadeProcess({ ...env, NODE_OPTIONS: `--import=${registerTrace}`, LOAD_TRACE_FILE: traceFile });
    try {
      const answer = await facade.post<{ users: { totalCount: number } }>('{ users(first: 1) { totalCount } }');
      expect(answer.errors).toBeUndefined();
    } finally {
      await facade.stop();
    }
    return readFileSync(traceFile, 'utf8').split('\n').filter(Boolean);
  }

  it('with LOGTO_ENDPOINT set, no sandbox module is loaded', async () => {
    const loaded = await modulesLoadedBy({
      LOGTO_ENDPOINT: upstream.url,
      LOGTO_M2M_CLIENT_ID: upstream.clientId,
      LOGTO_M2M_CLIENT_SECRET: upstream.clientSecret,
    });
    // The trace did record the facade itself...
    expect(loaded.some((url) => url.endsWith('/dist/main.js'))).toBe(true);
    // ...and nothing under dist/sandbox.
    expect(loaded.filter((url) => url.startsWith(sandboxDist))).toEqual([]);
  });

  it('without LOGTO_ENDPOINT, the embedded sandbox is loaded (the trace sees it)', async () => {
    const loaded = await modulesLoadedBy({});
    expect(loaded.filter((url) => url.startsWith(sandboxDist)).length).toBeGreaterThan(0);
  });
});
