import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import type { QueryValue } from '../logto/client.js';
import type { LogtoApplication, LogtoLog, LogtoUser } from '../logto/types.js';
import type { ConnectionArgs, OffsetConnection } from './connection.js';
import { entityListConnection, listConnection, primer } from './lists.js';
import { redactPayload } from './redact.js';

export type LogFilter = {
  readonly userId?: string | null;
  readonly applicationId?: string | null;
  readonly logKey?: string | null;
  readonly startTime?: Date | null;
  readonly endTime?: Date | null;
};

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
  return entityListConnection(ctx, 'logs', args, { query: logQuery(filter) });
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

/**
 * Why the event failed, redacted like the payload: real Logto stores the error serialised as JSON
 * with its stack trace (server paths, library versions) and whatever the request carried.
 */
export function logErrorMessage(log: LogtoLog): string | null {
  const error = redactPayload((log.payload as Record<string, unknown>).error);
  if (typeof error === 'string') return error;
  const message = (error as Record<string, unknown> | undefined)?.message;
  return typeof message === 'string' ? message : null;
}

/** Everything Logto recorded, credentials and stack traces removed (src/resolvers/redact.ts). */
export function logPayload(log: LogtoLog): Record<string, unknown> {
  return redactPayload(log.payload) as Record<string, unknown>;
}
