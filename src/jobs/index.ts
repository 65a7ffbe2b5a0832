import type { Config } from '../config.js';
import type { LogtoClient } from '../logto/client.js';
import type { Logger } from '../logger.js';
import { JobService } from './service.js';

export { JobService } from './service.js';

/** The server's job service: in this process (jobs are lost on restart, and say so). */
export function createJobService(deps: { readonly config: Config; readonly client: LogtoClient; readonly logger: Logger }): JobService {
  return new JobService({ client: deps.client, logger: deps.logger.child({ component: 'bulk-jobs' }), budgetShare: deps.config.bulk.budgetShare });
}
