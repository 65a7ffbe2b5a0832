import type { BulkJobError, BulkJobItem, BulkJobRecord } from './model.js';

/**
 * Where jobs are kept. In memory (this module): lost when the process stops, as each job's
 * description says. The items (an import's rows, passwords' digests included) live only as long
 * as their job: `dropItems` runs when it ends, and nothing here is ever logged.
 */
export interface JobStore {
  /** True when jobs survive a restart (Redis). */
  readonly durable: boolean;
  create(record: BulkJobRecord, items: readonly BulkJobItem[]): Promise<void>;
  get(id: string): Promise<BulkJobRecord | undefined>;
  /** Newest first. */
  list(): Promise<BulkJobRecord[]>;
  update(id: string, patch: Partial<Omit<BulkJobRecord, 'id'>>): Promise<BulkJobRecord | undefined>;
  items(id: string, from: number, count: number): Promise<BulkJobItem[]>;
  addErrors(id: string, errors: readonly BulkJobError[]): Promise<void>;
  errors(id: string, offset: number, limit: number): Promise<{ readonly items: BulkJobError[]; readonly total: number }>;
  dropItems(id: string): Promise<void>;
  close(): Promise<void>;
}

export class MemoryJobStore implements JobStore {
  readonly durable = false;
  readonly #jobs = new Map<string, BulkJobRecord>();
  readonly #items = new Map<string, readonly BulkJobItem[]>();
  readonly #errors = new Map<string, BulkJobError[]>();

  async create(record: BulkJobRecord, items: readonly BulkJobItem[]): Promise<void> {
    this.#jobs.set(record.id, record);
    this.#items.set(record.id, items);
    this.#errors.set(record.id, []);
  }

  async get(id: string): Promise<BulkJobRecord | undefined> {
    return this.#jobs.get(id);
  }

  async list(): Promise<BulkJobRecord[]> {
    return [...this.#jobs.values()].reverse();
  }

  async update(id: string, patch: Partial<Omit<BulkJobRecord, 'id'>>): Promise<BulkJobRecord | undefined> {
    const current = this.#jobs.get(id);
    if (!current) return undefined;
    const updated = { ...current, ...patch };
    this.#jobs.set(id, updated);
    return updated;
  }

  async items(id: string, from: number, count: number): Promise<BulkJobItem[]> {
    return (this.#items.get(id) ?? []).slice(from, from + count);
  }

  async addErrors(id: string, errors: readonly BulkJobError[]): Promise<void> {
    this.#errors.get(id)?.push(...errors);
  }

  async errors(id: string, offset: number, limit: number): Promise<{ items: BulkJobError[]; total: number }> {
    const all = this.#errors.get(id) ?? [];
    return { items: all.slice(offset, offset + limit), total: all.length };
  }

  async dropItems(id: string): Promise<void> {
    this.#items.delete(id);
  }

  async close(): Promise<void> {}
}
