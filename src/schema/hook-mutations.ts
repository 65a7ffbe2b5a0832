import { hookEvents } from '@logto/schemas/lib/foundations/jsonb-types/hooks.js';
import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import {
  createHook,
  deleteHook,
  type HookPayload,
  HookTestFailedError,
  rotateHookSigningKey,
  type SecretHookPayload,
  testHook,
  updateHook,
} from '../resolvers/hook-mutations.js';
import { builder } from './builder.js';
import { HookRef } from './hook.js';
import { changesSomething, idOf, jsonObjectRule } from './input-validation.js';
import { defineMutation, deletedPayload, givenPayload, idOnlyInput } from './mutation-declaration.js';
import { type ErrorClass, ErrorInterface } from './mutation-support.js';

/** Webhook mutations, each declared once (`defineMutation`). Tenant-wide only: hooks see every tenant event. */

const tenantWide = requires.tenant(SCOPES.writeHooks);

const HookConfigInput = builder.inputType('HookConfigInput', {
  description: 'Where and how Logto delivers a webhook.',
  fields: (t) => ({
    url: t.string({ required: true, description: 'The endpoint Logto POSTs to: an absolute http(s) URL Logto can reach.' }),
    headers: t.field({ type: 'JSONObject', description: 'Extra headers for each delivery, name to string value (e.g. a credential of the endpoint).' }),
    retries: t.int({ description: 'Retries of a delivery answered with a 5xx (deprecated by Logto; 3 when left out).' }),
  }),
});

const eventRule = z.enum(hookEvents as unknown as [string, ...string[]], { message: 'Not an event Logto knows.' });
const eventsRule = z.array(eventRule).min(1, 'Give at least one event.').max(hookEvents.length);
const configRule = z.object({
  url: z.url({ protocol: /^https?$/, message: 'The URL must be an absolute http(s) URL.' }).max(2048),
  headers: jsonObjectRule.pipe(z.record(z.string(), z.string({ message: 'Header values must be strings.' }))).nullish(),
  retries: z.number().int().min(0).max(3).nullish(),
});
const nameRule = z.string().min(1, 'Give a name.').max(256);

const eventsDescription = 'Events to deliver, as Logto names them (`User.Created`, `Organization.Membership.Updated`, `PostSignIn`, …).';

const HookTestFailedRef = builder.objectType(HookTestFailedError, {
  name: 'HookTestFailedError',
  description:
    'The test delivery failed: the endpoint answered with an error (`responseStatus`, `responseBody`; Logto code `hook.endpoint_responded_with_error`) or could not be reached (`hook.send_test_payload_failed`).',
  // Its fields match the shared Error interface's (message, field, logtoCode).
  interfaces: [ErrorInterface as never],
  fields: (t) => ({
    responseStatus: t.exposeInt('responseStatus', { nullable: true, description: 'The HTTP status the endpoint answered; null when it could not be reached.' }),
    responseBody: t.exposeString('responseBody', { nullable: true, description: 'What the endpoint answered, as text; null when it could not be reached.' }),
  }),
});
void HookTestFailedRef;

/** The signing key, in the two payloads that may show it: it is readable nowhere else, ever. */
const secretPayload = (mutation: string, description: string, hookDescription: string) =>
  builder.objectRef<SecretHookPayload>(`${mutation.charAt(0).toUpperCase()}${mutation.slice(1)}Payload`).implement({
    description,
    fields: (t) => ({
      hook: t.field({ type: HookRef, nullable: true, description: hookDescription, extensions: cost.given(), resolve: (payload) => payload.hook }),
      signingKey: t.exposeString('signingKey', {
        description:
          'The key Logto signs deliveries with (`logto-signature-sha-256`: hex HMAC-SHA256 of the body). Shown only here, once: store it now; it can never be read again, only rotated.',
      }),
    }),
  });

defineMutation('createHook', {
  does: 'Creates a webhook',
  route: 'POST /api/hooks',
  input: {
    description: 'A new webhook.',
    argument: 'The new webhook.',
    fields: (t) => ({
      name: t.string({ required: true, description: 'Display name.' }),
      events: t.stringList({ required: true, description: `${eventsDescription} Duplicates are dropped.` }),
      config: t.field({ type: HookConfigInput, required: true, description: 'Where and how to deliver.' }),
      enabled: t.boolean({ description: 'Whether Logto sends deliveries (default true).' }),
    }),
    validate: z.object({ name: nameRule, events: eventsRule, config: configRule, enabled: z.boolean().nullish() }),
  },
  errors: [ValidationError],
  requires: tenantWide,
  payload: secretPayload('createHook', 'The webhook `createHook` made, with its signing key (shown this once).', 'The new webhook, as Logto answered.'),
  resolve: (ctx, input) => createHook(ctx, input),
});

