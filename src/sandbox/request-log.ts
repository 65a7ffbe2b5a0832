import type { RequestLog, RequestLogEntry } from './types.js';

export type PendingEntry = Omit<RequestLogEntry, 'status' | 'finishedAt' | 'fault'>;

/**
 * Every request the sandbox received (its own `/__sandbox/` routes excluded), numbered on arrival
 * and listed once answered or dropped. Tests count upstream calls and check rate-limit windows on it.
 */
export class SandboxRequestLog implements RequestLog {
  #seq = 0;
  #entries: RequestLogEntry[] = [];
  #sorted = true;

  /** Number a request on arrival, so `seq` order is arrival order even when answers finish out of order. */
  begin(entry: Omit<PendingEntry, 'seq'>): PendingEntry {
    this.#seq += 1;
    return { ...entry, seq: this.#seq };
  }

  finish(pending: PendingEntry, status: number, fault: string | null, finishedAt: number): void {
    const last = this.#entries.at(-1);
    if (last && last.seq > pending.seq) this.#sorted = false;
    this.#entries.push({ ...pending, status, fault, finishedAt });
  }

  entries(filter: { sinceSeq?: number; pathPrefix?: string } = {}): RequestLogEntry[] {
    if (!this.#sorted) {
      this.#entries.sort((a, b) => a.seq - b.seq);
      this.#sorted = true;
    }
    const { sinceSeq, pathPrefix } = filter;
    return this.#entries
      .filter((entry) => (sinceSeq === undefined || entry.seq > sinceSeq) && (!pathPrefix || entry.path.startsWith(pathPrefix)))
      .map((entry) => ({ ...entry }));
  }

  clear(): void {
    // Sequence numbers keep counting, so a `sinceSeq` taken before a clear stays meaningful.
    this.#entries = [];
    this.#sorted = true;
  }

  lastSeq(): number {
    return this.#seq;
  }
}
