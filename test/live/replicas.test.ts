/**
 * Two replicas sharing one Redis: one response cache (`@envelop/response-cache-redis`) and one
 * live bus (Redis pub/sub). A write through one replica invalidates what the other serves; a
 * webhook received by one reaches the other's subscribers; `resync` on one empties the cache.
 */
import { createClient as createWsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { loadConfig } from '../../src/config.js';
import { encodeGlobalId } from '../../src/global-id.js';
import { silentLogger } from '../../src/logger.js';
import { createLogtoClient, type LogtoClient } from '../../src/logto/client.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { type RedisServer, redisTestsCanRun, startRedisServer } from '../helpers/redis-server.js';

type Replica = { server: RunningServer; client: LogtoClient };

describe.runIf(redisTestsCanRun('the response cache and subscriptions across replicas'))('two replicas with Redis', () => {
  let redis: RedisServer;
  let sandbox: Sandbox;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    sandbox = await startSandbox({ port: 0, host: '127.0.0.1', users: 30 });
    for (let index = 0; index < 2; index += 1) {
      const config = loadConfig({
        LOGTO_ENDPOINT: sandbox.url,
        LOGTO_M2M_CLIENT_ID: sandbox.clientId,
        LOGTO_M2M_CLIENT_SECRET: sandbox.clientSecret,
        LOG_LEVEL: 'silent',
        AUTH_MODE: 'none',
        ALLOW_UNAUTHENTICATED: 'true',
        REDIS_URL: redis.url,
        RESPONSE_CACHE_TTL_MS: '300000',
      });
      const client = createLogtoClient({ ...config.logto, endpoint: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, logger: silentLogger });
      replicas.push({ client, server: await startServer({ config, client, logger: silentLogger }, { port: 0, host: '127.0.0.1' }) });
    }
  });

  afterAll(async () => {
    for (const { server, client } of replicas) {
      await server.close(1000);
      await client.close();
    }
    await sandbox?.close();
    await redis?.stop();
  });

  const post = async (replica: Replica | undefined, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(replica?.server.url ?? '', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as { data?: Record<string, { name?: string }>; errors?: unknown[]; extensions?: { cache?: string } };
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

  it('shares answers, and a write through one replica invalidates what the other serves', async () => {
    const [a, b] = replicas;
    const organization = [...sandbox.store.organizations.keys()][0] ?? '';
    const query = `query($id: ID!) { organization(id: $id) { id name } }`;
    expect((await post(a, query, { id: organization })).extensions?.cache).toBe('miss');
    expect((await post(b, query, { id: organization })).extensions?.cache).toBe('hit');
    const renamed = await post(b, `mutation($id: ID!) { updateOrganization(input: { id: $id, name: "Renamed on replica B" }) { __typename } }`, { id: organization });
    expect(renamed.errors).toBeUndefined();
    await settle();
    const after = await post(a, query, { id: organization });
    expect(after.extensions?.cache).toBe('miss');
    expect(after.data?.organization?.name).toBe('Renamed on replica B');
  });

  it("a webhook received by one replica reaches the other's subscribers (graphql-ws)", async () => {
    const [a, b] = replicas;
    const user = [...sandbox.store.users.keys()][0] ?? '';
    const client = createWsClient({ url: (a?.server.url ?? '').replace('http', 'ws'), webSocketImpl: WebSocket });
    const heard = new Promise<unknown>((resolve, reject) => {
      client.subscribe({ query: `subscription($id: ID!) { userChanged(id: $id) { id } }`, variables: { id: user } }, { next: resolve, error: reject, complete: () => {} });
    });
    let done = false;
    void heard.finally(() => (done = true));
    try {
      while (!done) {
        await b?.server.liveBus.pubsub.publish('logto', {
          event: 'User.Data.Updated',
          createdAt: new Date().toISOString(),
          params: { userId: user },
          matchedRoute: '/users/:userId',
          path: `/users/${user}`,
          method: 'PATCH',
          hookId: 'test-hook',
        });
        await Promise.race([heard, new Promise((resolve) => setTimeout(resolve, 100))]);
      }
      expect(await heard).toEqual({ data: { userChanged: { id: encodeGlobalId('User', user) } } });
    } finally {
      await client.dispose();
    }
  });

  it('resync on one replica drops the shared cache', async () => {
    const [a, b] = replicas;
    await post(a, '{ organizations(first: 3) { totalCount } }');
    expect(await a?.server.responseCache.hasEntries()).toBe(true);
    await b?.server.liveBus.pubsub.publish('resync', { reason: 'test' });
    await settle();
    expect(await a?.server.responseCache.size()).toBe(0);
    expect((await post(b, '{ organizations(first: 3) { totalCount } }')).extensions?.cache).toBe('miss');
  });
});
