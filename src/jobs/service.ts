import { randomBytes } from 'node:crypto';

import type { LogtoClient } from '../logto/client.js';
import type { Logger } from '../logger.js';
import { estimateDurationMs } from './import-rows.js';
import { type BulkJobError, type BulkJobItem, type BulkJobKind, type BulkJobParams, type BulkJobRecord, FINISHED } from './model.js';
import { processRow, type RowOutcome } from './processors.js';
import type { JobQueue } from './bullmq-queue.js';
import { type JobStore, MemoryJobStore } from './store.js';

/**
 * Runs bulk jobs: rows in input order, a few at a time, through the Logto client as background
 * requests (queued behind every interactive request, paced, kept to `BULK_BUDGET_SHARE` while
 * interactive traffic is about: src/logto/rate-limit.ts). After each batch the job records how far
 * it got (`cursor`); the batch in flight is recorded first (`inFlight`), so a job that stops
 * mid-batch looks those rows up before sending them again. Pause, resume and cancel take effect
 * between batches.
 */

export type JobServiceOptions = {
  readonly client: LogtoClient;
  readonly logger: Logger;
  /** `BULK_BUDGET_SHARE` (0–1). */
  readonly budgetShare: number;
  readonly store?: JobStore;
  /** Rows sent at once (default 4): enough to keep pace with Logto's latency, few enough to stop promptly. */
  readonly batchSize?: number;
  /** Told after every batch and status change (a `bulkJobProgress` subscription can listen). */
  readonly onProgress?: (job: BulkJobRecord) => void;
  /** Who runs a job (BullMQ with Redis); default: this process, at once. */
  readonly queue?: (run: (id: string) => Promise<boolean>) => JobQueue;
};

export type NewJob = {
  readonly kind: BulkJobKind;
  readonly owner: string;
  readonly organizationId: string | null;
  readonly params: BulkJobParams;
  readonly items: readonly BulkJobItem[];
  /** Rows refused before the job started (an import's bad rows): reported as errors, counted as failed. */
  readonly rejected?: readonly BulkJobError[];
  readonly requestsPerRow?: number;
};

const DESCRIPTIONS: Readonly<Record<BulkJobKind, string>> = {
  USER_IMPORT: 'Imports users',
  ROLE_ASSIGNMENT: 'Assigns roles to users',
  ORGANIZATION_MEMBERSHIP: 'Changes organization memberships',
  SUSPENSION: 'Suspends or reactivates users',
  DELETION: 'Deletes users',
};

export class JobService {
  readonly #client: LogtoClient;
  readonly #logger: Logger;
  readonly #store: JobStore;
  readonly #share: number;
  readonly #batchSize: number;
  readonly #onProgress: ((job: BulkJobRecord) => void) | undefined;
  readonly #running = new Map<string, Promise<void>>();
  /** Per running job: aborted by pause and cancel, so rows still waiting for the budget are not sent. */
  readonly #stops = new Map<string, AbortController>();
  #closing = false;
  readonly #queue: JobQueue | undefined;

