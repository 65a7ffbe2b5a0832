import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import type { QueryValue } from '../logto/client.js';
import type { LogtoApplication, LogtoLog, LogtoUser } from '../logto/types.js';
import type { ConnectionArgs, OffsetConnection } from './connection.js';
import { listConnection, primer } from './lists.js';

export type LogFilter = {
  readonly userId?: string | null;
  readonly applicationId?: string | null;
  readonly logKey?: string | null;
  readonly startTime?: Date | null;
  readonly endTime?: Date | null;
};

export function logById(ctx: Context, id: string): Promise<LogtoLog | null> {
  return ctx.loaders.logs.load(logtoIdFrom(id, 'Log'));
}

/**
 * Counting every log is expensive for Logto on big tenants; `enableCap` lets it stop near
 * 10,000 (`Total-Number-Is-Capped`). Versions without it ignore the parameter.
 */
const CAPPED = { enableCap: 'true' } as const;

function logQuery(filter: LogFilter | null | undefined): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = { ...CAPPED };
  if (filter?.userId != null) query.userId = logtoIdFrom(filter.userId, 'User');
  if (filter?.applicationId != null) query.applicationId = logtoIdFrom(filter.applicationId, 'Application');
  if (filter?.logKey) query.logKey = filter.logKey;
  if (filter?.startTime) query.start_time = filter.startTime.getTime();
  if (filter?.endTime) query.end_time = filter.endTime.getTime();
  return query;
}

export function logsConnection(ctx: Context, args: ConnectionArgs, filter?: LogFilter | null): Promise<OffsetConnection<LogtoLog>> {
  return listConnection(ctx, 'logs', args, { route: '/api/logs', query: logQuery(filter) }, primer(ctx.loaders.logs));
}

export function userLogsConnection(ctx: Context, user: LogtoUser, args: ConnectionArgs): Promise<OffsetConnection<LogtoLog>> {
  return listConnection(ctx, 'User.logs', args, { route: '/api/logs', query: { ...CAPPED, userId: user.id } }, primer(ctx.loaders.logs));
}

export function applicationLogsConnection(
  ctx: Context,
  application: LogtoApplication,
  args: ConnectionArgs,
): Promise<OffsetConnection<LogtoLog>> {
  return listConnection(
    ctx,
    'Application.logs',
    args,
    { route: '/api/logs', query: { ...CAPPED, applicationId: application.id } },
    primer(ctx.loaders.logs),
  );
}

function payloadString(log: LogtoLog, key: string): string | undefined {
  const value = (log.payload as Record<string, unknown>)[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function logUser(ctx: Context, log: LogtoLog): Promise<LogtoUser | null> | null {
  const userId = payloadString(log, 'userId');
  return userId ? ctx.loaders.users.load(userId) : null;
}

export function logApplication(ctx: Context, log: LogtoLog): Promise<LogtoApplication | null> | null {
  const applicationId = payloadString(log, 'applicationId');
  return applicationId ? ctx.loaders.applications.load(applicationId) : null;
}

/** Keys whose values never leave the server, at any depth of a log payload. */
const SECRET_KEY = /secret|password|token|authorization|cookie|code_verifier|^code$|assertion|private|credential/i;

/**
 * A log payload with credentials blanked out: Logto records request parameters as given, and
 * a token request's parameters include the client secret.
 */
export function redactPayload(value: unknown, depth = 0): unknown {
  if (depth > 20) return '[truncated]';
  if (Array.isArray(value)) return value.map((item) => redactPayload(item, depth + 1));
  if (value && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      result[key] = SECRET_KEY.test(key) && (typeof inner === 'string' || typeof inner === 'number') ? '[redacted]' : redactPayload(inner, depth + 1);
    }
    return result;
  }
  return value;
}
