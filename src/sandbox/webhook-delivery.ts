import { managementApiHooksRegistration } from '@logto/schemas/lib/foundations/jsonb-types/hooks.js';

import { describeSendError, type HookRow, hookTable, sendWebhookRequest, WebhookHttpError } from './hook-table.js';
import type { Reply } from './router.js';
import type { SandboxStore } from './store.js';

/**
 * The sandbox sends webhooks as Logto does (`libraries/hook`, `middleware/koa-management-api-hooks`):
 * after a Management API write has answered, every enabled hook subscribed to the write's event
 * gets the recorded body (test/fixtures/logto-recorded/webhooks/), signed, with Logto's timeout
 * and retries, and each delivery becomes a `TriggerHook.<event>` log that `recent-logs` lists.
 *
 * Which writes emit what: `managementApiHooksRegistration` of `@logto/schemas` (route → event),
 * plus the events Logto's routes append by hand (`User.Deleted` with the deleted user,
 * `Organization.Membership.Updated` with the ids added or removed). Everything else is silent, as
 * in Logto: a user's roles, members' organization roles, applications, resources, connectors,
 * invitations (except accepting one, which makes a member).
 */

export type WriteRequest = {
  readonly method: string;
  /** The path below `/api`, as Logto's `ctx.path` in the Management API router. */
  readonly path: string;
  /** The matched route template (`/users/:userId`). */
  readonly pattern: string;
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly userAgent?: string | undefined;
  readonly ip?: string | undefined;
};

type HookContext = { readonly event: string } & Record<string, unknown>;

/** `/users/:userId` and `/users/:id` are the same route to a client; match on the shape. */
const shape = (key: string) => key.replace(/:\w+/g, ':');
const REGISTERED = new Map<string, string>(Object.entries(managementApiHooksRegistration).map(([key, event]) => [shape(key), event]));

const pending = new WeakMap<SandboxStore, Set<Promise<void>>>();

/** Resolves once every delivery started so far has finished (its log written): for tests. */
export async function deliveriesSettled(store: SandboxStore): Promise<void> {
  for (;;) {
    const inFlight = [...(pending.get(store) ?? [])];
    if (inFlight.length === 0) return;
    await Promise.allSettled(inFlight);
  }
}

function managementContext(request: WriteRequest, reply: Reply) {
  // Logto's role router is mounted with a wildcard that koa-router reports as param `0`.
  const params = request.pattern.startsWith('/roles/:id') ? { '0': request.path.slice('/roles'.length), ...request.params } : request.params;
  return { path: request.path, method: request.method, status: reply.status, params, matchedRoute: request.pattern };
}

const isJson = (body: unknown) => body !== undefined && body !== null && typeof body === 'object';

const idsOf = (body: unknown, key: string): string[] => {
  const ids = (body as Record<string, unknown> | null)?.[key];
  return Array.isArray(ids) ? [...new Set(ids.filter((id): id is string => typeof id === 'string'))] : [];
};

const nonEmpty = (delta: Record<string, readonly string[]>) => Object.fromEntries(Object.entries(delta).filter(([, ids]) => ids.length > 0));

/**
 * What the write will emit, decided before it runs (a manual event needs the state before: the
 * user about to be deleted, the members about to be replaced) and completed with its answer.
 */
