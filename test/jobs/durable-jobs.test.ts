import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { createLogtoClient, type LogtoClient } from '../../src/logto/client.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { ndjson } from '../helpers/bulk-jobs.js';
import { type RedisServer, redisTestsCanRun, startRedisServer } from '../helpers/redis-server.js';

/**
 * With REDIS_URL, jobs live in Redis and run through BullMQ: a facade stopped in the middle of an
 * import and started again carries the job on from its last confirmed row, and every user is
 * created exactly once. (A stack per facade would restart the sandbox too: here the sandbox stays.)
 */

const canRun = redisTestsCanRun('durable bulk jobs');
let redis: RedisServer;
let sandbox: Sandbox;

beforeAll(async () => {
  if (!canRun) return;
  redis = await startRedisServer();
  sandbox = await startSandbox({ port: 0, host: '127.0.0.1', users: 3 });
});
afterAll(async () => {
  await sandbox?.close();
  await redis?.stop();
});

async function facade(): Promise<{ server: RunningServer; client: LogtoClient; close(): Promise<void> }> {
  const config = loadConfig({
    LOGTO_ENDPOINT: sandbox.url,
    LOGTO_M2M_CLIENT_ID: sandbox.clientId,
    LOGTO_M2M_CLIENT_SECRET: sandbox.clientSecret,
    AUTH_MODE: 'none',
    ALLOW_UNAUTHENTICATED: 'true',
    LOG_LEVEL: 'silent',
    REDIS_URL: redis.url,
    LOGTO_RATE_LIMIT: '20/1s',
  });
  const client = createLogtoClient({ ...config.logto, endpoint: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, logger: silentLogger });
  const server = await startServer({ config, client, logger: silentLogger }, { port: 0, host: '127.0.0.1' });
  return { server, client, close: async () => (await server.close(1000), await client.close()) };
}

async function gql<T>(server: RunningServer, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

type Job = { status: string; processed: number; succeeded: number; failed: number; durable: boolean; description: string };
const JOB = 'query($id: ID!) { bulkJob(id: $id) { status processed succeeded failed durable description } }';

async function until(server: RunningServer, id: string, done: (job: Job) => boolean): Promise<Job> {
  for (;;) {
    const { bulkJob } = await gql<{ bulkJob: Job }>(server, JOB, { id });
    if (done(bulkJob)) return bulkJob;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(!canRun)('a durable job (REDIS_URL)', () => {
  it('survives a restart of the facade mid-import and creates every user exactly once', async () => {
    const first = await facade();
    const records = Array.from({ length: 40 }, (_, i) => ({ username: `durable_${i}`, email: `durable${i}@example.com` }));
    const form = new FormData();
    const query = 'mutation($input: StartUserImportInput!) { startUserImport(input: $input) { ... on StartUserImportPayload { job { id durable description } } } }';
    form.set('operations', JSON.stringify({ query, variables: { input: { format: 'NDJSON', file: null } } }));
    form.set('map', JSON.stringify({ 0: ['variables.input.file'] }));
    form.set('0', new File([ndjson(records)], 'users.ndjson'));
    const answer = (await (await fetch(first.server.url, { method: 'POST', headers: { 'x-graphql-yoga-csrf': '1' }, body: form })).json()) as {
      data: { startUserImport: { job: { id: string; durable: boolean; description: string } } };
    };
    const { id, durable, description } = answer.data.startUserImport.job;
    expect(durable).toBe(true);
    expect(description).toMatch(/survives restarts/);

    await until(first.server, id, (job) => job.processed >= 8);
    await first.close(); // stops between batches; the run goes back to BullMQ's queue
    const posted = sandbox.requestLog.entries({}).filter((entry) => entry.method === 'POST' && entry.path === '/api/users').length;
    expect(posted).toBeLessThan(40);

    const second = await facade();
    const stoppedAt = await until(second.server, id, () => true);
    expect(stoppedAt.processed).toBe(posted); // every row sent was confirmed before the stop
    const done = await until(second.server, id, (job) => job.status === 'SUCCEEDED');
    expect(done).toMatchObject({ processed: 40, succeeded: 40, failed: 0 });
    for (const { username } of records) expect([...sandbox.store.users.values()].filter((user) => user.username === username)).toHaveLength(1);
    expect(sandbox.requestLog.entries({}).filter((entry) => entry.method === 'POST' && entry.path === '/api/users')).toHaveLength(40);
    await second.close();
  });
});
