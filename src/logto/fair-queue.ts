/**
 * Fairness between callers for the upstream budget queue (src/logto/rate-limit.ts), as pure
 * bookkeeping with no timers: the limiter asks it for queue positions and for admission.
 *
 * Order: start-time fair queueing (Goyal et al., SFQ), the virtual-clock flavour of weighted fair
 * queueing. Each logical request gets a start tag `max(V, F[caller])` and moves the caller's finish
 * tag to `tag + 1/weight`; the queue serves the lowest tag first (arrival order on ties), and `V`
 * is the tag last dispatched (and, when nothing waits, the highest finish tag: history stops mattering
 * once nobody is held back). So a caller with a backlog holds tags far ahead of `V`, and a caller
 * that has been quiet starts at `V`: it goes ahead of the backlog instead of behind it. Backlogged
 * callers share the dispatches in proportion to their weights; one caller alone is plain FIFO.
 * Why SFQ and not a round robin of per-caller FIFOs: the tag is one number fixed when the
 * request is issued, so a retry keeps its place by reusing its ticket, and the queue stays one
 * sorted array with the limiter's existing estimate of a position's wait.
 *
 * Share reserve: order alone cannot help a caller that finds the window already spent (one caller
 * with a backlog takes every slot the moment it frees). So a caller that has used its share of the
 * window (`limit / active callers`) may not take the last free slots while other active callers
 * are under theirs: it leaves them up to `reserve` slots (default 10% of the limit), no more than
 * those callers could still use of their shares. Alone, or among callers at their share, a caller
 * takes every slot (work-conserving); the reserve only holds back, never adds a dispatch. A caller
 * over its share is also paced to the budget's average rate (one dispatch per `window / limit`):
 * otherwise it takes every freed slot in bulk, its slots all free again at one moment a window
 * later, and between such moments the reserve is all the others have.
 *
 * Cap (optional, `LOGTO_RATE_LIMIT_PER_CALLER`): a caller whose dispatches in the last window plus
 * requests waiting reach `perCallerLimit` is refused at once, with the time until its usage can
 * drop. Only a request's first attempt is refused; its retries were admitted already.
 */

/** One logical request's place in the queue; pass the same ticket for its retries. */
export type Ticket = {
  /** Whose share it uses: a caller key ('' for the service's own requests, never capped). */
  readonly caller: string;
  /** Virtual start time: lower goes first. `-Infinity` for priority requests (the token). */
  readonly tag: number;
  /** Issue order, to break ties. */
  readonly order: number;
  /**
   * A bulk job's request: served after every interactive one, and while interactive traffic is
   * about it may use at most this share of the window (src/logto/rate-limit.ts). Undefined: interactive.
   */
  readonly background?: number;
};

/** The service's own requests (health probes, anything without a caller): never capped. */
export const SERVICE_CALLER = '';

/** A caller's part of the cap now: requests left, and when one frees if none is. */
export type CallerShare = { readonly remaining: number; readonly retryAfterMs: number };

export type Admission = { readonly admitted: true } | { readonly admitted: false; readonly used: number; readonly retryAfterMs: number };

type CallerState = {
  /** Virtual finish tag of this caller's latest request. */
  finish: number;
  /** Requests of this caller in the queue now. */
  waiting: number;
  /** Its last dispatch (for pacing once over its share). */
  lastDispatch: number;
  /** Dispatch times inside the window, oldest first. */
  readonly dispatches: number[];
};

export type FairSharesOptions = {
  /** Each caller's dispatches per window (plus queued requests); undefined: no cap. */
  readonly perCallerLimit?: number | undefined;
  /** The window shares and the cap count over. */
  readonly windowMs: number;
  /** The whole budget per window, which shares divide. */
  readonly limit: number;
  /** Most free slots a caller over its share leaves to the others; default 10% of `limit` (at least 1). */
  readonly reserve?: number;
};

