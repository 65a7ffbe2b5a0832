import { expect } from 'vitest';

import { SCOPES } from '../../src/auth/scopes.js';
import { encodeGlobalId } from '../../src/global-id.js';
import { hookTable } from '../../src/sandbox/hook-table.js';
import { deliveriesSettled } from '../../src/sandbox/webhook-delivery.js';
import { stackTest } from '../helpers/stack-test.js';
import { upstreamDuring } from '../helpers/stack.js';

/**
 * Webhooks read through the graph (`hook`, `hooks`, `Hook.deliveriesLast24h`,
 * `Hook.recentDeliveries`): the values Logto's REST answers, the upstream requests each costs,
 * the permission, and the signing key that no read field ever returns.
 */

const test = stackTest({ auth: true });
const reader = [SCOPES.readHooks, SCOPES.readLogs];

type HookNode = {
  id: string;
  logtoId: string;
  name: string;
  events: string[];
  legacyEvent: string | null;
  url: string;
  headerNames: string[];
  retries: number | null;
  enabled: boolean;
  deliveriesLast24h: number | null;
  successfulDeliveriesLast24h: number | null;
  recentDeliveries: { totalCount: number; edges: { node: { key: string; result: string | null } }[] } | null;
};

const HOOK_FIELDS = `id logtoId name events legacyEvent url headerNames retries enabled createdAt
  deliveriesLast24h successfulDeliveriesLast24h
  recentDeliveries(first: 5) { totalCount edges { node { key result } } }`;

async function seedHooks(rest: { send: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }> }) {
  const unreachable = 'http://127.0.0.1:9/hook';
  const watched = await rest.send('POST', '/api/hooks', {
    name: 'Users watcher',
    events: ['User.Created', 'User.Data.Updated'],
    config: { url: unreachable, headers: { authorization: 'Bearer endpoint-credential' }, retries: 0 },
  });
  const legacy = await rest.send('POST', '/api/hooks', { name: 'Legacy', event: 'PostRegister', enabled: false, config: { url: unreachable } });
  const user = await rest.send('POST', '/api/users', { username: `hook_reader_${Date.now()}` });
  await rest.send('PATCH', `/api/users/${(user.body as { id: string }).id}`, { name: 'Renamed' });
  return { watched: watched.body as { id: string; signingKey: string }, legacy: legacy.body as { id: string; signingKey: string } };
}

test('hooks lists every webhook as Logto does, with stats and recent deliveries, at a pinned cost', async ({ stack, rest }) => {
  const { watched, legacy } = await seedHooks(rest);
  await deliveriesSettled(stack.sandbox.store);
  const token = stack.mintToken({ scope: reader });
  const { result, requests } = await upstreamDuring(stack, () =>
    stack.post<{ hooks: { totalCount: number; edges: { node: HookNode }[] } }>(`{ hooks(first: 10) { totalCount edges { node { ${HOOK_FIELDS} } } } }`, {}, { authorization: `Bearer ${token}` }),
  );
  expect(result.body.errors).toBeUndefined();
  const hooks = result.body.data!.hooks;
  expect(hooks.totalCount).toBe(2);
  // Newest first, as Logto lists them.
  expect(hooks.edges.map((edge) => edge.node.logtoId)).toEqual([legacy.id, watched.id]);
  const [legacyNode, watchedNode] = hooks.edges.map((edge) => edge.node);
  expect(watchedNode).toMatchObject({
    id: encodeGlobalId('Hook', watched.id),
    name: 'Users watcher',
    events: ['User.Created', 'User.Data.Updated'],
    legacyEvent: null,
    url: 'http://127.0.0.1:9/hook',
    headerNames: ['authorization'],
    retries: 0,
    enabled: true,
    deliveriesLast24h: 2,
    successfulDeliveriesLast24h: 0,
    recentDeliveries: {
      totalCount: 2,
      edges: [
        { node: { key: 'TriggerHook.User.Data.Updated', result: 'ERROR' } },
        { node: { key: 'TriggerHook.User.Created', result: 'ERROR' } },
      ],
    },
  });
  expect(legacyNode).toMatchObject({ events: [], legacyEvent: 'PostRegister', enabled: false, deliveriesLast24h: 0, recentDeliveries: { totalCount: 0 } });
  // One list, then per hook one stats read and one deliveries page.
  expect(requests.map((request) => `${request.method} ${request.path}`).sort()).toEqual(
    [
      'GET /api/hooks',
      `GET /api/hooks/${legacy.id}`,
      `GET /api/hooks/${watched.id}`,
      `GET /api/hooks/${legacy.id}/recent-logs`,
      `GET /api/hooks/${watched.id}/recent-logs`,
    ].sort(),
  );
  // Neither the signing keys nor the endpoint's header values are anywhere in the answer.
  const text = JSON.stringify(result.body);
  for (const secret of [watched.signingKey, legacy.signingKey, 'endpoint-credential']) expect(text).not.toContain(secret);
});

test('hook(id) reads one webhook by global or Logto id in one request; an unknown one is null', async ({ stack }) => {
  const [hook] = [...hookTable(stack.sandbox.store).values()];
  const token = stack.mintToken({ scope: reader });
  for (const id of [hook!.id, encodeGlobalId('Hook', hook!.id)]) {
    const { result, requests } = await upstreamDuring(stack, () =>
      stack.post<{ hook: { logtoId: string; name: string } | null }>('query ($id: ID!) { hook(id: $id) { logtoId name } }', { id }, { authorization: `Bearer ${token}` }),
    );
    expect(result.body.data?.hook).toEqual({ logtoId: hook!.id, name: hook!.name });
    expect(requests).toHaveLength(1);
  }
  const missing = await stack.post('{ hook(id: "nosuchhook00000000000") { name } }', {}, { authorization: `Bearer ${token}` });
  expect(missing.body.data).toEqual({ hook: null });
});

test('the Hook type has no field that could return a signing key', async ({ stack }) => {
  const token = stack.mintToken({ scope: reader });
  const { body } = await stack.post<{ __type: { fields: { name: string }[] } }>('{ __type(name: "Hook") { fields { name } } }', {}, { authorization: `Bearer ${token}` });
  const names = body.data!.__type.fields.map((field) => field.name);
  expect(names).toContain('url');
  expect(names.filter((name) => /key|secret|sign|header(?!Names)/i.test(name))).toEqual([]);
});

test('reading webhooks needs read:hooks tenant-wide: another scope or an organization token is refused before any request', async ({ stack }) => {
  const organizationId = [...stack.sandbox.store.organizations.keys()][0]!;
  for (const token of [stack.mintToken({ scope: [SCOPES.readLogs, SCOPES.readUsers] }), stack.mintToken({ organizationId, scope: reader })]) {
    const { result, requests } = await upstreamDuring(stack, () => stack.post('{ hooks(first: 1) { totalCount } }', {}, { authorization: `Bearer ${token}` }));
    expect(result.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(requests).toEqual([]);
  }
});
