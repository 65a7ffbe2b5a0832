/**
 * Graceful shutdown of the real entry point: `src/main.ts` runs as a child process (through tsx)
 * against a sandbox this test starts. On SIGTERM it must stop accepting connections, let an
 * in-flight slow query finish, close the upstream pool and exit 0; on SIGINT with a query slower
 * than SHUTDOWN_TIMEOUT_MS it must cut that query at the timeout and still exit 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { get } from 'node:http';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

import { ALL_SCOPES } from '../../src/auth/scopes.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { FACADE_AUDIENCE } from '../helpers/stack.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Child = {
  readonly process: ChildProcess;
  readonly url: string;
  readonly lines: Record<string, unknown>[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
};

async function startFacade(sandbox: Sandbox, env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      LOGTO_ENDPOINT: sandbox.url,
      LOGTO_M2M_CLIENT_ID: sandbox.clientId,
      LOGTO_M2M_CLIENT_SECRET: sandbox.clientSecret,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      // As in production: callers need a Logto access token for the facade.
      AUTH_MODE: 'jwt',
      AUTH_AUDIENCE: FACADE_AUDIENCE,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  // Timed at 'exit', settled at 'close': 'exit' can come before the last stdout lines are read.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    let at = 0;
    child.on('exit', () => (at = performance.now()));
    child.on('close', (code, signal) => resolve({ code, signal, at: at || performance.now() }));
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`the facade did not start in time; stderr: ${stderr}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          lines.push(parsed);
          if (typeof parsed.url === 'string' && String(parsed.msg).startsWith('logto-graphql listening')) {
            clearTimeout(timer);
            resolve(parsed.url);
          }
        } catch {
          // not a JSON line
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`the facade exited with ${code} before listening; stderr: ${stderr}`)));
  });
  return { process: child, url, lines, exited };
}

let token = '';
const query = (url: string, text: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: text }),
  }).then(async (response) => ({
    status: response.status,
    body: (await response.json()) as { data?: { users?: { nodes: { username: string }[] } }; errors?: unknown[] },
    at: performance.now(),
  }));

/** A request on a fresh connection: resolves with the status, or with the connection error's code. */
const freshConnection = (url: string) =>
  new Promise<string>((resolve) => {
    const request = get(url.replace('/graphql', '/healthz'), { agent: false }, (response) => {
      response.resume();
      resolve(String(response.statusCode));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });

describe('graceful shutdown (node src/main.ts as a child process)', () => {
  it('on SIGTERM stops accepting, finishes the in-flight slow query, closes the pool and exits 0', async () => {
    const sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => sandbox.close());
    token = sandbox.mintToken({ audience: FACADE_AUDIENCE, scope: [...ALL_SCOPES] });
    const facade = await startFacade(sandbox, { SHUTDOWN_TIMEOUT_MS: '10000' });
    // Warm up: the M2M token is fetched before the upstream gets slow.
    expect((await query(facade.url, '{ users(first: 1) { totalCount } }')).status).toBe(200);

    sandbox.configure({ latencyMs: 1_500 });
    const slow = query(facade.url, 'query Slow { users(first: 3) { nodes { username } } }');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalledAt = performance.now();
    facade.process.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // No new connections while draining…
    expect(await freshConnection(facade.url)).toBe('ECONNREFUSED');
    // …but the query that was in flight gets its full answer.
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.users?.nodes).toHaveLength(3);
    const exit = await facade.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at).toBeGreaterThanOrEqual(answer.at);
    // It did not wait for the 10 s shutdown timeout once the last request was done (a behaviour
    // check, with room for a slow machine: the in-flight answer takes ~1.5 s).
    expect(exit.at - signalledAt).toBeLessThan(8_000);
    const messages = facade.lines.map((line) => String(line.msg));
    expect(messages.some((msg) => msg.startsWith('shutting down'))).toBe(true);
    expect(facade.lines.at(-1)).toMatchObject({ msg: 'stopped', upstreamPoolClosed: true });
    expect(facade.lines.find((line) => (line.operation as { name?: string } | undefined)?.name === 'Slow')).toMatchObject({ outcome: 'success' });
  }, 30_000);

  it('on SIGINT cuts a query slower than SHUTDOWN_TIMEOUT_MS at the timeout and still exits 0', async () => {
    const sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => sandbox.close());
    token = sandbox.mintToken({ audience: FACADE_AUDIENCE, scope: [...ALL_SCOPES] });
    const facade = await startFacade(sandbox, { SHUTDOWN_TIMEOUT_MS: '500' });
    expect((await query(facade.url, '{ users(first: 1) { totalCount } }')).status).toBe(200);

    sandbox.configure({ latencyMs: 5_000 });
    const slow = query(facade.url, '{ users(first: 3) { nodes { username } } }').then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalledAt = performance.now();
    facade.process.kill('SIGINT');
    expect(await slow).toBe('cut');
    const exit = await facade.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    const took = exit.at - signalledAt;
    expect(took).toBeGreaterThanOrEqual(450);
    // Cut at the 500 ms timeout, not after the 5 s answer (room left for a slow machine).
    expect(took).toBeLessThan(4_500);
  }, 30_000);
});
