import { entityNotExistsWithId, LogtoError } from '../errors.js';
import { listReply } from '../pagination.js';
import { queryString, yes } from '../query.js';
import { get, type RouteDefinition } from '../router.js';
import type { LogRow } from '../rows.js';

/** Audit log key prefixes `/api/logs` lists; webhook logs (`TriggerHook.*`) are left out. */
const AUDIT_LOG_PREFIXES = [
  'ExchangeTokenBy',
  'RevokeToken',
  'RevokeGrants',
  'Interaction',
  'JwtCustomizer',
  'SamlApplication',
  'Action',
  'Unknown',
] as const;

/** Logto stops counting past this many logs when asked to (`enableCap=true`). */
export const LOGS_COUNT_CAP = 10_000;

function timestamp(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new LogtoError(400, 'guard.invalid_input', `The request ${name} is invalid.`);
  return value;
}

export const logRoutes: readonly RouteDefinition[] = [
  get(
    '/logs',
    (context) => {
      const { query } = context;
      const userId = queryString(query, 'userId');
      const applicationId = queryString(query, 'applicationId');
      const logKey = queryString(query, 'logKey');
      const enableCap = queryString(query, 'enableCap');
      const startTime = timestamp(queryString(query, 'start_time'), 'start_time');
      const endTime = timestamp(queryString(query, 'end_time'), 'end_time');
      if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
        throw new LogtoError(400, 'log.invalid_time_window', '`end_time` must be after `start_time`.');
      }
      const matches = (log: LogRow) =>
        AUDIT_LOG_PREFIXES.some((prefix) => log.key.startsWith(prefix)) &&
        (!userId || log.payload.userId === userId) &&
        (!applicationId || log.payload.applicationId === applicationId) &&
        (!logKey || log.key === logKey) &&
        (startTime === undefined || log.createdAt >= startTime) &&
        // Logto adds 1 ms so rows stored with sub-millisecond precision at `end_time` stay in.
        (endTime === undefined || log.createdAt < endTime + 1);
      const logs = context.store.logsNewestFirst().filter(matches);
      const capped = yes(enableCap) && logs.length > LOGS_COUNT_CAP;
      return listReply(context, logs, {
        count: { value: capped ? LOGS_COUNT_CAP + 1 : logs.length, capped },
      });
    },
    { pagination: 'always' },
  ),

  get('/logs/:id', (context) => {
    const id = context.params.id ?? '';
    const log = context.store.log(id);
    if (!log) throw entityNotExistsWithId('logs', id);
    return { status: 200, body: log };
  }),
];
