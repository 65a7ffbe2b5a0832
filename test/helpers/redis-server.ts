import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * A throwaway `redis-server` on a free loopback port, as a child process: no persistence, killed
 * and restarted at will (the "Redis goes away" tests). `.ci/run` installs Debian's redis-server.
 */

export type RedisServer = {
  readonly port: number;
  readonly url: string;
  /** Starts it again on the same port (empty: nothing was persisted). */
  start(): Promise<void>;
  /** SIGKILL: no goodbye to the clients, like a crashed or unplugged server. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** SIGSTOP / SIGCONT: a server that keeps its connections open but stops answering. */
  pause(): void;
  resume(): void;
};

let presence: boolean | undefined;

/** Whether `redis-server` can run here. */
export function redisServerInstalled(): boolean {
  presence ??= spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  return presence;
}

/**
 * True when the Redis tests can run. Outside CI a missing redis-server skips them with a loud
 * message; in CI (`CI=true`) it fails the run instead, so the shared budget is never untested.
 */
export function redisTestsCanRun(what: string): boolean {
  if (redisServerInstalled()) return true;
  const message = `redis-server is not installed: ${what} cannot run. Install it (Debian: apt-get install -y redis-server; .ci/run does this).`;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(message);
  process.stderr.write(`\n${'!'.repeat(100)}\nSKIPPED — ${message}\n${'!'.repeat(100)}\n\n`);
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    if (child) return;
    const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    // A crashed test run must not leave a server behind.
    const reap = () => proc.kill('SIGKILL');
    process.once('exit', reap);
    proc.once('exit', () => process.off('exit', reap));
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}:\n${output}`)), 10_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          proc.stdout?.off('data', onData);
          proc.stdout?.resume();
          resolve();
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`));
      });
    });
  }

  async function end(signal: NodeJS.Signals): Promise<void> {
    const proc = child;
    if (!proc) return;
    child = undefined;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });
  }

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    kill: () => end('SIGKILL'),
    stop: async () => {
      child?.kill('SIGCONT');
      await end('SIGTERM');
    },
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
  };
}