  constructor(options: JobServiceOptions) {
    this.#client = options.client;
    this.#logger = options.logger;
    this.#store = options.store ?? new MemoryJobStore();
    this.#share = options.budgetShare;
    this.#batchSize = options.batchSize ?? 4;
    this.#onProgress = options.onProgress;
    this.#queue = options.queue?.(async (id) => {
      await this.#execute(id);
      return !this.#closing;
    });
  }

  get durable(): boolean {
    return this.#store.durable;
  }

  /** When a job of `requests` upstream requests would end if it started now, at its pace. */
  estimateMs(requests: number): number {
    const { limit, windowMs } = this.#client.budget();
    return estimateDurationMs(requests, { limit, windowMs });
  }

  async start(job: NewJob): Promise<BulkJobRecord> {
    const id = randomBytes(9).toString('base64url');
    const rejected = job.rejected ?? [];
    const record: BulkJobRecord = {
      id,
      kind: job.kind,
      owner: job.owner,
      organizationId: job.organizationId,
      params: job.params,
      status: 'QUEUED',
      description: `${DESCRIPTIONS[job.kind]}. ${
        this.durable
          ? 'Kept in Redis: it survives restarts and resumes from its last confirmed row.'
          : 'Runs in this process only: it is lost if the facade restarts (set REDIS_URL to keep jobs).'
      }`,
      durable: this.durable,
      total: job.items.length + rejected.length,
      cursor: 0,
      succeeded: 0,
      failed: rejected.length,
      existing: 0,
      inFlight: [],
      doneAhead: [],
      createdAt: Date.now(),
      startedAt: null,
      finishedAt: null,
      requestsPerRow: job.requestsPerRow ?? 1,
      failure: null,
    };
    await this.#store.create(record, job.items);
    if (rejected.length > 0) await this.#store.addErrors(id, rejected);
    this.#launch(id);
    return record;
  }

  get(id: string): Promise<BulkJobRecord | undefined> {
    return this.#store.get(id);
  }

  list(): Promise<BulkJobRecord[]> {
    return this.#store.list();
  }

  errors(id: string, offset: number, limit: number): Promise<{ readonly items: BulkJobError[]; readonly total: number }> {
    return this.#store.errors(id, offset, limit);
  }

  /** Rows the job still has to do (its items are kept until it ends). */
  remaining(job: BulkJobRecord): number {
    return FINISHED.has(job.status) ? 0 : Math.max(0, job.total - job.failed - job.succeeded - job.existing);
  }

  /** When the job should end at its pace; null once it has. */
  estimatedEndAt(job: BulkJobRecord): Date | null {
    if (FINISHED.has(job.status)) return null;
    return new Date(Date.now() + this.estimateMs(this.remaining(job) * job.requestsPerRow));
  }

  async pause(id: string): Promise<BulkJobRecord | undefined> {
    const job = await this.#store.get(id);
    if (!job || (job.status !== 'RUNNING' && job.status !== 'QUEUED')) return job;
    const paused = await this.#store.update(id, { status: 'PAUSED' });
    this.#stops.get(id)?.abort();
    return this.#changed(paused);
  }

  async resume(id: string): Promise<BulkJobRecord | undefined> {
    const job = await this.#store.get(id);
    if (!job || job.status !== 'PAUSED') return job;
    const queued = await this.#store.update(id, { status: 'QUEUED' });
    this.#launch(id);
    return this.#changed(queued);
  }

  async cancel(id: string): Promise<BulkJobRecord | undefined> {
    const job = await this.#store.get(id);
    if (!job || FINISHED.has(job.status)) return job;
    const cancelled = await this.#store.update(id, { status: 'CANCELLED', finishedAt: Date.now() });
    this.#stops.get(id)?.abort();
    // A batch in flight finishes and is counted; nothing after it is sent.
    await this.#store.dropItems(id);
    return this.#changed(cancelled);
  }

  /** Stops taking new batches and waits for those in flight (their rows are confirmed). */
  async close(): Promise<void> {
    this.#closing = true;
    for (const stop of this.#stops.values()) stop.abort();
    await Promise.allSettled(this.#running.values());
    await this.#queue?.close();
    await this.#store.close();
  }

  /** Picks up jobs left QUEUED or RUNNING by a previous process (a durable store only). */
  async resumeInterrupted(): Promise<void> {
    for (const job of await this.#store.list()) if (job.status === 'QUEUED' || job.status === 'RUNNING') this.#launch(job.id);
  }

  #launch(id: string): void {
    if (this.#closing) return;
    if (this.#queue) {
      this.#queue.enqueue(id).catch((error: unknown) => this.#logger.error({ err: error, jobId: id }, 'bulk job could not be queued'));
      return;
    }
    void this.#execute(id);
  }

  /** Runs the job here until it ends, pauses, or this process stops. */
  #execute(id: string): Promise<void> {
    const running = this.#running.get(id);
    if (running) return running;
    const run = this.#run(id)
      .catch(async (error: unknown) => {
        this.#logger.error({ err: error, jobId: id }, 'bulk job failed');
        this.#changed(await this.#store.update(id, { status: 'FAILED', finishedAt: Date.now(), failure: 'Unexpected error.', inFlight: [] }));
        await this.#store.dropItems(id);
      })
      .finally(() => this.#running.delete(id));
    this.#running.set(id, run);
    return run;
  }

  #changed(job: BulkJobRecord | undefined): BulkJobRecord | undefined {
    if (job) this.#onProgress?.(job);
    return job;
  }

  async #run(id: string): Promise<void> {
    let job = await this.#store.get(id);
    if (!job || (job.status !== 'QUEUED' && job.status !== 'RUNNING')) return;
    job = this.#changed(await this.#store.update(id, { status: 'RUNNING', startedAt: job.startedAt ?? Date.now() }))!;
    const stop = new AbortController();
    this.#stops.set(id, stop);
    try {
      for (;;) {
        job = await this.#store.get(id);
        if (!job || job.status !== 'RUNNING' || this.#closing) return;
        const items = await this.#store.items(id, job.cursor, this.#batchSize);
        if (items.length === 0) {
          this.#changed(await this.#store.update(id, { status: 'SUCCEEDED', finishedAt: Date.now(), inFlight: [], doneAhead: [] }));
          await this.#store.dropItems(id);
          return;
        }
        await this.#batch(job, items, stop.signal);
      }
    } finally {
      if (this.#stops.get(id) === stop) this.#stops.delete(id);
    }
  }

  /**
   * One batch: the rows are recorded as in flight first; afterwards the cursor moves past the
   * decided prefix. Rows a pause stopped while they waited for the budget stay uncertain (looked up
   * or repeated safely on resume); decided rows after them are remembered so they are not sent again.
   */
  async #batch(job: BulkJobRecord, items: readonly BulkJobItem[], stop: AbortSignal): Promise<void> {
    const first = job.cursor;
    const uncertain = new Set(job.inFlight);
    const doneAhead = new Set(job.doneAhead);
    const indices = items.map((_, index) => first + index);
    await this.#store.update(job.id, { inFlight: [...new Set([...job.inFlight, ...indices.filter((index) => !doneAhead.has(index))])] });
    const outcomes = await Promise.all(
      items.map((item, index): Promise<RowOutcome | 'done'> => (doneAhead.has(first + index) ? Promise.resolve('done') : this.#settle(job, item, uncertain.has(first + index), stop))),
    );
    const decided = outcomes.filter((outcome): outcome is Exclude<RowOutcome, { kind: 'retry' | 'skipped' }> => outcome !== 'done' && outcome.kind !== 'skipped');
    const errors = decided.flatMap((outcome) => (outcome.kind === 'exists' || outcome.kind === 'failed' ? [outcome.error] : []));
    if (errors.length > 0) await this.#store.addErrors(job.id, errors);
    const skipped = indices.filter((_, index) => outcomes[index] !== 'done' && (outcomes[index] as RowOutcome).kind === 'skipped');
    const prefix = skipped.length > 0 ? skipped[0]! - first : items.length;
    const latest = (await this.#store.get(job.id))!;
    const stillAhead = [...doneAhead, ...indices.filter((index, position) => position >= prefix && outcomes[position] !== 'done' && !skipped.includes(index))];
    this.#changed(
      await this.#store.update(job.id, {
        cursor: first + prefix,
        inFlight: skipped,
        doneAhead: stillAhead.filter((index) => index >= first + prefix),
        succeeded: latest.succeeded + decided.filter((outcome) => outcome.kind === 'succeeded').length,
        existing: latest.existing + decided.filter((outcome) => outcome.kind === 'exists').length,
        failed: latest.failed + decided.filter((outcome) => outcome.kind === 'failed').length,
      }),
    );
  }

  /** One row to a decided outcome: rows nothing was decided for wait and go again (the lost ones after a look-up). */
  async #settle(job: BulkJobRecord, item: BulkJobItem, uncertain: boolean, stop: AbortSignal): Promise<Exclude<RowOutcome, { kind: 'retry' }>> {
    let maybeApplied = uncertain;
    const options = { background: { share: this.#share }, callerKey: `job:${job.id}`, requestIdPrefix: `job-${job.id}`, queueSignal: stop };
    for (let attempt = 0; ; attempt++) {
      if (stop.aborted) return { kind: 'skipped' };
      const outcome = await processRow({ client: this.#client, options, params: job.params, maybeApplied }, item);
      if (outcome.kind !== 'retry') return outcome;
      if (outcome.why === 'outcome unknown') maybeApplied = true;
      if (attempt >= 20 || this.#closing) {
        return { kind: 'failed', error: { row: item.row, key: item.key, type: 'UPSTREAM', field: null, message: `Logto did not take the row (${outcome.why}); run it again later.`, logtoCode: null } };
      }
      if (outcome.afterMs > 0) await new Promise((resolve) => setTimeout(resolve, outcome.afterMs).unref());
    }
  }
}
