/**
 * The Logto budget shared by every replica through Redis, with the in-process guarantees: no
 * sliding window of arrivals at Logto over the limit, waiting instead of failing, and the pace of
 * the budget used well.
 *
 * Why our own script and not `sliding-window-rate-limiter`'s Redis store: that store's reserve
 * script keys each entry by its microsecond timestamp (`ZADD key NX now now`), so two grants in
 * the same microsecond collapse into one entry while both are granted; it counts a request only
 * from its dispatch for a fixed interval (our rule 2 — "counts until one window after its answer"
 * — cannot be expressed); its reset hint ignores requests still in flight; and its EXPIRE is given
 * milliseconds as seconds. `rate-limiter-flexible` is a fixed/rolling counter without per-request
 * answer times either. The script below is small: a sorted set per Logto tenant whose members are
 * grants (`<replica id>:<n>`, unique by construction) and whose score is the moment (Redis clock,
 * ms) until which the grant counts.
 *
 *  - reserve: drop entries whose moment has passed; if fewer than `limit` remain, add this grant
 *    counting until `now + lease + window` (in flight: its answer time is not known yet), else
 *    answer when the first slot can free at the earliest.
 *  - settle (the answer arrived): the grant now counts until `max(granted + window + margin,
 *    now + window)` — the in-process rule 2, kept where every replica sees it. If the entry has
 *    gone (a lease ran out), it is added again: counting twice is safe, counting never is not.
 *
 * Why this bounds every window of arrivals: take the requests arriving at Logto in any window
 * `[a, a + W)` and the one among them reserved last, at `t`. Each other one was reserved before `t`
 * and counts until at least its answer + W ≥ its arrival + W ≥ a + W > t (its own arrival is before
 * a + W and after its reservation). So at `t` all of them were counted: fewer than `limit`.
 *
 * Waiting does not poll: a refusal carries the earliest moment a slot can free (an entry in flight
 * frees no earlier than `now + W`), the limiter sleeps until then, plus a small random jitter.
 * Fairness between replicas comes from that jitter: at every reset each waiting replica asks once
 * within a few ms, in random order, so over a burst each gets an equal share of the freed slots in
 * expectation, and none can starve. (A Redis-side ticket queue would give strict cross-replica
 * FIFO, but needs heartbeats to clear the tickets of a replica that died, and either polling or
 * pub/sub to tell the ticket holder its turn — more moving parts for little gain here.)
 *
 * Redis trouble: every grant is also recorded in a local twin of the same log. While the link is
 * down, reserve uses that twin with `floor(limit / replicas)`; so from one window after the
 * failure on, the replicas together stay within the limit. When Redis is back, this replica first
 * writes its twin's live entries into Redis (replacing its own older ones), then, for one window,
 * needs both Redis and its local share to agree: replicas that reconnect a little later are still
 * on their local share, which together with ours stays within the limit.
 */

import { randomUUID } from 'node:crypto';

import type { Result } from 'ioredis';

import type { Logger } from '../logger.js';
import type { BudgetHealth, RateLimitBackend, RateLimitBackendFactory, ReserveOutcome } from '../logto/rate-limit.js';
import type { RedisLink } from './connection.js';

// Scores and arguments travel as strings with three decimals: Lua's number-to-string conversion
// keeps only 14 significant digits, and epoch milliseconds already use 13.
const LUA_NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local function ms(x) return string.format('%.3f', x) end
`;

/** KEYS[1] budget; ARGV limit, dispatchWindowMs, answerWindowMs, leaseMs, member → {granted, usage, retryInMs, now} */
const RESERVE_LUA = `${LUA_NOW}
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local dispatchWindow = tonumber(ARGV[2])
local answerWindow = tonumber(ARGV[3])
local lease = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', key, '-inf', ms(now))
local usage = redis.call('ZCARD', key)
if usage >= limit then
  local nth = redis.call('ZRANGE', key, usage - limit, usage - limit, 'WITHSCORES')
  local freeAt = math.min(tonumber(nth[2]), now + answerWindow)
  return {0, usage, ms(freeAt - now), ms(now)}
