import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { isCredentialKey, REDACTED, redactPayload } from '../../src/resolvers/redact.js';

/** Secrets planted in the payloads below; none may survive redaction, in any shape. */
const SECRETS = [
  'hunter2-Secret-Value',
  's3cr3t-client-Secret',
  'opaqueAccessTokenValue0123456789',
  'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLWJ5dGVz',
  'pat_AbCdEfGhIjKlMnOpQrStUvWxYz012345',
  'K8dmW2pQ9xLr4TzV7bN3cJ6hF1gS5aYe',
  'backup-code-1',
  '424242',
];

function text(value: unknown): string {
  return JSON.stringify(value);
}

function expectNoSecret(value: unknown): void {
  const serialised = text(value);
  for (const secret of SECRETS) expect(serialised).not.toContain(secret);
}

describe('credential-like keys', () => {
  it.each([
    'client_secret',
    'clientSecret',
    'secrets',
    'password',
    'newPassword',
    'pwd',
    'passwd',
    'api_key',
    'apiKey',
    'X-API-KEY',
    'jwt',
    'otp',
    'verificationCode',
    'signature',
    'sessionId',
    'session_id',
    'pin',
    'set-cookie',
    'cookie',
    'authorization',
    'access_token',
    'refreshToken',
    'code',
    'code_verifier',
    'client_assertion',
    'privateKey',
    'credential',
    'signingKey',
    'backupCodes',
    'clientsecret',
  ])('%s is credential-like', (key) => {
    expect(isCredentialKey(key)).toBe(true);
  });

  it.each(['pinned', 'spinner', 'key', 'keys', 'ip', 'userAgent', 'tokenTypes', 'hasPassword', 'isSuspended', 'interactionId', 'statusCode', 'errorCode', 'footprint', 'options', 'description'])(
    '%s is not',
    (key) => {
      expect(isCredentialKey(key)).toBe(false);
    },
  );
});

