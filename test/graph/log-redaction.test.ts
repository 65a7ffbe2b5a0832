import { readFileSync } from 'node:fs';

import { describe, expect } from 'vitest';

import { SCOPES } from '../../src/auth/scopes.js';
import type { LogRow } from '../../src/sandbox/rows.js';
import type { Stack } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

/**
 * Audit logs through GraphQL over HTTP: one log of each key family Logto writes
 * (`ExchangeTokenBy.*`, `Interaction.*`, `TriggerHook.*`), shaped like the recorded ones and
 * carrying planted credentials, added to this test's own sandbox.
 */

type RecordedLog = { id: string; key: string; payload: Record<string, unknown>; createdAt: number };

function recorded(file: string, key: string): RecordedLog {
  const body = (JSON.parse(readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8')) as { response: { body: RecordedLog[] } }).response.body;
  const log = body.find((candidate) => candidate.key === key && candidate.payload.result === (key.startsWith('Interaction') ? 'Success' : 'Error'));
  if (!log) throw new Error(`no ${key} log in ${file}`);
  return structuredClone(log);
}

const CLIENT_SECRET = 'crafted-Client-Secret-42';
const PASSWORD = 'Correct-Horse-Battery-9';
const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.eyJzdWIiOiJ1c2VyLTEiLCJhdWQiOiJ4In0.c2lnbmF0dXJlLWJ5dGVzLWhlcmU';
const HOOK_SIGNATURE = 'd2f1c8a9b7e6f5a4c3b2a1908f7e6d5c4b3a2918f7e6d5c4b3a29180f7e6d5c4';
const SESSION_ID = 'seedsession000067';
const PLANTED = [CLIENT_SECRET, PASSWORD, ACCESS_TOKEN, HOOK_SIGNATURE, SESSION_ID];

/** The real failed client-credentials log (its error is Logto's JSON with a stack trace), with a crafted secret inside the error. */
function exchangeLog(): LogRow {
  const log = recorded('logto-recorded/111-logs-default.json', 'ExchangeTokenBy.ClientCredentials');
  const error = JSON.parse(log.payload.error as string) as Record<string, unknown>;
  error.error_detail = `client authentication failed for body grant_type=client_credentials&client_secret=${CLIENT_SECRET}`;
  error.client_secret = CLIENT_SECRET;
  log.payload.error = JSON.stringify(error);
  log.payload.params = { ...(log.payload.params as object), client_secret: CLIENT_SECRET };
  return { tenantId: 'default', ...log, id: 'redactexchange0000001' } as LogRow;
}

/** A recorded sign-in submission (with its sessionId), failed, carrying what the user typed. */
function interactionLog(): LogRow {
  const log = recorded('logto-recorded/116-logs-time-range.json', 'Interaction.SignIn.Identifier.Password.Submit');
  Object.assign(log.payload, {
    result: 'Error',
    sessionId: SESSION_ID,
    error: JSON.stringify({ code: 'session.invalid_credentials', message: 'Wrong account or password.', stack: 'RequestError: x\n    at verify (/srv/logto/packages/core/src/routes/interaction.ts:10:5)' }),
    interaction: { identifier: { type: 'username', value: 'alice' }, password: PASSWORD, verificationCode: '424242' },
  });
  return { tenantId: 'default', ...log, id: 'redactinteraction0001' } as LogRow;
}

/** The recorded failed webhook delivery, with the request headers a delivery carries. */
function hookLog(): LogRow {
  const log = recorded('logs/378-hook-recent-logs.json', 'TriggerHook.User.Created');
  const request = log.payload.hookRequest as Record<string, unknown>;
  request.headers = { 'logto-signature-sha-256': HOOK_SIGNATURE, authorization: `Bearer ${ACCESS_TOKEN}` };
  request.url = `https://hooks.example.com/logto?access_token=${ACCESS_TOKEN}`;
  return { tenantId: 'default', ...log, id: 'redacthook00000000001' } as LogRow;
}

const LOGS = { exchange: exchangeLog(), interaction: interactionLog(), hook: hookLog() };

const it = stackTest({ auth: true, sandbox: { users: 20 } }).extend<{ plantedLogs: typeof LOGS }>({
  // Stored in the file's sandbox before its first test.
  plantedLogs: [
    async ({ stack }, use) => {
      for (const log of Object.values(LOGS)) stack.sandbox.store.addLog(log);
      await use(LOGS);
    },
    { scope: 'file', auto: true },
  ],
});

const as = (stack: Stack, scopes: readonly string[]) => ({ authorization: `Bearer ${stack.mintToken({ scope: scopes.join(' ') })}` });

type LogView = { key: string; result: string | null; errorMessage: string | null; ip?: string | null; payload?: Record<string, unknown> | null };

const QUERY = `{
  exchange: log(id: "${LOGS.exchange.id}") { key result errorMessage ip payload }
  interaction: log(id: "${LOGS.interaction.id}") { key result errorMessage ip payload }
  hook: log(id: "${LOGS.hook.id}") { key result errorMessage payload }
}`;

describe('log payloads through GraphQL', () => {
  it('answers no planted credential and no stack trace for a log of each key family', async ({ stack }) => {
    const response = await stack.post<Record<keyof typeof LOGS, LogView>>(QUERY, undefined, as(stack, [SCOPES.readLogs, SCOPES.readLogsPayload]));
    expect(response.body.errors).toBeUndefined();
    const text = JSON.stringify(response.body);
    for (const secret of PLANTED) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/\/srv\/logto|node_modules|\.js:\d+:\d+|\.ts:\d+:\d+/);

    const { exchange, interaction, hook } = response.body.data!;
    // What a caller reads a log for is still there.
    expect(exchange).toMatchObject({ key: 'ExchangeTokenBy.ClientCredentials', result: 'ERROR', ip: '127.0.0.1' });
    expect(JSON.parse(exchange.errorMessage!)).toMatchObject({ message: 'invalid_target', error_description: 'both `resource` and `organization_id` are not provided' });
    expect(exchange.payload).toMatchObject({ applicationId: 'facadem2mclient000001', params: { grant_type: 'client_credentials', client_secret: '[redacted]' } });
    expect(interaction).toMatchObject({ key: 'Interaction.SignIn.Identifier.Password.Submit', result: 'ERROR' });
    expect(JSON.parse(interaction.errorMessage!)).toEqual({ code: 'session.invalid_credentials', message: 'Wrong account or password.' });
    expect(interaction.payload).toMatchObject({
      sessionId: '[redacted]',
      interactionId: LOGS.interaction.payload.interactionId,
      interaction: { identifier: { type: 'username', value: 'alice' }, password: '[redacted]', verificationCode: '[redacted]' },
    });
    expect(hook).toMatchObject({ key: 'TriggerHook.User.Created', result: 'ERROR' });
    expect(hook.errorMessage).toContain('connect ECONNREFUSED');
    expect(hook.payload).toMatchObject({
      hookRequest: {
        headers: { 'logto-signature-sha-256': '[redacted]', authorization: '[redacted]' },
        url: 'https://hooks.example.com/logto?access_token=[redacted]',
        body: { event: 'User.Created', data: { username: 'coverage_hook_trigger', hasPassword: false } },
      },
    });
  });

  it('gates errorMessage like the payload: read:logs alone gets FORBIDDEN there, and the rest of the log', async ({ stack }) => {
    const response = await stack.post<{ exchange: LogView | null }>(
      `{ exchange: log(id: "${LOGS.exchange.id}") { key result errorMessage } }`,
      undefined,
      as(stack, [SCOPES.readLogs]),
    );
    expect(response.body.data?.exchange).toEqual({ key: 'ExchangeTokenBy.ClientCredentials', result: 'ERROR', errorMessage: null });
    expect(response.body.errors).toEqual([
      expect.objectContaining({ path: ['exchange', 'errorMessage'], extensions: { code: 'FORBIDDEN', requiredScopes: [SCOPES.readLogsPayload] } }),
    ]);
    expect(JSON.stringify(response.body)).not.toContain(CLIENT_SECRET);
  });
});
