import type { Context } from '../context.js';
import type { LogtoConnector } from '../logto/types.js';
import type { ConnectionArgs, OffsetConnection } from './connection.js';
import { entityListConnection } from './lists.js';

/** Logto lists connectors whole (no pagination on that route). */
export function connectorsConnection(ctx: Context, args: ConnectionArgs): Promise<OffsetConnection<LogtoConnector>> {
  return entityListConnection(ctx, 'connectors', args, { whole: true });
}

/** Logto names connectors per language; the English name, else any. */
export function connectorName(connector: LogtoConnector): string | null {
  const names = connector.name as Record<string, unknown>;
  const english = names.en;
  if (typeof english === 'string') return english;
  const any = Object.values(names).find((value): value is string => typeof value === 'string');
  return any ?? null;
}
