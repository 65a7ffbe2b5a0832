/**
 * `npm run bench`: the upstream-call table's operations against the sandbox with injected
 * upstream latency, through the facade and through a plain REST client doing the same work the
 * way an application would without it (one request after another, no batching), and through a
 * parallel REST client (every independent request at once: the best a frontend can do without
 * the facade). Then the cost of tracing: the same operations with OpenTelemetry on and off,
 * against a zero-latency sandbox. Prints Markdown tables; `--write` also replaces the generated
 * section of docs/BENCHMARKS.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';

import { loadConfig } from '../src/config.js';
import { encodeGlobalId } from '../src/global-id.js';
import { createTracing } from '../src/observability/tracing.js';
import { startSandbox } from '../src/sandbox/index.js';
import { startBenchFacade } from './facade.js';

const { values: flags } = parseArgs({
  options: {
    latency: { type: 'string', default: '20' },
    iterations: { type: 'string', default: '15' },
    'trace-iterations': { type: 'string', default: '300' },
    write: { type: 'boolean', default: false },
  },
});
const latencyMs = Number(flags.latency);
const iterations = Number(flags.iterations);
const traceIterations = Number(flags['trace-iterations']);

const sandbox = await startSandbox({ port: 0, latencyMs });
// The benchmark measures latency, not the budget: give the facade's limiter room so queueing
// does not hide what batching saves. (The budget's own pace is measured in the client tests.)
const { server, close: closeFacade } = await startBenchFacade(sandbox, {
  LOGTO_RATE_LIMIT: '100000/10s',
  MAX_UPSTREAM_REQUESTS_PER_OPERATION: '1000',
});

// A plain REST client, as an application would write one.
const tokenAnswer = await fetch(`${sandbox.url}/oidc/token`, {
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    authorization: `Basic ${Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64')}`,
  },
  body: new URLSearchParams({ grant_type: 'client_credentials', resource: sandbox.managementApiResource, scope: 'all' }),
});
const { access_token: token } = (await tokenAnswer.json()) as { access_token: string };
let restRequests = 0;
async function get<T>(path: string): Promise<T> {
  restRequests += 1;
  const response = await fetch(`${sandbox.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status === 404) return null as T;
  return (await response.json()) as T;
}

type Row = { id: string; name: string; payload?: { userId?: string; applicationId?: string } };

const users = await get<Row[]>('/api/users?page=1&page_size=100');
const organizations = await get<Row[]>('/api/organizations?page=1&page_size=100');
const bigOrganization = organizations.find((organization) => organization.name === 'Acme Corp')!;
const someUser = users[0]!.id;
const cursorAnswer = await (
  await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ users(first: 86) { edges { cursor } } }' }),
  })
).json() as { data: { users: { edges: { cursor: string }[] } } };
const cursorAt85 = cursorAnswer.data.users.edges[85]!.cursor;

/**
 * `rest`: one request after another. `parallel`: every request that does not need another's
 * answer sent at once (`Promise.all`), repeated ids asked once; `parallelWaves` is its number of
 * dependent round trips.
 */
type Operation = { name: string; query: string; rest: () => Promise<void>; parallel: () => Promise<void>; parallelWaves: number };

const all = (paths: Iterable<string>): Promise<unknown[]> => Promise.all([...new Set(paths)].map((path) => get(path)));

