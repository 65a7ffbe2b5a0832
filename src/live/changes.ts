/**
 * What subscriptions hear: the live bus's `logto` (verified webhooks) and `facadeWrite` (this
 * facade's writes) topics merged into one stream of changes, each with the entities it touched
 * (src/live/freshness.ts). A write whose route makes Logto send a webhook is left to that webhook
 * when webhooks are configured (else it would be heard twice); without webhooks, and for writes
 * Logto is silent about (role assignments, applications), the write itself is the change.
 */
import { managementApiHooksRegistration } from '@logto/schemas/lib/foundations/jsonb-types/hooks.js';
import type { GraphQLSchema } from 'graphql';
import { Repeater } from 'graphql-yoga';

import type { Config } from '../config.js';
import type { FacadeWriteEvent, LiveBus, LogtoWebhookEvent } from './event-bus.js';
import { createFreshness, type Freshness, type Invalidation } from './freshness.js';

export type LiveChange = {
  /** Logto's event name, when Logto has one for this change (`User.Data.Updated`). */
  readonly event: string | undefined;
  readonly createdAt: Date;
  /** `webhook`: Logto told us; `facade`: a write made through this facade. */
  readonly source: 'webhook' | 'facade';
  /** What the change makes stale (global ids). */
  readonly touched: readonly Invalidation[];
  /** Membership changes: the organization and who was added or removed (Logto ids). */
  readonly organizationId: string | undefined;
  readonly addedUserIds: readonly string[];
  readonly removedUserIds: readonly string[];
  readonly method: string | undefined;
  readonly path: string | undefined;
};

/** `PATCH /api/users/:id` → `PATCH /users/:`: routes compared without parameter names. */
const shape = (methodAndRoute: string) => methodAndRoute.replace(' /api/', ' /').replace(/:[A-Za-z0-9_]+/g, ':');

/** Routes Logto emits a data event for, by shape: its registration, plus the ones its route code triggers by hand. */
const EVENT_OF_ROUTE: ReadonlyMap<string, string> = new Map([
  ...Object.entries(managementApiHooksRegistration).map(([route, event]) => [shape(route), event] as const),
  [shape('DELETE /users/:userId'), 'User.Deleted'],
  [shape('POST /organizations/:id/users'), 'Organization.Membership.Updated'],
  [shape('PUT /organizations/:id/users'), 'Organization.Membership.Updated'],
  [shape('DELETE /organizations/:id/users/:userId'), 'Organization.Membership.Updated'],
]);

const ids = (value: unknown): string[] => (Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []);

const freshnessBySchema = new WeakMap<GraphQLSchema, Freshness>();

function freshnessOf(schema: GraphQLSchema): Freshness {
  let freshness = freshnessBySchema.get(schema);
  if (!freshness) {
    freshness = createFreshness(schema);
    freshnessBySchema.set(schema, freshness);
  }
  return freshness;
}

export function fromWebhook(schema: GraphQLSchema, body: LogtoWebhookEvent): LiveChange {
  const created = new Date(body.createdAt);
  return {
    event: body.event,
    createdAt: Number.isNaN(created.getTime()) ? new Date() : created,
    source: 'webhook',
    touched: freshnessOf(schema).ofWebhook(body),
    organizationId: typeof body.organizationId === 'string' ? body.organizationId : undefined,
    addedUserIds: ids(body.addedUserIds),
    removedUserIds: ids(body.removedUserIds),
    method: body.method,
    path: body.path,
  };
}

export function fromWrite(schema: GraphQLSchema, write: FacadeWriteEvent): LiveChange {
  const event = EVENT_OF_ROUTE.get(shape(`${write.method} ${write.route}`));
  const membership = event === 'Organization.Membership.Updated';
  const touchedUsers = write.touched.filter((entry) => entry.startsWith('User:')).map((entry) => entry.slice('User:'.length));
  return {
    event,
    createdAt: new Date(),
    source: 'facade',
    touched: freshnessOf(schema).ofWrite(write),
    organizationId: membership ? write.params.id : undefined,
    addedUserIds: membership && write.method !== 'DELETE' ? touchedUsers : [],
    removedUserIds: membership && write.method === 'DELETE' ? [write.params.userId ?? '', ...touchedUsers].filter(Boolean) : [],
    method: write.method,
    path: write.route,
  };
}

/** Whether Logto will tell us about this write itself (a configured hook and a route that emits). */
export function webhookWillFollow(config: Config, write: FacadeWriteEvent): boolean {
  return (config.webhooks.url !== undefined || config.webhooks.signingKey !== undefined) && EVENT_OF_ROUTE.has(shape(`${write.method} ${write.route}`));
}

/** Every change from now on that `pick` keeps (mapped to what the subscription yields). */
export function liveChanges<T>(options: {
  readonly bus: LiveBus;
  readonly config: Config;
  readonly schema: GraphQLSchema;
  readonly pick: (change: LiveChange) => T | undefined;
}): AsyncIterable<T> {
  const { bus, config, schema, pick } = options;
  return new Repeater<T>(async (push, stop) => {
    const webhooks = bus.pubsub.subscribe('logto')[Symbol.asyncIterator]();
    const writes = bus.pubsub.subscribe('facadeWrite')[Symbol.asyncIterator]();
    const pump = async <E>(iterator: AsyncIterator<E>, toChange: (event: E) => LiveChange | undefined) => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        const change = toChange(next.value);
        const picked = change ? pick(change) : undefined;
        if (picked !== undefined) await push(picked);
      }
    };
    void pump(webhooks, (body) => fromWebhook(schema, body)).catch(stop);
    void pump(writes, (write) => (webhookWillFollow(config, write) ? undefined : fromWrite(schema, write))).catch(stop);
    await stop;
    await Promise.all([webhooks.return?.(), writes.return?.()]);
  });
}
