import type { Config } from '../config.js';
import type { LogtoClient } from '../logto/client.js';
import type { Logger } from '../logger.js';
import { bullmqQueue } from './bullmq-queue.js';
import { RedisJobStore } from './redis-store.js';
import { JobService } from './service.js';

export { JobService } from './service.js';

/**
 * The server's job service. With `REDIS_URL`: jobs in Redis, run through BullMQ on whichever
 * replica is free, resumed after a restart. Without: in this process (lost on restart, and each
 * job says so).
 */
export function createJobService(deps: { readonly config: Config; readonly client: LogtoClient; readonly logger: Logger }): JobService {
  const logger = deps.logger.child({ component: 'bulk-jobs' });
  const url = deps.config.redis.url;
  return new JobService({
    client: deps.client,
    logger,
    budgetShare: deps.config.bulk.budgetShare,
    ...(url
      ? {
          store: new RedisJobStore(url, `${deps.config.redis.keyPrefix}:bulk`),
          queue: (run: (id: string) => Promise<boolean>) => bullmqQueue({ url, logger, run, prefix: deps.config.redis.keyPrefix }),
        }
      : {}),
  });
}
