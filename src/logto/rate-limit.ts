/**
 * The upstream budget: every request to Logto (the token request included) passes through one
 * limiter that keeps, in every sliding window, at most `limit` requests, and at most
 * `maxConcurrency` exchanges in flight. Requests over budget wait in a queue that is fair between
 * callers (src/logto/fair-queue.ts: weighted fair queueing by caller key; FIFO for one caller), with
 * an optional per-caller cap that refuses at once instead of queueing.
 *
 * Logto counts requests when they *arrive*, and arrival lags dispatch by a varying latency (a new
 * connection's handshake vs. a warm keep-alive socket: tens of ms apart even on localhost), so a
 * log of dispatch times plus a small margin is not enough on its own. Two rules hold together:
 *  1. the shared sliding-window log of dispatches (window + safety margin) — the part several
 *     replicas can share through the backend;
 *  2. locally, a request counts from its dispatch until one window after its answer arrived
 *     (`inFlight + answers in the last window < limit` before a dispatch). A request reaches Logto
 *     no later than its answer reaches us, so for any window of arrivals, the last one dispatched
 *     saw all the others still counted: no window of arrivals holds more than `limit`.
 *
 * The sliding-window log itself lives behind `RateLimitBackend`: in memory for one process, in
 * Redis (src/redis/shared-budget.ts) so several replicas share one budget — there rule 2 is kept in
 * Redis too, through `settle()`. The queue, its fair order, the per-caller cap and the concurrency
 * cap stay here, per process. Fairness only reorders who gets the next slot: the two rules decide
 * whether there is one, so the window guarantee is untouched.
 */

import {
  SlidingWindowRateLimiter,
  type SlidingWindowRateLimiterBackend,
} from 'sliding-window-rate-limiter';
import { LogtoApiError } from './errors.js';
import { type CallerShare, FairShares, type Ticket } from './fair-queue.js';

export type { CallerShare, Ticket } from './fair-queue.js';

/** One attempt to take a slot of the shared sliding window. */
export type ReserveOutcome =
  | {
      readonly granted: true;
      readonly usage: number;
      /**
       * Called once when the exchange is over (its answer arrived, it failed, or the slot went
       * unused), so a shared backend can keep counting it until one window after that moment.
       */
      readonly settle?: () => void;
    }
  /**
   * `retryInMs`: no slot can free before then (undefined when the backend cannot say). The
   * limiter does not ask again earlier, so a waiting replica does not poll a shared backend.
   */
  | { readonly granted: false; readonly usage: number; readonly retryInMs: number | undefined };

/** Where the budget is kept, for health reports: `degraded` means a fallback is in use. */
export type BudgetHealth = {
  readonly mode: 'in-process' | 'shared' | 'local-fallback';
  readonly degraded: boolean;
  /** Why degraded (no secrets). */
  readonly reason?: string;
};

/** The swappable part: a sliding-window log of dispatches, possibly shared between processes. */
export interface RateLimitBackend {
  /** Take one slot if fewer than `limit` dispatches happened in the window. */
  reserve(limit: number): Promise<ReserveOutcome>;
  /** Default: in-process, never degraded. */
  health?(): BudgetHealth;
  close(): void;
}

/**
 * Builds a backend for a window length (the limiter adds its safety margin before calling);
 * `answerWindowMs` is the configured window, for backends that keep rule 2 themselves.
 */
export type RateLimitBackendFactory = (windowMs: number, context: { readonly answerWindowMs: number }) => RateLimitBackend;

/**
 * A backend on top of `sliding-window-rate-limiter`. Without `store` it is the library's memory
 * log; pass `SlidingWindowRateLimiter.createLimiter({ interval: windowMs, redis })` (same
 * interval) to share the budget through Redis, with a `key` per Logto tenant.
 */
export function slidingWindowBackend(
  windowMs: number,
  options: { readonly key?: string; readonly store?: SlidingWindowRateLimiterBackend } = {},
): RateLimitBackend {
  const store = options.store ?? SlidingWindowRateLimiter.createLimiter({ interval: windowMs });
  const key = options.key ?? 'logto-management-api';
  return {
    async reserve(limit) {
      const result = await store.reserve(key, limit);
      // The library grants exactly when it returns a token (its timestamp).
      if (result.token !== undefined) return { granted: true, usage: result.usage };
      return { granted: false, usage: result.usage, retryInMs: result.reset };
    },
    close() {
      store.destroy();
    },
  };
}

