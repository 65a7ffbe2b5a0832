import { z } from 'zod';

import type { Reply } from './router.js';
import { mintTokenSchema, type MintTokenOptions } from './token-minting.js';
import type { FaultRule, RequestLog } from './types.js';

/** What the `/__sandbox/` routes may do to the running sandbox. */
export type SandboxControls = {
  readonly requestLog: RequestLog;
  injectFaults(rule: FaultRule): void;
  clearFaults(): void;
  configure(changes: unknown): Record<string, unknown>;
  revokeTokens(): void;
  /** A JWT access token signed with the sandbox's JWKS key (see `token-minting.ts`). */
  mintToken(options: MintTokenOptions): string;
};

const faultRuleSchema = z
  .object({
    method: z.string().min(1).optional(),
    path: z.string().min(1).optional(),
    kind: z.enum(['status-503', 'status-429', 'reset-before', 'reset-after-apply', 'delay']),
    retryAfterSeconds: z.number().int().min(0).optional(),
    delayMs: z.number().min(0).optional(),
    times: z.number().int().positive().optional(),
  })
  .strict();

const problem = (status: number, message: string): Reply => ({ status, body: { message } });

function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: body === '' ? {} : JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}

/**
 * Sandbox-only routes under `/__sandbox/`: the request log, one-shot faults, live settings,
 * token revocation and JWT minting, for tests driving the sandbox from another process.
 */
export function handleSandboxRoute(method: string, path: string, rawQuery: string, body: string, controls: SandboxControls): Reply {
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /__sandbox/requests': {
      const query = new URLSearchParams(rawQuery);
      const since = query.get('since');
      const sinceSeq = since === null ? undefined : Number(since);
      if (sinceSeq !== undefined && !Number.isFinite(sinceSeq)) return problem(400, '`since` must be a number');
      const pathPrefix = query.get('pathPrefix') ?? undefined;
      return { status: 200, body: { entries: controls.requestLog.entries({ sinceSeq, pathPrefix }), lastSeq: controls.requestLog.lastSeq() } };
    }
    case 'DELETE /__sandbox/requests':
      controls.requestLog.clear();
      return { status: 204 };
    case 'POST /__sandbox/faults': {
      const json = parseJson(body);
      const rule = json.ok ? faultRuleSchema.safeParse(json.value) : undefined;
      if (!rule?.success) return problem(400, `invalid fault rule: ${rule?.error.issues[0]?.message ?? 'malformed JSON'}`);
      controls.injectFaults(rule.data);
      return { status: 204 };
    }
    case 'DELETE /__sandbox/faults':
      controls.clearFaults();
      return { status: 204 };
    case 'POST /__sandbox/config': {
      const json = parseJson(body);
      if (!json.ok) return problem(400, 'malformed JSON');
      try {
        return { status: 200, body: controls.configure(json.value) };
      } catch (error: unknown) {
        return problem(400, error instanceof Error ? error.message : String(error));
      }
    }
    case 'GET /__sandbox/config':
      return { status: 200, body: controls.configure({}) };
    case 'POST /__sandbox/revoke-tokens':
      controls.revokeTokens();
      return { status: 204 };
    case 'POST /__sandbox/tokens': {
      const json = parseJson(body);
      const options = json.ok ? mintTokenSchema.safeParse(json.value) : undefined;
      if (!options?.success) {
        const issue = options?.error.issues[0];
        return problem(400, `invalid token request: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'malformed JSON'}`);
      }
      return { status: 200, headers: { 'Cache-Control': 'no-store' }, body: { access_token: controls.mintToken(options.data), token_type: 'Bearer' } };
    }
    default:
      return problem(404, `no sandbox route ${method} ${path}`);
  }
}
