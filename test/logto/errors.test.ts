import { describe, expect, it } from 'vitest';
import { LogtoApiError, errorFromResponse, isNotFound } from '../../src/logto/errors.js';

describe('errorFromResponse', () => {
  it("keeps Logto's code, message, data and details", () => {
    const error = errorFromResponse({
      status: 422,
      body: { code: 'user.username_already_in_use', message: 'This username is already in use.', data: { field: 'username' }, details: 'x' },
      requestId: 'op-1',
      method: 'POST',
      route: '/api/users',
    });
    expect(error).toBeInstanceOf(LogtoApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'user.username_already_in_use',
      message: 'This username is already in use.',
      requestId: 'op-1',
      data: { field: 'username' },
      details: 'x',
      authFailed: false,
      outcomeUnknown: false,
    });
    expect(error.publicMessage).toBe('This username is already in use.');
  });

  it('maps the plain-text 404 of an unknown route to http.404 (120-unknown-route)', () => {
    const error = errorFromResponse({ status: 404, body: 'Not Found', requestId: 'r' , method: 'GET', route: '/api/does-not-exist'});
    expect(error.code).toBe('http.404');
    expect(isNotFound(error)).toBe(true);
  });

  it('maps entity.not_found (051-user-unknown-id) to a not-found error', () => {
    const error = errorFromResponse({ status: 404, body: { code: 'entity.not_found', message: 'Entity not found.' }, requestId: 'r' });
    expect(error.code).toBe('entity.not_found');
    expect(isNotFound(error)).toBe(true);
  });

  it('keeps 5xx bodies for logs but out of every message and out of JSON', () => {
    const body = '<html>stack trace: secret internals at db.internal:5432</html>';
    const error = errorFromResponse({ status: 503, body, requestId: 'r', method: 'GET', route: '/api/users' });
    expect(error.code).toBe('http.503');
    expect(error.responseBody).toBe(body);
    expect(error.message).not.toContain('internals');
    expect(error.publicMessage).not.toContain('internals');
    expect(JSON.stringify(error)).not.toContain('internals');
    expect({ ...error }).not.toHaveProperty('responseBody');
  });

  it('does not pass Logto messages about our own credentials to clients', () => {
    const error = errorFromResponse({
      status: 403,
      body: { code: 'auth.forbidden', message: 'Forbidden. Please check your user roles and permissions.' },
      requestId: 'r',
    });
    expect(error.authFailed).toBe(true);
    expect(error.publicMessage).not.toContain('roles');
  });

  it('tells a LogtoApiError 404 from any other error', () => {
    expect(isNotFound(new Error('x'))).toBe(false);
  });
});
