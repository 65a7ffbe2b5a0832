import type { RateLimitOption } from './types.js';

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * A sliding-window limiter: a request is accepted when fewer than `limit` accepted requests fall in
 * the `windowMs` before it. Rejected requests do not count, so a client that backs off recovers.
 */
export class SlidingWindowLimiter {
  #accepted: number[] = [];
  #head = 0;

  constructor(private limit: RateLimitOption | undefined) {}

  reconfigure(limit: RateLimitOption | undefined): void {
    this.limit = limit;
  }

  check(at: number): RateDecision {
    const { limit } = this;
    if (!limit) return { allowed: true };
    // An accepted request at time t occupies the window (t - windowMs, t].
    while (this.#head < this.#accepted.length && (this.#accepted[this.#head] as number) <= at - limit.windowMs) {
      this.#head += 1;
    }
    if (this.#head > 1024) {
      this.#accepted = this.#accepted.slice(this.#head);
      this.#head = 0;
    }
    const inWindow = this.#accepted.length - this.#head;
    if (inWindow < limit.limit) {
      this.#accepted.push(at);
      return { allowed: true };
    }
    // The window frees a slot when the oldest request that keeps it full leaves it.
    const freesAt = (this.#accepted[this.#accepted.length - limit.limit] as number) + limit.windowMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - at) / 1000)) };
  }
}
