import type { Logger } from '../logger.js';

/**
 * Which replica runs a job: BullMQ (a well-kept Redis job queue). `enqueue` adds a run of the job;
 * any replica's worker takes it, holding BullMQ's lock while it runs. A replica that stops
 * gracefully ends its runs between batches and hands them back (the run fails with attempts left,
 * so BullMQ queues it again); one that dies loses its lock and BullMQ's stalled-job check gives
 * the run to another worker. Either way the job goes on from its last confirmed row.
 */
export type JobQueue = {
  enqueue(id: string): Promise<void>;
  close(): Promise<void>;
};

/** `run` resolves true when the job ended or was paused, false when this process is stopping. */
export function bullmqQueue(options: { readonly url: string; readonly logger: Logger; readonly run: (id: string) => Promise<boolean>; readonly prefix: string }): JobQueue {
  const name = 'bulk-jobs';
  const connection = { url: options.url, maxRetriesPerRequest: null };
  // `REDIS_KEY_PREFIX`, as for the budget and the token: several facades can share one Redis.
  const prefix = `${options.prefix}:bull`;
  // Loaded only with REDIS_URL: a facade without Redis never pays for BullMQ's import.
  const ready = import('bullmq').then(({ Queue, Worker }) => {
    const queue = new Queue(name, { connection, prefix });
    const worker = new Worker<{ id: string }>(
      name,
      async (job) => {
        const finished = await options.run(job.data.id);
        // Not finished: this process is stopping. Failing with attempts left puts the run back in the queue.
        if (!finished) throw new Error('the facade is stopping; another worker carries the job on');
      },
      { connection, prefix, concurrency: 8, lockDuration: 30_000, stalledInterval: 15_000 },
    );
    worker.on('error', (error) => options.logger.warn({ err: error }, 'bulk job worker: Redis error'));
    return { queue, worker };
  });
  return {
    async enqueue(id) {
      const { queue } = await ready;
      // One run per job at a time: BullMQ refuses a second job with the same id while one exists.
      await queue.add('run', { id }, { jobId: `run-${id}`, attempts: 1_000, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: true, removeOnFail: true });
    },
    async close() {
      const { queue, worker } = await ready;
      // Bounded: with Redis unreachable BullMQ's close can wait for a connection that never comes;
      // a run it could not hand back is found again by the stalled-job check.
      const bounded = (closing: Promise<void>) => Promise.race([closing, new Promise<void>((resolve) => setTimeout(resolve, 3_000).unref())]);
      await bounded(worker.close());
      await bounded(queue.close());
    },
  };
}
