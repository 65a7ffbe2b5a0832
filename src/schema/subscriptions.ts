import type { GraphQLResolveInfo } from 'graphql';

import { forbiddenError, needsOfRequirement } from '../auth/forbidden.js';
import type { Requirement } from '../auth/policy.js';
import { requirementToLoad, requirementToLoadById, requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import type { Context } from '../context.js';
import { cost } from '../cost/rules.js';
import { encodeGlobalId, logtoIdFrom } from '../global-id.js';
import { type LiveChange, liveChanges } from '../live/changes.js';
import { DATA_HOOK_EVENTS } from '../live/freshness.js';
import { forgetEverything } from '../loaders/forget.js';
import { builder } from './builder.js';
import { OrganizationRef, RoleRef, UserRef } from './refs.js';

/**
 * Subscriptions (issue 18): fed by the live bus (src/live/changes.ts), gated like the fields they
 * return, served over SSE on /graphql and over graphql-ws (src/live/websocket.ts). Each event
 * reads the changed object afresh: the subscription's loaders are emptied first, so an event costs
 * its own loads, as the cost rules declare.
 */

builder.subscriptionType({ description: 'Changes as they happen: Logto webhooks and writes made through this facade.' });

const enumName = (event: string) => event.replace(/([a-z])([A-Z])/g, '$1_$2').replace(/\./g, '_').toUpperCase();

export const LogtoEventEnum = builder.enumType('LogtoEvent', {
  description: "A Logto data hook event (Logto's `hookEvents`, data events only).",
  values: Object.fromEntries(DATA_HOOK_EVENTS.map((event) => [enumName(event), { value: event, description: `\`${event}\`` }])),
});

const LiveChangeSourceEnum = builder.enumType('LiveChangeSource', {
  description: 'Who told the facade about a change.',
  values: {
    WEBHOOK: { value: 'webhook', description: 'A signed webhook delivery from Logto.' },
    FACADE: { value: 'facade', description: 'A write made through this facade (Logto sends no webhook for many writes).' },
  } as const,
});

type LiveChangeWithEvent = LiveChange & { readonly event: string };

/** The Logto id of the change's own entity (its event's schema type), when the change names one. */
function entityIdOf(change: LiveChange): { typename: string; globalId: string } | undefined {
  const typename = change.event?.split('.')[0];
  if (!typename) return undefined;
  if (change.event === 'Organization.Membership.Updated' && change.organizationId) return { typename, globalId: encodeGlobalId(typename, change.organizationId) };
  const touched = change.touched.find((entry) => entry.typename === typename && entry.id !== undefined);
  return touched?.id ? { typename, globalId: touched.id } : undefined;
}

const touches = (change: LiveChange, typename: string, logtoId: string) =>
  change.touched.some((entry) => entry.typename === typename && (entry.id === undefined || entry.id === encodeGlobalId(typename, logtoId)));

/**
 * Scope auth checks a field when it resolves, i.e. per event; a subscription the caller may not
 * read is refused when it starts instead, with the field's own FORBIDDEN.
 */
function changesOf<T>(ctx: Context, info: GraphQLResolveInfo, requirement: Requirement | boolean, pick: (change: LiveChange) => T | undefined): AsyncIterable<T> {
  if (requirement === false || (requirement !== true && !ctx.access.allows(requirement))) {
    throw forbiddenError(ctx.caller, `\`${info.parentType.name}.${info.fieldName}\``, needsOfRequirement(requirement));
  }
  return liveChanges({ bus: ctx.live, config: ctx.config, schema: info.schema, pick });
}

function entityChanged(field: 'userChanged' | 'organizationChanged' | 'roleChanged', typename: 'User' | 'Organization' | 'Role', loader: 'users' | 'organizations' | 'roles') {
  const ref = { User: UserRef, Organization: OrganizationRef, Role: RoleRef }[typename];
  builder.subscriptionField(field, (t) =>
    t.field({
      type: ref as typeof UserRef,
      nullable: true,
      description: `The ${typename.toLowerCase()} each time it changes (null once deleted). Needs what \`${typename.charAt(0).toLowerCase()}${typename.slice(1)}(id:)\` needs; each event costs that read.`,
      args: { id: t.arg.id({ required: true, description: `Global id or Logto id of the ${typename.toLowerCase()}.` }) },
      authScopes: (_root, args) => requirementToLoadById(typename, args.id),
      extensions: cost.load(loader),
      subscribe: (_root, args, ctx, info) => {
        const id = logtoIdFrom(args.id, typename);
        return changesOf(ctx, info, requirementToLoadById(typename, args.id), (change) => (touches(change, typename, id) ? change : undefined));
      },
      resolve: (_change, args, ctx) => {
        forgetEverything(ctx.loaders);
        return ctx.loaders[loader].load(logtoIdFrom(args.id, typename)) as never;
      },
    }),
  );
}

entityChanged('userChanged', 'User', 'users');
entityChanged('organizationChanged', 'Organization', 'organizations');
entityChanged('roleChanged', 'Role', 'roles');

const OrganizationMembersChangeRef = builder.objectRef<LiveChange & { readonly organizationId: string }>('OrganizationMembersChange');
OrganizationMembersChangeRef.implement({
  description: 'Users added to or removed from an organization.',
  fields: (t) => ({
    source: t.field({ type: LiveChangeSourceEnum, description: 'Who told the facade.', resolve: (change) => change.source }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'The organization, read afresh.',
      authScopes: (change) => requirementToLoad('Organization', change.organizationId),
      extensions: cost.load('organizations'),
      resolve: (change, _args, ctx) => ctx.loaders.organizations.load(change.organizationId),
    }),
    addedUserIds: t.idList({ description: 'Global ids of the users added.', resolve: (change) => change.addedUserIds.map((id) => encodeGlobalId('User', id)) }),
    removedUserIds: t.idList({ description: 'Global ids of the users removed.', resolve: (change) => change.removedUserIds.map((id) => encodeGlobalId('User', id)) }),
    addedUsers: t.field({
      type: [UserRef],
      nullable: { list: true, items: true },
      description: 'The users added, read afresh (null for one deleted since). Needs `read:users` in the organization.',
      authScopes: (change) => requires.organization(SCOPES.readUsers, change.organizationId),
      extensions: cost.load('users'),
      resolve: (change, _args, ctx) => {
        // They are members now: an organization token may read them, as it may read its members.
        for (const id of change.addedUserIds) ctx.access.recordMember(change.organizationId, id);
        return Promise.all(change.addedUserIds.map((id) => ctx.loaders.users.load(id)));
      },
    }),
  }),
});

