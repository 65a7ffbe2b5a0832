import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';

import { afterAll, beforeAll, expect } from 'vitest';

import { SCOPES } from '../../src/auth/scopes.js';
import { encodeGlobalId } from '../../src/global-id.js';
import { createLogger } from '../../src/logger.js';
import { hookTable } from '../../src/sandbox/hook-table.js';
import { stackTest } from '../helpers/stack-test.js';
import { type Stack, upstreamDuring } from '../helpers/stack.js';

/**
 * The webhook mutations through GraphQL over HTTP: what Logto stores, one request each, typed
 * errors (including the test delivery's), the permission, and the signing key shown only in the
 * payloads of `createHook` and `rotateHookSigningKey` — never in a read, a log line or /metrics.
 */

const logChunks: string[] = [];
const logger = createLogger({
  level: 'trace',
  destination: new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logChunks.push(chunk.toString('utf8'));
      callback();
    },
  }),
});
const test = stackTest({ auth: true, logger });

type Received = { url: string; headers: IncomingHttpHeaders; body: string };
const received: Received[] = [];
let receiver: Server;
let receiverUrl = '';

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body });
      if (request.url === '/fail') response.writeHead(500, { 'content-type': 'text/plain' }).end('receiver is down');
      else response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

const writer = (stack: Stack) => ({ authorization: `Bearer ${stack.mintToken({ scope: [SCOPES.writeHooks, SCOPES.readHooks] })}` });

const CREATE = `mutation ($input: CreateHookInput!) { createHook(input: $input) {
  __typename ... on CreateHookPayload { signingKey hook { id logtoId name events url enabled } }
  ... on Error { message field logtoCode } } }`;

type Created = { createHook: { __typename: string; signingKey: string; hook: { id: string; logtoId: string; name: string; events: string[]; url: string; enabled: boolean } } };

async function createHook(stack: Stack, input: Record<string, unknown>) {
  return upstreamDuring(stack, () => stack.post<Created>(CREATE, { input }, writer(stack)));
}

test('createHook makes the webhook in one request and shows its signing key once, in its payload', async ({ stack }) => {
  const { result, requests } = await createHook(stack, {
    name: 'Cache feed',
    events: ['User.Created', 'Role.Deleted', 'User.Created'],
    config: { url: `${receiverUrl}/hook` },
  });
  expect(result.body.errors).toBeUndefined();
  const payload = result.body.data!.createHook;
  const stored = hookTable(stack.sandbox.store).get(payload.hook.logtoId);
  expect(payload.hook).toEqual({
    id: encodeGlobalId('Hook', payload.hook.logtoId),
    logtoId: stored!.id,
    name: 'Cache feed',
    events: ['User.Created', 'Role.Deleted'],
    url: `${receiverUrl}/hook`,
    enabled: true,
  });
  expect(payload.signingKey).toBe(stored!.signingKey);
  expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /api/hooks']);

  // Never again: not through the node, not in the log, not in /metrics.
  const read = await stack.post('query ($id: ID!) { node(id: $id) { ... on Hook { name url events } } }', { id: payload.hook.id }, writer(stack));
  expect(JSON.stringify(read.body)).not.toContain(payload.signingKey);
  expect(logChunks.join('')).toContain('graphql mutation');
  expect(logChunks.join('')).not.toContain(payload.signingKey);
  const metrics = await (await fetch(stack.server.url.replace(/\/graphql$/, '/metrics'))).text();
  expect(metrics).toContain('logto_graphql_operations_total');
  expect(metrics).not.toContain(payload.signingKey);
});

test('createHook refuses an unknown event, no events and a non-http URL before any request', async ({ stack }) => {
  for (const [input, field] of [
    [{ name: 'x', events: ['User.Exploded'], config: { url: `${receiverUrl}/hook` } }, 'events.0'],
    [{ name: 'x', events: [], config: { url: `${receiverUrl}/hook` } }, 'events'],
    [{ name: 'x', events: ['User.Created'], config: { url: 'ftp://example.com/hook' } }, 'config.url'],
  ] as const) {
    const { result, requests } = await createHook(stack, input);
    expect(result.body.data?.createHook).toMatchObject({ __typename: 'ValidationError', field });
    expect(requests).toEqual([]);
  }
});

test('updateHook changes what it is given; an unknown hook is a NotFoundError', async ({ stack }) => {
  const created = (await createHook(stack, { name: 'Before', events: ['Role.Created'], config: { url: `${receiverUrl}/hook` } })).result.body.data!.createHook;
  const UPDATE = `mutation ($input: UpdateHookInput!) { updateHook(input: $input) { __typename
    ... on UpdateHookPayload { hook { name events url enabled headerNames } } ... on Error { field logtoCode } } }`;
  const { result, requests } = await upstreamDuring(stack, () =>
    stack.post<{ updateHook: unknown }>(
      UPDATE,
      { input: { id: created.hook.id, name: 'After', enabled: false, config: { url: `${receiverUrl}/v2`, headers: { 'x-tenant': 'a' } } } },
      writer(stack),
    ),
  );
  expect(result.body.data?.updateHook).toEqual({
    __typename: 'UpdateHookPayload',
    hook: { name: 'After', events: ['Role.Created'], url: `${receiverUrl}/v2`, enabled: false, headerNames: ['x-tenant'] },
  });
  expect(requests).toHaveLength(1);
  const missing = await stack.post<{ updateHook: unknown }>(UPDATE, { input: { id: 'nosuchhook00000000000', name: 'x' } }, writer(stack));
  expect(missing.body.data?.updateHook).toEqual({ __typename: 'NotFoundError', field: 'id', logtoCode: 'entity.not_exists' });
});

