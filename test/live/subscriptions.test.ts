import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import { describe, expect } from 'vitest';
import WebSocket from 'ws';

import { SCOPES } from '../../src/auth/scopes.js';
import { encodeGlobalId } from '../../src/global-id.js';
import type { LogtoWebhookEvent } from '../../src/live/event-bus.js';
import type { Stack } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

const test = stackTest({ auth: true, sandbox: { users: 30 } });

const ALL = [SCOPES.readUsers, SCOPES.readOrganizations, SCOPES.readRoles, SCOPES.writeUsers, SCOPES.writeOrganizations].join(' ');

type Next = { data?: Record<string, unknown> | null; errors?: readonly { message: string; extensions?: Record<string, unknown> | undefined }[] | undefined };

/** A subscription over yoga's own SSE (`Accept: text/event-stream`): its events, one by one. */
async function sse(stack: Stack, query: string, variables: Record<string, unknown>, token: string) {
  const controller = new AbortController();
  const response = await fetch(stack.server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(): Promise<Next> {
      for (;;) {
        const match = /(?:^|\n)event: next\ndata: (.*)\n\n/.exec(buffer);
        if (match) {
          buffer = buffer.slice((match.index ?? 0) + match[0].length);
          return JSON.parse(match[1] ?? '{}') as Next;
        }
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`stream ended: ${buffer}`);
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    close: () => controller.abort(),
  };
}

/** Collects a client's events (graphql-ws or graphql-sse: both `subscribe(payload, sink)`). */
function collect(subscribe: (sink: { next: (value: Next) => void; error: (error: unknown) => void; complete: () => void }) => () => void) {
  const events: Next[] = [];
  const waiters: (() => void)[] = [];
  let failure: unknown;
  const dispose = subscribe({
    next: (value) => {
      events.push(value);
      waiters.splice(0).forEach((wake) => wake());
    },
    error: (error) => {
      failure = error;
      waiters.splice(0).forEach((wake) => wake());
    },
    complete: () => waiters.splice(0).forEach((wake) => wake()),
  });
  return {
    async next(): Promise<Next> {
      while (events.length === 0) {
        if (failure) throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
      return events.shift() as Next;
    },
    failure: () => failure,
    dispose,
  };
}

/** The recorded `User.Data.Updated` delivery, about a sandbox user. */
function userUpdated(userId: string): LogtoWebhookEvent {
  return {
    event: 'User.Data.Updated',
    createdAt: new Date().toISOString(),
    userAgent: 'node',
    ip: '127.0.0.1',
    path: `/users/${userId}`,
    method: 'PATCH',
    status: 200,
    params: { userId },
    matchedRoute: '/users/:userId',
    data: { id: userId },
    hookId: 'test-hook',
  };
}

/** Publishes until the subscriber is listening (subscribing is asynchronous), then waits for its event. */
async function publishUntilHeard(stack: Stack, body: LogtoWebhookEvent, heard: Promise<Next>): Promise<Next> {
  let done = false;
  void heard.finally(() => (done = true));
  while (!done) {
    await stack.server.liveBus.pubsub.publish('logto', body);
    await Promise.race([heard, new Promise((resolve) => setTimeout(resolve, 50))]);
  }
  return heard;
}

const USER_CHANGED = `subscription($id: ID!) { userChanged(id: $id) { id name } }`;

describe('subscriptions', () => {
  test('userChanged over SSE (yoga built-in) hears a webhook and reads the user afresh', async ({ stack }) => {
    const user = [...stack.sandbox.store.users.values()][0];
    const stream = await sse(stack, USER_CHANGED, { id: user?.id }, stack.mintToken({ scope: ALL }));
    try {
      const event = await publishUntilHeard(stack, userUpdated(user?.id ?? ''), stream.next());
      expect(event.errors).toBeUndefined();
      expect(event.data).toEqual({ userChanged: { id: encodeGlobalId('User', user?.id ?? ''), name: user?.name ?? null } });
    } finally {
      stream.close();
    }
  });

  test('userChanged over the graphql-sse protocol hears a write made through the facade (a role assignment: no webhook exists)', async ({ stack }) => {
    const { store } = stack.sandbox;
    const user = [...store.users.keys()][1] ?? '';
    const role = [...store.roles.values()].find((row) => row.type === 'User' && !store.userRoles.rightsOf(user).has(row.id));
    const token = stack.mintToken({ scope: `${ALL} ${SCOPES.writeRoles}` });
    const client = createSseClient({ url: stack.server.url, singleConnection: false, headers: { authorization: `Bearer ${token}` } });
    const events = collect((sink) => client.subscribe({ query: `subscription($id: ID!) { userChanged(id: $id) { id roles(first: 50) { totalCount } } }`, variables: { id: user } }, sink));
    try {
      const heard = events.next();
      let done = false;
      void heard.finally(() => (done = true));
      const before = store.userRoles.rightsOf(user).size;
      await stack.post(`mutation($input: AssignUserRolesInput!) { assignUserRoles(input: $input) { __typename } }`, { input: { userId: user, roleIds: [role?.id] } }, { authorization: `Bearer ${token}` });
      // The subscription may have started after the write: repeat the announcement of it until heard.
      while (!done) {
        await stack.server.liveBus.pubsub.publish('facadeWrite', { method: 'POST', route: '/api/users/:id/roles', params: { id: user }, touched: [] });
        await Promise.race([heard, new Promise((resolve) => setTimeout(resolve, 50))]);
      }
      const event = await heard;
      expect(event.errors).toBeUndefined();
      expect(event.data).toEqual({ userChanged: { id: encodeGlobalId('User', user), roles: { totalCount: before + 1 } } });
    } finally {
      events.dispose();
      client.dispose();
    }
  });

  test('organizationMembersChanged over WebSocket (graphql-ws) says who was added', async ({ stack }) => {
    const { store } = stack.sandbox;
    const organization = [...store.organizations.keys()][0] ?? '';
    const outsider = [...store.users.keys()].find((id) => !store.organizationUsers.rightsOf(organization).has(id)) ?? '';
    const client = createWsClient({ url: stack.server.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${stack.mintToken({ scope: ALL })}` } });
    const events = collect((sink) =>
      client.subscribe(
        { query: `subscription($id: ID!) { organizationMembersChanged(organizationId: $id) { organization { id } addedUserIds removedUserIds addedUsers { id } } }`, variables: { id: organization } },
        sink,
      ),
    );
    try {
      const body: LogtoWebhookEvent = {
        event: 'Organization.Membership.Updated',
        createdAt: new Date().toISOString(),
        path: `/organizations/${organization}/users`,
        method: 'POST',
        status: 201,
        params: { id: organization },
        matchedRoute: '/organizations/:id/users',
        organizationId: organization,
        addedUserIds: [outsider],
        hookId: 'test-hook',
      };
      const event = await publishUntilHeard(stack, body, events.next());
      expect(event.errors).toBeUndefined();
      expect(event.data).toEqual({
        organizationMembersChanged: {
          organization: { id: encodeGlobalId('Organization', organization) },
          addedUserIds: [encodeGlobalId('User', outsider)],
          removedUserIds: [],
          addedUsers: [{ id: encodeGlobalId('User', outsider) }],
        },
      });
    } finally {
      events.dispose();
      await client.dispose();
    }
  });

  test('a WebSocket without a valid token is closed before any operation runs', async ({ stack }) => {
    const client = createWsClient({ url: stack.server.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: 'Bearer not-a-token' }, retryAttempts: 0 });
    const events = collect((sink) => client.subscribe({ query: `subscription { logtoEvents { event } }` }, sink));
    await expect(events.next()).rejects.toBeDefined();
    expect(String((events.failure() as { code?: number }).code)).toBe('4403');
    await client.dispose();
  });

  test('an organization token hears only about its own organization', async ({ stack }) => {
    const { store } = stack.sandbox;
    const [own = '', other = ''] = [...store.organizations.keys()];
    const token = stack.mintToken({ scope: [SCOPES.readOrganizations, SCOPES.readUsers].join(' '), organizationId: own, sub: [...store.organizationUsers.rightsOf(own)][0] });
    // Another organization: refused like `organization(id:)`.
    const refused = await sse(stack, `subscription($id: ID!) { organizationChanged(id: $id) { id } }`, { id: other }, token);
    const refusal = await refused.next();
    refused.close();
    expect(refusal.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The raw stream: the other organization's event is not delivered, its own is.
    const stream = await sse(stack, `subscription { logtoEvents(events: [ORGANIZATION_DATA_UPDATED]) { event entityId source } }`, {}, token);
    try {
      const about = (id: string): LogtoWebhookEvent => ({
        event: 'Organization.Data.Updated',
        createdAt: new Date().toISOString(),
        path: `/organizations/${id}`,
        method: 'PATCH',
        status: 200,
        params: { id },
        matchedRoute: '/organizations/:id',
        data: { id },
        hookId: 'test-hook',
      });
      const heard = stream.next();
      let done = false;
      void heard.finally(() => (done = true));
      while (!done) {
        await stack.server.liveBus.pubsub.publish('logto', about(other));
        await stack.server.liveBus.pubsub.publish('logto', about(own));
        await Promise.race([heard, new Promise((resolve) => setTimeout(resolve, 50))]);
      }
      expect((await heard).data).toEqual({ logtoEvents: { event: 'ORGANIZATION_DATA_UPDATED', entityId: encodeGlobalId('Organization', own), source: 'WEBHOOK' } });
      // Every event it heard since was its own.
      for (let index = 0; index < 3; index += 1) {
        await stack.server.liveBus.pubsub.publish('logto', about(other));
        await stack.server.liveBus.pubsub.publish('logto', about(own));
        expect((await stream.next()).data).toEqual({ logtoEvents: { event: 'ORGANIZATION_DATA_UPDATED', entityId: encodeGlobalId('Organization', own), source: 'WEBHOOK' } });
      }
    } finally {
      stream.close();
    }
  });

  test('a subscription above the upstream limit is refused before it starts', async ({ stack }) => {
    const user = [...stack.sandbox.store.users.keys()][0] ?? '';
    const stream = await sse(
      stack,
      `subscription($id: ID!) { userChanged(id: $id) { roles(first: 100) { nodes { users(first: 100) { nodes { roles(first: 100) { totalCount } } } } } } }`,
      { id: user },
      stack.mintToken({ scope: ALL }),
    );
    const refusal = await stream.next();
    stream.close();
    expect(refusal.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_EXPENSIVE');
  });
});
