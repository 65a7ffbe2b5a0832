/**
 * `npx tsx bench/fragment-bombs.ts [--write]` (also run by `npm run bench`): how long the facade
 * takes to answer fragment bombs (issue 14), end to end over HTTP: parse, armor limits,
 * validation, cost estimate and, where the estimate allows it, execution. Two facades: default
 * limits, and armor limits raised so that every bomb reaches the estimate. Goal: every bomb
 * answered in under 50 ms. `--write` replaces the generated section of docs/BENCHMARKS.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { parse } from 'graphql';

import { estimateUpstreamRequests, MAX_ESTIMATE_STEPS } from '../src/cost/estimate.js';
import { buildSchema } from '../src/schema/index.js';
import { startSandbox } from '../src/sandbox/index.js';
import { BOMB_DEPTHS, BOMB_FAN_OUTS, BOMB_SHAPES, bombGrid, ISSUE_14_BOMB } from '../test/helpers/fragment-bombs.js';
import { startBenchFacade } from './facade.js';

const { values: flags } = parseArgs({
  options: {
    iterations: { type: 'string', default: '5' },
    write: { type: 'boolean', default: false },
  },
});
const iterations = Number(flags.iterations);
const GOAL_MS = 50;
const loadAtStart = loadavg()[0]!;

const RAISED_LIMITS = {
  MAX_DEPTH: '10000',
  MAX_ALIASES: String(Number.MAX_SAFE_INTEGER),
  MAX_TOKENS: '1000000',
  MAX_DIRECTIVES: '1000',
  MAX_DOCUMENT_LENGTH: '1000000',
};

const sandbox = await startSandbox({ port: 0 });
const facades = [
  { label: 'default limits', facade: await startBenchFacade(sandbox, { LOGTO_RATE_LIMIT: '100000/10s' }) },
  { label: 'armor limits raised', facade: await startBenchFacade(sandbox, { LOGTO_RATE_LIMIT: '100000/10s', ...RAISED_LIMITS }) },
];

/** Wall time, and this process's CPU time (client, facade and sandbox all run here): the work itself, which other processes on a shared machine do not inflate the way they inflate wall time. */
type Measured = { answer: string; maxMs: number; p50Ms: number; cpuMaxMs: number; cpuP50Ms: number };

async function post(url: string, query: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[]; extensions?: { cost?: { upstreamRequests: number } } };
  const code = body.errors?.[0]?.extensions?.code;
  const requests = body.extensions?.cost?.upstreamRequests ?? 0;
  return code ?? (requests > 0 ? `data, ${requests} requests` : 'data');
}

let runs = 0;
/** The query under a comment of its own: yoga caches parse and validation by document text, and an attacker would vary it. */
const fresh = (query: string) => `# run ${(runs += 1)}\n${query}`;

async function measure(url: string, query: string): Promise<Measured> {
  const answer = await post(url, fresh(query)); // warm-up
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let run = 0; run < iterations; run += 1) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const again = await post(url, fresh(query));
    const cpu = process.cpuUsage(cpuStarted);
    times.push(performance.now() - started);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    if (again !== answer) throw new Error(`answers differ between runs: ${answer} / ${again}`);
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  const middle = Math.floor(times.length / 2);
  return { answer, maxMs: times.at(-1)!, p50Ms: times[middle]!, cpuMaxMs: cpuTimes.at(-1)!, cpuP50Ms: cpuTimes[middle]! };
}

const short = (answer: string) => ({ QUERY_TOO_EXPENSIVE: 'too expensive', BAD_USER_INPUT: 'armor' })[answer] ?? answer;

const bombs = [...bombGrid(), ...bombGrid({ operationLast: true })];

