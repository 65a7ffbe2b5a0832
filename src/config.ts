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
    LOGTO_MAX_CONCURRENCY: positiveInt('LOGTO_MAX_CONCURRENCY').default(16),
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

export type Environment = Readonly<Record<string, string | undefined>>;

export type Config = {
  /** Where Logto is; undefined means "start the embedded sandbox" (main.ts fills it in). */
  readonly logto: {
    readonly endpoint: string | undefined;
    readonly clientId: string | undefined;
    readonly clientSecret: string | undefined;
    readonly managementApiResource: string;
    readonly rateLimit: RateLimit;
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
      const shown = given === undefined || /SECRET|KEY|TOKEN|PASSWORD/.test(name) ? '' : ` (got "${given}")`;
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
  });
}
