/**
 * Management API access tokens by the OAuth client-credentials grant. This module owns the OAuth
 * semantics (form, caching, refresh, errors); the HTTP exchange is handed in by the Logto client,
 * so the token request shares its connection pool, rate limiter and retries.
 */

import { LogtoApiError } from '../logto/errors.js';
import type { Logger } from '../logger.js';

/** What the token endpoint answered (any status); transport failures are thrown instead. */
export type TokenEndpointAnswer = { readonly status: number; readonly body: unknown; readonly requestId: string };

/** POSTs the form to `{endpoint}/oidc/token` with the given Authorization header. */
export type TokenEndpointCall = (request: {
  readonly form: URLSearchParams;
  readonly authorization: string;
}) => Promise<TokenEndpointAnswer>;

export type AccessToken = {
  readonly value: string;
  /** Epoch ms (clock of `now`). */
  readonly expiresAt: number;
  /** From this moment on the token is refreshed ahead of expiry. */
  readonly refreshAt: number;
  readonly scope: string | undefined;
};

/** A token as kept in a store shared by replicas (epoch ms on the clock of the replica that asked). */
export type SharedToken = {
  readonly value: string;
  readonly scope: string | undefined;
  /** When the token request was sent. */
  readonly issuedAt: number;
  readonly expiresAt: number;
};

/**
 * Where replicas share one token (src/redis/shared-token.ts), so a fleet makes one token request
 * per expiry instead of one per replica. Every method throws when the store is unreachable; the
 * provider then asks Logto itself.
 */
export interface SharedTokenStore {
  /** The fleet's token, if there is one. */
  read(): Promise<SharedToken | undefined>;
  /** Try to become the one replica that asks Logto: an unlock function, or undefined when another holds the lock. */
  lock(): Promise<(() => Promise<void>) | undefined>;
  write(token: SharedToken): Promise<void>;
  /** Drop `value` if it is still the shared token (Logto answered 401 to it). */
  discard(value: string): Promise<void>;
  /** True while the store can be used (no point waiting for a lock otherwise). */
  available(): boolean;
}

export type M2mTokenProviderOptions = {
  readonly clientId: string;
  readonly clientSecret: string;
  /** API resource indicator, e.g. `https://default.logto.app/api`. */
  readonly resource: string;
  /** Without `all` Logto's tokens carry no Management API scope (every call answers 403). */
  readonly scope?: string;
  readonly call: TokenEndpointCall;
  readonly logger?: Logger;
  /** Refresh this long before expiry, but never earlier than half-way through the token's life. */
  readonly leewayMs?: number;
  readonly now?: () => number;
  /** Share the token with other replicas; without it the token lives in this process only. */
  readonly shared?: SharedTokenStore;
  /**
   * While another replica holds the lock, look for its token this often. It waits as long as the
   * lock is held (the holder renews it while its token request runs, however long it queues), so
   * a slow token endpoint never makes a second replica ask too.
   */
  readonly sharedPollMs?: number;
};

export type M2mTokenStats = {
  /** Token requests made (each is one upstream exchange, retries aside). */
  readonly requests: number;
  readonly failures: number;
  /** Tokens dropped because Logto answered 401 to them. */
  readonly invalidations: number;
  /** Tokens taken from the shared store (another replica asked Logto). */
  readonly shared: number;
};

export interface M2mTokenProvider {
  /** A valid token; at most one token request runs at a time, and callers share it. */
  get(): Promise<AccessToken>;
  /** The cached token if it has not expired; never starts a request. */
  current(): AccessToken | undefined;
  /** Drop `value` if it is still the cached token (Logto answered 401 to it). */
  invalidate(value: string): boolean;
  /** Whether Logto refused `value` lately: a request still holding it should wait for the next token instead of sending it. */
  isRefused(value: string): boolean;
  stats(): M2mTokenStats;
}

/** After a failed background refresh, the still-valid token is used this long before trying again. */
const BACKGROUND_RETRY_MS = 1_000;

