/**
 * Budget use with several replicas: a burst of upstream-bound GraphQL queries spread round-robin
 * over N facade processes (the production build, `node dist/main.js`) that share one Redis,
 * against a sandbox enforcing the same sliding-window limit. The same burst through one process
 * (also on Redis) is the baseline: together, replicas should finish about as fast as one alone.
 * `--write` records the figures in docs/BENCHMARKS.md. Needs `redis-server` on the PATH.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { startSandbox } from '../src/sandbox/index.js';
import { ensureProductionBuild, maxInAnyWindow, startFacadeProcess } from '../test/helpers/facade-process.js';
import { redisServerInstalled, startRedisServer } from '../test/helpers/redis-server.js';

const { values: flags } = parseArgs({
  options: { write: { type: 'boolean', default: false }, only: { type: 'string' }, 'no-redis': { type: 'boolean', default: false } },
});
/** Diagnostics: the same processes without REDIS_URL (each with its own in-process budget). */
const noRedis = flags['no-redis'];

if (!redisServerInstalled()) {
  process.stdout.write('bench/replicas.ts: redis-server is not installed (Debian: apt-get install -y redis-server); skipped.\n');
  process.exit(0);
}

type Scenario = { queries: number; limit: number; windowMs: number; replicas: number };
const scenarios: Scenario[] = [
  { queries: 160, limit: 20, windowMs: 1_000, replicas: 1 },
  { queries: 160, limit: 20, windowMs: 1_000, replicas: 2 },
  { queries: 1_000, limit: 100, windowMs: 1_000, replicas: 1 },
  { queries: 1_000, limit: 100, windowMs: 1_000, replicas: 2 },
  { queries: 1_000, limit: 200, windowMs: 10_000, replicas: 2 },
];

await ensureProductionBuild();
const redis = await startRedisServer();

const lines = [
  '| queries | replicas | budget | seconds | ideal seconds | pace used | last answer per replica (s) | token requests | upstream 429s | fullest window | failed queries |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
];

for (const scenario of scenarios.filter((_, index) => flags.only === undefined || flags.only.split(',').includes(String(index)))) {
  const rateLimit = { limit: scenario.limit, windowMs: scenario.windowMs };
  const sandbox = await startSandbox({ port: 0, rateLimit, latencyMs: [1, 5] });
  const ids = [...sandbox.store.users.keys()];
  // A fresh budget and token per scenario (the sandbox URL changes too, but be explicit).
  const keyPrefix = `bench-${process.pid}-${Date.now()}`;
  const replicas = await Promise.all(
    Array.from({ length: scenario.replicas }, () =>
      startFacadeProcess({
        LOGTO_ENDPOINT: sandbox.url,
        LOGTO_M2M_CLIENT_ID: sandbox.clientId,
        LOGTO_M2M_CLIENT_SECRET: sandbox.clientSecret,
        LOGTO_RATE_LIMIT: `${scenario.limit}/${scenario.windowMs}ms`,
        LOGTO_QUEUE_TIMEOUT_MS: '600000',
        LOGTO_REPLICAS: String(Math.max(2, scenario.replicas)),
        ...(noRedis ? {} : { REDIS_URL: redis.url, REDIS_KEY_PREFIX: keyPrefix }),
      }),
    ),
  );
  // Warm every replica (token: one request, shared), then let the warm-up leave the window.
  for (const replica of replicas) await replica.post('{ users(first: 1) { totalCount } }');
  const tokenRequests = sandbox.requestLog.entries().filter((entry) => entry.path === '/oidc/token').length;
  await new Promise((resolve) => setTimeout(resolve, scenario.windowMs + 100));
  sandbox.requestLog.clear();

  const started = performance.now();
  const lastAnswer = replicas.map(() => 0);
  const answers = await Promise.all(
    Array.from({ length: scenario.queries }, async (_, index) => {
      const which = index % replicas.length;
      const answer = await replicas[which]!.post<{ user: unknown }>('query($id: ID!) { user(id: $id) { username } }', { id: ids[index % ids.length]! });
      lastAnswer[which] = Math.max(lastAnswer[which]!, performance.now() - started);
      return answer;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const entries = sandbox.requestLog.entries();
  const failed = answers.filter((answer) => answer.errors !== undefined || !answer.data?.user).length;
  // The budget's own pace: the first window's worth at once, then `limit` per window.
  const ideal = (Math.ceil(entries.length / scenario.limit) - 1) * (scenario.windowMs / 1000);
  lines.push(
    `| ${scenario.queries} | ${scenario.replicas} | ${scenario.limit}/${scenario.windowMs / 1000}s | ${seconds.toFixed(2)} | ${ideal} | ${((ideal / seconds) * 100).toFixed(1)}% | ${lastAnswer
      .map((ms) => (ms / 1000).toFixed(2))
      .join(' / ')} | ${tokenRequests} | ${entries.filter((entry) => entry.status === 429).length} | ${maxInAnyWindow(
      entries.map((entry) => entry.receivedAt),
      scenario.windowMs,
    )} / ${scenario.limit} | ${failed} |`,
  );
  process.stdout.write(`${lines.at(-1)}\n`);
  await Promise.all(replicas.map((replica) => replica.stop()));
  await sandbox.close();
}
await redis.stop();

const header = `Facade processes (\`node dist/main.js\`) sharing one local \`redis-server\` (${execVersion()}) against a sandbox enforcing the same sliding-window budget (upstream latency 1–5 ms); queries spread round-robin; Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`;
process.stdout.write(`\n${header}\n\n${lines.join('\n')}\n`);
if (flags.write) {
  const file = fileURLToPath(new URL('../docs/BENCHMARKS.md', import.meta.url));
  const begin = '<!-- bench:replicas:begin -->';
  const end = '<!-- bench:replicas:end -->';
  const current = readFileSync(file, 'utf8');
  const section = `${begin}\n${header}\n\n${lines.join('\n')}\n${end}`;
  const pattern = new RegExp(`${begin}[\\s\\S]*?${end}`);
  writeFileSync(file, pattern.test(current) ? current.replace(pattern, section) : `${current}\n${section}\n`);
  process.stdout.write(`updated ${file}\n`);
}

function execVersion(): string {
  const output = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout;
  return `Redis ${/v=(\S+)/.exec(output)?.[1] ?? '?'}`;
}
