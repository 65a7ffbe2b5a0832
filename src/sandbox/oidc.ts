import type { Reply } from './router.js';
import type { ApplicationRow } from './rows.js';
import { MANAGEMENT_API_INDICATOR } from './constants.js';
import type { SandboxStore } from './store.js';
import type { TokenRegistry } from './tokens.js';

/**
 * The slice of Logto's OIDC provider a Management API client needs: the client-credentials grant
 * on `POST /oidc/token` and a discovery document. Errors carry Logto's `code`/`message` next to
 * OAuth's `error`/`error_description`, as `koaOidcErrorHandler` adds them.
 */

/** Logto's phrases for OIDC errors; others fall back to "An OIDC error occurred: <code>.". */
const OIDC_MESSAGES: Readonly<Record<string, string>> = {
  invalid_target: 'Invalid resource indicator.',
  invalid_request: 'Request is invalid.',
  invalid_grant: 'Grant request is invalid.',
  unsupported_grant_type: 'Unsupported `grant_type` requested.',
  access_denied: 'Access denied.',
  invalid_token: 'Invalid token provided.',
};

class OidcError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

const KNOWN_GRANT_TYPES = [
  'authorization_code',
  'refresh_token',
  'client_credentials',
  'urn:ietf:params:oauth:grant-type:token-exchange',
  'urn:ietf:params:oauth:grant-type:device_code',
];

export type TokenRequest = {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  /** For the audit log Logto writes for every token request. */
  readonly ip: string | undefined;
};

export type TokenEndpointOptions = {
  readonly store: SandboxStore;
  readonly tokens: TokenRegistry;
  readonly issuer: string;
  /** Lifetime of Management API tokens; other resources use their `accessTokenTtl`. */
  readonly tokenTtlSeconds: () => number;
};

type Client = { readonly id: string; readonly secret: string | undefined; readonly viaBasic: boolean };

export function handleTokenRequest(request: TokenRequest, options: TokenEndpointOptions): Reply {
  const params = new URLSearchParams(request.body);
  let application: ApplicationRow | undefined;
  try {
    const contentType = headerValue(request.headers['content-type']) ?? '';
    if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw new OidcError(
        400,
        'invalid_request',
        'only application/x-www-form-urlencoded content-type bodies are supported on POST /token',
      );
    }
    const client = clientCredentials(headerValue(request.headers.authorization), params);
    application = options.store.applications.get(client.id);
    if (!application) throw new OidcError(400, 'invalid_client', `invalid client ${client.id}`);
    const secrets = (options.store.applicationSecrets.get(application.id) ?? []).filter(
      (secret) => secret.expiresAt === null || secret.expiresAt > Date.now(),
    );
    if (!client.secret || !secrets.some((secret) => secret.value === client.secret)) {
      throw new OidcError(401, 'invalid_client', 'client authentication failed');
    }
    const reply = grantClientCredentials(params, application, options);
    writeAuditLog(options.store, request, params, application, reply);
    return reply;
  } catch (error: unknown) {
    if (!(error instanceof OidcError)) throw error;
    const reply = oidcErrorReply(error, request, options.issuer);
    if (application) writeAuditLog(options.store, request, params, application, reply);
    return reply;
  }
}

function grantClientCredentials(params: URLSearchParams, application: ApplicationRow, options: TokenEndpointOptions): Reply {
  const grantType = params.get('grant_type');
  if (!grantType) throw new OidcError(400, 'invalid_request', "missing required parameter 'grant_type'");
  if (!KNOWN_GRANT_TYPES.includes(grantType)) throw new OidcError(400, 'unsupported_grant_type', 'unsupported grant_type requested');
  if (grantType !== 'client_credentials' || application.type !== 'MachineToMachine') {
    throw new OidcError(400, 'unauthorized_client', 'requested grant type is not allowed for this client');
  }
  const indicator = params.get('resource');
  if (!indicator) {
    if (params.get('organization_id')) {
      // Organization tokens need JWT signing keys, which the sandbox does not have yet.
      throw new OidcError(400, 'invalid_request', 'the sandbox does not issue organization tokens');
    }
    throw new OidcError(400, 'invalid_target', 'both `resource` and `organization_id` are not provided');
  }
  const { store } = options;
  const resource = store.resourceByIndicator(indicator);
  if (!resource) throw new OidcError(400, 'invalid_target', 'resource indicator is missing, or unknown');

  // The token carries the requested scopes the app's roles grant for this resource; others are dropped.
  const granted = new Set<string>();
  for (const roleId of store.applicationRoles.rightsOf(application.id)) {
    for (const scopeId of store.roleScopes.rightsOf(roleId)) {
      const scope = store.scopes.get(scopeId);
      if (scope?.resourceId === resource.id) granted.add(scope.name);
    }
  }
  const scopes = [...new Set((params.get('scope') ?? '').split(' ').filter((scope) => granted.has(scope)))];
  const ttl = indicator === MANAGEMENT_API_INDICATOR ? options.tokenTtlSeconds() : resource.accessTokenTtl;
  const accessToken = options.tokens.issue({ clientId: application.id, audience: indicator, scopes }, ttl);
  return {
    status: 200,
    headers: { 'Cache-Control': 'no-store' },
    body: {
      access_token: accessToken,
      expires_in: ttl,
      token_type: 'Bearer',
      ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
    },
  };
}

