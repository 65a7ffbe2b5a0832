import type { Caller } from './auth/caller.js';
import type { AccessPolicy } from './auth/policy.js';
import type { Config } from './config.js';
import type { JobService } from './jobs/service.js';
import type { LiveBus } from './live/event-bus.js';
import type { OperationMeter } from './cost/meter.js';
import type { Loaders } from './loaders/index.js';
import type { Upstream } from './loaders/upstream.js';
import type { Logger } from './logger.js';

/** Everything one GraphQL request's resolvers may use. Built fresh per request. */
export type Context = {
  readonly requestId: string;
  readonly config: Config;
  /** Who is calling (from the verified access token; `src/auth/caller.ts`). */
  readonly caller: Caller;
  /** What the caller may reach in this request (scope checks, organization confinement). */
  readonly access: AccessPolicy;
  readonly logger: Logger;
  /** The Logto client bound to this operation (metered, request-id prefixed). */
  readonly upstream: Upstream;
  /** Per-request DataLoaders: batching and de-duplication live only as long as the request. */
  readonly loaders: Loaders;
  readonly meter: OperationMeter;
  /** Filled in before execution by the cost plugin. */
  readonly cost: { estimatedUpstreamRequests: number | undefined };
  /** The live bus: publish the facade's own writes, subscribe for subscriptions (src/live). */
  readonly live: LiveBus;
  /** Bulk jobs (src/jobs): one service per server, shared by its requests. */
  readonly jobs: JobService;
};