end
redis.call('ZADD', key, ms(now + lease + dispatchWindow), ARGV[5])
redis.call('PEXPIRE', key, math.ceil(lease + dispatchWindow + 1000))
return {1, usage + 1, '0', ms(now)}
`;

/** KEYS[1] budget; ARGV member, grantedAt (Redis ms), dispatchWindowMs, answerWindowMs, leaseMs */
const SETTLE_LUA = `${LUA_NOW}
local key = KEYS[1]
local untilMs = math.max(tonumber(ARGV[2]) + tonumber(ARGV[3]), now + tonumber(ARGV[4]))
redis.call('ZADD', key, ms(untilMs), ARGV[1])
redis.call('PEXPIRE', key, math.ceil(tonumber(ARGV[5]) + tonumber(ARGV[3]) + 1000))
return 1
`;

/** KEYS[1] budget; ARGV member prefix, expireMs, then pairs (member, remaining ms): replaces this replica's entries. */
const REPLAY_LUA = `${LUA_NOW}
local key = KEYS[1]
local prefix = ARGV[1]
for _, member in ipairs(redis.call('ZRANGE', key, 0, -1)) do
  if string.sub(member, 1, #prefix) == prefix then redis.call('ZREM', key, member) end
end
for i = 3, #ARGV, 2 do
  redis.call('ZADD', key, ms(now + tonumber(ARGV[i + 1])), ARGV[i])
end
redis.call('PEXPIRE', key, ARGV[2])
return (#ARGV - 2) / 2
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    logtoBudgetReserve(
      key: string,
      limit: number,
      dispatchWindowMs: number,
      answerWindowMs: number,
      leaseMs: number,
      member: string,
    ): Result<[number, number, string, string], Context>;
    logtoBudgetSettle(
      key: string,
      member: string,
      grantedAt: string,
      dispatchWindowMs: number,
      answerWindowMs: number,
      leaseMs: number,
    ): Result<number, Context>;
    logtoBudgetReplay(key: string, prefix: string, expireMs: number, ...pairs: string[]): Result<number, Context>;
  }
}

/**
 * This replica's own grants, with the same "counts until" rule as the script, on the local
 * clock: the fallback budget while Redis is away, and what is written back when it returns.
 */
export class CountingLog {
  readonly #until = new Map<string, number>();

  #prune(now: number): void {
    for (const [member, until] of this.#until) if (until <= now) this.#until.delete(member);
  }

  usage(now: number): number {
    this.#prune(now);
    return this.#until.size;
  }

