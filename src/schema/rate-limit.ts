import { requires } from '../auth/requirements.js';
import { builder } from './builder.js';

type RateLimitShape = { limit: number; windowMs: number; remaining: number; resetAt: Date; cost: number };

const RateLimitRef = builder.objectRef<RateLimitShape>('RateLimit').implement({
  description:
    "The Logto Management API budget this server spends for everyone (Logto Cloud allows about 200 requests per 10 s per tenant), and what this operation is estimated to cost. Modelled on GitHub's `rateLimit`.",
  fields: (t) => ({
    limit: t.exposeInt('limit', { description: 'Upstream requests allowed in any window.' }),
    windowSeconds: t.float({ description: 'Length of the sliding window, in seconds.', resolve: (budget) => budget.windowMs / 1000 }),
    remaining: t.exposeInt('remaining', { description: 'Upstream requests left in the current window.' }),
    resetAt: t.field({ type: 'DateTime', description: 'When the oldest request in the window leaves it.', resolve: (budget) => budget.resetAt }),
    cost: t.exposeInt('cost', { description: "This operation's estimated upstream requests (also in `extensions.cost`)." }),
  }),
});

builder.queryField('rateLimit', (t) =>
  t.field({
    type: RateLimitRef,
    description: 'The upstream request budget and what this operation costs. Costs no upstream request itself.',
    authScopes: requires.authenticated,
    resolve: (_root, _args, ctx) => ({ ...ctx.upstream.budget(), cost: ctx.cost.estimatedUpstreamRequests ?? 0 }),
  }),
);