/** The estimate alone, in this process: its steps and the median of its run times. */
const schema = buildSchema({ federation: false });
function estimateAlone(query: string): { steps: number; ms: number } {
  const document = parse(query);
  const times: number[] = [];
  let steps = 0;
  for (let run = 0; run < iterations + 1; run += 1) {
    const started = performance.now();
    steps = estimateUpstreamRequests(schema, document, {}).steps;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { steps, ms: times[Math.floor(times.length / 2)]! };
}
const alone = new Map<string, { steps: number; ms: number }>();
for (const bomb of [{ key: 'issue', query: ISSUE_14_BOMB }, ...bombs.map((b) => ({ key: `${b.shape}|${b.depth}`, query: b.query }))]) {
  const measured = estimateAlone(bomb.query);
  const worst = alone.get(bomb.key);
  alone.set(bomb.key, { steps: Math.max(worst?.steps ?? 0, measured.steps), ms: Math.max(worst?.ms ?? 0, measured.ms) });
}
const aloneCell = (key: string) => {
  const { steps, ms } = alone.get(key)!;
  return `${steps} | ${ms.toFixed(2)}`;
};
const results = new Map<string, Measured[]>();
const slowest = new Map<string, { ms: number; name: string }>();
const slowestCpu = new Map<string, { ms: number; name: string }>();
/** The worst median: what a bomb typically costs, without the garbage-collection and scheduling spikes of single runs. */
const worstMedian = new Map<string, { wall: number; cpu: number; cpuName: string }>();
for (const { label, facade } of facades) {
  // What any small query costs on this machine right now, for comparison.
  results.set(`${label}|baseline`, [await measure(facade.server.url, '{ __typename }')]);
  const issue = await measure(facade.server.url, ISSUE_14_BOMB);
  results.set(`${label}|issue`, [issue]);
  for (const bomb of bombs) {
    const measured = await measure(facade.server.url, bomb.query);
    const key = `${label}|${bomb.shape}|${bomb.depth}`;
    results.set(key, [...(results.get(key) ?? []), measured]);
    if (measured.maxMs > (slowest.get(label)?.ms ?? -1)) slowest.set(label, { ms: measured.maxMs, name: bomb.name });
    if (measured.cpuMaxMs > (slowestCpu.get(label)?.ms ?? -1)) slowestCpu.set(label, { ms: measured.cpuMaxMs, name: bomb.name });
    const median = worstMedian.get(label) ?? { wall: 0, cpu: 0, cpuName: '' };
    worstMedian.set(label, {
      wall: Math.max(median.wall, measured.p50Ms),
      cpu: Math.max(median.cpu, measured.cpuP50Ms),
      cpuName: measured.cpuP50Ms > median.cpu ? bomb.name : median.cpuName,
    });
  }
  if (issue.maxMs > (slowest.get(label)?.ms ?? -1)) slowest.set(label, { ms: issue.maxMs, name: 'issue 14 document' });
}

function cell(measured: readonly Measured[]): string {
  const answers = [...new Set(measured.map((m) => short(m.answer)))].join(' / ');
  const max = Math.max(...measured.map((m) => m.maxMs));
  const p50 = Math.max(...measured.map((m) => m.p50Ms));
  const cpuMax = Math.max(...measured.map((m) => m.cpuMaxMs));
  const cpuP50 = Math.max(...measured.map((m) => m.cpuP50Ms));
  return `${answers} | ${p50.toFixed(0)} / ${max.toFixed(0)} | ${cpuP50.toFixed(1)} / ${cpuMax.toFixed(1)}`;
}

const lines = [
  `| bomb | depth | estimate steps | estimate alone, ms | ${facades.map((f) => `${f.label}: answer | wall p50 / max ms | CPU p50 / max ms`).join(' | ')} |`,
  `|---|---|---|---|${facades.map(() => '---|---|---|').join('')}`,
  `| \`{ __typename }\` (baseline) | – | – | – | ${facades.map((f) => cell(results.get(`${f.label}|baseline`)!)).join(' | ')} |`,
  `| issue 14 document (0.98 KB) | 24 | ${aloneCell('issue')} | ${facades.map((f) => cell(results.get(`${f.label}|issue`)!)).join(' | ')} |`,
];
for (const shape of BOMB_SHAPES) {
  for (const depth of BOMB_DEPTHS) {
    lines.push(`| ${shape} | ${depth} | ${aloneCell(`${shape}|${depth}`)} | ${facades.map((f) => cell(results.get(`${f.label}|${shape}|${depth}`)!)).join(' | ')} |`);
  }
}
const slowestAlone = Math.max(...[...alone.values()].map((a) => a.ms));
const verdict = [
  ...facades.map(({ label }) => {
    const { ms, name } = slowest.get(label)!;
    const cpu = slowestCpu.get(label)!;
    const median = worstMedian.get(label)!;
    const baseline = results.get(`${label}|baseline`)![0]!;
    return (
      `- ${label}: worst median ${median.wall.toFixed(0)} ms wall, ${median.cpu.toFixed(1)} ms CPU (${median.cpuName}; \`{ __typename }\`: ${baseline.p50Ms.toFixed(0)} ms, ${baseline.cpuP50Ms.toFixed(1)} ms CPU); ` +
      `${median.cpu < GOAL_MS ? 'every' : 'NOT every'} bomb's median under ${GOAL_MS} ms CPU. Slowest single run ${ms.toFixed(0)} ms wall (${name}), ${cpu.ms.toFixed(1)} ms CPU (${cpu.name}).`
    );
  }),
  `- estimate alone: slowest ${slowestAlone.toFixed(2)} ms.`,
].join('\n');
const bombCount = bombs.length + 1;
const header = `${bombCount} documents per facade (${BOMB_SHAPES.length} shapes × depths ${BOMB_DEPTHS.join(', ')} × fan-outs ${BOMB_FAN_OUTS.join('–')}, each with the operation first and last, plus the issue's document), ${iterations} timed runs each after one warm-up; a cell is the worst over its fan-outs and orders. Every request is a new document (yoga caches parse and validation by text). Estimate bound ${MAX_ESTIMATE_STEPS} steps. Node ${process.version}, ${cpus().length} CPUs, load average ${loadAtStart.toFixed(1)} at the start, ${new Date().toISOString().slice(0, 10)}.`;
process.stdout.write(`\n${header}\n\n${lines.join('\n')}\n\n${verdict}\n`);

if (flags.write) {
  const file = fileURLToPath(new URL('../docs/BENCHMARKS.md', import.meta.url));
  const begin = '<!-- bench:fragment-bombs:begin -->';
  const end = '<!-- bench:fragment-bombs:end -->';
  const current = readFileSync(file, 'utf8');
  const section = `${begin}\n${header}\n\n${lines.join('\n')}\n\n${verdict}\n${end}`;
  const pattern = new RegExp(`${begin}[\\s\\S]*?${end}`);
  writeFileSync(file, pattern.test(current) ? current.replace(pattern, section) : `${current}\n${section}\n`);
  process.stdout.write(`updated ${file}\n`);
}

for (const { facade } of facades) await facade.close();
await sandbox.close();

