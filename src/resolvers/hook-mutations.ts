import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import { LogtoApiError } from '../logto/errors.js';
import type { LogtoHook } from '../logto/types.js';
import { typedErrorFrom } from '../mutation-errors.js';
import { type DeletedPayload, given, sendDelete, writeEntity } from './writes.js';

/**
 * Fetch logic of the webhook mutations; one Management API write each. Logto answers every hook
 * with its `signingKey`: only `createHook` and `rotateHookSigningKey` hand it on (`SecretHookPayload`).
 */

export type HookPayload = { readonly hook: LogtoHook };
/** The only payloads that carry a signing key: the answer of the write that made it. */
export type SecretHookPayload = HookPayload & { readonly signingKey: string };

export type HookConfigInput = {
  readonly url: string;
  readonly headers?: Readonly<Record<string, unknown>> | null;
  readonly retries?: number | null;
};

/** The endpoint refused the test delivery, or could not be reached (`POST /api/hooks/:id/test` → 422). */
export class HookTestFailedError extends Error {
  override readonly name = 'HookTestFailedError';
  readonly field = null;

  constructor(
    message: string,
    readonly logtoCode: string,
    readonly responseStatus: number | null,
    readonly responseBody: string | null,
  ) {
    super(message);
  }
}

const HOOK_HINTS = { notFound: 'id', 'hook.missing_events': 'events' } as const;
const TEST_FAILURES = new Set(['hook.endpoint_responded_with_error', 'hook.send_test_payload_failed']);

function configBody(config: HookConfigInput) {
  return given({ url: config.url, headers: config.headers ?? undefined, retries: config.retries ?? undefined });
}

/** `POST /api/hooks` (201). */
export async function createHook(
  ctx: Context,
  input: { readonly name: string; readonly events: readonly string[]; readonly config: HookConfigInput; readonly enabled?: boolean | null },
): Promise<SecretHookPayload> {
  const body = given({ name: input.name, events: input.events, config: configBody(input.config), enabled: input.enabled ?? undefined });
  const hook = await writeEntity<LogtoHook>(ctx, (loaders) => loaders.hooks, { method: 'POST', route: '/api/hooks', body }, HOOK_HINTS);
  return { hook, signingKey: hook.signingKey };
}

/** `PATCH /api/hooks/:id` (200); `config`, when given, replaces the whole configuration. */
export async function updateHook(
  ctx: Context,
  input: {
    readonly id: string;
    readonly name?: string | null;
    readonly events?: readonly string[] | null;
    readonly config?: HookConfigInput | null;
    readonly enabled?: boolean | null;
  },
): Promise<HookPayload> {
  const body = given({
    name: input.name ?? undefined,
    events: input.events ?? undefined,
    config: input.config ? configBody(input.config) : undefined,
    enabled: input.enabled ?? undefined,
  });
  const params = { id: logtoIdFrom(input.id, 'Hook') };
  const hook = await writeEntity<LogtoHook>(ctx, (loaders) => loaders.hooks, { method: 'PATCH', route: '/api/hooks/:id', params, body }, HOOK_HINTS);
  return { hook };
}

/** `DELETE /api/hooks/:id` (204). */
export async function deleteHook(ctx: Context, input: { readonly id: string }): Promise<DeletedPayload> {
  const id = logtoIdFrom(input.id, 'Hook');
  await sendDelete(ctx, { route: '/api/hooks/:id', params: { id } }, HOOK_HINTS);
  return { deletedId: id };
}

/** `PATCH /api/hooks/:id/signing-key` (200): a new key; the old one stops verifying at once. */
export async function rotateHookSigningKey(ctx: Context, input: { readonly id: string }): Promise<SecretHookPayload> {
  const params = { id: logtoIdFrom(input.id, 'Hook') };
  const hook = await writeEntity<LogtoHook>(ctx, (loaders) => loaders.hooks, { method: 'PATCH', route: '/api/hooks/:id/signing-key', params }, HOOK_HINTS);
  return { hook, signingKey: hook.signingKey };
}

/**
 * `POST /api/hooks/:id/test` (204): Logto sends a sample delivery per event to `config` (not
 * necessarily the hook's own), signed with the hook's key. A refusal by the endpoint or a network
 * failure is Logto's 422, made a `HookTestFailedError` with what the endpoint answered.
 */
export async function testHook(
  ctx: Context,
  input: { readonly id: string; readonly events: readonly string[]; readonly config: HookConfigInput },
): Promise<{ readonly hookId: string }> {
  const id = logtoIdFrom(input.id, 'Hook');
  try {
    // Not `sendWrite`: its typed errors would drop Logto's `data` (the endpoint's status and body).
    // A test changes nothing in Logto, so there is no cache to forget.
    await ctx.upstream.request({ method: 'POST', route: '/api/hooks/:id/test', params: { id }, body: { events: input.events, config: configBody(input.config) } });
  } catch (error) {
    if (error instanceof LogtoApiError && !error.outcomeUnknown && TEST_FAILURES.has(error.code)) {
      const data = error.data as { responseStatus?: unknown; responseBody?: unknown } | undefined;
      throw new HookTestFailedError(
        error.publicMessage,
        error.code,
        typeof data?.responseStatus === 'number' ? data.responseStatus : null,
        typeof data?.responseBody === 'string' ? data.responseBody : null,
      );
    }
    throw typedErrorFrom(error, HOOK_HINTS) ?? error;
  }
  return { hookId: id };
}