export class FairShares {
  readonly perCallerLimit: number | undefined;
  readonly windowMs: number;
  readonly limit: number;
  readonly reserve: number;
  #virtualTime = 0;
  /** The highest finish tag handed out: where the virtual clock goes when the queue empties. */
  #maxFinish = 0;
  /** Requests in the queue, all callers. */
  #waiting = 0;
  #order = 0;
  readonly #callers = new Map<string, CallerState>();
  #sweptAt = Number.NEGATIVE_INFINITY;

  constructor(options: FairSharesOptions) {
    if (options.perCallerLimit !== undefined && !(options.perCallerLimit >= 1)) throw new RangeError('perCallerLimit must be at least 1');
    this.perCallerLimit = options.perCallerLimit;
    this.windowMs = options.windowMs;
    this.limit = options.limit;
    this.reserve = Math.max(0, Math.floor(options.reserve ?? Math.max(1, Math.ceil(options.limit / 10))));
  }

  /** A place for a new logical request of `caller`; `weight` 2 gets twice the share of weight 1. */
  ticket(caller: string = SERVICE_CALLER, weight = 1, background?: number): Ticket {
    if (!(weight > 0) || !Number.isFinite(weight)) throw new RangeError('weight must be a positive number');
    if (background !== undefined && !(background >= 0 && background <= 1)) throw new RangeError('background share must be between 0 and 1');
    const state = this.#state(caller);
    const tag = Math.max(this.#virtualTime, state.finish);
    state.finish = tag + 1 / weight;
    if (state.finish > this.#maxFinish) this.#maxFinish = state.finish;
    return background === undefined ? { caller, tag, order: ++this.#order } : { caller, tag, order: ++this.#order, background };
  }

  /** Ahead of every caller's request, in issue order among themselves. */
  priorityTicket(): Ticket {
    return { caller: SERVICE_CALLER, tag: Number.NEGATIVE_INFINITY, order: ++this.#order };
  }

  /** Whether a ticket's first attempt may join the queue (always, without a cap). */
  admit(ticket: Ticket, now: number): Admission {
    if (ticket.tag === Number.NEGATIVE_INFINITY) return { admitted: true };
    const share = this.share(ticket.caller, now);
    if (share === undefined || share.remaining > 0) return { admitted: true };
    return { admitted: false, used: this.perCallerLimit! - share.remaining, retryAfterMs: share.retryAfterMs };
  }

  /** The caller's share left under the cap (undefined: no cap, or the service itself). */
  share(caller: string, now: number): CallerShare | undefined {
    const limit = this.perCallerLimit;
    if (limit === undefined || caller === SERVICE_CALLER) return undefined;
    const state = this.#callers.get(caller);
    if (!state) return { remaining: limit, retryAfterMs: 0 };
    this.#pruneDispatches(state, now);
    const used = state.dispatches.length + state.waiting;
    if (used < limit) return { remaining: limit - used, retryAfterMs: 0 };
    // Usage drops below the cap when the (used − limit)-th oldest dispatch leaves the window; a
    // request still queued counts a whole window from its dispatch, which is later than now.
    const k = used - limit;
    const retryAfterMs = k < state.dispatches.length ? state.dispatches[k]! + this.windowMs - now : this.windowMs;
    return { remaining: limit - used, retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)) };
  }

  /** True when `a` is served before `b`. */
  static before(a: Ticket, b: Ticket): boolean {
    // Interactive requests always go first; jobs queue behind them, fairly among themselves.
    const aBackground = a.background !== undefined;
    if (aBackground !== (b.background !== undefined)) return !aBackground;
    return a.tag < b.tag || (a.tag === b.tag && a.order < b.order);
  }

  /** A request (first attempt or retry) joined the queue. */
  enqueued(ticket: Ticket): void {
    // Jobs are paced by the limiter's background rule, not by shares: they never make a caller active.
    if (ticket.background !== undefined) return;
    this.#state(ticket.caller).waiting++;
    this.#waiting++;
  }

  /** A request left the queue without a permit (aborted, timed out, closed). */
  left(ticket: Ticket): void {
    if (ticket.background !== undefined) return;
    const state = this.#callers.get(ticket.caller);
    if (state && state.waiting > 0) state.waiting--;
    if (this.#waiting > 0) this.#waiting--;
    // An idle queue ends the busy period (SFQ): nobody is owed anything, every debt is cleared.
    if (this.#waiting === 0) this.#virtualTime = Math.max(this.#virtualTime, this.#maxFinish);
  }

  /** A request left the queue with a permit: the virtual clock moves to its tag. */
  dispatched(ticket: Ticket, now: number): void {
    this.left(ticket);
    // A job's tags run far ahead of interactive ones: they must not move the interactive clock.
    if (ticket.tag > this.#virtualTime && ticket.background === undefined) this.#virtualTime = ticket.tag;
    if (ticket.caller !== SERVICE_CALLER && ticket.tag !== Number.NEGATIVE_INFINITY && ticket.background === undefined) {
      const state = this.#state(ticket.caller);
      state.dispatches.push(now);
      state.lastDispatch = now;
    }
    this.#sweep(now);
  }

  /**
   * How long a request of `caller` must wait before taking one of `free` slots: 0 now, a delay
   * when its pace holds it, Infinity until a slot frees when the rest is kept for others.
   */
  holdMs(caller: string, free: number, now: number): number {
    if (this.reserveFor(caller, now) > free - 1) return Number.POSITIVE_INFINITY;
    if (!this.#overShare(caller, now)) return 0;
    const state = this.#callers.get(caller);
    const next = (state?.lastDispatch ?? Number.NEGATIVE_INFINITY) + this.windowMs / this.limit;
    return Math.max(0, next - now);
  }

  /**
   * Free slots a request of `caller` must leave to others before it may take one (0: any slot).
   * The service's own requests are never held back.
   */
  reserveFor(caller: string, now: number): number {
    const over = this.#shares(caller, now);
    if (!over) return 0;
    let owed = 0;
    for (const usedByOther of over.others) owed += Math.max(0, over.share - usedByOther);
    return Math.min(this.reserve, Math.ceil(owed));
  }

  #overShare(caller: string, now: number): boolean {
    return this.#shares(caller, now) !== undefined;
  }

  /** Undefined when the caller is under its share (or the service); else its share and the others' use. */
  #shares(caller: string, now: number): { share: number; others: number[] } | undefined {
    if (caller === SERVICE_CALLER || this.reserve === 0) return undefined;
    const own = this.#callers.get(caller);
    if (own) this.#pruneDispatches(own, now);
    const used = own?.dispatches.length ?? 0;
    let active = 1;
    const others: number[] = [];
    for (const [key, state] of this.#callers) {
      if (key === caller || key === SERVICE_CALLER) continue;
      this.#pruneDispatches(state, now);
      if (state.dispatches.length === 0 && state.waiting === 0) continue;
      active++;
      others.push(state.dispatches.length);
    }
    const share = this.limit / active;
    if (used < share || active === 1) return undefined;
    return { share, others };
  }

  /** Callers with any state kept (for tests and stats). */
  get trackedCallers(): number {
    return this.#callers.size;
  }

  #state(caller: string): CallerState {
    let state = this.#callers.get(caller);
    if (!state) {
      state = { finish: 0, waiting: 0, lastDispatch: Number.NEGATIVE_INFINITY, dispatches: [] };
      this.#callers.set(caller, state);
    }
    return state;
  }

  #pruneDispatches(state: CallerState, now: number): void {
    const { dispatches } = state;
    let drop = 0;
    while (drop < dispatches.length && now - dispatches[drop]! >= this.windowMs) drop++;
    if (drop > 0) dispatches.splice(0, drop);
  }

  /**
   * Forgets callers that hold no advantage nor debt (finish ≤ V: a fresh caller would get the same
   * tag), nothing queued and nothing in the window: the map stays as small as the active callers.
   * At most once per window, so the cost is spread thin.
   */
  #sweep(now: number): void {
    if (now - this.#sweptAt < this.windowMs) return;
    this.#sweptAt = now;
    for (const [caller, state] of this.#callers) {
      this.#pruneDispatches(state, now);
      if (state.finish <= this.#virtualTime && state.waiting === 0 && state.dispatches.length === 0) this.#callers.delete(caller);
    }
  }
}