test('rotateHookSigningKey replaces the key and shows the new one only in its payload', async ({ stack }) => {
  const created = (await createHook(stack, { name: 'Rotating', events: ['User.Deleted'], config: { url: `${receiverUrl}/hook` } })).result.body.data!.createHook;
  const ROTATE = `mutation ($input: RotateHookSigningKeyInput!) { rotateHookSigningKey(input: $input) { __typename
    ... on RotateHookSigningKeyPayload { signingKey hook { logtoId } } ... on Error { field logtoCode } } }`;
  const { result, requests } = await upstreamDuring(stack, () =>
    stack.post<{ rotateHookSigningKey: { signingKey: string; hook: { logtoId: string } } }>(ROTATE, { input: { id: created.hook.id } }, writer(stack)),
  );
  const rotated = result.body.data!.rotateHookSigningKey;
  expect(rotated.hook.logtoId).toBe(created.hook.logtoId);
  expect(rotated.signingKey).toMatch(/^[A-Za-z0-9]{32}$/);
  expect(rotated.signingKey).not.toBe(created.signingKey);
  expect(rotated.signingKey).toBe(hookTable(stack.sandbox.store).get(created.hook.logtoId)?.signingKey);
  expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([`PATCH /api/hooks/${created.hook.logtoId}/signing-key`]);
  expect(logChunks.join('')).not.toContain(rotated.signingKey);
  const missing = await stack.post<{ rotateHookSigningKey: unknown }>(ROTATE, { input: { id: 'nosuchhook00000000000' } }, writer(stack));
  expect(missing.body.data?.rotateHookSigningKey).toEqual({ __typename: 'NotFoundError', field: 'id', logtoCode: 'entity.not_exists' });
});

test('testHook sends signed samples; a refusing or unreachable endpoint is a HookTestFailedError with its answer', async ({ stack }) => {
  const created = (await createHook(stack, { name: 'Tested', events: ['User.Created'], config: { url: `${receiverUrl}/hook` } })).result.body.data!.createHook;
  const TEST = `mutation ($input: TestHookInput!) { testHook(input: $input) { __typename
    ... on TestHookPayload { hook { logtoId } }
    ... on HookTestFailedError { message logtoCode responseStatus responseBody } ... on Error { field logtoCode } } }`;
  const run = (url: string) =>
    upstreamDuring(stack, () => stack.post<{ testHook: Record<string, unknown> }>(TEST, { input: { id: created.hook.id, events: ['User.Created'], config: { url, retries: 0 } } }, writer(stack)));

  received.length = 0;
  const ok = await run(`${receiverUrl}/ok`);
  expect(ok.result.body.data?.testHook).toEqual({ __typename: 'TestHookPayload', hook: { logtoId: created.hook.logtoId } });
  expect(ok.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`POST /api/hooks/${created.hook.logtoId}/test`, `GET /api/hooks/${created.hook.logtoId}`]);
  const sample = received.find((delivery) => delivery.url === '/ok');
  expect(JSON.parse(sample!.body)).toMatchObject({ event: 'User.Created', hookId: created.hook.logtoId });
  expect(sample!.headers['logto-signature-sha-256']).toBe(createHmac('sha256', created.signingKey).update(sample!.body).digest('hex'));

  const refused = await run(`${receiverUrl}/fail`);
  expect(refused.result.body.data?.testHook).toEqual({
    __typename: 'HookTestFailedError',
    field: null,
    message: 'Endpoint responded with error.',
    logtoCode: 'hook.endpoint_responded_with_error',
    responseStatus: 500,
    responseBody: 'receiver is down',
  });

  const unreachable = await run('http://127.0.0.1:9/closed');
  expect(unreachable.result.body.data?.testHook).toMatchObject({
    __typename: 'HookTestFailedError',
    logtoCode: 'hook.send_test_payload_failed',
    responseStatus: null,
    responseBody: null,
  });
});

test('deleteHook deletes it in one request; deleting it again is a NotFoundError', async ({ stack }) => {
  const created = (await createHook(stack, { name: 'Doomed', events: ['Role.Created'], config: { url: `${receiverUrl}/hook` } })).result.body.data!.createHook;
  const DELETE = `mutation ($input: DeleteHookInput!) { deleteHook(input: $input) { __typename
    ... on DeleteHookPayload { deletedHookId } ... on Error { field logtoCode } } }`;
  const { result, requests } = await upstreamDuring(stack, () => stack.post<{ deleteHook: unknown }>(DELETE, { input: { id: created.hook.id } }, writer(stack)));
  expect(result.body.data?.deleteHook).toEqual({ __typename: 'DeleteHookPayload', deletedHookId: created.hook.id });
  expect(requests).toHaveLength(1);
  expect(hookTable(stack.sandbox.store).has(created.hook.logtoId)).toBe(false);
  const again = await stack.post<{ deleteHook: unknown }>(DELETE, { input: { id: created.hook.id } }, writer(stack));
  expect(again.body.data?.deleteHook).toEqual({ __typename: 'NotFoundError', field: 'id', logtoCode: 'entity.not_found' });
});

test('webhook writes need write:hooks tenant-wide; organization tokens are refused before any request', async ({ stack }) => {
  const organizationId = [...stack.sandbox.store.organizations.keys()][0]!;
  for (const token of [
    stack.mintToken({ scope: [SCOPES.readHooks, SCOPES.writeUsers] }),
    stack.mintToken({ organizationId, scope: [SCOPES.writeHooks, SCOPES.readHooks] }),
  ]) {
    const { result, requests } = await upstreamDuring(stack, () =>
      stack.post(CREATE, { input: { name: 'x', events: ['User.Created'], config: { url: `${receiverUrl}/hook` } } }, { authorization: `Bearer ${token}` }),
    );
    expect(result.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(requests).toEqual([]);
  }
});