export type RateLimiterOptions = {
  /** Dispatches allowed per window (Logto Cloud: 200). */
  readonly limit: number;
  /** Window length as configured (Logto Cloud: 10 000 ms). */
  readonly windowMs: number;
  readonly maxConcurrency: number;
  /** A request that would wait longer than this in the queue fails with `client.rate_limited`. */
  readonly queueTimeoutMs: number;
  /**
   * Added to the window we enforce. Logto clocks arrival, we clock dispatch, and latency varies:
   * a request sent just after its predecessor left the window could arrive "inside" it.
   * Default: 2% of the window, at least 10 ms.
   */
  readonly safetyMarginMs?: number;
  readonly backend?: RateLimitBackendFactory;
  /**
   * At most this many dispatches per caller in any (safety-padded) window, queued requests
   * included; a caller's new request beyond it is refused at once. Undefined: no cap.
   */
  readonly perCallerLimit?: number;
  /**
   * Most free slots a caller over its share of the window leaves to callers under theirs
   * (src/logto/fair-queue.ts). Default 10% of `limit`; 0 turns the reserve off.
   */
  readonly shareReserve?: number;
  /** Milliseconds; must be the clock the backend uses (the memory backend uses Date.now). */
  readonly now?: () => number;
};

/** Held while an exchange is in flight; release it when the answer has been read (or failed). */
export type Permit = {
  /** Milliseconds spent queued. */
  readonly waitedMs: number;
  release(): void;
};

export type AcquireOptions = {
  /**
   * Queue position. Take one from `ticket(caller)` per logical request and pass the same ticket
   * for its retries, so a retry goes back to where it stood instead of the end (and is never
   * refused by the per-caller cap). Default: a new ticket of `caller`.
   */
  readonly ticket?: Ticket;
  /** Whose share a request without `ticket` uses (default: the service's own, never capped). */
  readonly caller?: string;
  /** Jump the queue (the token request: every queued request is waiting for it anyway). */
  readonly priority?: boolean;
  readonly signal?: AbortSignal;
};

export type RateLimiterStats = {
  readonly queued: number;
  readonly inFlight: number;
  readonly granted: number;
  /** Requests refused by the queue timeout (immediately or after waiting). */
  readonly rejected: number;
  /** Requests refused at once because their caller was over `perCallerLimit`. */
  readonly callerCapRejected: number;
  readonly waitMsTotal: number;
  readonly waitMsMax: number;
  readonly pausedUntil: number | undefined;
};

export type Budget = { readonly limit: number; readonly windowMs: number; readonly remaining: number; readonly resetAt: Date };

type Waiter = {
  readonly ticket: Ticket;
  readonly enqueuedAt: number;
  readonly resolve: (permit: Permit) => void;
  readonly reject: (error: unknown) => void;
  timer: NodeJS.Timeout | undefined;
  cleanup: () => void;
};

