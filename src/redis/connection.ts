/**
 * One Redis connection per process, shared by the budget and the token store, with a circuit
 * breaker: Redis trouble must never take the facade down, so every user asks `available()` first
 * and falls back to a local answer when it says no. The link decides, once per outage, that Redis
 * is gone (one warning), probes it in the background, and says when it is back (one info line).
 */

import { Redis } from 'ioredis';

import type { Logger } from '../logger.js';

export type RedisLinkOptions = {
  /** `redis://…` or `rediss://…`. Never logged as given: it may hold a password. */
  readonly url: string;
  readonly logger: Logger;
  /** A TCP connect that takes longer is given up (ioredis then reconnects in the background). */
  readonly connectTimeoutMs?: number;
  /** A command without an answer after this long counts as Redis trouble (a hung server). */
  readonly commandTimeoutMs?: number;
  /** Longest pause between reconnect attempts and between probes of a hung server. */
  readonly reconnectMaxMs?: number;
};

export type RedisLinkHealth = {
  readonly available: boolean;
  /** What went wrong last, when not available (no secrets: error messages of ioredis only). */
  readonly reason: string | undefined;
  /** Epoch ms of the last change. */
  readonly since: number;
};

export interface RedisLink {
  readonly redis: Redis;
  /** Where Redis is, without credentials: `host:port`. */
  readonly address: string;
  /** True while commands may be sent; false while the breaker is open. */
  available(): boolean;
  /**
   * Runs one command (or script) with a deadline. Throws at once, sending nothing, while the
   * breaker is open; a failure or a missed deadline opens it.
   */
  command<T>(during: string, run: (redis: Redis) => Promise<T>): Promise<T>;
  /** Resolves true once Redis answered, false after `timeoutMs` (then the link starts degraded). */
  waitUntilAvailable(timeoutMs: number): Promise<boolean>;
  /** A command failed: open the breaker (one warning per outage) and probe in the background. */
  failed(error: unknown, during: string): void;
  /** `listener` runs each time Redis is back after an outage; returns an unsubscribe function. */
  onRecovered(listener: () => void): () => void;
  health(): RedisLinkHealth;
  close(): Promise<void>;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 500;
export const DEFAULT_RECONNECT_MAX_MS = 500;

export function redisAddress(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '6379'}`;
}

export function createRedisLink(options: RedisLinkOptions): RedisLink {
  const { logger } = options;
  const reconnectMaxMs = options.reconnectMaxMs ?? DEFAULT_RECONNECT_MAX_MS;
  const address = redisAddress(options.url);
  const commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const redis = new Redis(options.url, {
    connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    // No ioredis commandTimeout: ours (command()) does not mistake a busy event loop for a hung Redis.
    // Fail at once while disconnected instead of queueing: the caller has a local fallback.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Reconnect forever in the background, quickly: replicas should see Redis return at about the
    // same moment (the shared budget's hand-back relies on it, see shared-budget.ts).
    retryStrategy: (times) => Math.min(50 * times, reconnectMaxMs),
    // Our scripts are loaded with EVALSHA-then-EVAL by defineCommand; nothing needs a ready check
    // beyond ioredis' own INFO.
    enableReadyCheck: true,
    lazyConnect: false,
  });

  let available = false;
  let everAvailable = false;
  let reason: string | undefined = 'connecting';
  let since = Date.now();
  let closed = false;
  let probeTimer: NodeJS.Timeout | undefined;
  let probing = false;
  let warned = false;
  const recoveredListeners = new Set<() => void>();
  const waiters = new Set<(value: boolean) => void>();

  const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

  function goDown(why: string, during: string): void {
    if (closed) return;
    reason = `${during}: ${why}`;
    if (available || !warned) {
      available = false;
      since = Date.now();
      warned = true;
      logger.warn(
        { redis: address, reason },
        everAvailable
          ? 'Redis is unreachable: each replica falls back to its local share of the Logto budget and its own M2M token until it is back'
          : 'Redis is unreachable at start: serving with a local share of the Logto budget and a per-replica M2M token until it answers',
      );
    }
    scheduleProbe();
  }

  function goUp(): void {
    if (closed || available) return;
    const wasDown = everAvailable || warned;
    available = true;
    everAvailable = true;
    reason = undefined;
    since = Date.now();
    if (probeTimer) clearTimeout(probeTimer);
    probeTimer = undefined;
    for (const resolve of waiters) resolve(true);
    waiters.clear();
    if (wasDown && warned) {
      logger.info({ redis: address }, 'Redis is reachable again: the Logto budget and the M2M token are shared again');
    }
    warned = false;
    if (wasDown) for (const listener of recoveredListeners) listener();
  }

  /**
   * Rejects when `promise` has not settled `commandTimeoutMs` after the call. The deadline is
   * checked from a setImmediate after the timer: by then the event loop has read whatever reply
   * was waiting in the socket, so a stall of this process (GC, a CPU-bound burst) is not taken for
   * a hung Redis — timers run before I/O in each turn of the loop.
   */
  function withDeadline<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        setImmediate(() => {
          if (settled) return;
          settled = true;
          reject(new Error(`no answer within ${commandTimeoutMs} ms`));
        });
      }, commandTimeoutMs);
      promise.then(
        (value) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /** A PING that answers in time closes the breaker; ioredis reconnects the socket by itself. */
  async function probe(): Promise<void> {
    probeTimer = undefined;
    if (closed || available || probing) return;
    probing = true;
    try {
      if (redis.status === 'ready') {
        await withDeadline(redis.ping());
        goUp();
        return;
      }
    } catch (error) {
      reason = `probe: ${describe(error)}`;
    } finally {
      probing = false;
    }
    scheduleProbe();
  }

  function scheduleProbe(): void {
    if (closed || available || probeTimer) return;
    probeTimer = setTimeout(() => void probe(), reconnectMaxMs);
    probeTimer.unref();
  }

  // Without an 'error' listener ioredis prints every failed reconnect to the console.
  redis.on('error', (error: unknown) => {
    if (!available) reason = `connection: ${describe(error)}`;
  });
  redis.on('ready', () => void probe());
  redis.on('close', () => {
    if (available) goDown('connection closed', 'connection');
  });

  return {
    redis,
    address,
    available: () => available,
    async command(during, run) {
      if (!available) throw new Error(`Redis unavailable (${reason ?? 'unknown'})`);
      try {
        return await withDeadline(run(redis));
      } catch (error) {
        goDown(describe(error), during);
        throw error;
      }
    },
    waitUntilAvailable(timeoutMs) {
      if (available) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(done);
          if (!available) goDown(reason ?? 'no answer', 'start');
          resolve(false);
        }, timeoutMs);
        timer.unref();
        const done = (value: boolean) => {
          clearTimeout(timer);
          resolve(value);
        };
        waiters.add(done);
      });
    },
    failed(error, during) {
      goDown(describe(error), during);
    },
    onRecovered(listener) {
      recoveredListeners.add(listener);
      return () => recoveredListeners.delete(listener);
    },
    health: () => ({ available, reason: available ? undefined : reason, since }),
    async close() {
      if (closed) return;
      closed = true;
      available = false;
      if (probeTimer) clearTimeout(probeTimer);
      for (const resolve of waiters) resolve(false);
      waiters.clear();
      // QUIT waits for Redis' answer; a hung server must not hold the shutdown.
      const timer = setTimeout(() => redis.disconnect(), commandTimeoutMs);
      timer.unref();
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
