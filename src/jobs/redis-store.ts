import { Redis } from 'ioredis';

import type { BulkJobError, BulkJobItem, BulkJobRecord } from './model.js';
import type { JobStore } from './store.js';

/**
 * Jobs in Redis (`REDIS_URL`): they survive a restart of the facade and any replica can carry them
 * on (BullMQ decides which: src/jobs/bullmq-queue.ts). A job's record is one JSON value; its
 * items (an import's rows, digests included) a list that is deleted when the job ends; its
 * errors another list. Only the replica running a job writes its record (BullMQ holds the job's
 * lock), so a read-merge-write is enough.
 */
/** Shallow merge of a JSON patch into the stored record, in one step. */
const MERGE = `
local value = redis.call('GET', KEYS[1])
if not value then return nil end
local record = cjson.decode(value)
for key, field in pairs(cjson.decode(ARGV[1])) do record[key] = field end
local merged = cjson.encode(record)
redis.call('SET', KEYS[1], merged)
return merged`;

/** Lua's cjson writes an empty array as `{}`: the two index lists are arrays whatever it wrote. */
function parse(value: string): BulkJobRecord {
  const record = JSON.parse(value) as BulkJobRecord;
  return { ...record, inFlight: Array.isArray(record.inFlight) ? record.inFlight : [], doneAhead: Array.isArray(record.doneAhead) ? record.doneAhead : [] };
}

export class RedisJobStore implements JobStore {
  readonly durable = true;
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(url: string, prefix: string) {
    this.#redis = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false });
    this.#prefix = prefix;
  }

  #key(kind: 'job' | 'items' | 'errors', id: string): string {
    return `${this.#prefix}:${kind}:${id}`;
  }

  async create(record: BulkJobRecord, items: readonly BulkJobItem[]): Promise<void> {
    const multi = this.#redis.multi().set(this.#key('job', record.id), JSON.stringify(record)).zadd(`${this.#prefix}:jobs`, record.createdAt, record.id);
    // In chunks: one RPUSH of 100,000 arguments is a large command.
    for (let from = 0; from < items.length; from += 1000) multi.rpush(this.#key('items', record.id), ...items.slice(from, from + 1000).map((item) => JSON.stringify(item)));
    await multi.exec();
  }

  async get(id: string): Promise<BulkJobRecord | undefined> {
    const value = await this.#redis.get(this.#key('job', id));
    return value === null ? undefined : parse(value);
  }

  async list(): Promise<BulkJobRecord[]> {
    const ids = await this.#redis.zrevrange(`${this.#prefix}:jobs`, 0, -1);
    if (ids.length === 0) return [];
    const values = await this.#redis.mget(ids.map((id) => this.#key('job', id)));
    return values.filter((value): value is string => value !== null).map(parse);
  }

  async update(id: string, patch: Partial<Omit<BulkJobRecord, 'id'>>): Promise<BulkJobRecord | undefined> {
    // Atomic in Redis: a pause from one replica and a batch's counts from another never undo each other.
    const value = (await this.#redis.eval(MERGE, 1, this.#key('job', id), JSON.stringify(patch))) as string | null;
    return value === null ? undefined : parse(value);
  }

  async items(id: string, from: number, count: number): Promise<BulkJobItem[]> {
    const values = await this.#redis.lrange(this.#key('items', id), from, from + count - 1);
    return values.map((value) => JSON.parse(value) as BulkJobItem);
  }

  async addErrors(id: string, errors: readonly BulkJobError[]): Promise<void> {
    if (errors.length > 0) await this.#redis.rpush(this.#key('errors', id), ...errors.map((error) => JSON.stringify(error)));
  }

  async errors(id: string, offset: number, limit: number): Promise<{ items: BulkJobError[]; total: number }> {
    const [values, total] = await Promise.all([this.#redis.lrange(this.#key('errors', id), offset, offset + limit - 1), this.#redis.llen(this.#key('errors', id))]);
    return { items: values.map((value) => JSON.parse(value) as BulkJobError), total };
  }

  async dropItems(id: string): Promise<void> {
    await this.#redis.del(this.#key('items', id));
  }

  async close(): Promise<void> {
    // Not QUIT: with Redis away it would wait for a reconnect that may never come.
    this.#redis.disconnect();
  }
}
