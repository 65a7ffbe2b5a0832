import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { deliveriesSettled } from '../../src/sandbox/webhook-delivery.js';
import { shapeProblems } from '../helpers/logto-recordings.js';
import { callApi, getToken } from '../helpers/sandbox-client.js';

/**
 * The sandbox delivers webhooks like Logto OSS 1.42: the same write sequence the recorder ran
 * (test/fixtures/logto-recorded/webhooks/00-calls-and-hook.json) produces, call by call, the
 * recorded delivery — event, headers, body keys in order, body shape, signature — and nothing for
 * the writes Logto is silent about.
 */

const WEBHOOKS = new URL('../fixtures/logto-recorded/webhooks/', import.meta.url);
type Delivery = { method: string; url: string; headers: IncomingHttpHeaders; body: Record<string, unknown> & { event: string } };
const recorded = (file: string) => JSON.parse(readFileSync(new URL(file, WEBHOOKS), 'utf8')) as Delivery;
const { hookCreated } = JSON.parse(readFileSync(new URL('00-calls-and-hook.json', WEBHOOKS), 'utf8')) as { hookCreated: { events: string[] } };

let sandbox: Sandbox;
let token: string;
let listener: Server;
const received: { headers: IncomingHttpHeaders; raw: string; url: string }[] = [];
let signingKey = '';

