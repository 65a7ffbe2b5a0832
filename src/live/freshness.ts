/**
 * Freshness by declaration: which cached answers a change makes stale.
 *
 * Two inputs, both Logto's own:
 * - `managementApiHooksRegistration` (`@logto/schemas`): which Management API route emits which
 *   data event. Its event names are `<Schema>.<Change>` with `<Schema>` one of Logto's data hook
 *   schemas, which are our GraphQL type names (User, Role, Scope, Organization, OrganizationRole,
 *   OrganizationScope). The route's path names the changed entity (`/users/:userId/custom-data`),
 *   so the id is the route parameter after the entity's path segment.
 * - the recorded deliveries (test/fixtures/logto-recorded/webhooks): `params` carry those route
 *   parameters; `data` is the entity as answered (not always: custom-data answers the custom data,
 *   deletes of roles and organizations carry none); `Organization.Membership.Updated` carries
 *   `organizationId` and `addedUserIds`/`removedUserIds` instead.
 *
 * Every field of the schema is then either *covered* (a change to it emits an event that
 * invalidates every cached answer holding it) or *uncovered* (no event: role assignments, member
 * organization roles, applications, resources, connectors, invitations, logs, sign-ins), and
 * answers touching an uncovered field live at most `RESPONSE_CACHE_UNCOVERED_TTL_MS`.
 * `test/live/freshness.test.ts` checks that every field of the schema is classified here.
 */
import { managementApiHooksRegistration, hookEvents, devFeatureHookEvents } from '@logto/schemas/lib/foundations/jsonb-types/hooks.js';
import { type GraphQLSchema, getNamedType, isObjectType } from 'graphql';

import { entities } from '../entities.js';
import { encodeGlobalId } from '../global-id.js';
import type { FacadeWriteEvent, LogtoWebhookEvent } from './event-bus.js';

/** What a cache drops: every answer holding `typename` (no id) or the object `typename:id` (global id). */
export type Invalidation = { readonly typename: string; readonly id?: string };

/** Logto's data hook events, as they can be registered (the features in development left out). */
export const DATA_HOOK_EVENTS: readonly string[] = hookEvents.filter(
  (event) => event.includes('.') && !(devFeatureHookEvents as readonly string[]).includes(event) && !['Identifier.Lockout', 'Message.RateLimited', 'Grant.LimitExceeded'].includes(event),
);

/** Path segment of the Management API → the entity it names (from the entity registry, plus scopes, which have no route of their own). */
const ENTITY_OF_SEGMENT: ReadonlyMap<string, string> = new Map([
  ...entities().flatMap((entry) => {
    const route = entry.routes.byId ?? entry.routes.list;
    const segment = /^\/api\/([^/]+)/.exec(route)?.[1];
    return segment && entry.typename !== 'Scope' ? [[segment, entry.typename] as const] : [];
  }),
  ['scopes', 'Scope'],
  ['resource-scopes', 'Scope'],
]);

/** The entities a route names: each family segment, with the id the parameter after it holds (if any). */
export function entitiesOfRoute(route: string, params: Readonly<Record<string, string>>): { typename: string; id: string | undefined }[] {
  const segments = route.replace(/^\/api/, '').split('/').filter(Boolean);
  const named: { typename: string; id: string | undefined }[] = [];
  segments.forEach((segment, index) => {
    const typename = ENTITY_OF_SEGMENT.get(segment);
    if (!typename) return;
    const next = segments[index + 1];
    const id = next?.startsWith(':') ? params[next.slice(1)] : undefined;
    named.push({ typename, id });
  });
  return named;
}

/** `User` → the connection types whose `nodes` are users (lists a new, renamed or deleted user may enter or leave). */
export function listTypesOf(schema: GraphQLSchema): (typename: string) => readonly string[] {
  const lists = new Map<string, string[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const nodes = type.getFields().nodes;
    if (!nodes) continue;
    const item = getNamedType(nodes.type).name;
    lists.set(item, [...(lists.get(item) ?? []), type.name]);
  }
  return (typename) => lists.get(typename) ?? [];
}

const stringOf = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The id of the event's entity: the route parameter after its segment, else `data.id`. */
function changedId(event: LogtoWebhookEvent, typename: string): string | undefined {
  const route = stringOf(event.matchedRoute);
  if (route) {
    const named = entitiesOfRoute(route, event.params ?? {}).filter((entry) => entry.typename === typename);
    const id = named.at(-1)?.id;
    if (id) return id;
  }
  const data = event.data;
  return data && typeof data === 'object' && !Array.isArray(data) ? stringOf((data as Record<string, unknown>).id) : undefined;
}

