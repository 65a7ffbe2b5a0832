import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { deliveriesSettled } from '../../src/sandbox/webhook-delivery.js';
import { loadRecording, normaliseHost, parseLinks, recordingFiles, shapeProblems } from '../helpers/logto-recordings.js';
import { callApi, getToken } from '../helpers/sandbox-client.js';
import { substitute } from '../helpers/sandbox-equivalents.js';

/**
 * The hooks family of the Management API (recordings 368–391), replayed in order against one
 * sandbox: status, content type, `Total-Number`/`Link`, body shape and values (event
 * deduplication, legacy `event`, execution stats, recent deliveries), signing key rotation, the
 * test delivery's three outcomes and the three different 404 codes.
 */

let sandbox: Sandbox;
let token: string;
let receiver: Server;
let receiverUrl: string;
let closedPortUrl: string;
const equivalents = new Map<string, string>();

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  sandbox = await startSandbox();
  token = await getToken(sandbox);
  // The recorder's listener: `/ok` accepts the test payload, `/fail` refuses it with a 500.
  receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.url === '/fail') {
        response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'receiver refused the test payload' }));
      } else response.writeHead(200).end('ok');
    });
  });
  receiverUrl = await listen(receiver);
  // A port nothing listens on: the recorder's "unreachable loopback URL".
  const closed = createServer();
  closedPortUrl = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
  equivalents.set('http://127.0.0.1:39577', closedPortUrl);
  equivalents.set('http://127.0.0.1:36389', receiverUrl);
});

afterAll(async () => {
  await sandbox?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

const send = (method: string, path: string, body?: unknown) =>
  callApi(sandbox, path, token, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });

const hookRecordings = recordingFiles().filter((file) => /-hook/.test(file) && Number(file.slice(0, 3)) >= 368);

describe('the sandbox answers the hooks API like the recorded Logto server', () => {
  it('has every hooks recording (368–391)', () => {
    expect(hookRecordings.map((file) => file.slice(0, 3))).toEqual(Array.from({ length: 24 }, (_, index) => String(368 + index)));
  });

  it('replays them in order', async () => {
    const signingKeys = new Map<string, string>();
    for (const file of hookRecordings) {
      const id = file.slice(0, 3);
      const { request, response: expected } = loadRecording(file);
      if (id === '371') {
        // The recorder made a user and renamed it between creating the hooks and listing them:
        // two deliveries (`User.Created`, `User.Data.Updated`) to the unreachable URL, both failed.
        const created = await send('POST', '/api/users', { username: 'coverage_hook_trigger' });
        const user = (await created.json()) as { id: string };
        await send('PATCH', `/api/users/${user.id}`, { name: 'Hook trigger (renamed)' });
        await deliveriesSettled(sandbox.store);
      }
      const body = (request as { body?: unknown }).body;
      const path = substitute(request.path, equivalents);
      const response = await send(request.method, path, body === undefined ? undefined : JSON.parse(substitute(JSON.stringify(body), equivalents)));
      const text = await response.text();
      expect(response.status, `${id}: ${text}`).toBe(expected.status);
      const contentType = (value: string | null | undefined) => value?.split(';')[0] ?? null;
      expect(contentType(response.headers.get('content-type')), id).toBe(contentType(expected.headers['content-type']));
      expect(response.headers.get('total-number'), id).toBe(expected.headers['total-number'] ?? null);
      const links = (value: string | null) => new Map([...parseLinks(value)].map(([rel, url]) => [rel, normaliseHost(url)]));
      expect(links(response.headers.get('link')), id).toEqual(links(substitute(expected.headers.link ?? '', equivalents)));
      if (!text) {
        expect(expected.body ?? '', id).toBe('');
        continue;
      }
      const answer = JSON.parse(text) as unknown;
      expect(shapeProblems(expected.body, answer), id).toEqual([]);
      if (expected.status >= 400) {
        const { code, message, data } = expected.body as Record<string, unknown>;
        expect(answer, id).toMatchObject({ code, message: substitute(String(message), equivalents) });
        if (data) expect((answer as { data: unknown }).data, id).toEqual(data);
        continue;
      }
      // Values, not only shapes: everything but ids, timestamps and the redacted key.
      const comparable = (value: unknown): unknown =>
        JSON.parse(
          JSON.stringify(value, (key, field: unknown) =>
            key === 'id' || key === 'createdAt' || key === 'signingKey' || key === 'hookRequest' || key === 'error' ? undefined : field,
          ),
        );
      expect(comparable(answer), id).toEqual(JSON.parse(substitute(JSON.stringify(comparable(expected.body)), equivalents)));
      if (request.method === 'POST' && path === '/api/hooks') {
        equivalents.set((expected.body as { id: string }).id, (answer as { id: string }).id);
      }
      for (const hook of [answer].flat() as { id?: string; signingKey?: string }[]) {
        if (hook.signingKey === undefined || !hook.id) continue;
        expect(hook.signingKey).toMatch(/^[A-Za-z0-9]{32}$/);
        if (id === '385') expect(hook.signingKey, 'rotated').not.toBe(signingKeys.get(hook.id));
        else if (signingKeys.has(hook.id)) expect(hook.signingKey, `${id} keeps the key`).toBe(signingKeys.get(hook.id));
        signingKeys.set(hook.id, hook.signingKey);
      }
    }
  });
});