beforeAll(async () => {
  sandbox = await startSandbox();
  token = await getToken(sandbox);
  listener = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ headers: request.headers, raw, url: request.url ?? '' });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/logto-hook`;
  const hook = await send('POST', '/api/hooks', { name: 'facade-cache', events: hookCreated.events, config: { url } });
  signingKey = ((await hook.json()) as { signingKey: string }).signingKey;
});

afterAll(async () => {
  await sandbox?.close();
  await new Promise((resolve) => listener?.close(resolve));
});

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  return callApi(sandbox, path, token, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
}

/** Runs one write and returns the deliveries it caused (all of them sent and logged). */
async function deliveriesOf(method: string, path: string, body?: unknown): Promise<{ status: number; answer: unknown; deliveries: typeof received }> {
  const before = received.length;
  const response = await send(method, path, body);
  const text = await response.text();
  await deliveriesSettled(sandbox.store);
  const json = response.headers.get('content-type')?.startsWith('application/json');
  return { status: response.status, answer: json ? (JSON.parse(text) as unknown) : text, deliveries: received.slice(before) };
}

function expectLikeRecording(delivery: (typeof received)[number], file: string): Record<string, unknown> {
  const expected = recorded(file);
  const body = JSON.parse(delivery.raw) as Record<string, unknown>;
  expect(body.event, file).toBe(expected.body.event);
  expect(Object.keys(body), file).toEqual(Object.keys(expected.body));
  expect(shapeProblems(expected.body, body), file).toEqual([]);
  expect(Object.keys(delivery.headers).sort(), file).toEqual(Object.keys(expected.headers).sort());
  expect(delivery.headers['user-agent']).toBe(expected.headers['user-agent']);
  expect(delivery.headers['content-type']).toBe(expected.headers['content-type']);
  expect(delivery.headers['logto-signature-sha-256'], file).toBe(createHmac('sha256', signingKey).update(JSON.stringify(body)).digest('hex'));
  expect(delivery.url).toBe(new URL(expected.url, 'http://x').pathname);
  return body;
}

describe('the sandbox delivers webhooks like Logto', () => {
  it('reproduces every recorded delivery for the same writes, and stays silent where Logto is', async () => {
    const firstRole = [...sandbox.store.roles.values()].find((role) => role.type === 'User')!;
    const resource = [...sandbox.store.resources.values()].find((each) => each.id !== 'management-api')!;
    const organizationRole = [...sandbox.store.organizationRoles.values()][0]!;

    const created = await deliveriesOf('POST', '/api/users', { username: 'hook_trigger_1283', primaryEmail: 'hook1283@example.com' });
    const userId = (created.answer as { id: string }).id;
    const userCreated = expectLikeRecording(created.deliveries[0]!, '01-User.Created.json');
    expect(created.deliveries).toHaveLength(1);
    expect(userCreated.data).toEqual(created.answer);
    expect(userCreated).toMatchObject({ path: '/users', method: 'POST', status: 200, params: {}, matchedRoute: '/users', ip: '127.0.0.1', userAgent: 'node' });

    const steps: [method: string, path: string, body: unknown, file: string | null][] = [
      ['PATCH', `/api/users/${userId}`, { name: 'Hook trigger' }, '02-User.Data.Updated.json'],
      ['PATCH', `/api/users/${userId}/custom-data`, { customData: { a: 1 } }, '03-User.Data.Updated.json'],
      ['PATCH', `/api/users/${userId}/is-suspended`, { isSuspended: true }, '04-User.SuspensionStatus.Updated.json'],
      // A user's role assignments: no event.
      ['POST', `/api/users/${userId}/roles`, { roleIds: [firstRole.id] }, null],
      ['DELETE', `/api/users/${userId}/roles/${firstRole.id}`, undefined, null],
    ];
    for (const [method, path, body, file] of steps) {
      const { status, deliveries } = await deliveriesOf(method, path, body);
      expect(status, path).toBeLessThan(300);
      expect(deliveries.map((delivery) => (JSON.parse(delivery.raw) as { event: string }).event), `${method} ${path}`).toEqual(file ? [recorded(file).body.event] : []);
      if (file) expectLikeRecording(deliveries[0]!, file);
    }

    const role = await deliveriesOf('POST', '/api/roles', { name: 'hook-role-1283', description: 'x' });
    expectLikeRecording(role.deliveries[0]!, '05-Role.Created.json');
    const roleId = (role.answer as { id: string }).id;
    const scope = await deliveriesOf('POST', `/api/resources/${resource.id}/scopes`, { name: 'hook:scope1283', description: 'z' });
    const scopeId = (scope.answer as { id: string }).id;
    const organization = await deliveriesOf('POST', '/api/organizations', { name: 'Hook org' });
    const organizationId = (organization.answer as { id: string }).id;
    const more: [method: string, path: string, body: unknown, file: string | null][] = [
      ['POST', `/api/roles/${roleId}/users`, { userIds: [userId] }, null],
      ['PATCH', `/api/roles/${roleId}`, { name: 'hook-role-renamed' }, '06-Role.Data.Updated.json'],
      ['POST', `/api/roles/${roleId}/scopes`, { scopeIds: [scopeId] }, '08-Role.Scopes.Updated.json'],
      ['POST', `/api/organizations/${organizationId}/users`, { userIds: [userId] }, '10-Organization.Membership.Updated.json'],
      // A member's organization roles: no event.
      ['POST', `/api/organizations/${organizationId}/users/${userId}/roles`, { organizationRoleIds: [organizationRole.id] }, null],
      ['DELETE', `/api/organizations/${organizationId}/users/${userId}`, undefined, '11-Organization.Membership.Updated.json'],
      ['PATCH', `/api/organizations/${organizationId}`, { name: 'Hook org (renamed)' }, '12-Organization.Data.Updated.json'],
      ['POST', '/api/organization-roles', { name: 'hook-org-role-1283' }, '13-OrganizationRole.Created.json'],
      ['POST', '/api/organization-scopes', { name: 'hook:org-scope-1283' }, '14-OrganizationScope.Created.json'],
      // Applications: no event.
      ['POST', '/api/applications', { name: 'Hook app', type: 'MachineToMachine' }, null],
      ['DELETE', `/api/organizations/${organizationId}`, undefined, '16-Organization.Deleted.json'],
      ['DELETE', `/api/roles/${roleId}`, undefined, '17-Role.Deleted.json'],
      ['DELETE', `/api/users/${userId}`, undefined, '18-User.Deleted.json'],
    ];
    expectLikeRecording(scope.deliveries[0]!, '07-Scope.Created.json');
    expectLikeRecording(organization.deliveries[0]!, '09-Organization.Created.json');
    for (const [method, path, body, file] of more) {
      const { status, deliveries } = await deliveriesOf(method, path, body);
      expect(status, path).toBeLessThan(300);
      expect(deliveries.map((delivery) => (JSON.parse(delivery.raw) as { event: string }).event), `${method} ${path}`).toEqual(file ? [recorded(file).body.event] : []);
      if (!file) continue;
      const delivered = expectLikeRecording(deliveries[0]!, file);
      if (file.startsWith('10-')) expect(delivered).toMatchObject({ organizationId, addedUserIds: [userId] });
      if (file.startsWith('11-')) expect(delivered).toMatchObject({ organizationId, removedUserIds: [userId] });
      if (file.startsWith('17-')) expect(delivered.params).toEqual({ '0': `/${roleId}`, id: roleId });
    }
  });

  it('records each delivery as a TriggerHook log that recent-logs lists', async () => {
    const hookId = ((await (await send('GET', '/api/hooks')).json()) as { id: string }[])[0]!.id;
    const logs = (await (await send('GET', `/api/hooks/${hookId}/recent-logs?page_size=100`)).json()) as { key: string; payload: { result: string; hookId: string } }[];
    expect(logs.length).toBe(received.length);
    expect(logs.every((log) => log.key.startsWith('TriggerHook.') && log.payload.result === 'Success' && log.payload.hookId === hookId)).toBe(true);
  });
});