/** Which routes emit which event (Logto's registration), for the table in the docs and tests. */
export const EVENT_ROUTES: ReadonlyMap<string, readonly string[]> = (() => {
  const routes = new Map<string, string[]>();
  for (const [route, event] of Object.entries(managementApiHooksRegistration)) routes.set(event, [...(routes.get(event) ?? []), route]);
  // Logto emits `User.Deleted` by hand in `DELETE /users/:userId` (see the registration's comment).
  routes.set('User.Deleted', ['DELETE /users/:userId']);
  return routes;
})();

export type Freshness = {
  /** What a verified webhook delivery makes stale. Unknown events: nothing (they change no data we serve). */
  ofWebhook(event: LogtoWebhookEvent): Invalidation[];
  /** What a write of this facade makes stale: every entity its route names (whole types for those named without id). */
  ofWrite(event: FacadeWriteEvent): Invalidation[];
};

export function createFreshness(schema: GraphQLSchema): Freshness {
  const listsOf = listTypesOf(schema);
  const one = (typename: string, id: string): Invalidation => ({ typename, id: encodeGlobalId(typename, id) });
  const lists = (typename: string): Invalidation[] => listsOf(typename).map((list) => ({ typename: list }));
  return {
    ofWebhook(event) {
      const [schemaName, ...change] = event.event.split('.');
      const kind = change.join('.');
      if (!schemaName || !DATA_HOOK_EVENTS.includes(event.event)) return [];
      if (event.event === 'Organization.Membership.Updated') {
        const organizationId = stringOf(event.organizationId) ?? changedId(event, 'Organization');
        const userIds = [event.addedUserIds, event.removedUserIds].flatMap((ids) => (Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []));
        // Members lists hang under their organization, `User.organizations` under the user.
        return organizationId ? [one('Organization', organizationId), ...userIds.map((id) => one('User', id))] : [{ typename: 'Organization' }, { typename: 'User' }];
      }
      const id = changedId(event, schemaName);
      // Without an id, correctness first: every answer holding that type.
      if (!id) return [{ typename: schemaName }, ...lists(schemaName)];
      // A relation of the entity changed (`Role.Scopes.Updated`): lists of the entity stay as they are.
      if (kind === 'Scopes.Updated') return [one(schemaName, id)];
      // Created, deleted, data or suspension changed: the object, and every list it may enter or leave (filters, search, order).
      return [one(schemaName, id), ...lists(schemaName)];
    },
    ofWrite(event) {
      const invalidations: Invalidation[] = [];
      for (const { typename, id } of entitiesOfRoute(event.route, event.params)) {
        // An entity named without id (`POST /api/users/:id/roles` names roles in its body): all of that type.
        invalidations.push(id ? one(typename, id) : { typename }, ...lists(typename));
      }
      for (const touched of event.touched) {
        const [typename, id] = touched.split(':');
        if (typename && id) invalidations.push(one(typename, id), ...lists(typename));
      }
      return invalidations;
    },
  };
}

/**
 * The declaration. Object types whose every field is covered, fields that are not, and types whose
 * fields take the freshness of the field that returned them (connections, edges, value objects,
 * mutation payloads and errors, which are never cached).
 */
