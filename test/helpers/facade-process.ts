import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * The production build (`node dist/main.js`) as child processes: what the multi-replica tests and
 * the replicas benchmark start, so they exercise what a deployment runs.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
export const distMain = join(root, 'dist', 'main.js');

/**
 * Builds once (`tsc -p tsconfig.build.json`, incremental) even when several test files ask at the
 * same time from parallel workers: a lock directory serialises them.
 */
export async function ensureProductionBuild(): Promise<string> {
  const lock = join(tmpdir(), `logto-graphql-build-${Buffer.from(root).toString('hex').slice(-24)}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed run is stale after three minutes.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`build lock ${lock} held too long`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    // tsc's incremental mode does not notice deleted outputs: start clean when main.js is gone.
    if (!existsSync(distMain)) rmSync(join(root, 'dist', '.tsbuildinfo'), { force: true });
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    await promisify(execFile)(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return distMain;
}

export type FacadeProcess = {
  readonly url: string;
  readonly pid: number;
  /** Parsed JSON log lines so far. */
  readonly logs: Record<string, unknown>[];
  /** Resolves when a log line's `msg` contains `text` (already logged counts). */
  waitForLog(text: string, timeoutMs?: number): Promise<void>;
  post<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T | null; errors?: unknown[] }>;
  stop(): Promise<void>;
};

export type FacadeEnvironment = Record<string, string>;

/** Starts `node dist/main.js` on a free port with only the given environment (plus PATH). */
export async function startFacadeProcess(env: FacadeEnvironment): Promise<FacadeProcess> {
  const child: ChildProcess = spawn(process.execPath, [distMain], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // The auth work makes JWTs the default with LOGTO_ENDPOINT set: these tests call anonymously.
      AUTH_MODE: 'none',
      ALLOW_UNAUTHENTICATED: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A crashed test run must not leave replicas behind.
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  const logs: Record<string, unknown>[] = [];
  const watchers = new Set<() => void>();
  let stderr = '';
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ msg: line });
      }
      for (const watch of watchers) watch();
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const logged = (text: string) => logs.some((line) => typeof line.msg === 'string' && line.msg.includes(text));
  const waitForLog = (text: string, timeoutMs = 20_000) =>
    new Promise<void>((resolve, reject) => {
      if (logged(text)) return resolve();
      const timer = setTimeout(() => {
        watchers.delete(watch);
        reject(new Error(`no log line with "${text}" after ${timeoutMs} ms; stderr:\n${stderr}\nlogs:\n${logs.map((l) => JSON.stringify(l)).join('\n')}`));
      }, timeoutMs);
      const watch = () => {
        if (!logged(text)) return;
        clearTimeout(timer);
        watchers.delete(watch);
        resolve();
      };
      watchers.add(watch);
      void exited.then(() => {
        if (!watchers.has(watch)) return;
        clearTimeout(timer);
        watchers.delete(watch);
        reject(new Error(`facade exited (${child.exitCode}) before logging "${text}"; stderr:\n${stderr}`));
      });
    });

  await waitForLog('listening on');
  const listening = logs.find((line) => typeof line.msg === 'string' && line.msg.includes('listening on'));
  const url = String(listening?.url);

  return {
    url,
    pid: child.pid ?? 0,
    logs,
    waitForLog,
    async post<T>(query: string, variables?: Record<string, unknown>) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: T | null; errors?: unknown[] };
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export { maxInAnyWindow } from './windows.js';
