/**
 * Logto's error responses: JSON `{ code, data?, details?, message }` (that key order, as Logto's
 * `RequestError.toBody` builds it). Messages are Logto's English phrases, copied from the recordings
 * and `@logto/phrases` so clients can match on them.
 */
export class LogtoError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly data?: unknown,
    readonly details?: string,
  ) {
    super(message);
    this.name = 'LogtoError';
  }

  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = { code: this.code };
    if (this.data !== undefined) body.data = this.data;
    if (this.details !== undefined) body.details = this.details;
    body.message = this.message;
    return body;
  }
}

/** `users` and routes whose queries use `pool.one` (org roles, invitations) answer this. */
export const entityNotFound = (): LogtoError =>
  new LogtoError(404, 'entity.not_found', 'The resource does not exist.');

/** `table` is Logto's table name, e.g. `roles`, `applications`, `organizations`. */
export const entityNotExistsWithId = (table: string, id: string): LogtoError =>
  new LogtoError(404, 'entity.not_exists_with_id', `The ${table} with ID \`${id}\` does not exist.`);

export const invalidPagination = (): LogtoError =>
  new LogtoError(400, 'guard.invalid_pagination', 'The request pagination value is invalid.');

/**
 * `request.invalid_input`. Logto passes the original TypeError as `data`, which serialises to `{}`;
 * errors it raises itself (not from a TypeError) carry no data.
 */
export const requestInvalidInput = (details: string, fromTypeError = true): LogtoError =>
  new LogtoError(400, 'request.invalid_input', `Input is invalid. ${details}`, fromTypeError ? {} : undefined);

/** One issue in the shape zod 3 (which Logto uses) reports. */
export type ZodIssueLike = Record<string, unknown> & { code: string; path: (string | number)[]; message: string };

/** `guard.invalid_input` as `koaGuard` throws it: the ZodError as data, its issues formatted as details. */
export const guardInvalidInput = (type: 'query' | 'body' | 'params', issues: readonly ZodIssueLike[]): LogtoError =>
  new LogtoError(
    400,
    'guard.invalid_input',
    `The request ${type} is invalid.`,
    { issues, name: 'ZodError' },
    issues
      .map((issue) => {
        const base = `Error in key path "${issue.path.map(String).join('.')}": (${issue.code}) `;
        return issue.code === 'invalid_type'
          ? `${base}Expected ${String(issue.expected)} but received ${String(issue.received)}.`
          : base + issue.message;
      })
      .join('\n'),
  );

export const authHeaderMissing = (): LogtoError =>
  new LogtoError(401, 'auth.authorization_header_missing', 'Authorization header is missing.');

export const authTokenTypeNotSupported = (): LogtoError =>
  new LogtoError(401, 'auth.authorization_token_type_not_supported', 'Authorization type is not supported.', {
    supportedTypes: ['Bearer'],
  });

/** `data` is what jose's verification error serialises to (`{ code, name, ... }`). */
export const authUnauthorized = (data: Record<string, unknown>): LogtoError =>
  new LogtoError(401, 'auth.unauthorized', 'Unauthorized. Please check credentials and its scope.', data);

export const authForbidden = (): LogtoError =>
  new LogtoError(403, 'auth.forbidden', 'Forbidden. Please check your user roles and permissions.');

export const rateLimited = (): LogtoError =>
  new LogtoError(429, 'request.rate_limited', 'Too many requests. Please try again later.');

/** What Logto answers for an error it did not anticipate (e.g. an invalid regular expression reaching Postgres). */
export class InternalServerError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InternalServerError';
  }
}