/** HTTP Basic (`client_secret_basic`) or form fields (`client_secret_post`), never both. */
function clientCredentials(authorization: string | undefined, params: URLSearchParams): Client {
  const bodyId = params.get('client_id');
  const bodySecret = params.get('client_secret');
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice('Basic '.length), 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    if (separator < 0) throw new OidcError(400, 'invalid_request', 'invalid authorization header value format');
    const id = formDecode(decoded.slice(0, separator));
    const secret = formDecode(decoded.slice(separator + 1));
    if (bodySecret !== null) {
      throw new OidcError(400, 'invalid_request', 'client authentication must only be provided using one mechanism');
    }
    if (bodyId !== null && bodyId !== id) throw new OidcError(400, 'invalid_request', 'mismatch in body and authorization client ids');
    return { id, secret, viaBasic: true };
  }
  if (!bodyId) throw new OidcError(400, 'invalid_request', 'no client authentication mechanism provided');
  return { id: bodyId, secret: bodySecret ?? undefined, viaBasic: false };
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replaceAll('+', '%20'));
  } catch {
    return value;
  }
}

function oidcErrorReply(error: OidcError, request: TokenRequest, issuer: string): Reply {
  const code = `oidc.${error.error}`;
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (error.status === 401 && request.headers.authorization !== undefined) {
    headers['WWW-Authenticate'] =
      `Basic realm="${issuer}", error="${error.error}", error_description="${error.description}"`;
  }
  return {
    status: error.status,
    headers,
    body: {
      code,
      message: OIDC_MESSAGES[error.error] ?? `An OIDC error occurred: ${code}.`,
      error: error.error,
      error_description: error.description,
    },
  };
}

/** Logto records every token exchange as an audit log (`ExchangeTokenBy.ClientCredentials`). */
function writeAuditLog(
  store: SandboxStore,
  request: TokenRequest,
  params: URLSearchParams,
  application: ApplicationRow,
  reply: Reply,
): void {
  const body = reply.body as Record<string, unknown>;
  const logged: Record<string, string> = {};
  for (const [key, value] of params) logged[key] = key === 'client_secret' ? '******' : value;
  const userAgent = headerValue(request.headers['user-agent']);
  const key = 'ExchangeTokenBy.ClientCredentials';
  store.addLog({
    tenantId: store.tenantId,
    id: store.newId(),
    key,
    payload: {
      key,
      result: reply.status === 200 ? 'Success' : 'Error',
      ...(reply.status === 200
        ? {}
        : { error: JSON.stringify({ error: body.error, error_description: body.error_description, status: reply.status }) }),
      ...(request.ip ? { ip: request.ip } : {}),
      ...(userAgent ? { userAgent } : {}),
      applicationId: application.id,
      params: logged,
      ...(typeof body.scope === 'string' ? { scope: body.scope } : {}),
      tokenTypes: reply.status === 200 ? ['AccessToken'] : [],
    },
    createdAt: Date.now(),
  });
}

/** A minimal discovery document; `jwks_uri` serves the key that signs minted access tokens. */
export function discoveryDocument(issuer: string): Record<string, unknown> {
  return {
    issuer,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    id_token_signing_alg_values_supported: ['ES384'],
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    response_types_supported: [],
    scopes_supported: ['all'],
  };
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
