import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createM2mTokenProvider, type M2mTokenProvider, type TokenEndpointCall } from '../../src/auth/m2m-token.js';
import { silentLogger } from '../../src/logger.js';
import { createLogtoClient } from '../../src/logto/client.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { createRedisLink, type RedisLink } from '../../src/redis/connection.js';
import { sharedTokenStore, TokenCipher, tokenFingerprint } from '../../src/redis/shared-token.js';
import { freePort, type RedisServer, redisTestsCanRun, startRedisServer } from '../helpers/redis-server.js';

/**
 * The M2M token shared through Redis, with several providers (one per "replica") in one process
 * against a real redis-server. The fleet-of-processes check is in replicas.test.ts.
 */

const run = redisTestsCanRun('the shared-token tests (test/redis/shared-token.test.ts)');

describe('TokenCipher', () => {
  it('round-trips, binds the key name, and refuses another secret', () => {
    const cipher = new TokenCipher('correct horse battery staple');
    const sealed = cipher.seal('{"v":"token"}', 'k1');
    expect(sealed).not.toContain('token');
    expect(cipher.open(sealed, 'k1')).toBe('{"v":"token"}');
    expect(cipher.open(sealed, 'k2')).toBeUndefined();
    expect(new TokenCipher('another passphrase of length').open(sealed, 'k1')).toBeUndefined();
    expect(cipher.open('{"v":"token"}', 'k1')).toBeUndefined();
  });
});

