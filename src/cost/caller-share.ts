import type { Plugin } from 'graphql-yoga';

import type { Context } from '../context.js';
import { graphQLError } from '../errors.js';

/**
 * A caller over LOGTO_RATE_LIMIT_PER_CALLER gets its refusal before execution: one error with
 * `retryAfterMs`, no upstream request, and none of the work of running the operation only to have
 * every load refused (a greedy client retrying in a loop would otherwise spend the CPU the others
 * need). Operations that need no upstream request (`rateLimit`, `__typename`) still run. Goes after
 * the cost plugin, which sets the estimate; a caller with some share left runs, and what goes past
 * its share is refused per request by the queue (src/logto/rate-limit.ts).
 */
export function useCallerShare(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue;
      if ((ctx.cost.estimatedUpstreamRequests ?? 0) === 0) return;
      const share = ctx.upstream.callerShare();
      if (share === undefined || share.remaining > 0) return;
      setResultAndStopExecution({
        errors: [
          graphQLError('UPSTREAM_RATE_LIMITED', 'Your share of the Logto request budget is used up (LOGTO_RATE_LIMIT_PER_CALLER); try again after retryAfterMs.', {
            logtoCode: 'client.caller_rate_limited',
            retryAfterMs: share.retryAfterMs,
          }),
        ],
      });
    },
  };
}
