/**
 * Fairness of the upstream budget (issue 14, "one caller can starve everyone"): 10 polite callers,
 * each sending one single-request query a second, with and without a greedy caller running two
 * loops of `nodes(ids: [100 organization ids])` (cost 100, the per-operation limit). Every caller
 * has its own sandbox-minted token (AUTH_MODE=jwt), against the default budget (200/10s).
 * Scenarios: polite callers alone; with the greedy caller under one shared identity (everyone in
 * one FIFO: the queue before fair queueing); with distinct identities (fair queueing); and with
 * `LOGTO_RATE_LIMIT_PER_CALLER=25%`. The polite callers run alone for 11 s (one window: steady state), then the greedy caller
 * joins (an attack on a serving facade); latencies count from then on. `--write` records the figures in docs/BENCHMARKS.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { encodeGlobalId } from '../src/global-id.js';
import { startSandbox } from '../src/sandbox/index.js';
import { maxInAnyWindow } from '../test/helpers/windows.js';
import { startBenchFacade } from './facade.js';

const { values: flags } = parseArgs({
  options: { write: { type: 'boolean', default: false }, seconds: { type: 'string', default: '30' } },
});
const durationMs = Number(flags.seconds) * 1000;
const AUDIENCE = 'https://graphql.bench.test';
const POLITE = 10;
const BUDGET = { limit: 200, windowMs: 10_000 };

type Scenario = { name: string; greedy: boolean; sharedIdentity: boolean; env: Record<string, string> };
const scenarios: Scenario[] = [
  { name: 'polite callers alone', greedy: false, sharedIdentity: false, env: {} },
  { name: 'with the greedy caller, one shared identity (FIFO, as before)', greedy: true, sharedIdentity: true, env: {} },
  { name: 'with the greedy caller, fair queue (default)', greedy: true, sharedIdentity: false, env: {} },
  { name: 'with the greedy caller, fair queue + `LOGTO_RATE_LIMIT_PER_CALLER=25%`', greedy: true, sharedIdentity: false, env: { LOGTO_RATE_LIMIT_PER_CALLER: '25%' } },
];

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const lines = [
  '| scenario | polite queries | polite p50 (ms) | polite p99 (ms) | polite failed | greedy upstream requests | greedy refused queries | upstream 429s | fullest 10 s window |',
  '|---|---|---|---|---|---|---|---|---|',
];

for (const scenario of scenarios) {
  const sandbox = await startSandbox({ port: 0, latencyMs: [1, 5], rateLimit: BUDGET });
  const { server, close } = await startBenchFacade(sandbox, {
    AUTH_MODE: 'jwt',
    AUTH_AUDIENCE: AUDIENCE,
    LOGTO_RATE_LIMIT: `${BUDGET.limit}/${BUDGET.windowMs}ms`,
    ...scenario.env,
  });
  const token = (sub: string) => sandbox.mintToken({ audience: AUDIENCE, sub, clientId: 'bench-spa', scope: 'read:organizations' });
  const shared = token('sharedcaller');
  const politeTokens = Array.from({ length: POLITE }, (_, i) => (scenario.sharedIdentity ? shared : token(`politeuser${String(i).padStart(2, '0')}`)));
  const greedyToken = scenario.sharedIdentity ? shared : token('greedyuser01');
  const post = async (query: string, variables: Record<string, unknown>, bearer: string) =>
    (await (
      await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as { data?: unknown; errors?: unknown[] };

  const orgs = [...sandbox.store.organizations.keys()].map((id) => encodeGlobalId('Organization', id));
  const politeQuery = 'query($id: ID!) { node(id: $id) { id ... on Organization { name } } }';
  // Warm-up (signing keys, M2M token), then a fresh window.
  await post(politeQuery, { id: orgs[0] }, politeTokens[0]!);
  await sleep(BUDGET.windowMs + 300);
  sandbox.requestLog.clear();

  let running = true;
  const started = performance.now();
  // One window and a bit: the polite callers are in steady state (their own slots age out as they send).
  const JOIN_MS = BUDGET.windowMs + 1_000;
  const latencies: number[] = [];
  let politeFailed = 0;
  let greedyRefused = 0;
  const greedyLoops = scenario.greedy
    ? [0, 1].map(async (loop) => {
        await sleep(JOIN_MS);
        let round = 0;
        while (running) {
          // Ids Logto does not know: each still costs one GET /api/organizations/:id (404 → null).
          const ids = Array.from({ length: 100 }, (_, i) => encodeGlobalId('Organization', `greedy${loop}${String(round).padStart(3, '0')}${String(i).padStart(3, '0')}`));
          round++;
          const answer = await post('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }, greedyToken).catch(() => ({ errors: ['closed'] }));
          if (answer.errors) greedyRefused++;
        }
      })
    : [];
  const politeLoops = politeTokens.map(async (bearer, caller) => {
    await sleep((caller * 1000) / POLITE); // spread the callers over the second
    let n = 0;
    while (performance.now() - started < JOIN_MS + durationMs) {
      const sent = performance.now();
      const answer = await post(politeQuery, { id: orgs[(caller + n++) % orgs.length] }, bearer);
      if (sent - started >= JOIN_MS) {
        latencies.push(performance.now() - sent);
        if (answer.errors !== undefined || !answer.data) politeFailed++;
      }
      await sleep(Math.max(0, 1000 - (performance.now() - sent)));
    }
  });
  await Promise.all(politeLoops);
  running = false;
  const entries = sandbox.requestLog.entries().filter((entry) => entry.path.startsWith('/api/'));
  await close(); // the greedy backlog is dropped, not waited for
  await Promise.all(greedyLoops);
  await sandbox.close();

  const sorted = [...latencies].sort((a, b) => a - b);
  lines.push(
    `| ${scenario.name} | ${sorted.length} | ${percentile(sorted, 50).toFixed(0)} | ${percentile(sorted, 99).toFixed(0)} | ${politeFailed} | ${
      entries.filter((entry) => entry.path.startsWith('/api/organizations/greedy')).length
    } | ${scenario.greedy ? greedyRefused : '–'} | ${entries.filter((entry) => entry.status === 429).length} | ${maxInAnyWindow(
      entries.map((entry) => entry.receivedAt),
      BUDGET.windowMs,
    )} / ${BUDGET.limit} |`,
  );
  process.stdout.write(`${lines.at(-1)}\n`);
}

const header = `One facade process, budget ${BUDGET.limit}/${BUDGET.windowMs / 1000}s (the sandbox enforces it too, upstream latency 1–5 ms), ${POLITE} polite callers sending one single-request query a second each; after 11 s the greedy caller joins for ${
  durationMs / 1000
} s (latencies from then on), with two loops of \`nodes(ids: [100 organization ids])\`. Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`;
process.stdout.write(`\n${header}\n\n${lines.join('\n')}\n`);
if (flags.write) {
  const file = fileURLToPath(new URL('../docs/BENCHMARKS.md', import.meta.url));
  const begin = '<!-- bench:fairness:begin -->';
  const end = '<!-- bench:fairness:end -->';
  const current = readFileSync(file, 'utf8');
  const section = `${begin}\n${header}\n\n${lines.join('\n')}\n${end}`;
  const pattern = new RegExp(`${begin}[\\s\\S]*?${end}`);
  writeFileSync(file, pattern.test(current) ? current.replace(pattern, section) : `${current}\n${section}\n`);
  process.stdout.write(`updated ${file}\n`);
}