export function createM2mTokenProvider(options: M2mTokenProviderOptions): M2mTokenProvider {
  const now = options.now ?? Date.now;
  const leewayMs = options.leewayMs ?? 60_000;
  const scope = options.scope ?? 'all';
  // RFC 6749 §2.3.1: id and secret are form-encoded before Base64. The header lives only here and
  // in the outgoing request; errors and logs never see it.
  const authorization = `Basic ${Buffer.from(
    `${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`,
  ).toString('base64')}`;

  let cached: AccessToken | undefined;
  let inFlight: Promise<AccessToken> | undefined;
  let backgroundNotBefore = 0;
  let warnedScope = false;
  let requests = 0;
  let failures = 0;
  let invalidations = 0;
  let sharedTaken = 0;
  /**
   * Values Logto refused lately: never cached again (a shared-store read may return one before its
   * discard lands) and never sent again by requests that fetched it before the refusal.
   */
  const refused: string[] = [];
  const shared = options.shared;
  const sharedPollMs = options.sharedPollMs ?? 50;

  async function requestToken(): Promise<AccessToken> {
    return accessToken(await askLogto());
  }

  async function askLogto(): Promise<SharedToken> {
    requests++;
    const sentAt = now();
    const form = new URLSearchParams({ grant_type: 'client_credentials', resource: options.resource, scope });
    let answer: TokenEndpointAnswer;
    try {
      answer = await options.call({ form, authorization });
    } catch (error) {
      failures++;
      throw error;
    }
    if (answer.status < 200 || answer.status >= 300) {
      failures++;
      throw tokenError(answer, options.clientId);
    }
    const body = answer.body as Record<string, unknown> | undefined;
    const value = body?.access_token;
    if (typeof value !== 'string' || value === '') {
      failures++;
      throw new LogtoApiError({
        status: answer.status,
        code: 'oidc.invalid_response',
        message: 'Logto token endpoint answered without an access_token',
        requestId: answer.requestId,
        authFailed: true,
      });
    }
    const expiresIn = typeof body?.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    const grantedScope = typeof body?.scope === 'string' ? body.scope : undefined;
    if (!warnedScope && !(grantedScope ?? '').split(' ').includes('all')) {
      warnedScope = true;
      options.logger?.warn(
        { grantedScope: grantedScope ?? null, requestedScope: scope },
        'Logto granted the M2M token without the "all" scope: Management API calls will answer 403. ' +
          'Assign the "Logto Management API access" role to the M2M application.',
      );
    }
    // Count the lifetime from when we asked, not when the answer arrived: that errs early.
    return { value, scope: grantedScope, issuedAt: sentAt, expiresAt: sentAt + expiresIn * 1000 };
  }

  function accessToken(token: SharedToken): AccessToken {
    const ttlMs = token.expiresAt - token.issuedAt;
    return { value: token.value, expiresAt: token.expiresAt, refreshAt: token.expiresAt - Math.min(leewayMs, ttlMs / 2), scope: token.scope };
  }

  /** A shared token this replica may use instead of asking: fresh, and not one Logto refused. */
  function usable(token: SharedToken | undefined): AccessToken | undefined {
    if (!token || refused.includes(token.value)) return undefined;
    const candidate = accessToken(token);
    return now() < candidate.refreshAt ? candidate : undefined;
  }

  /**
   * One token request for the whole fleet: take the shared token if it is fresh; else the replica
   * that wins the lock asks Logto and publishes the answer while the others wait for it. Any store
   * failure ends in asking Logto directly: a replica never stays without a token because of Redis.
   */
  async function obtainShared(store: SharedTokenStore): Promise<AccessToken> {
    for (;;) {
      if (!store.available()) return requestToken();
      let unlock: (() => Promise<void>) | undefined;
      try {
        const found = usable(await store.read());
        if (found) {
          sharedTaken++;
          return found;
        }
        unlock = await store.lock();
      } catch {
        return requestToken();
      }
      if (unlock) {
        try {
          // Another replica may have published between our read and our lock.
          const found = usable(await store.read().catch(() => undefined));
          if (found) {
            sharedTaken++;
            return found;
          }
          const issued = await askLogto();
          await store
            .write(issued)
            .catch((error: unknown) => options.logger?.debug({ err: error }, 'could not publish the M2M token to the shared store'));
          return accessToken(issued);
        } finally {
          await unlock().catch(() => undefined);
        }
      }
      // Another replica holds the lock: it renews it while asking and releases it when done (a
      // replica that died loses it within the lock's TTL), so waiting ends with its token or the lock.
      await new Promise((resolve) => setTimeout(resolve, sharedPollMs));
    }
  }

  /**
   * A token Logto has not refused. A 401 can arrive while the token is being obtained (another
   * request still held the old one, or the shared store answered before the discard landed):
   * then obtain again, once more at most — the second time the refused value is filtered out.
   */
  async function obtain(): Promise<AccessToken> {
    const first = await (shared ? obtainShared(shared) : requestToken());
    if (!refused.includes(first.value)) return first;
    return shared ? obtainShared(shared) : requestToken();
  }

  function refresh(): Promise<AccessToken> {
    if (!inFlight) {
      inFlight = obtain()
        .then((token) => {
          cached = token;
          return token;
        })
        .finally(() => {
          inFlight = undefined;
        });
    }
    return inFlight;
  }

  return {
    async get() {
      const token = cached;
      const t = now();
      if (token && t < token.refreshAt) return token;
      if (token && t < token.expiresAt) {
        // Still valid: answer now, refresh behind the scenes so no caller waits for it.
        if (!inFlight && t >= backgroundNotBefore) {
          refresh().catch((error: unknown) => {
            backgroundNotBefore = now() + BACKGROUND_RETRY_MS;
            options.logger?.warn({ err: error }, 'Refreshing the Logto M2M token failed; the current token is still valid');
          });
        }
        return token;
      }
      return refresh();
    },
    current() {
      return cached && now() < cached.expiresAt ? cached : undefined;
    },
    invalidate(value) {
      if (!refused.includes(value)) {
        refused.push(value);
        if (refused.length > 8) refused.shift();
        // Only if it is still that token: another replica may already have published a new one.
        shared?.discard(value).catch(() => undefined);
      }
      if (cached?.value !== value) return false;
      cached = undefined;
      invalidations++;
      return true;
    },
    isRefused(value) {
      return refused.includes(value);
    },
    stats() {
      return { requests, failures, invalidations, shared: sharedTaken };
    },
  };
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

/**
 * Logto's token errors carry both its own code and OAuth's (`{ code: 'oidc.invalid_client',
 * error: 'invalid_client', error_description }`). 4xx means our configuration is wrong (secret,
 * client id, resource); 5xx and 429 are Logto's trouble and keep their plain meaning.
 */
function tokenError(answer: TokenEndpointAnswer, clientId: string): LogtoApiError {
  const body = typeof answer.body === 'object' && answer.body !== null ? (answer.body as Record<string, unknown>) : {};
  const oauthError = typeof body.error === 'string' ? body.error : undefined;
  const description = typeof body.error_description === 'string' ? body.error_description : undefined;
  const logtoCode = typeof body.code === 'string' ? body.code : undefined;
  const clientSide = answer.status >= 400 && answer.status < 500 && answer.status !== 429;
  const code = oauthError ? `oidc.${oauthError}` : (logtoCode ?? `http.${answer.status}`);
  const hint =
    oauthError === 'invalid_client'
      ? ` Check LOGTO_M2M_CLIENT_ID ("${clientId}") and LOGTO_M2M_CLIENT_SECRET.`
      : oauthError === 'invalid_target'
        ? ' Check LOGTO_MANAGEMENT_API_RESOURCE (or LOGTO_TENANT_ID).'
        : '';
  const what = oauthError ? `${oauthError}${description ? `: ${description}` : ''}` : `HTTP ${answer.status}`;
  return new LogtoApiError({
    status: answer.status,
    code,
    message: clientSide
      ? `Logto refused the M2M token request (${what}).${hint}`
      : `Logto's token endpoint failed (HTTP ${answer.status})`,
    requestId: answer.requestId,
    route: '/oidc/token',
    method: 'POST',
    authFailed: clientSide,
    ...(oauthError === undefined ? {} : { oauthError }),
    ...(description === undefined ? {} : { oauthErrorDescription: description }),
    responseBody: answer.body,
  });
}
