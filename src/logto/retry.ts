/**
 * Pure pieces of the retry policy: when a failed exchange may be tried again and how long to wait.
 */

/** Methods whose repetition cannot change the outcome (RFC 9110 §9.2.2). */
export function isIdempotent(method: string): boolean {
  return method === 'GET' || method === 'PUT' || method === 'DELETE';
}

/**
 * `Retry-After` → milliseconds from `nowMs`. Accepts delta-seconds (`120`, also `1.5` which some
 * proxies send) and an HTTP-date; a date in the past means "now" (0). Anything else → undefined.
 */
export function parseRetryAfter(value: string | readonly string[] | undefined, nowMs: number = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const seconds = Number(text);
    return Number.isFinite(seconds) ? Math.round(seconds * 1000) : undefined;
  }
  // Date.parse is lenient (it accepts "1" or "2024"); demand the shape of an HTTP-date: a day name.
  if (!/^[A-Za-z]{3},?\s/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

export type BackoffOptions = { readonly baseMs: number; readonly capMs: number };

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff and Jitter"):
 * uniform in [0, min(cap, base·2^attempt)). Jitter spreads retries of many callers so they do not
 * hit Logto in the same instant again. `attempt` is 0 for the first retry.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/** Why a transport attempt failed, as far as retry safety is concerned. */
export type NetworkFailure = {
  /** Goes into the error code: `network.<reason>`. */
  readonly reason:
    | 'connection_refused'
    | 'connect_timeout'
    | 'dns_failure'
    | 'unreachable'
    | 'headers_timeout'
    | 'body_timeout'
    | 'connection_reset'
    | 'aborted'
    | 'client_closed'
    | 'error';
  /**
   * False only when the request provably never left this process (no connection was made), so
   * even a POST may be sent again. Everything else might have reached Logto.
   */
  readonly maybeSent: boolean;
};

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Happy-eyeballs connects (autoSelectFamily) fail with an AggregateError of per-address errors.
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const innerCode = errorCode(inner);
      if (innerCode) return innerCode;
    }
  }
  return undefined;
}

export function classifyNetworkError(error: unknown): NetworkFailure {
  switch (errorCode(error)) {
    case 'ECONNREFUSED':
      return { reason: 'connection_refused', maybeSent: false };
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { reason: 'connect_timeout', maybeSent: false };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { reason: 'dns_failure', maybeSent: false };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { reason: 'unreachable', maybeSent: false };
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_DESTROYED':
      // The pool was closed before dispatch: nothing went out.
      return { reason: 'client_closed', maybeSent: false };
    case 'UND_ERR_HEADERS_TIMEOUT':
      return { reason: 'headers_timeout', maybeSent: true };
    case 'UND_ERR_BODY_TIMEOUT':
      return { reason: 'body_timeout', maybeSent: true };
    case 'UND_ERR_SOCKET':
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return { reason: 'connection_reset', maybeSent: true };
    case 'UND_ERR_ABORTED':
    case 'ABORT_ERR':
      return { reason: 'aborted', maybeSent: true };
    default:
      if (error instanceof Error && error.name === 'AbortError') return { reason: 'aborted', maybeSent: true };
      return { reason: 'error', maybeSent: true };
  }
}
