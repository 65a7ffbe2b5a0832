import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { managementApiHooksRegistration } from '@logto/schemas/lib/foundations/jsonb-types/hooks.js';
import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';

import { encodeGlobalId } from '../../src/global-id.js';
import type { LogtoWebhookEvent } from '../../src/live/event-bus.js';
import { createFreshness, DATA_HOOK_EVENTS, FRESHNESS, freshnessOf, ttlPerSchemaCoordinate } from '../../src/live/freshness.js';
import { buildSchema } from '../../src/schema/index.js';

const schema = buildSchema({ federation: false });
const WEBHOOKS = fileURLToPath(new URL('../fixtures/logto-recorded/webhooks/', import.meta.url));

describe('freshness by declaration', () => {
  it('classifies every field of every object type of the schema', () => {
    const unclassified: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.keys(type.getFields())) if (freshnessOf(`${type.name}.${field}`) === undefined) unclassified.push(`${type.name}.${field}`);
    }
    expect(unclassified).toEqual([]);
  });

  it('keeps the fields no webhook covers out of the cache by default (role assignment, member organization roles, applications)', () => {
    const ttl = ttlPerSchemaCoordinate(schema, 0);
    for (const coordinate of ['User.roles', 'Role.users', 'OrganizationMemberEdge.organizationRoles', 'Query.applications', 'Application.name', 'Query.me']) expect(ttl[coordinate], coordinate).toBe(0);
    expect(ttl.Application).toBe(0);
    expect(ttl['User.name']).toBeUndefined();
    expect(ttlPerSchemaCoordinate(schema, 5000)['User.roles']).toBe(5000);
    // Private fields are never cached, whatever the uncovered TTL.
    expect(ttlPerSchemaCoordinate(schema, 5000)['Query.me']).toBe(0);
  });

  it("derives the events from Logto's own registration", () => {
    for (const event of new Set(Object.values(managementApiHooksRegistration))) expect(DATA_HOOK_EVENTS).toContain(event);
    expect(DATA_HOOK_EVENTS).toContain('User.Deleted');
    for (const event of DATA_HOOK_EVENTS) expect(FRESHNESS.coveredTypes).toContain(event.split('.')[0]);
  });

  it('finds the changed entity of every recorded delivery', () => {
    const freshness = createFreshness(schema);
    const files = readdirSync(WEBHOOKS).filter((file) => /^\d\d-[A-Za-z.]+\.json$/.test(file) && !file.startsWith('00-'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const { body } = JSON.parse(readFileSync(`${WEBHOOKS}${file}`, 'utf8')) as { body: LogtoWebhookEvent };
      const typename = body.event.split('.')[0] ?? '';
      // Created: the new entity (`data`); otherwise the one the route names (the last parameter), or the organization of a membership.
      const lastParam = Object.values(body.params ?? {}).filter((value) => !value.startsWith('/')).at(-1);
      const id = typeof body.organizationId === 'string' ? body.organizationId : body.event.endsWith('.Created') ? (body.data as { id: string }).id : lastParam;
      expect(freshness.ofWebhook(body), file).toContainEqual({ typename, id: encodeGlobalId(typename, id ?? '') });
    }
  });

  it('invalidates what a write names: the entity by id, whole types named without one', () => {
    const freshness = createFreshness(schema);
    const invalidations = freshness.ofWrite({ method: 'POST', route: '/api/users/:id/roles', params: { id: 'u1' }, touched: [] });
    expect(invalidations).toContainEqual({ typename: 'User', id: encodeGlobalId('User', 'u1') });
    expect(invalidations).toContainEqual({ typename: 'Role' });
    expect(invalidations).toContainEqual({ typename: 'UserConnection' });
  });

  it('ignores events that change no data it serves', () => {
    expect(createFreshness(schema).ofWebhook({ event: 'PostSignIn', createdAt: '', hookId: 'h' })).toEqual([]);
  });
});