function plan(store: SandboxStore, request: WriteRequest): ((reply: Reply) => HookContext[]) | undefined {
  const key = shape(`${request.method} ${request.pattern}`);
  const registered = REGISTERED.get(key);
  if (registered) {
    return (reply) => [{ event: registered, ...managementContext(request, reply), ...(isJson(reply.body) ? { data: reply.body } : {}) }];
  }
  const organizationId = request.params.id ?? '';
  const members = () => new Set(store.organizationUsers.rightsOf(organizationId));
  const applications = () => new Set(store.organizationApplications.rightsOf(organizationId));
  const membership = (delta: Record<string, readonly string[]>) => (reply: Reply) => [
    { event: 'Organization.Membership.Updated', ...managementContext(request, reply), organizationId, ...nonEmpty(delta) },
  ];
  switch (key) {
    case 'DELETE /users/:': {
      const user = store.users.get(request.params.userId ?? '');
      if (!user) return undefined;
      // Logto sends the row it deleted, which has no `hasPassword` (recording 18).
      const { hasPassword: _hasPassword, ...data } = user;
      return (reply) => [{ event: 'User.Deleted', data, ...managementContext(request, reply) }];
    }
    case 'POST /organizations/:/users': {
      const before = members();
      return membership({ addedUserIds: idsOf(request.body, 'userIds').filter((id) => !before.has(id)) });
    }
    case 'PUT /organizations/:/users': {
      const before = members();
      const after = new Set(idsOf(request.body, 'userIds'));
      return membership({ addedUserIds: [...after].filter((id) => !before.has(id)), removedUserIds: [...before].filter((id) => !after.has(id)) });
    }
    case 'DELETE /organizations/:/users/:':
      return membership({ removedUserIds: [request.params.userId ?? ''] });
    case 'POST /organizations/:/applications': {
      const before = applications();
      return membership({ addedApplicationIds: idsOf(request.body, 'applicationIds').filter((id) => !before.has(id)) });
    }
    case 'PUT /organizations/:/applications': {
      const before = applications();
      const after = new Set(idsOf(request.body, 'applicationIds'));
      return membership({
        addedApplicationIds: [...after].filter((id) => !before.has(id)),
        removedApplicationIds: [...before].filter((id) => !after.has(id)),
      });
    }
    case 'DELETE /organizations/:/applications/:':
      return membership({ removedApplicationIds: [request.params.applicationId ?? ''] });
    case 'PUT /organization-invitations/:/status': {
      const body = request.body as { status?: unknown; acceptedUserId?: unknown } | null;
      const invitation = store.invitations.get(request.params.id ?? '');
      if (body?.status !== 'Accepted' || typeof body.acceptedUserId !== 'string' || !invitation) return undefined;
      const userId = body.acceptedUserId;
      const wasMember = store.organizationUsers.has(invitation.organizationId, userId);
      return (reply) => [
        {
          event: 'Organization.Membership.Updated',
          ...managementContext(request, reply),
          organizationId: invitation.organizationId,
          ...(wasMember ? {} : { addedUserIds: [userId] }),
        },
      ];
    }
    default:
      return undefined;
  }
}

const subscribed = (hook: HookRow, event: string) => hook.enabled && (hook.events.length > 0 ? hook.events.includes(event) : hook.event === event);

/** One delivery and its `TriggerHook.<event>` log (`sendWebhook` in Logto's hook library). */
async function deliver(store: SandboxStore, hook: HookRow, payload: Record<string, unknown> & { event: string }): Promise<void> {
  const body = { ...payload, hookId: hook.id };
  const key = `TriggerHook.${payload.event}`;
  const logged: Record<string, unknown> = { key, result: 'Success', hookId: hook.id, hookRequest: { body } };
  try {
    const response = await sendWebhookRequest(hook.config, body, hook.signingKey);
    logged.response = { statusCode: response.statusCode, body: response.body };
  } catch (error) {
    logged.result = 'Error';
    if (error instanceof WebhookHttpError) logged.response = { statusCode: error.response.statusCode, body: error.response.body };
    logged.error = describeSendError(error);
  }
  store.addLog({ tenantId: store.tenantId, id: store.newId(), key, payload: logged as never, createdAt: Date.now() });
}

/**
 * Called before a Management API write runs; the function it returns is called with the write's
 * answer and sends the deliveries once the answer is on its way (a refused write sends nothing).
 */
export function prepareDataHooks(store: SandboxStore, request: WriteRequest): ((reply: Reply) => void) | undefined {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return undefined;
  const complete = plan(store, request);
  if (!complete) return undefined;
  return (reply) => {
    if (reply.status >= 400) return;
    const contexts = complete(reply);
    const hooks = [...hookTable(store).values()];
    const metadata = { userAgent: request.userAgent ?? '', ip: request.ip ?? '' };
    for (const { event, ...rest } of contexts) {
      const payload = { event, createdAt: new Date().toISOString(), ...metadata, ...rest };
      for (const hook of hooks.filter((each) => subscribed(each, event))) {
        const inFlight = pending.get(store) ?? new Set<Promise<void>>();
        pending.set(store, inFlight);
        // After the answer is sent, as Logto does (it triggers hooks once the response is written).
        const delivery: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
          .then(() => deliver(store, hook, payload))
          .finally(() => inFlight.delete(delivery));
        inFlight.add(delivery);
      }
    }
  };
}