const operations: Operation[] = [
  {
    name: 'logs(first: 100) with user and application',
    query: '{ logs(first: 100) { nodes { user { username } application { name } } } }',
    rest: async () => {
      const logs = await get<Row[]>('/api/logs?page=1&page_size=100');
      for (const log of logs) {
        if (log.payload?.userId) await get(`/api/users/${log.payload.userId}`);
        if (log.payload?.applicationId) await get(`/api/applications/${log.payload.applicationId}`);
      }
    },
    parallel: async () => {
      const logs = await get<Row[]>('/api/logs?page=1&page_size=100');
      await all(
        logs.flatMap((log) => [
          ...(log.payload?.userId ? [`/api/users/${log.payload.userId}`] : []),
          ...(log.payload?.applicationId ? [`/api/applications/${log.payload.applicationId}`] : []),
        ]),
      );
    },
    parallelWaves: 2,
  },
  {
    name: 'nodes(ids: 50 users)',
    query: `{ nodes(ids: ${JSON.stringify(users.slice(0, 50).map((user) => encodeGlobalId('User', user.id)))}) { ... on User { username } } }`,
    rest: async () => {
      for (const user of users.slice(0, 50)) await get(`/api/users/${user.id}`);
    },
    parallel: async () => {
      await all(users.slice(0, 50).map((user) => `/api/users/${user.id}`));
    },
    parallelWaves: 1,
  },
  {
    name: 'same user through two aliases',
    query: `{ a: user(id: "${someUser}") { name } b: user(id: "${someUser}") { username } }`,
    rest: async () => {
      await get(`/api/users/${someUser}`);
      await get(`/api/users/${someUser}`);
    },
    parallel: async () => {
      await all([`/api/users/${someUser}`, `/api/users/${someUser}`]);
    },
    parallelWaves: 1,
  },
  {
    name: 'users(first: 50) with roles',
    query: '{ users(first: 50) { nodes { roles { nodes { name } } } } }',
    rest: async () => {
      const page = await get<Row[]>('/api/users?page=1&page_size=50');
      for (const user of page) await get(`/api/users/${user.id}/roles`);
    },
    parallel: async () => {
      const page = await get<Row[]>('/api/users?page=1&page_size=50');
      await all(page.map((user) => `/api/users/${user.id}/roles`));
    },
    parallelWaves: 2,
  },
  {
    name: 'big organization: 100 members with organization roles',
    query: `{ organization(id: "${bigOrganization.id}") { members(first: 100) { totalCount edges { organizationRoles { name } node { username } } } } }`,
    rest: async () => {
      await get(`/api/organizations/${bigOrganization.id}`);
      await get(`/api/organizations/${bigOrganization.id}/users?page=1&page_size=100`);
    },
    parallel: async () => {
      await all([`/api/organizations/${bigOrganization.id}`, `/api/organizations/${bigOrganization.id}/users?page=1&page_size=100`]);
    },
    parallelWaves: 1,
  },
  {
    name: 'roles(first: 100) with user counts',
    query: '{ roles(first: 100) { nodes { name users(first: 5) { totalCount } } } }',
    rest: async () => {
      const roles = await get<Row[]>('/api/roles?page=1&page_size=100');
      for (const role of roles) await get(`/api/roles/${role.id}/users?page=1&page_size=5`);
    },
    parallel: async () => {
      const roles = await get<Row[]>('/api/roles?page=1&page_size=100');
      await all(roles.map((role) => `/api/roles/${role.id}/users?page=1&page_size=5`));
    },
    parallelWaves: 2,
  },
  {
    name: 'users(first: 30, after: item 85)',
    query: `{ users(first: 30, after: "${cursorAt85}") { nodes { id } } }`,
    rest: async () => {
      // Without the facade's window planning an app asks for the two pages of 100 it straddles.
      await get('/api/users?page=1&page_size=100');
      await get('/api/users?page=2&page_size=100');
    },
    parallel: async () => {
      await all(['/api/users?page=1&page_size=100', '/api/users?page=2&page_size=100']);
    },
    parallelWaves: 1,
  },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(run: () => Promise<void>): Promise<{ p50: number; p95: number }> {
  await run(); // warm-up
  const times: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

type Cost = { upstreamRequests: number; upstreamWaves: number };

/** One operation through a facade at `url`; its cost extension. */
async function viaFacade(url: string, operation: { name: string; query: string }): Promise<Cost> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: operation.query }),
  });
  const body = (await response.json()) as { errors?: unknown; extensions: { cost: Cost } };
  if (body.errors) throw new Error(`${operation.name}: ${JSON.stringify(body.errors)}`);
  return body.extensions.cost;
}

const lines = [
  `| operation | facade upstream requests | waves | facade p50 / p95 (ms) | plain REST requests | plain REST p50 / p95 (ms) | parallel REST requests / waves | parallel REST p50 / p95 (ms) | facade ÷ parallel REST (p50) |`,
  `|---|---|---|---|---|---|---|---|---|`,
];
for (const operation of operations) {
  let cost: Cost = { upstreamRequests: 0, upstreamWaves: 0 };
  const facade = await measure(async () => {
    cost = await viaFacade(server.url, operation);
  });
  const count = async (run: () => Promise<void>): Promise<number> => {
    const before = restRequests;
    await run();
    return restRequests - before;
  };
  const restCount = await count(operation.rest);
  const plain = await measure(operation.rest);
  const parallelCount = await count(operation.parallel);
  const parallel = await measure(operation.parallel);
  lines.push(
    `| ${operation.name} | ${cost.upstreamRequests} | ${cost.upstreamWaves} | ${facade.p50.toFixed(0)} / ${facade.p95.toFixed(0)} | ${restCount} | ${plain.p50.toFixed(0)} / ${plain.p95.toFixed(0)} | ${parallelCount} / ${operation.parallelWaves} | ${parallel.p50.toFixed(0)} / ${parallel.p95.toFixed(0)} | ${(facade.p50 / parallel.p50).toFixed(2)}× |`,
  );
  process.stdout.write(`${lines.at(-1)}\n`);
}

