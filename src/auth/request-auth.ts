import type { Plugin } from 'graphql-yoga';
import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';

import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { type Caller, callerFromClaims, NOBODY, unauthenticatedCaller } from './caller.js';

/**
 * Incoming authentication: every GraphQL request carries `Authorization: Bearer <JWT>`, a Logto
 * access token for the facade's API resource. It is verified here, before the document is even
 * parsed, so a caller without a valid token learns nothing about the schema and costs Logto
 * nothing (the signing keys are fetched once and cached).
 */

/** Asymmetric algorithms only: `none` and HS* (which would take the public key as a secret) never verify. */
export const ALLOWED_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'];

/** Tolerated clock difference between Logto and this server for `exp`, `nbf` and `iat`. */
export const CLOCK_TOLERANCE_SECONDS = 5;

const REALM = 'logto-graphql';

export type AuthOutcome =
  | { readonly ok: true; readonly caller: Caller }
  | {
      readonly ok: false;
      readonly status: 401 | 503;
      readonly code: 'UNAUTHENTICATED' | 'UPSTREAM_UNAVAILABLE';
      readonly message: string;
      /** RFC 6750 error code; absent when the request carried no token at all. */
      readonly oauthError?: 'invalid_token' | 'invalid_request';
    };

export interface RequestAuthenticator {
  readonly mode: 'jwt' | 'none';
  authenticate(authorization: string | null): Promise<AuthOutcome>;
}

export type RequestAuthOptions = {
  /** Where Logto's signing keys come from; default `<LOGTO_ENDPOINT>/oidc/jwks`, cached by jose. */
  readonly keys?: JWTVerifyGetKey;
};

const unauthenticated = (message: string, oauthError?: 'invalid_token' | 'invalid_request'): AuthOutcome => ({
  ok: false,
  status: 401,
  code: 'UNAUTHENTICATED',
  message,
  ...(oauthError ? { oauthError } : {}),
});

/** Why a token was refused, in words a client developer can act on (never the token itself). */
function verificationFailure(error: unknown): AuthOutcome | undefined {
  if (error instanceof errors.JWTExpired) return unauthenticated('The access token has expired.', 'invalid_token');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const reasons: Record<string, string> = {
      iss: 'The access token was not issued by the expected issuer.',
      aud: "The access token is not meant for this API (its audience is not the facade's resource indicator).",
      nbf: 'The access token is not valid yet.',
      iat: 'The access token was issued in the future.',
      sub: 'The access token has no subject.',
      exp: 'The access token has no expiry.',
    };
    return unauthenticated(reasons[error.claim] ?? `The access token's \`${error.claim}\` claim is invalid.`, 'invalid_token');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return unauthenticated("The access token's signing algorithm is not accepted.", 'invalid_token');
  if (error instanceof errors.JWKSNoMatchingKey) return unauthenticated("The access token was signed by a key Logto does not publish.", 'invalid_token');
  if (error instanceof errors.JWKSMultipleMatchingKeys) return unauthenticated("The access token's key is ambiguous.", 'invalid_token');
  if (error instanceof errors.JWSSignatureVerificationFailed) return unauthenticated("The access token's signature is invalid.", 'invalid_token');
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) {
    return unauthenticated('The access token is malformed.', 'invalid_token');
  }
  // Anything else (JWKS unreachable, timing out, not a key set) is Logto's or the network's doing.
  return undefined;
}

