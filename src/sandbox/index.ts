import type { AddressInfo } from 'node:net';

import { z } from 'zod';

import { FaultInjector } from './faults.js';
import { ManagementApi } from './management-api.js';
import { createRandom } from './prng.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import { SandboxRequestLog } from './request-log.js';
import { MANAGEMENT_API_INDICATOR } from './constants.js';
import { DEFAULT_SEED, DEFAULT_USERS, seedStore } from './seed.js';
import { createSandboxServer } from './server.js';
import { applySettings, configurableSchema, type RuntimeSettings } from './settings.js';
import { SigningKeys } from './signing-keys.js';
import { mintAccessToken, type MintTokenOptions } from './token-minting.js';
import { TokenRegistry } from './tokens.js';
import type { FaultRule, Sandbox, SandboxOptions } from './types.js';

export type {
  ConfigurableOptions,
  FaultKind,
  FaultRule,
  RateLimitOption,
  RequestLog,
  RequestLogEntry,
  Sandbox,
  SandboxOptions,
} from './types.js';
export type { SandboxStore } from './store.js';
export type { MintTokenOptions } from './token-minting.js';
export { MANAGEMENT_API_INDICATOR } from './constants.js';

export const DEFAULT_CLIENT_ID = 'sandboxm2mclient00001';
export const DEFAULT_CLIENT_SECRET = 'sandbox-m2m-client-secret';
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;

const optionsSchema = configurableSchema
  .omit({ rateLimit: true })
  .extend({
    port: z.number().int().min(0).max(65_535).optional(),
    host: z.string().min(1).optional(),
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    rateLimit: z.object({ limit: z.number().int().positive(), windowMs: z.number().positive() }).optional(),
    seed: z.number().int().optional(),
    users: z.number().int().min(0).optional(),
  })
  .strict();

/**
 * Start a Logto-compatible Management API on a local port: seeded data, client-credentials
 * tokens, Logto's pagination, search and errors, plus test knobs (latency, rate limit, faults).
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(`Invalid sandbox option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const host = options.host ?? '127.0.0.1';
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const seed = options.seed ?? DEFAULT_SEED;
  const settings: RuntimeSettings = {
    latencyMs: options.latencyMs ?? 0,
    rateLimit: options.rateLimit,
    faultRate: options.faultRate ?? 0,
    tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
  };

  const store = seedStore({ seed, users: options.users ?? DEFAULT_USERS, clientId, clientSecret });
  const tokens = new TokenRegistry();
  const requestLog = new SandboxRequestLog();
  const limiter = new SlidingWindowLimiter(settings.rateLimit);
  const faults = new FaultInjector(createRandom(seed ^ 0xfa17), settings.faultRate);
  let url = '';

  const configure = (changes: unknown) => {
    applySettings(settings, changes);
    limiter.reconfigure(settings.rateLimit);
    faults.setRate(settings.faultRate);
    return { ...settings, rateLimit: settings.rateLimit ?? null };
  };
  const injectFaults = (rule: FaultRule) => faults.add(rule);
  const revokeTokens = () => tokens.revokeAll();
  const signingKeys = new SigningKeys();
  const mintToken = (mint: MintTokenOptions) => mintAccessToken(signingKeys, { issuer: `${url}/oidc`, clientId }, mint);

  const server = createSandboxServer({
    store,
    api: new ManagementApi(store, tokens, MANAGEMENT_API_INDICATOR),
    tokens,
    requestLog,
    limiter,
    faults,
    settings,
    random: createRandom(seed ^ 0x1a7e),
    controls: { requestLog, injectFaults, clearFaults: () => faults.clear(), configure, revokeTokens, mintToken },
    issuer: () => `${url}/oidc`,
    signingKeys,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    clientId,
    clientSecret,
    managementApiResource: MANAGEMENT_API_INDICATOR,
    requestLog,
    store,
    configure: (changes) => {
      configure(changes);
    },
    injectFaults,
    revokeTokens,
    issuer: `${url}/oidc`,
    mintToken,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets would otherwise hold `close()` open for their idle timeout.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
