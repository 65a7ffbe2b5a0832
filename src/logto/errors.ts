/**
 * The one error type for everything that goes wrong between us and Logto. The GraphQL layer maps
 * it to `extensions.code`; this module only classifies (helpers at the bottom).
 */

export type LogtoApiErrorInit = {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly requestId: string;
  readonly data?: unknown;
  readonly details?: unknown;
  readonly method?: string;
  readonly route?: string;
  /** The write may have been applied: it was sent and no answer arrived. */
  readonly outcomeUnknown?: boolean;
  /**
   * This answer is to a repeat, and an earlier attempt may have reached Logto's handler (it was
   * sent and its answer lost, or Logto answered 5xx). A 429 or 401 before the repeat does not
   * count: Logto refuses those before it does anything.
   */
  readonly earlierAttemptMayHaveApplied?: boolean;
  /** Our M2M credentials (or the token they yield) were refused. */
  readonly authFailed?: boolean;
  /** How long a caller should wait before trying again (429, queue timeout). */
  readonly retryAfterMs?: number;
  /** OAuth `error` / `error_description` from the token endpoint. */
  readonly oauthError?: string;
  readonly oauthErrorDescription?: string;
  /** The raw answer body (5xx pages, proxies' HTML): for logs only, never for clients. */
  readonly responseBody?: unknown;
  readonly cause?: unknown;
};

export class LogtoApiError extends Error {
  override readonly name = 'LogtoApiError';
  /** HTTP status of Logto's answer; 0 when none arrived (network, queue timeout, abort). */
  readonly status: number;
  /** Logto's code (`entity.not_found`), `http.<status>`, `network.<reason>`, `client.<reason>`, `oidc.<error>`. */
  readonly code: string;
  /** The X-Request-Id we sent (empty when the request never got one). */
  readonly requestId: string;
  readonly data: unknown;
  readonly details: unknown;
  readonly method: string | undefined;
  readonly route: string | undefined;
  readonly outcomeUnknown: boolean;
  readonly earlierAttemptMayHaveApplied: boolean;
  readonly authFailed: boolean;
  readonly retryAfterMs: number | undefined;
  readonly oauthError: string | undefined;
  readonly oauthErrorDescription: string | undefined;
  /** Non-enumerable so that a careless JSON.stringify or spread does not carry it to a client. */
  declare readonly responseBody: unknown;

  constructor(init: LogtoApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.data = init.data;
    this.details = init.details;
    this.method = init.method;
    this.route = init.route;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    this.earlierAttemptMayHaveApplied = init.earlierAttemptMayHaveApplied ?? false;
    this.authFailed = init.authFailed ?? false;
    this.retryAfterMs = init.retryAfterMs;
    this.oauthError = init.oauthError;
    this.oauthErrorDescription = init.oauthErrorDescription;
    Object.defineProperty(this, 'responseBody', { value: init.responseBody, enumerable: false });
  }

  /**
   * A message safe to show the GraphQL caller. Logto's own 4xx messages describe the caller's
   * input ("username already in use") and pass through; 5xx bodies, network details and anything
   * about our own credentials (401/403, token errors) do not.
   */
  get publicMessage(): string {
    if (this.authFailed || this.status === 401 || this.status === 403) {
      return 'The service could not authenticate to Logto.';
    }
    if (this.code === 'client.caller_rate_limited') {
      return 'Your share of the Logto request budget is used up (LOGTO_RATE_LIMIT_PER_CALLER); try again after retryAfterMs.';
    }
    if (this.code === 'client.rate_limited' || this.status === 429) {
      return 'Logto rate limit reached; try again later.';
    }
    if (this.outcomeUnknown) {
      return 'The request was sent to Logto but no answer arrived; it may or may not have been applied.';
    }
    if (this.status >= 400 && this.status < 500) {
      return this.message;
    }
    if (this.status >= 500) return `Logto is unavailable (HTTP ${this.status}).`;
    return 'Logto could not be reached.';
  }

  /** A log- and JSON-friendly view; it omits the response body and never holds credentials. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      code: this.code,
      requestId: this.requestId,
      method: this.method,
      route: this.route,
      data: this.data,
      details: this.details,
      outcomeUnknown: this.outcomeUnknown,
      earlierAttemptMayHaveApplied: this.earlierAttemptMayHaveApplied,
      authFailed: this.authFailed,
      retryAfterMs: this.retryAfterMs,
      oauthError: this.oauthError,
      oauthErrorDescription: this.oauthErrorDescription,
    };
  }
}

const reasonPhrases: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Builds the error for a non-2xx answer. Logto's JSON errors are `{ code, message, data?, details? }`;
 * anything else (plain-text `Not Found`, a proxy's HTML) becomes `http.<status>`.
 */
export function errorFromResponse(input: {
  readonly status: number;
  readonly body: unknown;
  readonly requestId: string;
  readonly method?: string;
  readonly route?: string;
  readonly retryAfterMs?: number;
  readonly earlierAttemptMayHaveApplied?: boolean;
}): LogtoApiError {
  const { status, body } = input;
  const json = isRecord(body) ? body : undefined;
  const logtoCode = typeof json?.code === 'string' && json.code !== '' ? json.code : undefined;
  const logtoMessage = typeof json?.message === 'string' && json.message !== '' ? json.message : undefined;
  const where = input.method && input.route ? ` (${input.method} ${input.route})` : '';
  const phrase = reasonPhrases[status] ?? 'Error';
  // 5xx text is whatever a proxy or a crashing server wrote: keep it for logs, out of the message.
  const message =
    status >= 500 || logtoMessage === undefined ? `Logto answered HTTP ${status} ${phrase}${where}` : logtoMessage;
  return new LogtoApiError({
    status,
    code: logtoCode ?? `http.${status}`,
    message,
    requestId: input.requestId,
    data: status >= 500 ? undefined : json?.data,
    details: status >= 500 ? undefined : json?.details,
    ...(input.method === undefined ? {} : { method: input.method }),
    ...(input.route === undefined ? {} : { route: input.route }),
    ...(input.retryAfterMs === undefined ? {} : { retryAfterMs: input.retryAfterMs }),
    earlierAttemptMayHaveApplied: input.earlierAttemptMayHaveApplied ?? false,
    authFailed: status === 401 || status === 403,
    responseBody: body,
  });
}

export function isLogtoApiError(error: unknown): error is LogtoApiError {
  return error instanceof LogtoApiError;
}

/** 404: an unknown id (`entity.not_found`, `entity.not_exists_with_id`) or an unknown route. */
export function isNotFound(error: unknown): error is LogtoApiError {
  return isLogtoApiError(error) && error.status === 404;
}