export function createRequestAuthenticator(config: Config, logger: Logger, options: RequestAuthOptions = {}): RequestAuthenticator {
  if (config.auth.mode === 'none') {
    logger.warn(
      { authMode: 'none', allowUnauthenticated: config.auth.allowUnauthenticated },
      config.logto.endpoint && config.auth.allowUnauthenticated
        ? '!!! AUTH_MODE=none with ALLOW_UNAUTHENTICATED=true: ANYONE who can reach this server can read and change the Logto tenant. Use it only behind another gate. !!!'
        : '!!! AUTH_MODE=none: no authentication, every caller has every permission (the default for the embedded sandbox only). !!!',
    );
    const caller = unauthenticatedCaller();
    return { mode: 'none', authenticate: async () => ({ ok: true, caller }) };
  }

  const { endpoint } = config.logto;
  const audience = config.auth.audience;
  if (!endpoint || !audience) throw new Error('AUTH_MODE=jwt needs LOGTO_ENDPOINT and AUTH_AUDIENCE'); // config validation guarantees both
  const issuer = config.auth.issuer ?? `${endpoint}/oidc`;
  // jose caches the key set, refetches it when a token names an unknown `kid` (at most every 30 s), and times out after 5 s.
  const keys = options.keys ?? createRemoteJWKSet(new URL(`${endpoint}/oidc/jwks`));
  logger.info({ authMode: 'jwt', issuer, audience }, 'callers must present a Logto access token for this API');

  return {
    mode: 'jwt',
    async authenticate(authorization) {
      if (!authorization) return unauthenticated('An access token is required: send `Authorization: Bearer <token>`.');
      const match = /^Bearer +(\S+) *$/i.exec(authorization);
      if (!match?.[1]) {
        return /^Bearer\b/i.test(authorization)
          ? unauthenticated('The Authorization header is malformed: expected `Bearer <token>`.', 'invalid_request')
          : unauthenticated('An access token is required: send `Authorization: Bearer <token>`.');
      }
      try {
        const { payload } = await jwtVerify(match[1], keys, {
          issuer,
          audience,
          algorithms: ALLOWED_ALGORITHMS,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['exp', 'sub'],
        });
        // jose checks `iat` only together with `maxTokenAge` (which would cap token lifetimes we
        // do not know); a token issued in the future is refused here, with the same tolerance.
        if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) {
          return unauthenticated('The access token was issued in the future.', 'invalid_token');
        }
        return { ok: true, caller: callerFromClaims(payload) };
      } catch (error: unknown) {
        const refused = verificationFailure(error);
        if (refused) return refused;
        logger.warn({ err: error }, "cannot verify access tokens: Logto's signing keys are unavailable");
        return {
          ok: false,
          status: 503,
          code: 'UPSTREAM_UNAVAILABLE',
          message: "Access tokens cannot be verified right now: Logto's signing keys are unavailable.",
        };
      }
    },
  };
}

/** The answer to a request that did not authenticate: a GraphQL error body, RFC 6750 headers. */
function refusal(outcome: Extract<AuthOutcome, { ok: false }>, request: Request): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
  // The body was never read: close the connection rather than wait for (and discard) a body a
  // slow or hostile client may take minutes to send.
  if (request.body !== null) headers.connection = 'close';
  if (outcome.status === 401) {
    const parts = [`realm="${REALM}"`];
    if (outcome.oauthError) parts.push(`error="${outcome.oauthError}"`, `error_description="${outcome.message.replaceAll('"', "'")}"`);
    headers['www-authenticate'] = `Bearer ${parts.join(', ')}`;
  } else {
    headers['retry-after'] = '5';
  }
  const body = { errors: [{ message: outcome.message, extensions: { code: outcome.code } }] };
  return new Response(JSON.stringify(body), { status: outcome.status, headers });
}

export type RequestAuth = {
  /** First in the plugin list: authenticates GraphQL requests before anything else runs. */
  readonly plugin: Plugin;
  /** The caller of a request the plugin let through (`NOBODY` for one it never saw, in `AUTH_MODE=jwt`). */
  callerOf(request: Request): Caller;
};

/**
 * Answers a GraphQL request sent to any path other than the endpoint itself. yoga serves GraphQL
 * on more than its endpoint (`/graphql/`, `/graphql/.`, `//graphql`, and any URL that merely
 * *ends* in `/graphql`, such as `/x?/graphql`); those variants are refused, not served.
 */
function notFound(): Response {
  // `connection: close` for the same reason as a refusal: the body is never read.
  return new Response(JSON.stringify({ errors: [{ message: 'Not found: GraphQL is served on /graphql only.', extensions: { code: 'NOT_FOUND' } }] }), {
    status: 404,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', connection: 'close' },
  });
}

export function createRequestAuth(
  authenticator: RequestAuthenticator,
  options: {
    readonly graphqlEndpoint: string;
    /** Told about every refused request (for its log line and metrics). */
    readonly onRefused?: (request: Request, code: string) => void;
  },
): RequestAuth {
  const callers = new WeakMap<Request, Caller>();
  return {
    plugin: {
      // `onRequestParse`, not `onRequest`: yoga calls it for exactly the requests it is about to
      // handle as GraphQL, whatever their path, method or content type (everything else — probes,
      // /metrics, the GraphiQL page, CORS preflights, unknown paths — was answered in `onRequest`).
      // Authentication is keyed on "yoga will run this", not on a path comparison that yoga's
      // looser routing can step around. It runs before the body is read: a refused request never
      // has its body waited for.
      async onRequestParse({ request, url, endResponse }) {
        if (url.pathname !== options.graphqlEndpoint) {
          options.onRefused?.(request, 'NOT_FOUND');
          endResponse(notFound());
          return;
        }
        const outcome = await authenticator.authenticate(request.headers.get('authorization'));
        if (outcome.ok) callers.set(request, outcome.caller);
        else {
          options.onRefused?.(request, outcome.code);
          endResponse(refusal(outcome, request));
        }
      },
    },
    callerOf: (request) => callers.get(request) ?? (authenticator.mode === 'none' ? unauthenticatedCaller() : NOBODY),
  };
}
