import { z } from 'zod';

/**
 * The facade's configuration, read once from the environment. Nothing else in `src/` reads
 * `process.env`. Each bad value produces one clear line; `main.ts` prints them and exits 1.
 */

const DEFAULT_MANAGEMENT_API_RESOURCE = 'https://default.logto.app/api';

/** `200/10s` → { limit: 200, windowMs: 10000 }. Units: ms, s, m. */
export type RateLimit = { readonly limit: number; readonly windowMs: number };

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

export function parseRateLimit(value: string): RateLimit | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)?\s*(ms|s|m)\s*$/.exec(value);
  if (!match) return undefined;
  const limit = Number(match[1]);
  const amount = match[2] === undefined ? 1 : Number(match[2]);
  const windowMs = amount * (unitMs[match[3] ?? 's'] ?? 1000);
  if (!Number.isInteger(limit) || limit < 1 || !(windowMs >= 1)) return undefined;
  return { limit, windowMs };
}

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = (name: string) =>
  z.coerce.number({ message: `${name} must be a number` }).int(`${name} must be an integer`).positive(`${name} must be positive`);

const httpUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'expected an http(s) URL, e.g. https://acme.logto.app')
  .transform((value) => value.replace(/\/+$/, ''));

const rateLimit = z.string().transform((value, ctx) => {
  const parsed = parseRateLimit(value);
  if (!parsed) {
    ctx.addIssue({ code: 'custom', message: 'expected <requests>/<window>, e.g. 200/10s' });
    return z.NEVER;
  }
  return parsed;
});

/**
 * `LOGTO_RATE_LIMIT_PER_CALLER`: `25%` (a share of LOGTO_RATE_LIMIT's requests) or `50` (requests),
 * per LOGTO_RATE_LIMIT's window. A share, not its own `n/window`: a second window would let a caller
 * spend its whole share in the first part of the budget's window and the cap would not hold there.
 */
export type PerCallerLimit = { readonly percent: number } | { readonly requests: number };

const perCallerLimit = z.string().transform((value, ctx): PerCallerLimit => {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(value);
  const amount = match ? Number(match[1]) : Number.NaN;
  if (match?.[2] === '%' && amount > 0 && amount <= 100) return { percent: amount };
  if (match && match[2] === '' && Number.isInteger(amount) && amount >= 1) return { requests: amount };
  ctx.addIssue({ code: 'custom', message: 'expected a share of LOGTO_RATE_LIMIT like 25% (above 0, at most 100) or a number of requests per its window like 50' });
  return z.NEVER;
});

/** Requests per window for each caller; at least one. */
function resolvePerCallerLimit(cap: PerCallerLimit | undefined, budget: RateLimit): number | undefined {
  if (cap === undefined) return undefined;
  if ('requests' in cap) return cap.requests;
  return Math.max(1, Math.floor((budget.limit * cap.percent) / 100));
}

/** `theme, locale` → ['theme', 'locale']: a comma-separated list of plain names. */
const nameList = z.string().transform((value, ctx) => {
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const bad = names.find((name) => !/^[A-Za-z_$][\w$-]{0,63}$/.test(name));
  if (bad !== undefined) {
    ctx.addIssue({ code: 'custom', message: `expected comma-separated key names, e.g. theme,locale ("${bad}" is not one)` });
    return z.NEVER;
  }
  return [...new Set(names)];
});

const port = z.coerce
  .number({ message: 'must be a number' })
  .int('must be an integer')
  .min(0, 'must be between 0 and 65535')
  .max(65_535, 'must be between 0 and 65535');

/** `*` or a comma list of origins (`https://admin.example.com`): who may call from a browser. */
const corsOrigins = z.string().transform((value, ctx) => {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 1 && items[0] === '*') return '*' as const;
  const origins: string[] = [];
  for (const item of items) {
    let origin: string | undefined;
    try {
      const url = new URL(item);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === item.replace(/\/+$/, '')) origin = url.origin;
    } catch {
      origin = undefined;
    }
    if (!origin) {
      ctx.addIssue({ code: 'custom', message: `"${item}" is not an origin; expected * or origins like https://admin.example.com, comma-separated` });
      return z.NEVER;
    }
    origins.push(origin);
  }
  return origins;
});

