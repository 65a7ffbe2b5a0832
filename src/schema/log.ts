import { type LogFilter, logApplication, logErrorMessage, logPayload, logsConnection, logUser } from '../resolvers/logs.js';
import { cost } from '../cost/rules.js';
import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { builder } from './builder.js';
import { entityByIdField, entityNode } from './nodes.js';
import { ApplicationRef, LogConnection, LogRef, UserRef } from './refs.js';

function payloadField(payload: unknown, key: string): string | null {
  const value = (payload as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' ? value : null;
}

export const LogResultEnum = builder.enumType('LogResult', {
  description: 'How the logged event ended.',
  values: {
    SUCCESS: { value: 'Success', description: 'It succeeded.' },
    ERROR: { value: 'Error', description: 'It failed; see `errorMessage`.' },
  } as const,
});

builder.node(LogRef, {
  description: 'An audit log entry: one sign-in, token exchange or other event Logto recorded.',
  authScopes: requires.tenant(SCOPES.readLogs),
  ...entityNode(LogRef, 'logs'),
  fields: (t) => ({
    logtoId: t.exposeString('id', { description: "Logto's own id of the log entry." }),
    key: t.exposeString('key', { description: 'The event, e.g. `ExchangeTokenBy.ClientCredentials` or `Interaction.SignIn.Submit`.' }),
    result: t.field({
      type: LogResultEnum,
      nullable: true,
      description: 'How the event ended.',
      resolve: (log) => {
        const result = payloadField(log.payload, 'result');
        return result === 'Success' || result === 'Error' ? result : null;
      },
    }),
    errorMessage: t.string({
      nullable: true,
      description:
        'Why the event failed, when it did, with credentials and stack traces removed like the payload. Needs `read:logs:payload` (Logto records the failed request in it).',
      authScopes: requires.tenant(SCOPES.readLogsPayload),
      resolve: (log) => logErrorMessage(log),
    }),
    ip: t.string({
      nullable: true,
      description: 'Client IP address. Needs `read:logs:payload`.',
      authScopes: requires.tenant(SCOPES.readLogsPayload),
      resolve: (log) => payloadField(log.payload, 'ip'),
    }),
    userAgent: t.string({
      nullable: true,
      description: 'Client user agent. Needs `read:logs:payload`.',
      authScopes: requires.tenant(SCOPES.readLogsPayload),
      resolve: (log) => payloadField(log.payload, 'userAgent'),
    }),
    payload: t.field({
      type: 'JSONObject',
      nullable: true,
      description:
        'Everything Logto recorded, with credentials blanked out (any value under a credential-like key; secrets, tokens and passwords inside strings) and stack traces removed. Needs `read:logs:payload`.',
      authScopes: requires.tenant(SCOPES.readLogsPayload),
      resolve: (log) => logPayload(log),
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When it happened.', resolve: (log) => log.createdAt }),
    user: t.field({
      type: UserRef,
      nullable: true,
      description: 'The user the event concerns, if any (and if the user still exists).',
      authScopes: requires.tenant(SCOPES.readUsers),
      extensions: cost.load('users'),
      resolve: (log, _args, ctx) => logUser(ctx, log),
    }),
    application: t.field({
      type: ApplicationRef,
      nullable: true,
      description: 'The application the event came through, if any (and if it still exists).',
      authScopes: requires.tenant(SCOPES.readApplications),
      extensions: cost.load('applications'),
      resolve: (log, _args, ctx) => logApplication(ctx, log),
    }),
  }),
});

const LogFilterInput = builder.inputRef<LogFilter>('LogFilter').implement({
  description: "Which audit log entries to list (Logto's log filters).",
  fields: (t) => ({
    userId: t.id({ description: 'Only entries about this user (global id or Logto id).' }),
    applicationId: t.id({ description: 'Only entries from this application (global id or Logto id).' }),
    logKey: t.string({ description: 'Only entries with this key, e.g. `ExchangeTokenBy.ClientCredentials`.' }),
    startTime: t.field({ type: 'DateTime', description: 'Only entries at or after this time.' }),
    endTime: t.field({ type: 'DateTime', description: 'Only entries at or before this time.' }),
  }),
});

builder.queryFields((t) => ({
  log: entityByIdField(t, LogRef, 'logs', { description: 'An audit log entry by global id or Logto id; `null` when there is none.', id: 'Global id or Logto id of the log entry.' }),
  logs: t.connection(
    {
      type: LogRef,
      nullable: true,
      description: 'Audit log entries, newest first.',
      args: { filter: t.arg({ type: LogFilterInput, description: 'Filters.' }) },
      authScopes: requires.tenant(SCOPES.readLogs),
      extensions: cost.list(),
      resolve: (_root, args, ctx) => logsConnection(ctx, args, args.filter),
    },
    LogConnection,
  ),
}));
