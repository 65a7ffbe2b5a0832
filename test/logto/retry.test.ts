import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyNetworkError, isIdempotent, parseRetryAfter } from '../../src/logto/retry.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T23:03:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
    expect(parseRetryAfter(['3', '9'], now)).toBe(3_000);
  });

  it('reads an HTTP-date relative to now, and a past date as 0', () => {
    expect(parseRetryAfter('Wed, 25 Nov 2026 23:03:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 23:02:00 GMT', now)).toBe(0);
  });

  it('ignores garbage', () => {
    for (const value of [undefined, '', 'soon', '-1', '1e3', '12 seconds', 'Tomorrow', 'Wed, 99 Foo 2026 25:61:00 GMT']) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });
});

describe('backoffDelay', () => {
  const options = { baseMs: 100, capMs: 2_000 };

  it('is full jitter under an exponential, capped ceiling', () => {
    expect(backoffDelay(0, options, () => 0)).toBe(0);
    expect(backoffDelay(0, options, () => 0.999)).toBe(99);
    expect(backoffDelay(3, options, () => 0.5)).toBe(400);
    expect(backoffDelay(10, options, () => 0.999)).toBe(1_998);
  });
});

describe('classifyNetworkError', () => {
  const withCode = (code: string): Error => Object.assign(new Error(code), { code });

  it('treats connect-phase failures as never sent', () => {
    for (const code of ['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EHOSTUNREACH']) {
      expect(classifyNetworkError(withCode(code)).maybeSent).toBe(false);
    }
    expect(classifyNetworkError(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])).reason).toBe('connection_refused');
  });

  it('treats resets, timeouts after connect, and unknown errors as possibly sent', () => {
    for (const code of ['UND_ERR_SOCKET', 'ECONNRESET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'EWHATEVER']) {
      expect(classifyNetworkError(withCode(code)).maybeSent).toBe(true);
    }
    expect(classifyNetworkError(new Error('plain')).reason).toBe('error');
  });
});

describe('isIdempotent', () => {
  it('retries GET, PUT and DELETE only', () => {
    expect(['GET', 'PUT', 'DELETE'].every((m) => isIdempotent(m))).toBe(true);
    expect(isIdempotent('POST')).toBe(false);
    expect(isIdempotent('PATCH')).toBe(false);
  });
});