export const FRESHNESS = {
  /** Types a data event exists for: covered, except the fields listed in `uncoveredFields`. */
  coveredTypes: ['User', 'Role', 'Scope', 'Organization', 'OrganizationRole', 'OrganizationScope'],
  /** Types no event exists for: any answer holding one is uncovered (applications, resources, connectors, invitations, logs; `rateLimit` changes every request). */
  uncoveredTypes: [
    'Application', 'Resource', 'Connector', 'OrganizationInvitation', 'Log', 'RateLimit',
    // Issue 17's screens: Logto emits no event for sessions, grants, MFA, identities, tokens,
    // Logto configs, application secrets/consents/sign-in experience/access control, JIT or hooks.
    'UserSession', 'UserGrant', 'MfaVerification', 'UserAllIdentities', 'UserEnterpriseIdentity', 'PersonalAccessToken',
    'UserLogtoConfig', 'UserMfaConfig', 'ApplicationAccessControl', 'ApplicationOrganizationRoleRule', 'ApplicationSecret',
    'ApplicationSignInExperience', 'ApplicationUserConsentScopes', 'ApplicationConsentResourceScopes', 'OrganizationJit',
    'OrganizationSsoConnector', 'Hook',
    // Bulk jobs are the facade's own state and move on every row.
    'BulkJob', 'BulkJobDryRun',
  ],
  /** Fields of covered types (or roots) that no event covers. */
  uncoveredFields: [
    // Role assignment emits nothing (`POST /users/:id/roles`, `POST /roles/:id/users`, `POST /roles/:id/applications`).
    'User.roles',
    'Role.users',
    'Role.applications',
    // A member's organization roles emit nothing (`POST /organizations/:id/users/:userId/roles`).
    'OrganizationMemberEdge.organizationRoles',
    'UserOrganizationEdge.organizationRoles',
    // Sign-ins, password resets and social links happen in the sign-in experience: no data event.
    'User.lastSignInAt',
    'User.hasPassword',
    'User.identities',
    // Logs are written on every sign-in and API call.
    'User.logs',
    // `PUT /organization-roles/:id/resource-scopes` emits nothing; invitations emit nothing.
    'OrganizationRole.resourceScopes',
    'Organization.invitations',
    // Root fields of uncovered types.
    'Query.application',
    'Query.applications',
    'Query.connector',
    'Query.connectors',
    'Query.log',
    'Query.logs',
    'Query.resource',
    'Query.resources',
    'Query.organizationInvitation',
    'Query.rateLimit',
    'Query.hook',
    'Query.hooks',
    'Query.bulkJob',
    'Query.bulkJobs',
    // Issue 17's fields on covered types: no event covers them (see `uncoveredTypes`).
    'User.sessions',
    'User.session',
    'User.grants',
    'User.mfaVerifications',
    'User.allIdentities',
    'User.identity',
    'User.enterpriseIdentity',
    'User.personalAccessTokens',
    'User.logtoConfig',
    // M2M members and their roles, JIT settings, and a member's scopes (its organization roles) emit nothing.
    'Organization.applications',
    'Organization.jit',
    'OrganizationMemberEdge.organizationScopes',
  ],
  /** Answers for one person: never cached (the key does not hold the user unless self-service matters). */
  privateFields: ['Query.me'],
  /** Root fields whose answer is covered when the types it reaches are (`node`, `nodes` reach any type: the type decides). */
  coveredRootFields: [
    'Query.user',
    'Query.users',
    'Query.organization',
    'Query.organizations',
    'Query.role',
    'Query.roles',
    'Query.scope',
    'Query.organizationRole',
    'Query.organizationRoles',
    'Query.organizationScope',
    'Query.organizationScopes',
    'Query.node',
    'Query.nodes',
  ],
} as const;

/** Types whose fields take the freshness of the field that returned them (subscription payloads are never cached). */
export function inheritsFreshness(typename: string): boolean {
  return /(Connection|Edge|Payload|Error)$/.test(typename) || ['PageInfo', 'Address', 'UserProfile', 'UserIdentity', 'ValidationIssue', 'Mutation', 'Subscription', 'OrganizationMembersChange', 'LogtoEventMessage'].includes(typename);
}

export type FieldFreshness = 'covered' | 'uncovered' | 'private' | 'inherits';

/** How a schema coordinate (`Type.field`) is classified; `undefined` when this module does not say (a test fails on it). */
export function freshnessOf(coordinate: string): FieldFreshness | undefined {
  const [typename = ''] = coordinate.split('.');
  const has = (list: readonly string[], value: string) => list.includes(value);
  if (has(FRESHNESS.privateFields, coordinate)) return 'private';
  if (has(FRESHNESS.uncoveredFields, coordinate) || has(FRESHNESS.uncoveredTypes, typename)) return 'uncovered';
  if (has(FRESHNESS.coveredRootFields, coordinate)) return 'covered';
  if (has(FRESHNESS.coveredTypes, typename)) return 'covered';
  if (inheritsFreshness(typename)) return 'inherits';
  return undefined;
}

/**
 * Time to live per schema coordinate for the response cache: uncovered fields and types at most
 * `uncoveredTtlMs`, private fields never, and every coordinate this module does not classify is
 * treated as uncovered (a field added without a decision is never served stale).
 */
export function ttlPerSchemaCoordinate(schema: GraphQLSchema, uncoveredTtlMs: number): Record<string, number> {
  const ttl: Record<string, number> = {};
  for (const typename of FRESHNESS.uncoveredTypes) ttl[typename] = uncoveredTtlMs;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.keys(type.getFields())) {
      const coordinate = `${type.name}.${field}`;
      const freshness = freshnessOf(coordinate);
      if (freshness === 'private') ttl[coordinate] = 0;
      else if (freshness === 'uncovered' || freshness === undefined) ttl[coordinate] = uncoveredTtlMs;
    }
  }
  return ttl;
}
