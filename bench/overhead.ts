/**
 * `npx tsx bench/overhead.ts [--write]` (also run by `npm run bench`): the facade's own cost.
 * 1. Facade time per simple operation: `user(id:)` against a zero-latency sandbox, timed on the
 *    server (request in → response finished) minus the time an upstream request was in flight
 *    (first attempt leaving the queue → answer), p50/p95. Run it under `node --cpu-prof` to see
 *    where that time goes.
 * 2. Throughput: the facade alone in a child process (one event loop: one core), a cached M2M
 *    token, `user(id:)` with 32 in flight against a zero-latency sandbox, operations per second.
 * 3. Memory: the same child's RSS after 60,000 mixed operations, never a forced GC.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { Pool } from 'undici';

import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { createLogtoClient, type UpstreamEvent } from '../src/logto/client.js';
import { startSandbox } from '../src/sandbox/index.js';
import { startServer } from '../src/server.js';

const { values: flags } = parseArgs({
  options: {
    iterations: { type: 'string', default: '2000' },
    'throughput-seconds': { type: 'string', default: '10' },
    'memory-operations': { type: 'string', default: '60000' },
    only: { type: 'string' },
    /** Write a CPU profile of the timed `user(id:)` runs (warm, start-up excluded) to this file. */
    profile: { type: 'string' },
    write: { type: 'boolean', default: false },
  },
});
const iterations = Number(flags.iterations);
const throughputSeconds = Number(flags['throughput-seconds']);
const memoryOperations = Number(flags['memory-operations']);
const only = flags.only;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const sandbox = await startSandbox({ port: 0, latencyMs: 0 });
const environment = {
  LOGTO_ENDPOINT: sandbox.url,
  LOGTO_M2M_CLIENT_ID: sandbox.clientId,
  LOGTO_M2M_CLIENT_SECRET: sandbox.clientSecret,
  AUTH_MODE: 'none',
  ALLOW_UNAUTHENTICATED: 'true',
  LOG_LEVEL: 'info',
  LOGTO_RATE_LIMIT: '10000000/10s',
  MAX_UPSTREAM_REQUESTS_PER_OPERATION: '1000',
};
const userIds = sandbox.store.usersNewestFirst().map((user) => user.id);
const someUser = userIds[0]!;
const userQuery = (id: string) => JSON.stringify({ query: `query($id: ID!) { user(id: $id) { id username name } }`, variables: { id } });

const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

// 1. Facade time (in this process, so `node --cpu-prof` sees it).
if (!only || only === 'facade-time') {
  const upstream: UpstreamEvent[] = [];
  const config = loadConfig({ ...environment, LOG_LEVEL: 'silent' });
  const client = createLogtoClient({ ...config.logto, endpoint: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, logger: silentLogger, meter: { record: (event) => upstream.push(event) } });
  const server = await startServer({ config, client, logger: silentLogger }, { port: 0, host: '127.0.0.1' });
  const own: number[] = [];
  let current: { start: number } | undefined;
  server.server.prependListener('request', (_request, response) => {
    const start = performance.now();
    current = { start };
    response.on('finish', () => {
      const end = performance.now();
      // Upstream time: the union of the exchanges' [left the queue, answered] in this operation.
      let busy = 0;
      let reach = start;
      for (const event of upstream.filter((each) => each.startedAt >= start && each.endedAt <= end).sort((a, b) => a.startedAt - b.startedAt)) {
        const from = Math.max(event.startedAt, reach);
        if (event.endedAt > from) busy += event.endedAt - from;
        reach = Math.max(reach, event.endedAt);
      }
      own.push(end - start - busy);
      upstream.length = 0;
    });
  });
  const pool = new Pool(new URL(server.url).origin, { connections: 1 });
  const post = async (body: string) => {
    const answer = await pool.request({ method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body });
    const text = await answer.body.text();
    if (answer.statusCode !== 200 || text.includes('"errors"')) throw new Error(text);
  };
  for (let index = 0; index < 300; index += 1) await post(userQuery(userIds[index % userIds.length]!)); // warm-up (JIT, token)
  own.length = 0;
  const profiler = flags.profile ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  for (let index = 0; index < iterations; index += 1) await post(userQuery(userIds[index % userIds.length]!));
  if (profiler && flags.profile) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(flags.profile, JSON.stringify(profile));
    profiler.disconnect();
  }
  void current;
  own.sort((a, b) => a - b);
  say(`| facade time per \`user(id:)\`, upstream excluded (${iterations} sequential operations) | p50 ${percentile(own, 50).toFixed(2)} ms, p95 ${percentile(own, 95).toFixed(2)} ms |`);
  await pool.close();
  await server.close(1000);
  await client.close();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The facade as `node src/main.ts` runs it, alone in a child process. */
