import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import type { LogtoHook } from '../logto/types.js';
import { hookDeliveriesConnection, hookExecutionStats, hooksConnection } from '../resolvers/hooks.js';
import { builder } from './builder.js';
import { entityByIdField, entityNode } from './nodes.js';
import { LogConnection, LogRef } from './refs.js';

/**
 * Logto's webhooks (`/api/hooks`): the type, its recent deliveries and the root fields. The
 * signing key Logto returns with every hook is deliberately not a field: it is shown once, in the
 * payload of `createHook` or `rotateHookSigningKey`.
 */

export const HookRef = builder.objectRef<LogtoHook>('Hook');
/** Exported on its own so `createHook`'s payload could return the new edge. */
export const HookEdge = builder.edgeObject({ type: HookRef, name: 'HookEdge', description: 'A webhook in a page, with its cursor.' });
export const HookConnection = builder.connectionObject({ type: HookRef, name: 'HookConnection', description: 'A page of webhooks.' }, HookEdge);

builder.node(HookRef, {
  description:
    'A webhook: Logto POSTs a signed JSON body to its URL for each event it subscribes to. Its signing key is never readable here; `rotateHookSigningKey` makes and shows a new one.',
  authScopes: requires.tenant(SCOPES.readHooks),
  ...entityNode(HookRef, 'hooks'),
  fields: (t) => ({
    logtoId: t.exposeString('id', { description: "Logto's own id of the webhook." }),
    name: t.exposeString('name', { description: 'Display name.' }),
    events: t.stringList({
      description:
        "Events it is sent for, as Logto names them (`User.Created`, `Organization.Membership.Updated`, `PostSignIn`, …). Empty for a legacy hook (see `legacyEvent`).",
      resolve: (hook) => hook.events,
    }),
    legacyEvent: t.string({
      nullable: true,
      description: 'The single interaction event of a hook made before `events` existed; null otherwise.',
      resolve: (hook) => hook.event,
    }),
    url: t.string({ description: 'Where Logto POSTs the deliveries.', resolve: (hook) => hook.config.url }),
    headerNames: t.stringList({
      description: 'Names of the extra headers sent with each delivery (their values may hold credentials of the endpoint and are not shown).',
      resolve: (hook) => Object.keys(hook.config.headers ?? {}),
    }),
    retries: t.int({
      nullable: true,
      description: 'Retries of a delivery the endpoint answers with a 5xx, when set on the hook (deprecated by Logto; it retries 3 times otherwise).',
      resolve: (hook) => hook.config.retries ?? null,
    }),
    enabled: t.exposeBoolean('enabled', { description: 'Whether Logto sends deliveries to it.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was created.', resolve: (hook) => hook.createdAt }),
    deliveriesLast24h: t.int({
      nullable: true,
      description:
        'Deliveries attempted in the last 24 hours, as Logto counts them (`GET /api/hooks/:id?includeExecutionStats=true`: one request per hook, shared with `successfulDeliveriesLast24h`).',
      authScopes: requires.tenant(SCOPES.readHooks),
      extensions: cost.load('hookExecutionStats', 'byId'),
      resolve: async (hook, _args, ctx) => (await hookExecutionStats(ctx, hook))?.requestCount ?? null,
    }),
    successfulDeliveriesLast24h: t.int({
      nullable: true,
      description: 'Deliveries of the last 24 hours the endpoint accepted (a 2xx answer); same request as `deliveriesLast24h`.',
      authScopes: requires.tenant(SCOPES.readHooks),
      extensions: cost.load('hookExecutionStats', 'byId'),
      resolve: async (hook, _args, ctx) => (await hookExecutionStats(ctx, hook))?.successCount ?? null,
    }),
    recentDeliveries: t.connection(
      {
        type: LogRef,
        nullable: true,
        description:
          'Its deliveries of the last 24 hours (Logto keeps no older window here), newest first: one `TriggerHook.<event>` log each, with the request body and the answer in `payload`. The log entries themselves need `read:logs` (and `read:logs:payload` for their payload).',
        authScopes: requires.tenant(SCOPES.readHooks),
        extensions: cost.list(),
        resolve: (hook, args, ctx) => hookDeliveriesConnection(ctx, hook, args),
      },
      LogConnection,
    ),
  }),
});

builder.queryFields((t) => ({
  hook: entityByIdField(t, HookRef, 'hooks', { description: 'A webhook by global id or Logto id; `null` when there is none.', id: 'Global id or Logto id of the webhook.' }),
  hooks: t.connection(
    {
      type: HookRef,
      nullable: true,
      description: 'Webhooks of the tenant, newest first. Logto paginates this list only when asked, so it is read whole (one request) and sliced here.',
      authScopes: requires.tenant(SCOPES.readHooks),
      extensions: cost.wholeList(),
      resolve: (_root, args, ctx) => hooksConnection(ctx, args),
    },
    HookConnection,
  ),
}));