export class RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  /** The window actually enforced: windowMs + safety margin. */
  readonly effectiveWindowMs: number;
  readonly maxConcurrency: number;
  readonly queueTimeoutMs: number;
  readonly perCallerLimit: number | undefined;

  readonly #backend: RateLimitBackend;
  readonly #now: () => number;
  /** Sorted by ticket (fair order). Arrays are fine: queues are at most a few thousand long. */
  readonly #queue: Waiter[] = [];
  /** Our own dispatch times inside the window, oldest first: for estimates and budget(). */
  readonly #log: number[] = [];
  /** When answers arrived (permits released), oldest first, inside the window: rule 2. */
  readonly #answers: number[] = [];
  /** Dispatches of interactive requests / of jobs' (background) requests inside the window. */
  readonly #interactiveLog: number[] = [];
  readonly #backgroundLog: number[] = [];
  #inFlight = 0;
  readonly #fair: FairShares;
  /** Tickets whose first attempt passed the per-caller cap: their retries are not checked again. */
  readonly #admitted = new WeakSet<Ticket>();
  #pausedUntil = 0;
  #pumping = false;
  #pumpAgain = false;
  #wakeTimer: NodeJS.Timeout | undefined;
  #wakeAt = Infinity;
  #closed = false;
  /** The backend said no slot frees before this (our clock): don't ask it again earlier. */
  #backendNotBefore = 0;
  #granted = 0;
  #rejected = 0;
  #callerCapRejected = 0;
  #waitMsTotal = 0;
  #waitMsMax = 0;

  constructor(options: RateLimiterOptions) {
    if (!(options.limit >= 1) || !(options.windowMs > 0)) throw new RangeError('rate limit must be at least 1 per positive window');
    if (!(options.maxConcurrency >= 1)) throw new RangeError('maxConcurrency must be at least 1');
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    const margin = options.safetyMarginMs ?? Math.max(10, Math.round(options.windowMs * 0.02));
    this.effectiveWindowMs = options.windowMs + Math.max(0, margin);
    this.maxConcurrency = options.maxConcurrency;
    this.queueTimeoutMs = options.queueTimeoutMs;
    this.perCallerLimit = options.perCallerLimit;
    this.#fair = new FairShares({
      perCallerLimit: options.perCallerLimit,
      windowMs: this.effectiveWindowMs,
      limit: this.limit,
      ...(options.shareReserve === undefined ? {} : { reserve: options.shareReserve }),
    });
    this.#now = options.now ?? Date.now;
    this.#backend = (options.backend ?? ((windowMs) => slidingWindowBackend(windowMs)))(this.effectiveWindowMs, {
      answerWindowMs: this.windowMs,
    });
  }

  /**
   * A queue position for a new logical request of `caller` (a caller key: who shares a fair
   * share); reuse it for that request's retries. `weight` 2 gets twice the share of weight 1.
   */
  ticket(caller?: string, weight?: number, background?: number): Ticket {
    return this.#fair.ticket(caller, weight, background);
  }

  /** Waits for a concurrency slot and a slot of the window, in queue order. */
  acquire(options: AcquireOptions = {}): Promise<Permit> {
    if (this.#closed) return Promise.reject(closedError());
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    const ticket = options.priority ? this.#fair.priorityTicket() : (options.ticket ?? this.#fair.ticket(options.caller));
    if (!this.#admitted.has(ticket)) {
      // The caller's own cap first: it is about this caller, not the budget, and costs nothing.
      const admission = this.#fair.admit(ticket, this.#now());
      if (!admission.admitted) {
        this.#callerCapRejected++;
        return Promise.reject(callerRateLimitedError(admission.retryAfterMs, this.perCallerLimit!));
      }
      this.#admitted.add(ticket);
    }
    const position = this.#insertionIndex(ticket);
    // Fail fast: if the budget alone cannot reach this position in time, waiting is pointless.
    const estimate = this.#estimateWaitMs(position);
    if (estimate > this.queueTimeoutMs) {
      this.#rejected++;
      return Promise.reject(rateLimitedError(estimate, this.queueTimeoutMs));
    }
    return new Promise<Permit>((resolve, reject) => {
      const onAbort = (): void => {
        if (this.#remove(waiter)) reject(abortedError(signal!));
      };
      const waiter: Waiter = {
        ticket,
        enqueuedAt: this.#now(),
        resolve,
        reject,
        timer: undefined,
        cleanup: () => {
          if (waiter.timer) clearTimeout(waiter.timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      // The estimate ignores the concurrency cap and other replicas: this catches the rest.
      waiter.timer = setTimeout(() => {
        if (!this.#remove(waiter)) return;
        this.#rejected++;
        const index = this.#queue.length;
        reject(rateLimitedError(Math.max(this.#estimateWaitMs(index), 1), this.queueTimeoutMs));
      }, this.queueTimeoutMs);
      waiter.timer.unref?.();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.splice(this.#insertionIndex(ticket), 0, waiter);
      this.#fair.enqueued(ticket);
      void this.#pump();
    });
  }

  /**
   * Logto said 429 with Retry-After: the tenant's budget is spent for everyone (other clients
   * share it), so hold the whole queue instead of letting each request collect its own 429.
   */
  pauseUntil(untilMs: number): void {
    if (untilMs > this.#pausedUntil) this.#pausedUntil = untilMs;
    this.#schedule(Math.max(0, untilMs - this.#now()));
  }

  /**
   * The budget as this process sees it (other replicas are not counted). `resetAt` is when
   * `remaining` next grows: now when nothing counts; for requests still in flight, a guess
   * (they count until a window after their answer).
   */
  budget(): Budget {
    const now = this.#now();
    this.#prune(now);
    const byDispatch = this.#log.length;
    const byAnswer = this.#inFlight + this.#answers.length;
    const paused = this.#pausedUntil > now;
    const remaining = paused ? 0 : Math.max(0, this.limit - Math.max(byDispatch, byAnswer));
    let resetAt = now;
    if (byDispatch >= byAnswer && byDispatch > 0) resetAt = this.#log[0]! + this.effectiveWindowMs;
    else if (byAnswer > 0) resetAt = this.#answers.length > 0 ? this.#answers[0]! + this.windowMs : now + this.windowMs;
    if (paused) resetAt = Math.max(resetAt, this.#pausedUntil);
    return { limit: this.limit, windowMs: this.windowMs, remaining, resetAt: new Date(resetAt) };
  }

  /** A caller's share left under `perCallerLimit` in this process; undefined without a cap. */
  callerShare(caller: string): CallerShare | undefined {
    return this.#fair.share(caller, this.#now());
  }

  /** Where the window is kept and whether a fallback is in use (Redis unreachable). */
  health(): BudgetHealth {
    return this.#backend.health?.() ?? { mode: 'in-process', degraded: false };
  }

  stats(): RateLimiterStats {
    return {
      queued: this.#queue.length,
      inFlight: this.#inFlight,
      granted: this.#granted,
      rejected: this.#rejected,
      callerCapRejected: this.#callerCapRejected,
      waitMsTotal: this.#waitMsTotal,
      waitMsMax: this.#waitMsMax,
      pausedUntil: this.#pausedUntil > this.#now() ? this.#pausedUntil : undefined,
    };
  }

  /** Rejects everything still queued; permits already handed out stay valid. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#wakeTimer) clearTimeout(this.#wakeTimer);
    for (const waiter of this.#queue.splice(0)) {
      waiter.cleanup();
      this.#fair.left(waiter.ticket);
      waiter.reject(closedError());
    }
    this.#backend.close();
  }

  #insertionIndex(ticket: Ticket): number {
    // Binary search for the first waiter served after this ticket.
    let lo = 0;
    let hi = this.#queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (!FairShares.before(ticket, this.#queue[mid]!.ticket)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #remove(waiter: Waiter): boolean {
    const index = this.#queue.indexOf(waiter);
    if (index === -1) return false;
    this.#queue.splice(index, 1);
    waiter.cleanup();
    this.#fair.left(waiter.ticket);
    return true;
  }

  #prune(now: number): void {
    while (this.#log.length > 0 && now - this.#log[0]! >= this.effectiveWindowMs) this.#log.shift();
    while (this.#answers.length > 0 && now - this.#answers[0]! >= this.windowMs) this.#answers.shift();
    while (this.#interactiveLog.length > 0 && now - this.#interactiveLog[0]! >= this.effectiveWindowMs) this.#interactiveLog.shift();
    while (this.#backgroundLog.length > 0 && now - this.#backgroundLog[0]! >= this.effectiveWindowMs) this.#backgroundLog.shift();
  }

  /**
   * How long a job's request (share `share` of the window) must wait, 0 for now. Interactive
   * requests are ahead of it in the queue anyway; on top of that a job is paced to the budget's
   * average rate (one dispatch per `window / limit`: a job that took every slot at once would
   * leave a screen waiting for the next window) and, while interactive traffic waits or was sent
   * in the last window, keeps to `share` of the window so that traffic finds free slots. With
   * nobody else about, it may use the whole window.
   */
  #backgroundHoldMs(share: number, now: number): number {
    const last = this.#backgroundLog.at(-1);
    const paced = last === undefined ? 0 : Math.max(0, last + this.windowMs / this.limit - now);
    const othersAbout = this.#interactiveLog.length > 0 || this.#queue.some((waiter) => waiter.ticket.background === undefined);
    if (!othersAbout) return paced;
    const cap = Math.floor(this.limit * share);
    const used = this.#backgroundLog.length;
    if (used < cap) return paced;
    // Usage drops below the cap when the (used − cap)-th oldest job dispatch leaves the window.
    const frees = cap === 0 ? this.effectiveWindowMs : this.#backgroundLog[used - cap]! + this.effectiveWindowMs - now;
    return Math.max(paced, frees, 1);
  }

  /** Rule 2: 0 when a dispatch is allowed now, else how long until one is (undefined: wait for a release). */
  #answerWaitMs(now: number): number | undefined {
    this.#prune(now);
    const allowed = this.limit - 1 - this.#inFlight; // answered requests that may still count
    if (allowed < 0) return undefined;
    const excess = this.#answers.length - allowed;
    if (excess <= 0) return 0;
    return this.#answers[excess - 1]! + this.windowMs - now;
  }

  /**
   * When could the request at queue `position` (0 = next) be dispatched, by our own log? Slot k
   * frees when the dispatch `limit` places before it leaves the window; queued requests dispatch
   * in order, so the chain is computed forwards. Concurrency and other replicas are ignored.
   */
  #estimateWaitMs(position: number): number {
    const now = this.#now();
    this.#prune(now);
    const start = Math.max(now, this.#pausedUntil);
    const log = this.#log;
    const free = Math.max(0, this.limit - log.length);
    if (position < free) return start - now;
    const dispatches: number[] = [];
    for (let k = 0; k <= position; k++) {
      if (k < free) {
        dispatches.push(start);
        continue;
      }
      const j = k - free; // index into log ++ dispatches of the entry whose expiry frees slot k
      const freedBy = j < log.length ? log[j]! : dispatches[j - log.length]!;
      dispatches.push(Math.max(start, freedBy + this.effectiveWindowMs));
    }
    return dispatches[position]! - now;
  }

  /**
   * The first waiter in fair order that may take a free slot now: priority requests always; a
   * caller over its share only at its pace and while more than the reserve is free. Index -1 when
   * none may, with the shortest pacing delay among them (Infinity: wait for a slot to free).
   */
  #nextEligible(now: number): { index: number; waitMs: number } {
    let waitMs = Number.POSITIVE_INFINITY;
    if (this.#queue.length === 0) return { index: -1, waitMs };
    this.#prune(now);
    const free = this.limit - Math.max(this.#log.length, this.#inFlight + this.#answers.length);
    const decided = new Map<string, number>();
    for (let index = 0; index < this.#queue.length; index++) {
      const { ticket } = this.#queue[index]!;
      if (ticket.tag === Number.NEGATIVE_INFINITY) return { index, waitMs: 0 };
      const key = ticket.background === undefined ? ticket.caller : `\0background:${ticket.background}`;
      let hold = decided.get(key);
      if (hold === undefined) {
        hold = ticket.background === undefined ? this.#fair.holdMs(ticket.caller, free, now) : this.#backgroundHoldMs(ticket.background, now);
        decided.set(key, hold);
      }
      if (hold === 0) return { index, waitMs: 0 };
      waitMs = Math.min(waitMs, hold);
    }
    return { index: -1, waitMs };
  }

  /** When the next entry of our logs stops counting (a slot frees, or a caller's use drops). */
  #nextExpiryMs(now: number): number {
    const candidates = [this.#log[0] === undefined ? Infinity : this.#log[0] + this.effectiveWindowMs, this.#answers[0] === undefined ? Infinity : this.#answers[0] + this.windowMs];
    const at = Math.min(...candidates);
    return Number.isFinite(at) ? Math.max(1, at - now) : this.effectiveWindowMs;
  }

  #schedule(delayMs: number): void {
    if (this.#closed) return;
    const at = this.#now() + Math.max(1, Math.ceil(delayMs));
    if (this.#wakeTimer && this.#wakeAt <= at) return;
    if (this.#wakeTimer) clearTimeout(this.#wakeTimer);
    this.#wakeAt = at;
    this.#wakeTimer = setTimeout(() => {
      this.#wakeTimer = undefined;
      this.#wakeAt = Infinity;
      void this.#pump();
    }, at - this.#now());
    this.#wakeTimer.unref?.();
  }

  /** Hands out permits in queue order while both the window and the concurrency cap allow. */
  async #pump(): Promise<void> {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#pumpAgain = false;
        while (this.#queue.length > 0 && this.#inFlight < this.maxConcurrency && !this.#closed) {
          const now = this.#now();
          if (this.#pausedUntil > now) {
            this.#schedule(this.#pausedUntil - now);
            break;
          }
          const answerWait = this.#answerWaitMs(now);
          if (answerWait !== 0) {
            // undefined: `limit` requests are in flight; a release pumps again.
            if (answerWait !== undefined) this.#schedule(answerWait);
            break;
          }
          if (this.#backendNotBefore > now) {
            // A release woke us, but the backend already said when a slot frees at the earliest.
            this.#schedule(this.#backendNotBefore - now);
            break;
          }
          const { index: eligible, waitMs } = this.#nextEligible(now);
          if (eligible === -1) {
            // Every waiter's caller is over its share: paced, or the free slots are kept for the
            // others. Look again then, or when a slot leaves the window (arrivals and releases pump anyway).
            this.#schedule(Math.min(waitMs, this.#nextExpiryMs(now)));
            break;
          }
          let outcome: ReserveOutcome;
          try {
            outcome = await this.#backend.reserve(this.limit);
          } catch {
            // A shared backend can be unreachable; try again shortly, the queue timeout bounds it.
            this.#schedule(100);
            break;
          }
          if (!outcome.granted) {
            const retryInMs = outcome.retryInMs ?? 10;
            this.#backendNotBefore = this.#now() + retryInMs;
            this.#schedule(retryInMs);
            break;
          }
          // Waiters may have left (abort, timeout) during the await: choose again now; if no one
          // is eligible any more, the slot (spent anyway) goes to the head.
          const chosen = this.#nextEligible(this.#now()).index;
          const waiter = this.#queue.splice(Math.max(0, chosen), 1)[0];
          const grantedAt = this.#now();
          this.#log.push(grantedAt);
          if (waiter) (waiter.ticket.background === undefined ? this.#interactiveLog : this.#backgroundLog).push(grantedAt);
          const settle = outcome.settle;
          if (!waiter) {
            settle?.(); // the slot is spent anyway: being conservative is harmless
            break;
          }
          waiter.cleanup();
          this.#fair.dispatched(waiter.ticket, grantedAt);
          this.#inFlight++;
          this.#granted++;
          const waitedMs = grantedAt - waiter.enqueuedAt;
          this.#waitMsTotal += waitedMs;
          if (waitedMs > this.#waitMsMax) this.#waitMsMax = waitedMs;
          let released = false;
          waiter.resolve({
            waitedMs,
            release: () => {
              if (released) return;
              released = true;
              this.#inFlight--;
              this.#answers.push(this.#now());
              settle?.();
              void this.#pump();
            },
          });
        }
      } while (this.#pumpAgain && !this.#closed);
    } finally {
      this.#pumping = false;
    }
  }
}

function rateLimitedError(estimateMs: number, queueTimeoutMs: number): LogtoApiError {
  const retryAfterMs = Math.max(1, Math.ceil(estimateMs));
  return new LogtoApiError({
    status: 0,
    code: 'client.rate_limited',
    message: `Logto request budget exhausted: the request would wait about ${retryAfterMs} ms (queue timeout ${queueTimeoutMs} ms)`,
    requestId: '',
    retryAfterMs,
  });
}

function callerRateLimitedError(retryAfterMs: number, perCallerLimit: number): LogtoApiError {
  return new LogtoApiError({
    status: 0,
    code: 'client.caller_rate_limited',
    message: `This caller's share of the Logto request budget is used up (${perCallerLimit} requests per window); retry in about ${retryAfterMs} ms`,
    requestId: '',
    retryAfterMs,
  });
}

function closedError(): LogtoApiError {
  return new LogtoApiError({ status: 0, code: 'client.closed', message: 'The Logto client is closed', requestId: '' });
}

function abortedError(signal: AbortSignal): LogtoApiError {
  return new LogtoApiError({
    status: 0,
    code: 'client.aborted',
    message: 'The request was aborted before it was sent to Logto',
    requestId: '',
    cause: signal.reason,
  });
}