// The cost of tracing: the same operations through two facades on one zero-latency sandbox, one
// with OpenTelemetry on (batched export to an exporter that drops the spans: everything but the
// network), runs alternating between them so a busy machine weighs on both alike.
const quietSandbox = await startSandbox({ port: 0, latencyMs: 0 });
let exportedSpans = 0;
const droppingExporter: SpanExporter = {
  export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]) {
    exportedSpans += spans.length;
    done({ code: 0 }); // ExportResultCode.SUCCESS
  },
  shutdown: async () => {},
};
const tracing = (await createTracing(loadConfig({}).tracing, new BatchSpanProcessor(droppingExporter)))!;
const facadeEnv = { LOGTO_RATE_LIMIT: '100000/10s', MAX_UPSTREAM_REQUESTS_PER_OPERATION: '1000' };
const untraced = await startBenchFacade(quietSandbox, facadeEnv);
const traced = await startBenchFacade(quietSandbox, facadeEnv, tracing);
const traceLines = [
  `| operation | tracing off p50 / p95 (ms) | tracing on p50 / p95 (ms) | spans per operation | cost of tracing (p50) |`,
  `|---|---|---|---|---|`,
];
for (const operation of [
  { name: 'user(id:)', query: `{ user(id: "${someUser}") { id username } }` },
  operations[0]!,
]) {
  await viaFacade(untraced.server.url, operation); // warm-up
  await viaFacade(traced.server.url, operation);
  await tracing.forceFlush();
  const spansBefore = exportedSpans;
  await viaFacade(traced.server.url, operation);
  await tracing.forceFlush();
  const spansPerOperation = exportedSpans - spansBefore;
  const off: number[] = [];
  const on: number[] = [];
  for (let index = 0; index < traceIterations; index += 1) {
    for (const [url, times] of [[untraced.server.url, off], [traced.server.url, on]] as const) {
      const start = performance.now();
      await viaFacade(url, operation);
      times.push(performance.now() - start);
    }
  }
  off.sort((a, b) => a - b);
  on.sort((a, b) => a - b);
  const [offP50, onP50] = [percentile(off, 50), percentile(on, 50)];
  traceLines.push(
    `| ${operation.name} | ${offP50.toFixed(2)} / ${percentile(off, 95).toFixed(2)} | ${onP50.toFixed(2)} / ${percentile(on, 95).toFixed(2)} | ${spansPerOperation} | ${(onP50 - offP50).toFixed(2)} ms (${((onP50 / offP50 - 1) * 100).toFixed(0)}%) |`,
  );
  process.stdout.write(`${traceLines.at(-1)}\n`);
}
await traced.close();
await untraced.close();
await tracing.shutdown();
await quietSandbox.close();

const header = `Upstream latency ${latencyMs} ms per request (sandbox \`latencyMs\`), ${iterations} timed runs after one warm-up, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`;
const traceHeader = `Tracing on vs off: zero-latency sandbox, ${traceIterations} runs alternating between a facade without tracing and one with it (batched export to an exporter that drops the spans).`;
const sectionBody = `${header}\n\n${lines.join('\n')}\n\n${traceHeader}\n\n${traceLines.join('\n')}`;
process.stdout.write(`\n${sectionBody}\n`);

if (flags.write) {
  const file = fileURLToPath(new URL('../docs/BENCHMARKS.md', import.meta.url));
  const begin = '<!-- bench:operations:begin -->';
  const end = '<!-- bench:operations:end -->';
  const current = readFileSync(file, 'utf8');
  const section = `${begin}\n${sectionBody}\n${end}`;
  const pattern = new RegExp(`${begin}[\\s\\S]*?${end}`);
  writeFileSync(file, pattern.test(current) ? current.replace(pattern, section) : `${current}\n${section}\n`);
  process.stdout.write(`updated ${file}\n`);
}

await closeFacade();
await sandbox.close();