/** Operations variables: production-readiness knobs (health, metrics, HTTP hygiene, lifecycle). */
const operationsVariables = {
  SHUTDOWN_TIMEOUT_MS: positiveInt('SHUTDOWN_TIMEOUT_MS').default(10_000),
  READINESS_CACHE_MS: z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(0, 'must be 0 or more').default(5_000),
  METRICS_PORT: port.optional(),
  METRICS_HOST: z.string().min(1).optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  CORS_ORIGINS: corsOrigins.optional(),
  CORS_CREDENTIALS: booleanString.default(false),
  MAX_BODY_BYTES: positiveInt('MAX_BODY_BYTES').default(1_048_576),
  MAX_DOCUMENT_LENGTH: positiveInt('MAX_DOCUMENT_LENGTH').default(20_000),
  PERSISTED_OPERATIONS_FILE: z.string().min(1).optional(),
  PERSISTED_OPERATIONS_ONLY: booleanString.default(false),
  HTTP_CACHE_MAX_AGE_SECONDS: z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(0, 'must be 0 or more').max(86_400, 'must be at most 86400').default(0),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
};

/** `k1=v1,k2=v2` (values URL-encoded), as OTEL_EXPORTER_OTLP_HEADERS is specified. */
const otlpHeaders = z.string().transform((value, ctx) => {
  const headers: Record<string, string> = {};
  for (const pair of value.split(',')) {
    if (pair.trim() === '') continue;
    const at = pair.indexOf('=');
    const name = at > 0 ? pair.slice(0, at).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      ctx.addIssue({ code: 'custom', message: 'expected name=value pairs, comma-separated, e.g. x-honeycomb-team=abc' });
      return z.NEVER;
    }
    try {
      headers[name.toLowerCase()] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      ctx.addIssue({ code: 'custom', message: `the value of ${name} is not URL-encoded correctly` });
      return z.NEVER;
    }
  }
  return headers;
});

/** OpenTelemetry traces (src/observability/tracing.ts), by the standard OTEL_* names. */
const tracingVariables = {
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: z
    .enum(['http/protobuf', 'http/json'], { message: 'expected http/protobuf or http/json (grpc is not supported)' })
    .default('http/protobuf'),
  OTEL_EXPORTER_OTLP_HEADERS: otlpHeaders.optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('logto-graphql'),
  OTEL_SDK_DISABLED: booleanString.default(false),
  OTEL_TRACE_RESOLVERS: booleanString.default(false),
};

const nonNegativeMs = z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(0, 'must be 0 or more');

/** Logto's webhooks (src/webhooks) and the response cache they keep fresh (issue 18). */
const liveVariables = {
  LOGTO_WEBHOOK_URL: httpUrl.optional(),
  LOGTO_WEBHOOK_SIGNING_KEY: z.string().min(1).optional(),
  WEBHOOK_SILENCE_CHECK_MS: nonNegativeMs.default(60_000),
  RESPONSE_CACHE_TTL_MS: nonNegativeMs.optional(),
  RESPONSE_CACHE_UNCOVERED_TTL_MS: nonNegativeMs.default(0),
};

/** Bulk jobs (issue 21). */
const bulkVariables = {
  BULK_BUDGET_SHARE: z
    .string()
    .regex(/^(100|[1-9]?\d)%$/, 'expected a share such as 50%')
    .transform((value) => Number(value.slice(0, -1)) / 100)
    .default(0.5),
};

/** `redis://[user:password@]host[:port][/db]` or `rediss://…` (TLS). */
const redisUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}, 'expected redis://host:port or rediss://host:port');

/** Several replicas (docs/ARCHITECTURE.md, "Several replicas"): Redis shares the budget and the M2M token. */
const redisVariables = {
  REDIS_URL: redisUrl.optional(),
  REDIS_TOKEN_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:._-]{1,64}$/, 'letters, digits and : . _ - only (at most 64)')
    .default('logto-graphql'),
  LOGTO_REPLICAS: positiveInt('LOGTO_REPLICAS').default(2),
};

