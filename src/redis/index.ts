/**
 * REDIS_URL set: the pieces that let several replicas share one Logto budget and one M2M token.
 * main.ts hands `clientOptions` to createLogtoClient and closes this after the client.
 */

import { createHash } from 'node:crypto';

import type { SharedTokenStore } from '../auth/m2m-token.js';
import type { Logger } from '../logger.js';
import type { RateLimitBackendFactory } from '../logto/rate-limit.js';
import { createRedisLink, type RedisLink } from './connection.js';
import { sharedBudgetBackend } from './shared-budget.js';
import { sharedTokenStore } from './shared-token.js';

export type CoordinationOptions = {
  readonly redis: {
    readonly url: string;
    readonly tokenKey: string | undefined;
    readonly keyPrefix: string;
    readonly replicas: number;
  };
  /** The tenant whose budget is shared, and the client whose token is. */
  readonly logto: {
    readonly endpoint: string;
    readonly managementApiResource: string;
    readonly clientId: string;
    readonly connectTimeoutMs: number;
    readonly headersTimeoutMs: number;
    readonly bodyTimeoutMs: number;
  };
  readonly logger: Logger;
  /** How long the start waits for Redis before serving degraded. Default 3 000 ms. */
  readonly startTimeoutMs?: number;
};

export type Coordination = {
  readonly link: RedisLink;
  readonly budgetKey: string;
  readonly tokenKey: string;
  readonly clientOptions: { readonly rateLimitBackend: RateLimitBackendFactory; readonly sharedTokens: SharedTokenStore };
  close(): Promise<void>;
};

/** Short, stable and free of secrets: keys name the tenant (and client) without spelling them out. */
function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
}

export function redisKeys(prefix: string, logto: CoordinationOptions['logto']): { budget: string; token: string } {
  return {
    // Logto's limit is per tenant: every client of the tenant shares it.
    budget: `${prefix}:budget:${digest(logto.endpoint, logto.managementApiResource)}`,
    token: `${prefix}:token:${digest(logto.endpoint, logto.managementApiResource, logto.clientId)}`,
  };
}

/** Connects (waiting briefly, never failing: without Redis the replica starts degraded). */
export async function connectCoordination(options: CoordinationOptions): Promise<Coordination> {
  const { logger, logto } = options;
  const link = createRedisLink({ url: options.redis.url, logger });
  const available = await link.waitUntilAvailable(options.startTimeoutMs ?? 3_000);
  const keys = redisKeys(options.redis.keyPrefix, logto);
  if (available) logger.info({ redis: link.address, replicas: options.redis.replicas }, 'sharing the Logto budget and the M2M token through Redis');
  return {
    link,
    budgetKey: keys.budget,
    tokenKey: keys.token,
    clientOptions: {
      rateLimitBackend: sharedBudgetBackend({
        link,
        key: keys.budget,
        replicas: options.redis.replicas,
        // An exchange cannot stay in flight longer than its timeouts (plus a second of slack).
        leaseMs: logto.connectTimeoutMs + logto.headersTimeoutMs + logto.bodyTimeoutMs + 1_000,
        logger,
      }),
      sharedTokens: sharedTokenStore({
        link,
        key: keys.token,
        ...(options.redis.tokenKey === undefined ? {} : { encryptionKey: options.redis.tokenKey }),
        logger,
      }),
    },
    close: () => link.close(),
  };
}