builder.subscriptionField('organizationMembersChanged', (t) =>
  t.field({
    type: OrganizationMembersChangeRef,
    nullable: true,
    description: 'Who was added to or removed from the organization, each time it happens. Needs what `organization(id:)` needs.',
    args: { organizationId: t.arg.id({ required: true, description: 'Global id or Logto id of the organization.' }) },
    authScopes: (_root, args) => requirementToLoadById('Organization', args.organizationId),
    extensions: cost.given(),
    subscribe: (_root, args, ctx, info) => {
      const id = logtoIdFrom(args.organizationId, 'Organization');
      return changesOf(ctx, info, requirementToLoadById('Organization', args.organizationId), (change) =>
        change.event === 'Organization.Membership.Updated' && change.organizationId === id ? { ...change, organizationId: id } : undefined,
      );
    },
    resolve: (change, _args, ctx) => {
      forgetEverything(ctx.loaders);
      return change;
    },
  }),
);

const LogtoEventMessageRef = builder.objectRef<LiveChangeWithEvent>('LogtoEventMessage');
LogtoEventMessageRef.implement({
  description: 'One Logto data event, as the webhook (or the facade write) told it.',
  fields: (t) => ({
    event: t.field({ type: LogtoEventEnum, description: 'What happened.', resolve: (change) => change.event as never }),
    source: t.field({ type: LiveChangeSourceEnum, description: 'Who told the facade.', resolve: (change) => change.source }),
    createdAt: t.field({ type: 'DateTime', description: 'When Logto (or the facade) saw the change.', resolve: (change) => change.createdAt }),
    entityId: t.id({ nullable: true, description: 'Global id of the changed object (the organization for membership changes).', resolve: (change) => entityIdOf(change)?.globalId ?? null }),
    addedUserIds: t.idList({ description: 'Membership changes: global ids of the users added.', resolve: (change) => change.addedUserIds.map((id) => encodeGlobalId('User', id)) }),
    removedUserIds: t.idList({ description: 'Membership changes: global ids of the users removed.', resolve: (change) => change.removedUserIds.map((id) => encodeGlobalId('User', id)) }),
    method: t.string({ nullable: true, description: 'The Management API method of the change.', resolve: (change) => change.method ?? null }),
    path: t.string({ nullable: true, description: 'The Management API path of the change.', resolve: (change) => change.path ?? null }),
  }),
});

/** An event reaches a caller who may read the object it is about (an organization token: only its own organization's). */
function mayHear(ctx: Context, change: LiveChange): boolean {
  const entity = entityIdOf(change);
  if (!entity) return false;
  const requirement = requirementToLoad(entity.typename, logtoIdFrom(entity.globalId, entity.typename));
  return requirement !== false && ctx.access.allows(requirement);
}

builder.subscriptionField('logtoEvents', (t) =>
  t.field({
    type: LogtoEventMessageRef,
    description: 'The raw stream of Logto data events, optionally only some kinds. Each event reaches only callers who may read the object it is about.',
    args: { events: t.arg({ type: [LogtoEventEnum], required: false, description: 'Only these events (all when absent).' }) },
    authScopes: { authenticated: true },
    extensions: cost.given(),
    subscribe: (_root, args, ctx, info) => {
      const wanted = args.events ? new Set<string>(args.events as string[]) : undefined;
      return changesOf(ctx, info, { authenticated: true }, (change) =>
        change.event !== undefined && (!wanted || wanted.has(change.event)) && mayHear(ctx, change) ? (change as LiveChangeWithEvent) : undefined,
      );
    },
    resolve: (change) => change,
  }),
);