const environmentSchema = z
  .object({
    LOGTO_ENDPOINT: httpUrl.optional(),
    LOGTO_M2M_CLIENT_ID: z.string().min(1).optional(),
    LOGTO_M2M_CLIENT_SECRET: z.string().min(1).optional(),
    LOGTO_TENANT_ID: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'expected a Logto tenant id (lowercase letters, digits)')
      .optional(),
    LOGTO_MANAGEMENT_API_RESOURCE: httpUrl.optional(),
    LOGTO_RATE_LIMIT: rateLimit.default(parseRateLimit('200/10s')!),
    LOGTO_RATE_LIMIT_PER_CALLER: perCallerLimit.optional(),
    LOGTO_MAX_CONCURRENCY: positiveInt('LOGTO_MAX_CONCURRENCY').default(64),
    LOGTO_QUEUE_TIMEOUT_MS: positiveInt('LOGTO_QUEUE_TIMEOUT_MS').default(30_000),
    LOGTO_CONNECT_TIMEOUT_MS: positiveInt('LOGTO_CONNECT_TIMEOUT_MS').default(5_000),
    LOGTO_HEADERS_TIMEOUT_MS: positiveInt('LOGTO_HEADERS_TIMEOUT_MS').default(15_000),
    LOGTO_BODY_TIMEOUT_MS: positiveInt('LOGTO_BODY_TIMEOUT_MS').default(15_000),
    LOGTO_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
    MAX_UPSTREAM_REQUESTS_PER_OPERATION: positiveInt('MAX_UPSTREAM_REQUESTS_PER_OPERATION').default(100),
    MAX_DEPTH: positiveInt('MAX_DEPTH').default(12),
    MAX_ALIASES: positiveInt('MAX_ALIASES').default(30),
    MAX_TOKENS: positiveInt('MAX_TOKENS').default(2_000),
    MAX_DIRECTIVES: positiveInt('MAX_DIRECTIVES').default(20),
    PORT: port.default(4000),
    HOST: z.string().min(1).default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    GRAPHIQL: booleanString.optional(),
    INTROSPECTION: booleanString.optional(),
    AUTH_MODE: z.enum(['jwt', 'none'], { message: 'expected jwt or none' }).optional(),
    AUTH_AUDIENCE: z.string().regex(/^\S+$/, 'expected a resource indicator, e.g. https://graphql.example.com').optional(),
    AUTH_ISSUER: httpUrl.optional(),
    ALLOW_UNAUTHENTICATED: booleanString.optional(),
    SELF_SERVICE_CUSTOM_DATA_KEYS: nameList.optional(),
    FEDERATION: booleanString.default(false),
    ...operationsVariables,
    ...redisVariables,
    ...tracingVariables,
    ...liveVariables,
    ...bulkVariables,
  })
  .superRefine((env, ctx) => {
    // Without LOGTO_ENDPOINT main.ts serves the embedded sandbox: the one target where running
    // without authentication is the default (GraphiQL works out of the box on demo data).
    const mode = env.AUTH_MODE ?? (env.LOGTO_ENDPOINT ? 'jwt' : 'none');
    if (mode === 'jwt' && !env.AUTH_AUDIENCE) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_AUDIENCE'],
        message: "required when AUTH_MODE=jwt (the default with LOGTO_ENDPOINT): the facade's API resource indicator in Logto, e.g. https://graphql.example.com",
      });
    }
    if (mode === 'none' && env.LOGTO_ENDPOINT && env.ALLOW_UNAUTHENTICATED !== true) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_MODE'],
        message:
          'none is refused against a real Logto (LOGTO_ENDPOINT is set): every caller could read and change the tenant; set ALLOW_UNAUTHENTICATED=true to run it anyway',
      });
    }
    const cap = env.LOGTO_RATE_LIMIT_PER_CALLER;
    if (cap && 'requests' in cap && cap.requests > env.LOGTO_RATE_LIMIT.limit)
      ctx.addIssue({
        code: 'custom',
        path: ['LOGTO_RATE_LIMIT_PER_CALLER'],
        message: `${cap.requests} requests is more than the whole budget (LOGTO_RATE_LIMIT allows ${env.LOGTO_RATE_LIMIT.limit}); unset it for no cap`,
      });
    if (env.PERSISTED_OPERATIONS_ONLY && !env.PERSISTED_OPERATIONS_FILE)
      ctx.addIssue({ code: 'custom', path: ['PERSISTED_OPERATIONS_ONLY'], message: 'needs PERSISTED_OPERATIONS_FILE' });
    if (env.CORS_CREDENTIALS && env.CORS_ORIGINS === '*')
      ctx.addIssue({ code: 'custom', path: ['CORS_CREDENTIALS'], message: 'cannot be true with CORS_ORIGINS=* (list the origins instead)' });
    if (env.CORS_CREDENTIALS && !env.CORS_ORIGINS)
      ctx.addIssue({ code: 'custom', path: ['CORS_CREDENTIALS'], message: 'needs CORS_ORIGINS' });
    if (env.LOGTO_ENDPOINT) {
      if (!env.LOGTO_M2M_CLIENT_ID)
        ctx.addIssue({ code: 'custom', path: ['LOGTO_M2M_CLIENT_ID'], message: 'required when LOGTO_ENDPOINT is set' });
      if (!env.LOGTO_M2M_CLIENT_SECRET)
        ctx.addIssue({
          code: 'custom',
          path: ['LOGTO_M2M_CLIENT_SECRET'],
          message: 'required when LOGTO_ENDPOINT is set',
        });
    }
  });

