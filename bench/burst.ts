/**
 * Budget use: a burst of upstream-bound GraphQL queries against a sandbox that enforces a
 * sliding-window limit, with the facade configured to the same budget. Reports upstream 429s,
 * the fullest window seen by the sandbox, and how close the burst came to the budget's pace.
 * `--write` records the figures in docs/BENCHMARKS.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { startSandbox } from '../src/sandbox/index.js';
import { maxInAnyWindow } from '../test/helpers/windows.js';
import { startBenchFacade } from './facade.js';

const { values: flags } = parseArgs({ options: { write: { type: 'boolean', default: false } } });

type Scenario = { queries: number; limit: number; windowMs: number };
const scenarios: Scenario[] = [
  { queries: 160, limit: 20, windowMs: 1_000 },
  { queries: 1_000, limit: 100, windowMs: 1_000 },
  { queries: 1_000, limit: 200, windowMs: 10_000 },
];

const lines = [
  '| queries | budget | seconds | ideal seconds | pace used | upstream 429s | fullest window | failed queries |',
  '|---|---|---|---|---|---|---|---|',
];

for (const scenario of scenarios) {
  const rateLimit = { limit: scenario.limit, windowMs: scenario.windowMs };
  const sandbox = await startSandbox({ port: 0, rateLimit, latencyMs: [1, 5] });
  const { server, close: closeFacade } = await startBenchFacade(sandbox, {
    LOGTO_RATE_LIMIT: `${scenario.limit}/${scenario.windowMs}ms`,
    LOGTO_QUEUE_TIMEOUT_MS: '600000',
  });
  const post = async (query: string) =>
    (await (await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json()) as {
      data?: { users?: { nodes: { logtoId: string }[] }; user?: unknown };
      errors?: unknown;
    };
  const ids = (await post('{ users(first: 100) { nodes { logtoId } } }')).data!.users!.nodes.map((user) => user.logtoId);
  // Let the warm-up request leave the window so the burst starts with the whole budget.
  await new Promise((resolve) => setTimeout(resolve, scenario.windowMs + 100));
  sandbox.requestLog.clear();

  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: scenario.queries }, (_, index) => post(`{ user(id: "${ids[index % ids.length]}") { username } }`)),
  );
  const seconds = (performance.now() - started) / 1000;
  const entries = sandbox.requestLog.entries();
  const failed = answers.filter((answer) => answer.errors !== undefined || !answer.data?.user).length;
  // The budget's own pace: the first window's worth at once, then `limit` per window.
  const ideal = (Math.ceil(entries.length / scenario.limit) - 1) * (scenario.windowMs / 1000);
  lines.push(
    `| ${scenario.queries} | ${scenario.limit}/${scenario.windowMs / 1000}s | ${seconds.toFixed(2)} | ${ideal} | ${((ideal / seconds) * 100).toFixed(1)}% | ${
      entries.filter((entry) => entry.status === 429).length
    } | ${maxInAnyWindow(entries.map((entry) => entry.receivedAt), scenario.windowMs)} / ${scenario.limit} | ${failed} |`,
  );
  process.stdout.write(`${lines.at(-1)}\n`);
  await closeFacade();
  await sandbox.close();
}

const header = `One facade process against a sandbox enforcing the same sliding-window budget (upstream latency 1–5 ms), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`;
process.stdout.write(`\n${header}\n\n${lines.join('\n')}\n`);
if (flags.write) {
  const file = fileURLToPath(new URL('../docs/BENCHMARKS.md', import.meta.url));
  const begin = '<!-- bench:burst:begin -->';
  const end = '<!-- bench:burst:end -->';
  const current = readFileSync(file, 'utf8');
  const section = `${begin}\n${header}\n\n${lines.join('\n')}\n${end}`;
  const pattern = new RegExp(`${begin}[\\s\\S]*?${end}`);
  writeFileSync(file, pattern.test(current) ? current.replace(pattern, section) : `${current}\n${section}\n`);
  process.stdout.write(`updated ${file}\n`);
}