  /** 0 when a slot is free under `limit`, else how long until one frees. */
  waitMs(limit: number, now: number, answerWindowMs: number): number {
    this.#prune(now);
    const usage = this.#until.size;
    if (usage < limit) return 0;
    const sorted = [...this.#until.values()].sort((a, b) => a - b);
    const nth = sorted[usage - limit]!;
    return Math.max(1, Math.min(nth, now + answerWindowMs) - now);
  }

  add(member: string, until: number): void {
    this.#until.set(member, until);
  }

  /** Live entries as (member, ms left). */
  live(now: number): [string, number][] {
    this.#prune(now);
    return [...this.#until].map(([member, until]) => [member, until - now]);
  }
}

export type SharedBudgetOptions = {
  readonly link: RedisLink;
  /** One sorted set per Logto tenant. */
  readonly key: string;
  /** Replicas sharing the budget: while Redis is away each keeps to `floor(limit / replicas)`. */
  readonly replicas: number;
  /**
   * Longest an exchange can stay in flight (connect + headers + body timeouts): an entry counts
   * that long past its window unless its answer settles it first (a replica that died mid-request).
   */
  readonly leaseMs: number;
  readonly logger: Logger;
  /** Upper bound of the random delay added to Redis' reset hint (fairness). Default: 1% of the window, 2–20 ms. */
  readonly jitterMs?: number;
  readonly now?: () => number;
  readonly random?: () => number;
};

export type SharedBudgetBackend = RateLimitBackend & {
  /** This replica's member prefix in the sorted set. */
  readonly replicaId: string;
};

export function sharedBudgetBackend(options: SharedBudgetOptions): RateLimitBackendFactory {
  return (dispatchWindowMs, { answerWindowMs }) => createSharedBudget(options, dispatchWindowMs, answerWindowMs);
}

function createSharedBudget(options: SharedBudgetOptions, dispatchWindowMs: number, answerWindowMs: number): SharedBudgetBackend {
  const { link, key, logger } = options;
  const { redis } = link;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const leaseMs = Math.max(0, Math.ceil(options.leaseMs));
  const jitterMs = options.jitterMs ?? Math.min(20, Math.max(2, answerWindowMs / 100));
  const replicaId = randomUUID();
  const prefix = `${replicaId}:`;
  const local = new CountingLog();
  let sequence = 0;
  /** After Redis came back: until then (local clock) a grant needs the local share too. */
  let bothUntil = 0;
  /** Set while this replica writes its twin into Redis after an outage; Redis is not used meanwhile. */
  let replaying: Promise<void> | undefined;
  let closed = false;

  redis.defineCommand('logtoBudgetReserve', { numberOfKeys: 1, lua: RESERVE_LUA });
  redis.defineCommand('logtoBudgetSettle', { numberOfKeys: 1, lua: SETTLE_LUA });
  redis.defineCommand('logtoBudgetReplay', { numberOfKeys: 1, lua: REPLAY_LUA });

  const localShare = (limit: number) => Math.max(1, Math.floor(limit / Math.max(1, options.replicas)));

  /**
   * The answer arrived: count until one window from now, here and in Redis. `grantedAt` is the
   * Redis time of the grant, or '0' for a grant made from the local share (written to Redis by
   * the replay, it still holds its lease there until settled).
   */
  function settle(member: string, grantedLocal: number, grantedAt: string): void {
    local.add(member, Math.max(grantedLocal + dispatchWindowMs, now() + answerWindowMs));
    if (closed || !link.available()) return; // the entry keeps its lease; the next replay fixes it
    link
      .command('budget settle', (redis) => redis.logtoBudgetSettle(key, member, grantedAt, dispatchWindowMs, answerWindowMs, leaseMs))
      .catch(() => undefined); // the breaker is open now; the next replay fixes it
  }

  async function replay(): Promise<void> {
    const pairs = local.live(now()).flatMap(([member, leftMs]) => [member, leftMs.toFixed(3)]);
    try {
      await link.command('budget replay', (redis) => redis.logtoBudgetReplay(key, prefix, Math.ceil(leaseMs + dispatchWindowMs + 1_000), ...pairs));
      // Replicas reconnect within about one reconnect interval of each other (connection.ts).
      bothUntil = now() + Math.max(dispatchWindowMs, 1_000);
    } catch {
      // The link has opened its breaker again; the next recovery replays.
    }
  }

  const unsubscribe = link.onRecovered(() => {
    const run: Promise<void> = replay().finally(() => {
      if (replaying === run) replaying = undefined;
    });
    replaying = run;
  });

  async function reserveShared(limit: number, member: string): Promise<ReserveOutcome> {
    const at = now();
    if (bothUntil > at) {
      const wait = local.waitMs(localShare(limit), at, answerWindowMs);
      if (wait > 0) return { granted: false, usage: local.usage(at), retryInMs: wait };
    }
    const [granted, usage, retryInMs, redisNow] = await link.command('budget reserve', (redis) =>
      redis.logtoBudgetReserve(key, limit, dispatchWindowMs, answerWindowMs, leaseMs, member),
    );
    if (granted !== 1) {
      return { granted: false, usage, retryInMs: Math.ceil(Number(retryInMs)) + Math.floor(random() * jitterMs) };
    }
    const grantedLocal = now();
    local.add(member, grantedLocal + leaseMs + dispatchWindowMs);
    let settled = false;
    return {
      granted: true,
      usage,
      settle: () => {
        if (settled) return;
        settled = true;
        settle(member, grantedLocal, redisNow);
      },
    };
  }

  function reserveLocal(limit: number, member: string): ReserveOutcome {
    const at = now();
    const share = localShare(limit);
    const wait = local.waitMs(share, at, answerWindowMs);
    if (wait > 0) return { granted: false, usage: local.usage(at), retryInMs: wait };
    local.add(member, at + leaseMs + dispatchWindowMs);
    let settled = false;
    return {
      granted: true,
      usage: local.usage(at),
      settle: () => {
        if (settled) return;
        settled = true;
        settle(member, at, '0');
      },
    };
  }

  return {
    replicaId,
    async reserve(limit) {
      const member = `${prefix}${++sequence}`;
      if (link.available() && !replaying) {
        try {
          return await reserveShared(limit, member);
        } catch (error) {
          logger.debug({ err: error }, 'shared budget: Redis failed, using the local share');
        }
      }
      return reserveLocal(limit, member);
    },
    health(): BudgetHealth {
      if (link.available() && !replaying) return { mode: 'shared', degraded: false };
      const { reason } = link.health();
      return { mode: 'local-fallback', degraded: true, reason: `Redis unavailable (${reason ?? 'unknown'}): local share of the budget` };
    },
    close() {
      closed = true;
      unsubscribe();
    },
  };
}