/** Every environment variable the facade reads (the README's configuration table lists each). */
export const ENVIRONMENT_VARIABLES: readonly string[] = Object.freeze(Object.keys(environmentSchema.shape));

export type Environment = Readonly<Record<string, string | undefined>>;

export type Config = {
  /** Where Logto is; undefined means "start the embedded sandbox" (main.ts fills it in). */
  readonly logto: {
    readonly endpoint: string | undefined;
    readonly clientId: string | undefined;
    readonly clientSecret: string | undefined;
    readonly managementApiResource: string;
    readonly rateLimit: RateLimit;
    /** Each caller's requests per budget window (fair queue cap); undefined: no cap. */
    readonly perCallerLimit: number | undefined;
    readonly maxConcurrency: number;
    readonly queueTimeoutMs: number;
    readonly connectTimeoutMs: number;
    readonly headersTimeoutMs: number;
    readonly bodyTimeoutMs: number;
    readonly maxRetries: number;
  };
  readonly server: { readonly port: number; readonly host: string };
  readonly limits: {
    /** Operations whose estimated upstream requests exceed this are refused before execution. */
    readonly maxUpstreamRequestsPerOperation: number;
    readonly maxDepth: number;
    readonly maxAliases: number;
    readonly maxTokens: number;
    readonly maxDirectives: number;
  };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly graphiql: boolean;
  readonly introspection: boolean;
  /** Who may call the facade (`src/auth`). */
  readonly auth: {
    /** `jwt`: a Logto access token for the facade's API resource on every request; `none`: everyone may do everything. */
    readonly mode: 'jwt' | 'none';
    /** The facade's API resource indicator: tokens must carry it in `aud` (required in jwt mode). */
    readonly audience: string | undefined;
    /** Expected `iss`; undefined means Logto's own, `<LOGTO_ENDPOINT>/oidc` (known once the endpoint is). */
    readonly issuer: string | undefined;
    /** `AUTH_MODE=none` against a real Logto was allowed explicitly. */
    readonly allowUnauthenticated: boolean;
    /** customData keys a user may read and change on itself (`me`, `updateMe`). */
    readonly selfServiceCustomDataKeys: readonly string[];
  };
  /** Serve as an Apollo Federation 2 subgraph: expose `_entities` and `_service` to a gateway. */
  readonly federation: boolean;
  /** NODE_ENV=production. */
  readonly production: boolean;
  /** Log line format; undefined: pretty on a terminal outside production, else JSON (main.ts decides). */
  readonly logFormat: 'json' | 'pretty' | undefined;
  /** HTTP hygiene (src/http). */
  readonly http: {
    /** Undefined: no CORS headers (same-origin only). */
    readonly corsOrigins: '*' | readonly string[] | undefined;
    readonly corsCredentials: boolean;
    /** Larger request bodies are refused with 413 before they are read. */
    readonly maxBodyBytes: number;
    /** Longer `query` strings are refused before parsing. */
    readonly maxDocumentLength: number;
    readonly persistedOperationsFile: string | undefined;
    /** Refuse any operation that is not in the persisted-operations file. */
    readonly persistedOperationsOnly: boolean;
    /** `Cache-Control: private, max-age=N` on successful GET queries; 0 → `no-store` everywhere. */
    readonly cacheMaxAgeSeconds: number;
  };
  /** Prometheus metrics (src/observability). */
  readonly metrics: {
    /** Serve /metrics on its own listener; undefined: on the main port. */
    readonly port: number | undefined;
    readonly host: string;
    /** When set, /metrics wants `Authorization: Bearer <token>`. */
    readonly token: string | undefined;
  };
  /** Lifecycle and probes (src/http/health.ts, main.ts). */
  readonly lifecycle: {
    /** How long SIGTERM waits for in-flight requests before closing their connections. */
    readonly shutdownTimeoutMs: number;
    /** How long a /readyz answer is reused, so probes cost (almost) no upstream budget. */
    readonly readinessCacheMs: number;
  };
  /** Sharing between replicas; `url` undefined keeps the budget and the token in this process. */
  readonly redis: {
    readonly url: string | undefined;
    /** When set, the shared M2M token is encrypted in Redis (AES-256-GCM, key derived with scrypt). */
    readonly tokenKey: string | undefined;
    readonly keyPrefix: string;
    /** While Redis is unreachable each replica keeps to `limit / replicas` of the budget. */
    readonly replicas: number;
  };
  /** OpenTelemetry traces; `endpoint` undefined: tracing is off (no SDK loaded, no spans). */
  readonly tracing: {
    /** OTLP base URL; spans go to `<endpoint>/v1/traces`. */
    readonly endpoint: string | undefined;
    readonly protocol: 'http/protobuf' | 'http/json';
    /** Sent with every export (e.g. a collector's API key). */
    readonly headers: Readonly<Record<string, string>>;
    readonly serviceName: string;
    /** A span per resolver call as well (costly; for investigations). */
    readonly resolvers: boolean;
  };
  /** Logto's webhooks: where Logto reaches this facade, or the key of a hook managed by hand. */
  readonly webhooks: {
    /** LOGTO_WEBHOOK_URL: register (create or update) the `logto-graphql` hook with this URL at start. */
    readonly url: string | undefined;
    /** LOGTO_WEBHOOK_SIGNING_KEY: verify deliveries of a hook managed by hand. */
    readonly signingKey: string | undefined;
    /** After this long without a delivery, compare Logto's recent hook logs with what arrived. */
    readonly silenceCheckMs: number;
  };
  /** The response cache (issue 18). */
  readonly responseCache: {
    /** On when webhooks are configured, or when RESPONSE_CACHE_TTL_MS is set explicitly. */
    readonly enabled: boolean;
    /** Longest life of an answer that webhooks keep fresh. */
    readonly ttlMs: number;
    /** Longest life of an answer touching a field no webhook covers (0: never cached). */
    readonly uncoveredTtlMs: number;
  };
  /** Bulk jobs (issue 21). */
  readonly bulk: {
    /** Share of each budget window a job may use while interactive requests wait (0–1). */
    readonly budgetShare: number;
  };
};

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset, the way shells and .env files usually mean them. */
function withoutEmpty(env: Environment): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') result[key] = value;
  }
  return result;
}