describe.skipIf(!run)('M2M token shared through Redis', () => {
  let redis: RedisServer;
  const links: RedisLink[] = [];
  let keyCounter = 0;

  beforeAll(async () => {
    redis = await startRedisServer();
  }, 30_000);
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    await Promise.all(links.splice(0).map((link) => link.close()));
  });

  async function connect(url = redis.url): Promise<RedisLink> {
    const link = createRedisLink({ url, logger: silentLogger, reconnectMaxMs: 100 });
    links.push(link);
    await link.waitUntilAvailable(url === redis.url ? 5_000 : 300);
    return link;
  }

  /** A token endpoint that counts its calls and answers a new token each time, after `delayMs`. */
  function tokenEndpoint(delayMs = 50): { call: TokenEndpointCall; calls: () => number } {
    let calls = 0;
    return {
      calls: () => calls,
      call: async () => {
        calls++;
        const n = calls;
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return { status: 200, requestId: `r${n}`, body: { access_token: `token-${n}-${Math.random()}`, expires_in: 3600, scope: 'all' } };
      },
    };
  }

  async function replica(key: string, call: TokenEndpointCall, encryptionKey?: string): Promise<M2mTokenProvider> {
    const link = await connect();
    return createM2mTokenProvider({
      clientId: 'id',
      clientSecret: 'secret',
      resource: 'https://default.logto.app/api',
      call,
      shared: sharedTokenStore({ link, key, logger: silentLogger, ...(encryptionKey ? { encryptionKey } : {}) }),
      sharedPollMs: 10,
    });
  }

  const newKey = () => `test:token:${process.pid}:${++keyCounter}`;

  it('three replicas starting at once against a cold Redis make one token request and use the same token', async () => {
    const key = newKey();
    const endpoint = tokenEndpoint();
    const replicas = await Promise.all([1, 2, 3].map(() => replica(key, endpoint.call)));
    const tokens = await Promise.all(replicas.map((provider) => provider.get()));
    expect(endpoint.calls()).toBe(1);
    expect(new Set(tokens.map((token) => token.value)).size).toBe(1);
    expect(replicas.map((provider) => provider.stats().shared).sort()).toEqual([0, 1, 1]);
    // A replica that starts later takes it from Redis too.
    const late = await replica(key, endpoint.call);
    expect((await late.get()).value).toBe(tokens[0]!.value);
    expect(endpoint.calls()).toBe(1);
  });

  it('keeps the token with a TTL that ends before the token expires', async () => {
    const key = newKey();
    const provider = await replica(key, tokenEndpoint(0).call);
    await provider.get();
    const ttl = await links[0]!.redis.pttl(key);
    expect(ttl).toBeGreaterThan(3_000_000);
    expect(ttl).toBeLessThan(3_600_000 - 29_000);
  });

  it('stores the token encrypted with REDIS_TOKEN_KEY; a replica without that key asks Logto itself', async () => {
    const key = newKey();
    const endpoint = tokenEndpoint(0);
    const first = await replica(key, endpoint.call, 'a shared secret for tokens');
    const token = await first.get();
    const stored = (await links[0]!.redis.get(key))!;
    expect(stored).not.toContain(token.value);
    expect(stored.startsWith(`${tokenFingerprint(token.value)}.e1.`)).toBe(true);

    const sameKey = await replica(key, endpoint.call, 'a shared secret for tokens');
    expect((await sameKey.get()).value).toBe(token.value);
    const otherKey = await replica(key, endpoint.call, 'not the secret the others use');
    expect((await otherKey.get()).value).not.toBe(token.value);
    expect(endpoint.calls()).toBe(2);
  });

  it('drops the shared token after a 401 only while it is still that token', async () => {
    const key = newKey();
    const endpoint = tokenEndpoint(0);
    const [a, b] = [await replica(key, endpoint.call), await replica(key, endpoint.call)];
    const first = await a.get();
    expect((await b.get()).value).toBe(first.value);

    // Logto refused it: replica a drops it everywhere and fetches the next one, once.
    a.invalidate(first.value);
    const second = await a.get();
    expect(second.value).not.toBe(first.value);
    expect(endpoint.calls()).toBe(2);
    // b learns of the refusal later: its late invalidate of the old token keeps the new one.
    b.invalidate(first.value);
    expect((await b.get()).value).toBe(second.value);
    expect(await links[0]!.redis.get(key)).toContain(tokenFingerprint(second.value));
    expect(endpoint.calls()).toBe(2);
  });

  it('two replicas (two clients) with a slow token endpoint make one token request: the lock is held as long as the request takes', async () => {
    const sandbox = await startSandbox({ port: 0, users: 5 });
    // Logto answers the token request after 2 s, much longer than the lock's TTL here (600 ms;
    // 15 s by default against a 30 s queue timeout): the holder must keep the lock while it waits.
    sandbox.injectFaults({ method: 'POST', path: '/oidc/token', kind: 'delay', delayMs: 2_000, times: 2 });
    const key = newKey();
    const clients = await Promise.all(
      [1, 2].map(async () =>
        createLogtoClient({
          endpoint: sandbox.url,
          clientId: sandbox.clientId,
          clientSecret: sandbox.clientSecret,
          managementApiResource: sandbox.managementApiResource,
          sharedTokens: sharedTokenStore({ link: await connect(), key, logger: silentLogger, lockTtlMs: 600 }),
        }),
      ),
    );
    try {
      const answers = await Promise.all(
        clients.flatMap((client) => [1, 2, 3].map(() => client.request<unknown[]>({ method: 'GET', route: '/api/users', query: { page_size: 1 } }))),
      );
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(sandbox.requestLog.entries({ pathPrefix: '/oidc/token' })).toHaveLength(1);
      expect(clients.map((client) => client.stats().token.requests).sort()).toEqual([0, 1]);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await sandbox.close();
    }
  });

  it('a replica waiting for another one\'s token keeps waiting while the lock is held, however long that takes', async () => {
    const key = newKey();
    const endpoint = tokenEndpoint(300);
    const holder = await replica(key, endpoint.call);
    // The waiter's clock gains 2 s per reading: its wait passes any fixed give-up (10 s before)
    // within a few polls, and stays well inside the token's hour of life.
    let clockReads = 0;
    const waiter = createM2mTokenProvider({
      clientId: 'id',
      clientSecret: 'secret',
      resource: 'https://default.logto.app/api',
      call: endpoint.call,
      shared: sharedTokenStore({ link: await connect(), key, logger: silentLogger }),
      sharedPollMs: 10,
      now: () => Date.now() + ++clockReads * 2_000,
    });
    const first = holder.get();
    while ((await links[0]!.redis.exists(`${key}:lock`)) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const [a, b] = await Promise.all([first, waiter.get()]);
    expect(b.value).toBe(a.value);
    expect(endpoint.calls()).toBe(1);
  });

  it('asks Logto directly when Redis is unreachable', async () => {
    const endpoint = tokenEndpoint(0);
    const link = await connect(`redis://127.0.0.1:${await freePort()}`);
    const provider = createM2mTokenProvider({
      clientId: 'id',
      clientSecret: 'secret',
      resource: 'https://default.logto.app/api',
      call: endpoint.call,
      shared: sharedTokenStore({ link, key: newKey(), logger: silentLogger }),
    });
    expect((await provider.get()).value).toMatch(/^token-1-/);
    expect(endpoint.calls()).toBe(1);
  });
});
