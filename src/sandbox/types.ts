import type { SandboxStore } from './store.js';
import type { MintTokenOptions } from './token-minting.js';

/** The sandbox's public interface, exactly as `docs/CONTRACTS.md` specifies it (fields may be added, not removed). */

export type RateLimitOption = { limit: number; windowMs: number };

export type SandboxOptions = {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Fixed M2M credentials (defaults are fixed strings). */
  clientId?: string;
  clientSecret?: string;
  latencyMs?: number | readonly [min: number, max: number];
  /** Sliding window over `/api` and `/oidc/token`; past it 429 + Retry-After. */
  rateLimit?: RateLimitOption;
  /** Fraction of `/api` requests answering 503 or dropping the connection. */
  faultRate?: number;
  seed?: number;
  users?: number;
  /** Lifetime of Management API access tokens; default 3600. */
  tokenTtlSeconds?: number;
};

export type ConfigurableOptions = Partial<Pick<SandboxOptions, 'latencyMs' | 'rateLimit' | 'faultRate' | 'tokenTtlSeconds'>>;

export type FaultKind = 'status-503' | 'status-429' | 'reset-before' | 'reset-after-apply' | 'delay';

export type FaultRule = {
  /** Which requests (default: any /api request). A string path matches exactly, `:name` segments match any one segment. */
  method?: string;
  path?: string | RegExp;
  kind: FaultKind;
  /** For status-429. */
  retryAfterSeconds?: number;
  /** For delay. */
  delayMs?: number;
  /** Default 1. */
  times?: number;
};

export type RequestLogEntry = {
  seq: number;
  method: string;
  path: string;
  /** Raw search string without '?'. */
  query: string;
  /** 0 when the connection was dropped. */
  status: number;
  /** Ms since the Unix epoch, with sub-ms fraction. */
  receivedAt: number;
  finishedAt: number;
  /** The X-Request-Id header. */
  requestId: string | null;
  /** Which injected fault, if any. */
  fault: string | null;
  /** The latency the sandbox injected before answering (the `latencyMs` knob), in ms. */
  latencyMs: number;
};

export interface RequestLog {
  entries(filter?: { sinceSeq?: number; pathPrefix?: string }): RequestLogEntry[];
  clear(): void;
  lastSeq(): number;
}

export type Sandbox = {
  /** E.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  /** 'https://default.logto.app/api' */
  managementApiResource: string;
  requestLog: RequestLog;
  configure(options: ConfigurableOptions): void;
  /** One-shot faults for tests. */
  injectFaults(rule: FaultRule): void;
  /** Every issued token answers 401 from now on. */
  revokeTokens(): void;
  close(): Promise<void>;
  /** Added: the seeded data, for tests that need ids and counts. */
  store: SandboxStore;
  /** Added: `<url>/oidc`, the `iss` of tokens the sandbox signs (as Logto's issuer). */
  issuer: string;
  /**
   * Added: a JWT access token for any API resource, signed by the key at `/oidc/jwks`
   * (the in-process twin of `POST /__sandbox/tokens`).
   */
  mintToken(options: MintTokenOptions): string;
};
