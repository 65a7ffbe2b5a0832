/**
 * The response cache (issue 18): 20 simulated admins, each refreshing an organization's members
 * screen once a second (starts spread over the first second), with the cache off and then on.
 * Reports upstream requests per minute (on as a share of off; goal ≤ 2%), the p50 of a cache hit
 * (HTTP round trip on loopback from this process), and, with the cache on, how long after a change
 * made straight through the sandbox's REST API the next refresh shows it. The webhook for that
 * change is published on the live bus by this bench right after the REST answer, as the receiver
 * does on a delivery (the sandbox's own deliveries come with the hooks work); the delay therefore
 * counts from the webhook's arrival. `--seconds` shortens the run (default 60); `--write` records
 * the figures in docs/BENCHMARKS.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import type { LogtoWebhookEvent } from '../src/live/event-bus.js';
import { startSandbox } from '../src/sandbox/index.js';
import { startBenchFacade } from './facade.js';

const { values: flags } = parseArgs({ options: { write: { type: 'boolean', default: false }, seconds: { type: 'string', default: '60' } } });
const durationMs = Number(flags.seconds) * 1000;
const ADMINS = 20;
const SCREEN = `query MembersScreen($id: ID!) {
  organization(id: $id) { id name members(first: 20) { totalCount nodes { id username name primaryEmail avatar } } }
}`;

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Run = { upstreamPerMinute: number; upstreamPerRefresh: number; refreshes: number; hitP50: number | undefined; aloneHitP50: number | undefined; missP50: number; changeSeenAfterMs: number | undefined };

async function run(cache: boolean): Promise<Run> {
  const sandbox = await startSandbox({ port: 0, latencyMs: [1, 5], users: 200 });
  const { server, close } = await startBenchFacade(sandbox, cache ? { RESPONSE_CACHE_TTL_MS: '300000' } : {});
  const organization = [...sandbox.store.organizations.keys()].find((id) => sandbox.store.organizationUsers.rightsOf(id).size >= 20) ?? '';
  const refresh = async () => {
    const started = performance.now();
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: SCREEN, variables: { id: organization } }) });
    const body = (await response.json()) as { data?: { organization?: { name?: string } }; extensions?: { cache?: string } };
    return { ms: performance.now() - started, hit: body.extensions?.cache === 'hit', name: body.data?.organization?.name };
  };
  // Counted from the first refresh on (the first fill included; the M2M token request is not a Management API request).
  sandbox.requestLog.clear();
  const hits: number[] = [];
  const misses: number[] = [];
  let refreshes = 0;
  let running = true;
  let renamedAt: number | undefined;
  let seenAfter: number | undefined;
  const NEW_NAME = 'Renamed straight through Logto';
  const admin = async (index: number) => {
    await sleep((index * 1000) / ADMINS);
    while (running) {
      const due = performance.now() + 1000;
      const result = await refresh();
      refreshes += 1;
      (result.hit ? hits : misses).push(result.ms);
      if (renamedAt !== undefined && seenAfter === undefined && result.name === NEW_NAME) seenAfter = performance.now() - renamedAt;
      await sleep(Math.max(0, due - performance.now()));
    }
  };
  const started = performance.now();
  const admins = Array.from({ length: ADMINS }, (_, index) => admin(index));
  await sleep(durationMs);
  const upstream = sandbox.requestLog.entries().filter((entry) => entry.path.startsWith('/api/')).length;
  const elapsedMs = performance.now() - started;
  const refreshesDone = refreshes;
  if (cache) {
    // A change straight through the REST API (not through the facade), then its webhook.
    const token = await (
      await fetch(`${sandbox.url}/oidc/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'client_credentials', resource: sandbox.managementApiResource, scope: 'all' }),
      })
    ).json() as { access_token: string };
    const answer = await fetch(`${sandbox.url}/api/organizations/${organization}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: NEW_NAME }),
    });
    const data = (await answer.json()) as Record<string, unknown>;
    renamedAt = performance.now();
    const body: LogtoWebhookEvent = {
      event: 'Organization.Data.Updated',
      createdAt: new Date().toISOString(),
      path: `/organizations/${organization}`,
      method: 'PATCH',
      status: 200,
      params: { id: organization },
      matchedRoute: '/organizations/:id',
      data,
      hookId: 'bench',
    };
    await server.liveBus.pubsub.publish('logto', body);
    while (seenAfter === undefined && performance.now() - renamedAt < 10_000) await sleep(10);
  }
  running = false;
  await Promise.all(admins);
  // A hit alone: one refresh at a time, nothing else running in this process.
  const alone: number[] = [];
  if (cache) {
    await refresh();
    for (let index = 0; index < 200; index += 1) {
      const result = await refresh();
      if (result.hit) alone.push(result.ms);
    }
    alone.sort((a, b) => a - b);
  }
  await close();
  await sandbox.close();
  hits.sort((a, b) => a - b);
  misses.sort((a, b) => a - b);
  return {
    upstreamPerMinute: Math.round((upstream * 60_000) / elapsedMs),
    upstreamPerRefresh: upstream / refreshesDone,
    aloneHitP50: alone.length > 0 ? percentile(alone, 50) : undefined,
    refreshes,
    hitP50: hits.length > 0 ? percentile(hits, 50) : undefined,
    missP50: percentile(misses, 50),
    changeSeenAfterMs: seenAfter,
  };
}

const off = await run(false);
process.stdout.write(`cache off: ${JSON.stringify(off)}\n`);
const on = await run(true);
process.stdout.write(`cache on: ${JSON.stringify(on)}\n`);

// Per refresh as well as per minute: on a loaded machine the cache-off run completes fewer refreshes (each waits for Logto).
const share = (100 * on.upstreamPerMinute) / off.upstreamPerMinute;
const sharePerRefresh = (100 * on.upstreamPerRefresh) / off.upstreamPerRefresh;
const lines = [
  '| cache | refreshes | upstream requests / min | share of cache off (per min / per refresh) | upstream per refresh | p50 of a miss (ms) | p50 of a hit under load (ms) | p50 of a hit alone (ms) | change seen by the next refresh after the webhook (ms) |',
  '|---|---|---|---|---|---|---|---|---|',
  `| off | ${off.refreshes} | ${off.upstreamPerMinute} | 100% | ${off.upstreamPerRefresh.toFixed(2)} | ${off.missP50.toFixed(1)} | – | – | – |`,
  `| on | ${on.refreshes} | ${on.upstreamPerMinute} | ${share.toFixed(2)}% / ${sharePerRefresh.toFixed(2)}% | ${on.upstreamPerRefresh.toFixed(3)} | ${on.missP50.toFixed(1)} | ${on.hitP50?.toFixed(2) ?? '–'} | ${on.aloneHitP50?.toFixed(2) ?? '–'} | ${on.changeSeenAfterMs?.toFixed(0) ?? 'not seen'} |`,
];
const header = `One facade process (AUTH_MODE=none: every admin has the same permissions, so they share answers), the sandbox with 1–5 ms upstream latency; ${ADMINS} admins each refreshing \`organization(id) { name members(first: 20) { totalCount nodes { … } } }\` once a second for ${
  durationMs / 1000
} s. Hit and miss times are HTTP round trips on loopback from the bench's own process (which also runs the sandbox and the 20 admins); "alone" is 200 hits one at a time after the run. Load average on the shared 2-core machine: ${loadavg()[0]?.toFixed(1)}. The change is a \`PATCH /api/organizations/:id\` sent straight to the sandbox; its \`Organization.Data.Updated\` webhook is published on the live bus by the bench right after the REST answer (as the receiver does on a delivery), so the delay counts from the webhook's arrival. Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`;
process.stdout.write(`\n${header}\n\n${lines.join('\n')}\n`);
if (flags.write) {
  const file = fileURLToPath(new URL('../docs/BENCHMARKS.md', import.meta.url));
  const begin = '<!-- bench:live-cache:begin -->';
  const end = '<!-- bench:live-cache:end -->';
  const current = readFileSync(file, 'utf8');
  const section = `${begin}\n${header}\n\n${lines.join('\n')}\n${end}`;
  const pattern = new RegExp(`${begin}[\\s\\S]*?${end}`);
  writeFileSync(file, pattern.test(current) ? current.replace(pattern, section) : `${current}\n${section}\n`);
  process.stdout.write(`updated ${file}\n`);
}
