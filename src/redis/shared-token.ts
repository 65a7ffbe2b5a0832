/**
 * The M2M access token kept in Redis for every replica: one token request per expiry for the
 * whole fleet, a fleet restart included. Redis then holds a Management API token (full access to
 * the tenant): keep it private (no public port, a password or ACL user, TLS across networks), and
 * set REDIS_TOKEN_KEY to store it encrypted (AES-256-GCM, key derived from it with scrypt).
 *
 * Keys: `<key>` holds `<fingerprint>.<payload>` with a TTL ending before the token expires, where
 * the fingerprint (SHA-256 of the token, 32 hex digits) lets a 401 delete the token only if it is
 * still the same one, without decrypting in Lua; `<key>:lock` is `SET NX PX` held by the replica
 * that asks Logto, renewed while it asks.
 */

import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID, scryptSync } from 'node:crypto';

import type { Result } from 'ioredis';

import type { SharedToken, SharedTokenStore } from '../auth/m2m-token.js';
import type { Logger } from '../logger.js';
import type { RedisLink } from './connection.js';

/** KEYS[1] token; ARGV fingerprint: delete only if the stored token is still that one. */
const DISCARD_LUA = `
local stored = redis.call('GET', KEYS[1])
if stored and string.sub(stored, 1, #ARGV[1] + 1) == ARGV[1] .. '.' then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** KEYS[1] lock; ARGV owner: release only our own lock (it may have expired and been taken). */
const UNLOCK_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** KEYS[1] lock; ARGV owner, ttl: extend only our own lock. */
const RENEW_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    logtoTokenDiscard(key: string, fingerprint: string): Result<number, Context>;
    logtoTokenUnlock(key: string, owner: string): Result<number, Context>;
    logtoTokenRenew(key: string, owner: string, ttlMs: number): Result<number, Context>;
  }
}

/** AES-256-GCM with a key derived from a passphrase; the Redis key name is bound in as associated data. */
export class TokenCipher {
  readonly #key: Buffer;

  constructor(secret: string) {
    // scrypt: REDIS_TOKEN_KEY may be a passphrase rather than 32 random bytes.
    this.#key = scryptSync(secret, 'logto-graphql/redis-token/v1', 32);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `e1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** Undefined when the payload is not ours (another key, tampered, or plaintext). */
  open(sealed: string, context: string): string | undefined {
    if (!sealed.startsWith('e1.')) return undefined;
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    if (raw.length < 12 + 16) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

export function tokenFingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

export type SharedTokenOptions = {
  readonly link: RedisLink;
  readonly key: string;
  /** REDIS_TOKEN_KEY: encrypt the stored token. */
  readonly encryptionKey?: string;
  /**
   * The lock's TTL. The holder renews it every third of that while its token request runs, so the
   * lock outlives any wait in the queue (LOGTO_QUEUE_TIMEOUT_MS) and retries; this only bounds how
   * long a replica that died holding it blocks the others. Default 15 000 ms.
   */
  readonly lockTtlMs?: number;
  /** The stored copy disappears this long before the token expires (at most half its life). Default 30 000 ms. */
  readonly expiryMarginMs?: number;
  readonly logger: Logger;
  readonly now?: () => number;
};

type Payload = { v: string; s?: string; i: number; e: number };

export function sharedTokenStore(options: SharedTokenOptions): SharedTokenStore {
  const { link, key, logger } = options;
  const { redis } = link;
  const now = options.now ?? Date.now;
  const lockKey = `${key}:lock`;
  const lockTtlMs = options.lockTtlMs ?? 15_000;
  const expiryMarginMs = options.expiryMarginMs ?? 30_000;
  const cipher = options.encryptionKey ? new TokenCipher(options.encryptionKey) : undefined;
  let warnedUnreadable = false;

  redis.defineCommand('logtoTokenDiscard', { numberOfKeys: 1, lua: DISCARD_LUA });
  redis.defineCommand('logtoTokenUnlock', { numberOfKeys: 1, lua: UNLOCK_LUA });
  redis.defineCommand('logtoTokenRenew', { numberOfKeys: 1, lua: RENEW_LUA });


  function decode(stored: string): SharedToken | undefined {
    const dot = stored.indexOf('.');
    if (dot < 0) return undefined;
    const body = stored.slice(dot + 1);
    const json = cipher ? cipher.open(body, key) : body.startsWith('e1.') ? undefined : body;
    if (json === undefined) {
      if (!warnedUnreadable) {
        warnedUnreadable = true;
        logger.warn(
          { key },
          'The shared M2M token in Redis cannot be read with this replica\'s REDIS_TOKEN_KEY (set or unset): every replica must use the same key',
        );
      }
      return undefined;
    }
    try {
      const payload = JSON.parse(json) as Partial<Payload>;
      if (typeof payload.v !== 'string' || typeof payload.i !== 'number' || typeof payload.e !== 'number') return undefined;
      return { value: payload.v, scope: typeof payload.s === 'string' ? payload.s : undefined, issuedAt: payload.i, expiresAt: payload.e };
    } catch {
      return undefined;
    }
  }

  return {
    available: () => link.available(),
    // Store failures open the link's breaker (one warning) and reach the provider, which asks Logto.
    async read() {
      const stored = await link.command('token read', (redis) => redis.get(key));
      return stored === null ? undefined : decode(stored);
    },
    async lock() {
      const owner = randomUUID();
      const taken = await link.command('token lock', (redis) => redis.set(lockKey, owner, 'PX', lockTtlMs, 'NX'));
      if (taken !== 'OK') return undefined;
      const renewal = setInterval(() => {
        link
          .command('token lock renew', (redis) => redis.logtoTokenRenew(lockKey, owner, lockTtlMs))
          .then((renewed) => {
            if (renewed === 0) clearInterval(renewal); // lost it (expired during an outage): stop
          })
          .catch(() => undefined); // Redis away: the next tick tries again
      }, Math.max(1, Math.floor(lockTtlMs / 3)));
      renewal.unref();
      return async () => {
        clearInterval(renewal);
        await link.command('token unlock', (redis) => redis.logtoTokenUnlock(lockKey, owner));
      };
    },
    async write(token) {
      const lifeMs = token.expiresAt - token.issuedAt;
      const ttlMs = Math.floor(token.expiresAt - now() - Math.min(expiryMarginMs, lifeMs / 2));
      if (ttlMs <= 0) return;
      const payload: Payload = { v: token.value, i: token.issuedAt, e: token.expiresAt, ...(token.scope === undefined ? {} : { s: token.scope }) };
      const json = JSON.stringify(payload);
      const body = cipher ? cipher.seal(json, key) : json;
      await link.command('token write', (redis) => redis.set(key, `${tokenFingerprint(token.value)}.${body}`, 'PX', ttlMs));
    },
    async discard(value) {
      await link.command('token discard', (redis) => redis.logtoTokenDiscard(key, tokenFingerprint(value)));
    },
  };
}
