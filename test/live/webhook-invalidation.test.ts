import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect } from 'vitest';

import type { LogtoWebhookEvent } from '../../src/live/event-bus.js';
import { entitiesOfRoute } from '../../src/live/freshness.js';
import type { Stack } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

/**
 * Every recorded delivery (real Logto OSS 1.42), with its ids mapped onto sandbox entities of the
 * same type, published on the live bus as the receiver would: the answers about what it changed
 * are dropped, the lists it may change too (not for a relation change such as `Role.Scopes.Updated`),
 * and an answer about another entity of the same type stays.
 */
const test = stackTest({ sandbox: { users: 30 }, env: { RESPONSE_CACHE_TTL_MS: '300000', MAX_UPSTREAM_REQUESTS_PER_OPERATION: '5000' } });

const WEBHOOKS = fileURLToPath(new URL('../fixtures/logto-recorded/webhooks/', import.meta.url));
const deliveries = readdirSync(WEBHOOKS)
  .filter((file) => /^\d\d-[A-Za-z.]+\.json$/.test(file) && !file.startsWith('00-'))
  .sort()
  .map((file) => ({ file, body: (JSON.parse(readFileSync(`${WEBHOOKS}${file}`, 'utf8')) as { body: LogtoWebhookEvent }).body }));

type Queries = { one: (id: string) => [string, Record<string, unknown>]; list: (stack: Stack) => [string, Record<string, unknown>] };

const byId = (field: string): Queries['one'] => (id) => [`query($id: ID!) { ${field}(id: $id) { id name } }`, { id }];
const QUERIES: Record<string, Queries> = {
  User: { one: byId('user'), list: () => ['{ users(first: 5) { totalCount } }', {}] },
  Role: { one: byId('role'), list: () => ['{ roles(first: 5) { totalCount } }', {}] },
  // Scopes are listed under roles (resources are uncovered: no event for a resource itself).
  Scope: {
    one: byId('scope'),
    list: (stack) => [`query($id: ID!) { role(id: $id) { scopes(first: 5) { totalCount } } }`, { id: [...stack.sandbox.store.roles.keys()][0] }],
  },
  Organization: { one: byId('organization'), list: () => ['{ organizations(first: 5) { totalCount } }', {}] },
  OrganizationRole: { one: byId('organizationRole'), list: () => ['{ organizationRoles(first: 5) { totalCount } }', {}] },
  OrganizationScope: { one: byId('organizationScope'), list: () => ['{ organizationScopes(first: 5) { totalCount } }', {}] },
};

/** Sandbox ids per type: the first stands for the recorded entity, the second for "another one". */
function sandboxIds(stack: Stack, typename: string): [string, string] {
  const { store } = stack.sandbox;
  const maps: Record<string, Map<string, unknown>> = {
    User: store.users,
    Role: store.roles,
    Scope: store.scopes,
    Resource: store.resources,
    Organization: store.organizations,
    OrganizationRole: store.organizationRoles,
    OrganizationScope: store.organizationScopes,
  };
  let ids = [...(maps[typename]?.keys() ?? [])];
  // Members: an organization with members, and users who are members of it.
  if (typename === 'Organization') ids = ids.filter((id) => store.organizationUsers.rightsOf(id).size > 0);
  const [first = '', second = ''] = ids;
  return [first, second];
}

/** The recorded body with each recorded id replaced by the sandbox id of its type. */
function onSandbox(stack: Stack, body: LogtoWebhookEvent): { body: LogtoWebhookEvent; ids: Map<string, string> } {
  const typed = new Map<string, string>(); // recorded id → type
  const schema = body.event.split('.')[0] ?? '';
  for (const { typename, id } of entitiesOfRoute(body.matchedRoute ?? '', body.params ?? {})) if (id) typed.set(id, typename);
  const data = body.data as { id?: unknown } | undefined;
  if (data && !Array.isArray(data) && typeof data.id === 'string') typed.set(data.id, schema);
  if (typeof body.organizationId === 'string') typed.set(body.organizationId, 'Organization');
  const members = [body.addedUserIds, body.removedUserIds].flat().filter((id): id is string => typeof id === 'string');
  let text = JSON.stringify(body);
  const ids = new Map<string, string>(); // type → sandbox id
  for (const [recorded, typename] of typed) {
    let [sandboxId] = sandboxIds(stack, typename);
    if (typename === 'User' && members.includes(recorded) && typeof body.organizationId === 'string') {
      const organization = sandboxIds(stack, 'Organization')[0];
      sandboxId = [...stack.sandbox.store.organizationUsers.rightsOf(organization)][0] ?? sandboxId;
    }
    ids.set(typename, sandboxId);
    text = text.replaceAll(recorded, sandboxId);
  }
  for (const recorded of members) {
    if (typed.has(recorded)) continue;
    const organization = sandboxIds(stack, 'Organization')[0];
    const member = [...stack.sandbox.store.organizationUsers.rightsOf(organization)][0] ?? '';
    ids.set('User', member);
    text = text.replaceAll(recorded, member);
  }
  return { body: JSON.parse(text) as LogtoWebhookEvent, ids };
}

async function cacheOf(stack: Stack, [query, variables]: [string, Record<string, unknown>]): Promise<unknown> {
  const response = await stack.post(query, variables);
  expect(response.body.errors, query).toBeUndefined();
  return response.body.extensions?.cache;
}

describe('every covered event invalidates exactly what it should', () => {
  test.for(deliveries)('$file', async ({ body: recorded }, { stack }) => {
    const { body, ids } = onSandbox(stack, recorded);
    const typename = recorded.event.split('.')[0] ?? '';
    const queries = QUERIES[typename];
    if (!queries) throw new Error(`no queries for ${typename}`);
    const membership = recorded.event === 'Organization.Membership.Updated';
    const target = ids.get(typename) ?? '';
    const [, other] = sandboxIds(stack, typename);
    const stale: [string, Record<string, unknown>][] = membership
      ? [
          [`query($id: ID!) { organization(id: $id) { members(first: 5) { totalCount } } }`, { id: target }],
          [`query($id: ID!) { user(id: $id) { organizations(first: 5) { totalCount } } }`, { id: ids.get('User') }],
        ]
      : [queries.one(target), ...(recorded.event.endsWith('.Scopes.Updated') ? [] : [queries.list(stack)])];
    const fresh: [string, Record<string, unknown>][] = membership
      ? [[`query($id: ID!) { organization(id: $id) { members(first: 5) { totalCount } } }`, { id: other }]]
      : [queries.one(other), ...(recorded.event.endsWith('.Scopes.Updated') ? [queries.list(stack)] : [])];
    for (const query of [...stale, ...fresh]) {
      await cacheOf(stack, query);
      expect(await cacheOf(stack, query), `${query[0]} is cached before the event`).toBe('hit');
    }
    await stack.server.liveBus.pubsub.publish('logto', body);
    await new Promise((resolve) => setImmediate(resolve));
    for (const query of stale) expect(await cacheOf(stack, query), `${query[0]} ${JSON.stringify(query[1])} after ${recorded.event}`).toBe('miss');
    for (const query of fresh) expect(await cacheOf(stack, query), `${query[0]} ${JSON.stringify(query[1])} after ${recorded.event}`).toBe('hit');
  });
});
