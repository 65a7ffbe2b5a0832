import type { ExecutionArgs, ExecutionResult } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';

import type { Context } from '../context.js';
import { graphQLError } from '../errors.js';
import type { LogtoClient } from '../logto/client.js';
import { MAX_ESTIMATE_STEPS } from './estimate.js';
import { createEstimateCache } from './estimate-cache.js';

export type CostReport = {
  estimatedUpstreamRequests: number;
  upstreamRequests: number;
  upstreamWaves: number;
  budget: { limit: number; remaining: number; resetAt: string };
};

function report(ctx: Context, client: LogtoClient): CostReport {
  const budget = client.budget();
  return {
    estimatedUpstreamRequests: ctx.cost.estimatedUpstreamRequests ?? 0,
    upstreamRequests: ctx.meter.requestCount,
    upstreamWaves: ctx.meter.waves,
    budget: { limit: budget.limit, remaining: budget.remaining, resetAt: budget.resetAt.toISOString() },
  };
}

function withCost(result: ExecutionResult, cost: CostReport): ExecutionResult {
  return { ...result, extensions: { ...result.extensions, cost } };
}

/**
 * Upstream cost control, modelled on Shopify's `extensions.cost` and GitHub's `rateLimit`:
 * estimates an operation's Management API requests before it runs, refuses it with
 * QUERY_TOO_EXPENSIVE (and zero upstream calls) above the limit, and reports estimate, actual
 * count and the budget on every response.
 */
export function useUpstreamCost(options: { maxUpstreamRequests: number; client: LogtoClient }): Plugin<Context> {
  const estimateUpstreamRequests = createEstimateCache();
  /** Estimates before anything runs; refuses above the limit. True when refused. */
  const refused = (args: ExecutionArgs & { contextValue: Context }, setResultAndStopExecution: (result: ExecutionResult) => void): boolean => {
    const ctx = args.contextValue;
    const caller = ctx.caller.organizationId !== undefined ? 'organizationToken' : 'tenant';
    const estimate = estimateUpstreamRequests(args.schema, args.document, args.variableValues ?? undefined, args.operationName, caller);
    if (estimate.kind === 'stopped') {
      // Too big to even estimate (or fragments that spread each other): refused unseen, like
      // an operation above the limit.
      const error = graphQLError(
        'QUERY_TOO_EXPENSIVE',
        estimate.reason === 'steps'
          ? `This operation is too large to estimate (more than ${MAX_ESTIMATE_STEPS} steps). Select fewer fields, or spread fewer fragments.`
          : 'This operation spreads fragments inside themselves; its cost has no bound.',
        { limit: options.maxUpstreamRequests, maxEstimateSteps: MAX_ESTIMATE_STEPS },
      );
      setResultAndStopExecution(withCost({ errors: [error] }, report(ctx, options.client)));
      return true;
    }
    ctx.cost.estimatedUpstreamRequests = estimate.upstreamRequests;
    if (estimate.upstreamRequests > options.maxUpstreamRequests) {
      const error = graphQLError(
        'QUERY_TOO_EXPENSIVE',
        `This operation could need ${estimate.upstreamRequests} Logto Management API requests; the limit is ${options.maxUpstreamRequests}. Ask for fewer items (first/last) or fewer nested lists.`,
        { estimatedUpstreamRequests: estimate.upstreamRequests, limit: options.maxUpstreamRequests },
      );
      setResultAndStopExecution(withCost({ errors: [error] }, report(ctx, options.client)));
      return true;
    }
    return false;
  };
  return {
    // A subscription is estimated like a query (its field's loads, once per event) and refused the same way.
    onSubscribe({ args, setResultAndStopExecution }) {
      refused(args, setResultAndStopExecution);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue;
      if (refused(args, setResultAndStopExecution)) return;
      return {
        onExecuteDone(payload) {
          return handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
            setResult(withCost(result, report(ctx, options.client)));
          });
        },
      };
    },
  };
}
