import { hookEvents } from '@logto/schemas/lib/foundations/jsonb-types/hooks.js';
import { z } from 'zod';

import { guardBody } from '../body-guard.js';
import { entityNotExistsWithId, entityNotFound, LogtoError } from '../errors.js';
import {
  describeSendError,
  type HookRow,
  hookTable,
  newHookRow,
  newSigningKey,
  sendWebhookRequest,
  WebhookHttpError,
} from '../hook-table.js';
import { listReply } from '../pagination.js';
import { queryString } from '../query.js';
import { del, get, patch, post, type RouteContext, type RouteDefinition } from '../router.js';
import type { SandboxStore } from '../store.js';

/** Logto's webhook routes (`routes/hook.ts`). */

const hookEvent = z.enum(hookEvents as unknown as [string, ...string[]]);
/** `hookEventsGuard.nonempty()` with duplicates dropped, as Logto stores them. */
const events = z
  .array(hookEvent)
  .min(1)
  .transform((list) => [...new Set(list)]);
const hookConfig = z.object({
  url: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  retries: z.number().optional(),
});

const createBody = z.object({
  name: z.string().max(256).optional(),
  event: hookEvent.nullable().optional(),
  events: events.optional(),
  config: hookConfig,
  enabled: z.boolean().optional(),
});
const updateBody = z
  .object({ name: z.string().max(256), event: hookEvent.nullable(), events, config: hookConfig, enabled: z.boolean() })
  .partial();
const testBody = z.object({ events, config: hookConfig });

/** Recent deliveries: `TriggerHook.*` logs of the last 24 h (`startTimeExclusive`). */
const DAY_MS = 24 * 60 * 60 * 1000;

export function recentHookLogs(store: SandboxStore, hookId: string, now = Date.now()) {
  return store
    .logsNewestFirst()
    .filter((log) => log.key.startsWith('TriggerHook.') && log.payload.hookId === hookId && log.createdAt > now - DAY_MS);
}

function executionStats(store: SandboxStore, hookId: string) {
  const logs = recentHookLogs(store, hookId);
  return { successCount: logs.filter((log) => log.payload.result === 'Success').length, requestCount: logs.length };
}

const withStats = (store: SandboxStore, hook: HookRow) => ({ ...hook, executionStats: executionStats(store, hook.id) });

/** `findHookById` (GET, test) answers `entity.not_exists_with_id`; `updateHookById` answers `entity.not_exists`. */
function findHook(context: RouteContext): HookRow {
  const id = context.params.id ?? '';
  const hook = hookTable(context.store).get(id);
  if (!hook) throw entityNotExistsWithId('hooks', id);
  return hook;
}

function updateHook(context: RouteContext, change: Partial<HookRow>): HookRow {
  const table = hookTable(context.store);
  const hook = table.get(context.params.id ?? '');
  if (!hook) throw new LogtoError(404, 'entity.not_exists', 'The hook does not exist.');
  const updated = { ...hook, ...change };
  table.set(hook.id, updated);
  return updated;
}

/** Logto's `yes()` is not used for `GET /hooks/:id`: any non-empty value asks for the stats (recording 376). */
const statsAsked = (context: RouteContext, strict: boolean) => {
  const value = queryString(context.query, 'includeExecutionStats');
  if (!value) return false;
  return strict ? ['1', 'true', 'yes', 'y'].includes(value.toLowerCase()) : true;
};

function timestamp(raw: string | undefined, name: string): void {
  if (raw !== undefined && !Number.isFinite(Number(raw))) throw new LogtoError(400, 'guard.invalid_input', `The request ${name} is invalid.`);
}

/** `generateHookTestPayload` for a data or exception event; interaction events get a fake user too. */
function testPayload(hookId: string, event: string) {
  const base = { event, hookId, createdAt: new Date().toISOString(), userAgent: 'fake-user-agent' };
  if (['PostRegister', 'PostSignIn', 'PostSignInAdaptiveMfaTriggered', 'PostResetPassword'].includes(event)) {
    return { ...base, sessionId: 'fake-session-id', userIp: 'fake-user-ip', userId: 'fake-id' };
  }
  return { ...base, path: '/fake-path/:id', method: 'POST', status: 200, params: { id: 'fake-id' }, data: { result: 'success' } };
}

export const hookRoutes: readonly RouteDefinition[] = [
  get(
    '/hooks',
    (context) => {
      const hooks = [...hookTable(context.store).values()].reverse();
      const stats = statsAsked(context, true);
      return listReply(context, hooks, { map: (hook) => (stats ? withStats(context.store, hook) : hook) });
    },
    { pagination: 'optional' },
  ),

  get('/hooks/:id', (context) => {
    const hook = findHook(context);
    return { status: 200, body: statsAsked(context, false) ? withStats(context.store, hook) : hook };
  }),

  // Logto does not check that the hook exists: an unknown id has no deliveries.
  get(
    '/hooks/:id/recent-logs',
    (context) => {
      timestamp(queryString(context.query, 'start_time'), 'start_time');
      const logKey = queryString(context.query, 'logKey');
      const logs = recentHookLogs(context.store, context.params.id ?? '').filter((log) => !logKey || log.key === logKey);
      // The answer leaves `tenantId` out (`Logs.guard.omit({ tenantId: true })`).
      return listReply(context, logs, { map: ({ tenantId: _tenantId, ...log }) => log });
    },
    { pagination: 'always' },
  ),

  post('/hooks', (context) => {
    const body = guardBody(createBody, context.body);
    if (!body.events && !body.event) throw new LogtoError(400, 'hook.missing_events', 'You need to provide at least one event.');
    const hook = newHookRow({
      id: context.store.newId(),
      name: body.name ?? '',
      event: body.event ?? null,
      events: body.events ?? [],
      config: body.config,
      enabled: body.enabled ?? true,
    });
    hookTable(context.store).set(hook.id, hook);
    return { status: 201, body: hook };
  }),

  post('/hooks/:id/test', async (context) => {
    const body = guardBody(testBody, context.body);
    const hook = findHook(context);
    try {
      await Promise.all(body.events.map((event) => sendWebhookRequest(body.config, testPayload(hook.id, event), hook.signingKey)));
    } catch (error) {
      if (error instanceof WebhookHttpError) {
        throw new LogtoError(422, 'hook.endpoint_responded_with_error', 'Endpoint responded with error.', {
          responseStatus: error.response.statusCode,
          responseBody: error.response.text,
        });
      }
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : describeSendError(error);
      throw new LogtoError(422, 'hook.send_test_payload_failed', `Failed to send test payload: ${reason}`);
    }
    return { status: 204 };
  }),

  patch('/hooks/:id', (context) => {
    const body = guardBody(updateBody, context.body);
    return { status: 200, body: updateHook(context, body) };
  }),

  patch('/hooks/:id/signing-key', (context) => ({ status: 200, body: updateHook(context, { signingKey: newSigningKey() }) })),

  del('/hooks/:id', (context) => {
    if (!hookTable(context.store).delete(context.params.id ?? '')) throw entityNotFound();
    return { status: 204 };
  }),
];
