/**
 * `npx tsx bench/concurrency.ts [--write]` (also run by `npm run bench`): how the cap on upstream
 * requests in flight (`LOGTO_MAX_CONCURRENCY`) shapes a screen of 51 independent requests
 * (`users(first: 50) { roles }`: one list, then 50 `/users/:id/roles` at once) against a sandbox
 * with 20 ms latency. The default is chosen from this table (README, "Cost and budget").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { startSandbox } from '../src/sandbox/index.js';
import { startBenchFacade } from './facade.js';

const { values: flags } = parseArgs({
  options: { latency: { type: 'string', default: '20' }, iterations: { type: 'string', default: '15' }, write: { type: 'boolean', default: false } },
});
const latencyMs = Number(flags.latency);
const iterations = Number(flags.iterations);
const query = JSON.stringify({ query: '{ users(first: 50) { nodes { roles { nodes { name } } } } }' });
const sandbox = await startSandbox({ port: 0, latencyMs });
const lines = ['| LOGTO_MAX_CONCURRENCY | p50 / p95 (ms) | waves |', '|---|---|---|'];
for (const cap of [8, 16, 32, 64, 128]) {
  const facade = await startBenchFacade(sandbox, { LOGTO_RATE_LIMIT: '100000/10s', LOGTO_MAX_CONCURRENCY: String(cap), MAX_UPSTREAM_REQUESTS_PER_OPERATION: '1000' });
  const run = async () => {
    const answer = await fetch(facade.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query });
    const body = (await answer.json()) as { errors?: unknown; extensions: { cost: { upstreamWaves: number } } };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.extensions.cost.upstreamWaves;
  };
  await run();
  const times: number[] = [];
  let waves = 0;
  for (let index = 0; index < iterations; index += 1) {
    const start = performance.now();
    waves = await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
  lines.push(`| ${cap} | ${at(50).toFixed(0)} / ${at(95).toFixed(0)} | ${waves} |`);
  process.stdout.write(`${lines.at(-1)}\n`);
  await facade.close();
}
await sandbox.close();
const sectionBody = `\`users(first: 50) { roles }\` (51 requests, 2 waves), upstream latency ${latencyMs} ms, ${iterations} timed runs after one warm-up, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.\n\n${lines.join('\n')}`;
if (flags.write) {
  const file = fileURLToPath(new URL('../docs/BENCHMARKS.md', import.meta.url));
  const [begin, end] = ['<!-- bench:concurrency:begin -->', '<!-- bench:concurrency:end -->'];
  const current = readFileSync(file, 'utf8');
  const pattern = new RegExp(`${begin}[\\s\\S]*?${end}`);
  const section = `${begin}\n${sectionBody}\n${end}`;
  writeFileSync(file, pattern.test(current) ? current.replace(pattern, section) : `${current}\n${section}\n`);
}