describe('redactPayload', () => {
  it('blanks values of every type under credential keys, at any depth', () => {
    const payload = {
      secrets: ['hunter2-Secret-Value', 's3cr3t-client-Secret'],
      credential: { value: 'hunter2-Secret-Value' },
      nested: { deeper: [{ password: { hash: 'hunter2-Secret-Value' } }, { pin: 424242 }, { otp: ['424242'] }] },
      apiKey: 1234,
      backupCodes: ['backup-code-1'],
      sessionId: 'opaqueAccessTokenValue0123456789',
      'set-cookie': ['sid=opaqueAccessTokenValue0123456789; HttpOnly'],
      pinned: true,
      spinner: 'kept',
      nothing: { password: null },
    };
    const redacted = redactPayload(payload) as Record<string, unknown>;
    expectNoSecret(redacted);
    expect(redacted).toEqual({
      secrets: REDACTED,
      credential: REDACTED,
      nested: { deeper: [{ password: REDACTED }, { pin: REDACTED }, { otp: REDACTED }] },
      apiKey: REDACTED,
      backupCodes: REDACTED,
      sessionId: REDACTED,
      'set-cookie': REDACTED,
      pinned: true,
      spinner: 'kept',
      nothing: { password: null },
    });
  });

  it('redacts credentials inside form-encoded strings and URLs, keeping the other parameters', () => {
    const redacted = redactPayload({
      body: 'grant_type=client_credentials&client_id=app1&client_secret=s3cr3t-client-Secret&scope=all',
      login: 'username=alice&password=hunter2-Secret-Value',
      url: 'https://app.example.com/callback?state=xyz&access_token=opaqueAccessTokenValue0123456789#frag',
      fragment: 'https://app.example.com/cb#id_token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLWJ5dGVz&token_type=Bearer',
    }) as Record<string, string>;
    expectNoSecret(redacted);
    expect(redacted.body).toBe(`grant_type=client_credentials&client_id=app1&client_secret=${REDACTED}&scope=all`);
    expect(redacted.login).toBe(`username=alice&password=${REDACTED}`);
    expect(redacted.url).toBe(`https://app.example.com/callback?state=xyz&access_token=${REDACTED}#frag`);
    expect(redacted.fragment).toContain('token_type=Bearer');
  });

  it('redacts Bearer and Basic credentials, JWTs and Logto secrets inside any string', () => {
    const redacted = redactPayload({
      message: 'upstream said no to Authorization: Bearer opaqueAccessTokenValue0123456789 (retrying)',
      basic: 'authorization: Basic c2FuZGJveDpzM2NyM3QtY2xpZW50LVNlY3JldA==',
      note: 'token was eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLWJ5dGVz, expired',
      list: ['created pat_AbCdEfGhIjKlMnOpQrStUvWxYz012345', 'secret K8dmW2pQ9xLr4TzV7bN3cJ6hF1gS5aYe rotated'],
      prose: 'Bearer authentication is required; Basic information follows',
    }) as Record<string, unknown>;
    expectNoSecret(redacted);
    expect(redacted.message).toBe(`upstream said no to Authorization: Bearer ${REDACTED} (retrying)`);
    expect(redacted.prose).toBe('Bearer authentication is required; Basic information follows');
  });

  it('drops stack traces and redacts JSON serialised into strings', () => {
    const error = JSON.stringify({
      stack: 'InvalidClient: invalid_client\n    at file:///srv/logto/packages/core/build/main.js:5776:11\n    at async token (file:///srv/logto/node_modules/oidc-provider/lib/actions/token.js:70:7)',
      message: 'invalid_client',
      error_description: 'client authentication failed',
      error_detail: 'crafted client_secret=s3cr3t-client-Secret',
      params: { client_secret: 's3cr3t-client-Secret' },
    });
    const redacted = redactPayload({ error, plain: 'Error: boom\n    at handler (/srv/logto/packages/core/src/routes/x.ts:1:2)\n    at next (node:internal/x:3:4)' }) as Record<string, string>;
    expectNoSecret(redacted);
    expect(text(redacted)).not.toContain('/srv/logto');
    expect(text(redacted)).not.toContain('node_modules');
    expect(JSON.parse(redacted.error!)).toEqual({
      message: 'invalid_client',
      error_description: 'client authentication failed',
      error_detail: `crafted client_secret=${REDACTED}`,
      params: { client_secret: REDACTED },
    });
    expect(redacted.plain).toBe('Error: boom');
  });

  it("keeps Logto's and Node's error codes under `code`, blanks an authorization code", () => {
    expect(redactPayload({ code: 'session.invalid_credentials' })).toEqual({ code: 'session.invalid_credentials' });
    expect(redactPayload({ cause: { code: 'ECONNREFUSED' } })).toEqual({ cause: { code: 'ECONNREFUSED' } });
    expect(redactPayload({ params: { code: 'kq3Xn-4bZ8pLwE2rT6yU0oI9aS5dF7gH1jK3lZ5xC7v' } })).toEqual({ params: { code: REDACTED } });
  });

  it('leaves every recorded Logto log of each key family free of secrets and stack traces, and otherwise unchanged in shape', () => {
    // 378 (a hook's recent logs) lives apart: the contract tests replay every file of logto-recorded/.
    const logs = ['logto-recorded/111-logs-default.json', 'logto-recorded/116-logs-time-range.json', 'logs/378-hook-recent-logs.json'].flatMap(
      (file) => (JSON.parse(readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8')) as { response: { body: { key: string; payload: Record<string, unknown> }[] } }).response.body,
    );
    const families = new Set(logs.map((log) => log.key.split('.')[0]));
    expect([...families].sort()).toEqual(['ExchangeTokenBy', 'Interaction', 'TriggerHook']);
    for (const log of logs) {
      const redacted = redactPayload(log.payload) as Record<string, unknown>;
      expect(text(redacted)).not.toMatch(/\bat .*\.js:\d+:\d+|\/srv\/logto|node_modules/);
      // What a caller needs stays: key, result, ip, user agent, ids, the hook request's data.
      for (const field of ['key', 'result', 'ip', 'userAgent', 'applicationId', 'userId', 'hookId', 'hookRequest'] as const) {
        if (field in log.payload && field !== 'hookRequest') expect(redacted[field]).toEqual(log.payload[field]);
      }
      if ('sessionId' in log.payload) expect(redacted.sessionId).toBe(REDACTED);
      if ('params' in log.payload) expect((redacted.params as Record<string, unknown>).client_secret).toBe(REDACTED);
    }
  });
});
