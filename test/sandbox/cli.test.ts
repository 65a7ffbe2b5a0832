import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

import { runCli, type CliResult } from '../../src/sandbox/cli.js';
import { callApi, getToken } from '../helpers/sandbox-client.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let started: CliResult[] = [];

async function run(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const result = await runCli(argv, env, { out: (line) => out.push(line), err: (line) => err.push(line) });
  started.push(result);
  return { result, out, err };
}

afterEach(async () => {
  await Promise.all(started.map(async (result) => ('sandbox' in result ? result.sandbox.close() : undefined)));
  started = [];
});

describe('the sandbox CLI', () => {
  it('starts with the flags and prints the URL, the credentials, the resource and a curl command', async () => {
    const { result, out } = await run([
      '--port', '0', '--client-id', 'my-m2m', '--client-secret', 's3cret', '--latency-ms', '20-40',
      '--rate-limit', '200/10s', '--fault-rate', '0', '--seed', '7', '--users', '1500', '--token-ttl', '60',
    ]);
    if (!('sandbox' in result)) throw new Error(`CLI did not start: ${JSON.stringify(result)}`);
    const { sandbox } = result;
    expect(sandbox.store.users.size).toBe(1500);
    const text = out.join('\n');
    expect(text).toContain(sandbox.url);
    expect(text).toContain('my-m2m');
    expect(text).toContain('s3cret');
    expect(text).toContain('https://default.logto.app/api');
    expect(text).toMatch(/curl -s -u 'my-m2m:s3cret' .*\/oidc\/token/);
    const token = await getToken(sandbox);
    expect((await callApi(sandbox, '/api/users', token)).status).toBe(200);
  });

  it('reads SANDBOX_* variables when a flag is absent, flags winning', async () => {
    const { result } = await run(['--port', '0', '--users', '60'], {
      SANDBOX_CLIENT_ID: 'env-client',
      SANDBOX_CLIENT_SECRET: 'env-secret',
      SANDBOX_USERS: '80',
      SANDBOX_TOKEN_TTL: '30',
    });
    if (!('sandbox' in result)) throw new Error('CLI did not start');
    expect(result.sandbox.clientId).toBe('env-client');
    expect(result.sandbox.store.users.size).toBe(60);
    const response = await fetch(`${result.sandbox.url}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=env-client&client_secret=env-secret&resource=https%3A%2F%2Fdefault.logto.app%2Fapi&scope=all',
    });
    expect(await response.json()).toMatchObject({ expires_in: 30, scope: 'all' });
  });

  it.each([
    [['--latency-ms', 'fast'], 'sandbox: --latency-ms / SANDBOX_LATENCY_MS: expected <ms> or <min>-<max>, e.g. 20-40 (got "fast")'],
    [['--rate-limit', '200'], 'sandbox: --rate-limit / SANDBOX_RATE_LIMIT: expected <requests>/<window>, e.g. 200/10s (got "200")'],
    [['--fault-rate', '2'], 'sandbox: --fault-rate / SANDBOX_FAULT_RATE: expected a fraction from 0 to 1, e.g. 0.2 (got "2")'],
    [['--port', '70000'], 'sandbox: --port / SANDBOX_PORT: expected a number from 0 to 65535 (got "70000")'],
    [['--client-secret', ''], 'sandbox: --client-secret / SANDBOX_CLIENT_SECRET: must not be empty'],
    [['--nope'], /^sandbox: Unknown option '--nope'.* \(see --help\)$/],
  ])('rejects %j with one clear line and exit code 1', async (argv, line) => {
    const { result, out, err } = await run(argv);
    expect(result).toEqual({ exitCode: 1 });
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    if (line instanceof RegExp) expect(err[0]).toMatch(line);
    else expect(err[0]).toBe(line);
  });

  it('runs as a process and closes cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/main.ts', '--port', '0', '--users', '50'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited early (${String(code)}): ${output}`)));
    });
    expect((await fetch(`${url}/api/status`)).status).toBe(204);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
