import type { Random } from './prng.js';
import type { FaultKind, FaultRule } from './types.js';

export type Fault = {
  readonly kind: FaultKind;
  /** What the request log records: the rule's kind, or `random-…` for `faultRate` faults. */
  readonly label: string;
  readonly retryAfterSeconds?: number;
  readonly delayMs?: number;
};

type ActiveRule = { readonly rule: FaultRule; remaining: number };

/**
 * Injected failures: one-shot rules first (in the order they were added), then the random
 * `faultRate`, which only ever hits `/api` and answers 503 or drops the connection, half each.
 */
export class FaultInjector {
  #rules: ActiveRule[] = [];

  constructor(
    private readonly random: Random,
    private rate: number,
  ) {}

  setRate(rate: number): void {
    this.rate = rate;
  }

  add(rule: FaultRule): void {
    this.#rules.push({ rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.#rules = [];
  }

  take(method: string, path: string): Fault | undefined {
    const index = this.#rules.findIndex(({ rule }) => matches(rule, method, path));
    const active = this.#rules[index];
    if (active) {
      active.remaining -= 1;
      if (active.remaining <= 0) this.#rules.splice(index, 1);
      const { kind, retryAfterSeconds, delayMs } = active.rule;
      return { kind, label: kind, retryAfterSeconds, delayMs };
    }
    if (this.rate > 0 && isApi(path) && this.random() < this.rate) {
      return this.random() < 0.5
        ? { kind: 'status-503', label: 'random-status-503' }
        : { kind: 'reset-before', label: 'random-reset-before' };
    }
    return undefined;
  }
}

const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path === undefined) return isApi(path);
  if (rule.path instanceof RegExp) return rule.path.test(path);
  return pathMatches(rule.path, path);
}

/** Exact match, where a `:name` segment of the rule matches any one segment (`/api/users/:id`). */
export function pathMatches(pattern: string, path: string): boolean {
  const want = pattern.split('/');
  const got = path.split('/');
  return want.length === got.length && want.every((segment, index) => segment.startsWith(':') || segment === got[index]);
}