export function loadConfig(env: Environment): Config {
  const parsed = environmentSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || 'environment';
      const given = issue.path.length === 1 ? env[String(issue.path[0])] : undefined;
      // Never echo secrets back, even when they are malformed.
      const shown = given === undefined || /SECRET|KEY|TOKEN|PASSWORD|REDIS_URL|HEADERS/.test(name) ? '' : ` (got "${given}")`;
      return `${name}: ${issue.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const managementApiResource =
    e.LOGTO_MANAGEMENT_API_RESOURCE ??
    (e.LOGTO_TENANT_ID ? `https://${e.LOGTO_TENANT_ID}.logto.app/api` : DEFAULT_MANAGEMENT_API_RESOURCE);
  const production = env.NODE_ENV === 'production';
  return Object.freeze({
    logto: Object.freeze({
      endpoint: e.LOGTO_ENDPOINT,
      clientId: e.LOGTO_M2M_CLIENT_ID,
      clientSecret: e.LOGTO_M2M_CLIENT_SECRET,
      managementApiResource,
      rateLimit: e.LOGTO_RATE_LIMIT,
      perCallerLimit: resolvePerCallerLimit(e.LOGTO_RATE_LIMIT_PER_CALLER, e.LOGTO_RATE_LIMIT),
      maxConcurrency: e.LOGTO_MAX_CONCURRENCY,
      queueTimeoutMs: e.LOGTO_QUEUE_TIMEOUT_MS,
      connectTimeoutMs: e.LOGTO_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: e.LOGTO_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: e.LOGTO_BODY_TIMEOUT_MS,
      maxRetries: e.LOGTO_MAX_RETRIES,
    }),
    server: Object.freeze({ port: e.PORT, host: e.HOST }),
    limits: Object.freeze({
      maxUpstreamRequestsPerOperation: e.MAX_UPSTREAM_REQUESTS_PER_OPERATION,
      maxDepth: e.MAX_DEPTH,
      maxAliases: e.MAX_ALIASES,
      maxTokens: e.MAX_TOKENS,
      maxDirectives: e.MAX_DIRECTIVES,
    }),
    logLevel: e.LOG_LEVEL,
    graphiql: e.GRAPHIQL ?? !production,
    introspection: e.INTROSPECTION ?? true,
    auth: Object.freeze({
      mode: e.AUTH_MODE ?? (e.LOGTO_ENDPOINT ? 'jwt' : 'none'),
      audience: e.AUTH_AUDIENCE,
      issuer: e.AUTH_ISSUER ?? (e.LOGTO_ENDPOINT ? `${e.LOGTO_ENDPOINT}/oidc` : undefined),
      allowUnauthenticated: e.ALLOW_UNAUTHENTICATED ?? false,
      selfServiceCustomDataKeys: Object.freeze(e.SELF_SERVICE_CUSTOM_DATA_KEYS ?? []),
    }),
    federation: e.FEDERATION,
    production,
    logFormat: e.LOG_FORMAT,
    http: Object.freeze({
      corsOrigins: e.CORS_ORIGINS === undefined || e.CORS_ORIGINS === '*' ? e.CORS_ORIGINS : Object.freeze([...e.CORS_ORIGINS]),
      corsCredentials: e.CORS_CREDENTIALS,
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxDocumentLength: e.MAX_DOCUMENT_LENGTH,
      persistedOperationsFile: e.PERSISTED_OPERATIONS_FILE,
      persistedOperationsOnly: e.PERSISTED_OPERATIONS_ONLY,
      cacheMaxAgeSeconds: e.HTTP_CACHE_MAX_AGE_SECONDS,
    }),
    metrics: Object.freeze({ port: e.METRICS_PORT, host: e.METRICS_HOST ?? e.HOST, token: e.METRICS_TOKEN }),
    lifecycle: Object.freeze({ shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS, readinessCacheMs: e.READINESS_CACHE_MS }),
    redis: Object.freeze({
      url: e.REDIS_URL,
      tokenKey: e.REDIS_TOKEN_KEY,
      keyPrefix: e.REDIS_KEY_PREFIX,
      replicas: e.LOGTO_REPLICAS,
    }),
    tracing: Object.freeze({
      endpoint: e.OTEL_SDK_DISABLED ? undefined : e.OTEL_EXPORTER_OTLP_ENDPOINT,
      protocol: e.OTEL_EXPORTER_OTLP_PROTOCOL,
      headers: Object.freeze({ ...e.OTEL_EXPORTER_OTLP_HEADERS }),
      serviceName: e.OTEL_SERVICE_NAME,
      resolvers: e.OTEL_TRACE_RESOLVERS,
    }),
    webhooks: Object.freeze({ url: e.LOGTO_WEBHOOK_URL, signingKey: e.LOGTO_WEBHOOK_SIGNING_KEY, silenceCheckMs: e.WEBHOOK_SILENCE_CHECK_MS }),
    responseCache: Object.freeze({
      enabled: e.RESPONSE_CACHE_TTL_MS !== undefined || e.LOGTO_WEBHOOK_URL !== undefined || e.LOGTO_WEBHOOK_SIGNING_KEY !== undefined,
      ttlMs: e.RESPONSE_CACHE_TTL_MS ?? 300_000,
      uncoveredTtlMs: e.RESPONSE_CACHE_UNCOVERED_TTL_MS,
    }),
    bulk: Object.freeze({ budgetShare: e.BULK_BUDGET_SHARE }),
  });
}