async function startChildFacade(): Promise<{ child: ChildProcess; origin: string; rssMb(): number; stop(): Promise<void> }> {
  const port = await freePort();
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, ...environment, PORT: String(port), HOST: '127.0.0.1', LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`facade exited with ${code}`)));
  });
  child.stdout!.resume();
  return {
    child,
    origin: `http://127.0.0.1:${port}`,
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function drive(origin: string, total: number | undefined, seconds: number | undefined, bodies: (index: number) => string, inFlight = 32): Promise<{ done: number; elapsedMs: number }> {
  const pool = new Pool(origin, { connections: inFlight });
  let next = 0;
  let done = 0;
  const start = performance.now();
  const deadline = seconds === undefined ? Infinity : start + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while ((total === undefined || next < total) && performance.now() < deadline) {
        const index = next++;
        const answer = await pool.request({ method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body: bodies(index) });
        const text = await answer.body.text();
        if (answer.statusCode !== 200 || text.includes('"errors"')) throw new Error(text.slice(0, 500));
        done += 1;
      }
    }),
  );
  const elapsedMs = performance.now() - start;
  await pool.close();
  return { done, elapsedMs };
}

// 2. Throughput.
if (!only || only === 'throughput') {
  const facade = await startChildFacade();
  await drive(facade.origin, 2000, undefined, (index) => userQuery(userIds[index % userIds.length]!)); // warm-up
  const { done, elapsedMs } = await drive(facade.origin, undefined, throughputSeconds, (index) => userQuery(userIds[index % userIds.length]!));
  say(`| throughput, \`user(id:)\`, cached token, zero-latency sandbox, 32 in flight (${throughputSeconds} s) | ${((done / elapsedMs) * 1000).toFixed(0)} operations/s |`);
  await facade.stop();
}

// 3. Memory after many mixed operations.
if (!only || only === 'memory') {
  const mixed = [
    (index: number) => userQuery(userIds[index % userIds.length]!),
    () => JSON.stringify({ query: '{ users(first: 20) { totalCount nodes { id username roles { totalCount } } } }' }),
    () => JSON.stringify({ query: '{ logs(first: 50) { nodes { key user { username } application { name } } } }' }),
    () => JSON.stringify({ query: '{ roles(first: 20) { nodes { name scopes { totalCount } } } }' }),
    () => JSON.stringify({ query: '{ organizations(first: 20) { nodes { name members(first: 10) { totalCount nodes { username } } } } }' }),
  ];
  const facade = await startChildFacade();
  const before = facade.rssMb();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, facade.rssMb())), 250);
  const { done, elapsedMs } = await drive(facade.origin, memoryOperations, undefined, (index) => mixed[index % mixed.length]!(index));
  clearInterval(sampler);
  const after = facade.rssMb();
  say(`| RSS after ${done} mixed operations (5 shapes, 32 in flight, no forced GC; ${(elapsedMs / 1000).toFixed(0)} s) | ${after.toFixed(0)} MB at the end, ${peak.toFixed(0)} MB peak (${before.toFixed(0)} MB at start) |`);
  await facade.stop();
}

await sandbox.close();

const header = `Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((value) => value.toFixed(1)).join(' / ')} at the end, ${new Date().toISOString().slice(0, 10)}.`;
const sectionBody = `${header}\n\n| measure | figure |\n|---|---|\n${lines.join('\n')}`;
process.stdout.write(`\n${sectionBody}\n`);
if (flags.write && !only) {
  const file = fileURLToPath(new URL('../docs/BENCHMARKS.md', import.meta.url));
  const begin = '<!-- bench:overhead:begin -->';
  const end = '<!-- bench:overhead:end -->';
  const current = readFileSync(file, 'utf8');
  const section = `${begin}\n${sectionBody}\n${end}`;
  const pattern = new RegExp(`${begin}[\\s\\S]*?${end}`);
  writeFileSync(file, pattern.test(current) ? current.replace(pattern, section) : `${current}\n${section}\n`);
  process.stdout.write(`updated ${file}\n`);
}