defineMutation('updateHook', {
  does: 'Changes a webhook',
  route: 'PATCH /api/hooks/:id',
  input: {
    description: 'Changes to a webhook. Only the fields given change; `config` replaces the whole configuration.',
    argument: 'What to change.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'Global id or Logto id of the webhook.' }),
      name: t.string({ description: 'New display name.' }),
      events: t.stringList({ description: eventsDescription }),
      config: t.field({ type: HookConfigInput, description: 'New configuration (replaces the old one whole).' }),
      enabled: t.boolean({ description: 'Turn deliveries on or off.' }),
    }),
    validate: z
      .object({ id: idOf('Hook'), name: nameRule.nullish(), events: eventsRule.nullish(), config: configRule.nullish(), enabled: z.boolean().nullish() })
      .refine(...changesSomething(['id'], 'webhook')),
  },
  errors: [ValidationError, NotFoundError],
  requires: tenantWide,
  payload: givenPayload('updateHook', 'The webhook `updateHook` changed.', {
    name: 'hook',
    type: HookRef,
    description: 'The webhook after the change.',
    resolve: (payload: HookPayload) => payload.hook,
  }),
  resolve: (ctx, input) => updateHook(ctx, input),
});

defineMutation('deleteHook', {
  does: 'Deletes a webhook',
  route: 'DELETE /api/hooks/:id',
  input: { ...idOnlyInput('webhook', 'A webhook to delete; Logto stops delivering to it at once.'), validate: z.object({ id: idOf('Hook') }) },
  errors: [ValidationError, NotFoundError],
  requires: tenantWide,
  payload: deletedPayload('deleteHook', { typename: 'Hook', entity: 'webhook', field: 'deletedHookId' }),
  resolve: (ctx, input) => deleteHook(ctx, input),
});

defineMutation('rotateHookSigningKey', {
  does: "Replaces a webhook's signing key",
  route: 'PATCH /api/hooks/:id/signing-key',
  details: 'Deliveries are signed with the new key from now on; an endpoint still checking the old one refuses them.',
  input: { ...idOnlyInput('webhook', 'The webhook whose signing key to replace.'), validate: z.object({ id: idOf('Hook') }) },
  errors: [ValidationError, NotFoundError],
  requires: tenantWide,
  payload: secretPayload('rotateHookSigningKey', 'The webhook whose key `rotateHookSigningKey` replaced, with the new key (shown this once).', 'The webhook.'),
  resolve: (ctx, input) => rotateHookSigningKey(ctx, input),
});

defineMutation('testHook', {
  does: 'Sends a sample delivery for each event to an endpoint, signed with the webhook’s key',
  route: 'POST /api/hooks/:id/test',
  details: 'Logto waits for the endpoint (up to 10 s per attempt, with retries on 5xx); nothing is logged as a delivery.',
  input: {
    description: 'A test of a webhook: the events to simulate and the endpoint to send them to (often the hook’s own, possibly a new one before saving it).',
    argument: 'The webhook, events and endpoint.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'Global id or Logto id of the webhook (its signing key signs the samples).' }),
      events: t.stringList({ required: true, description: eventsDescription }),
      config: t.field({ type: HookConfigInput, required: true, description: 'Where to send the samples.' }),
    }),
    validate: z.object({ id: idOf('Hook'), events: eventsRule, config: configRule }),
  },
  // ConflictError is in the union because the typed-error check assumes any POST may break a
  // unique constraint; this one inserts nothing.
  errors: [ValidationError, NotFoundError, ConflictError, HookTestFailedError as unknown as ErrorClass],
  requires: tenantWide,
  payload: builder.objectRef<{ readonly hookId: string }>('TestHookPayload').implement({
    description: 'The endpoint accepted every sample delivery.',
    fields: (t) => ({
      hook: t.field({
        type: HookRef,
        nullable: true,
        description: 'The webhook tested.',
        extensions: cost.load('hooks'),
        resolve: (payload, _args, ctx) => ctx.loaders.hooks.load(payload.hookId),
      }),
    }),
  }),
  resolve: (ctx, input) => testHook(ctx, input),
});
