import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import type { QueryValue } from '../logto/client.js';
import type { LogtoApplication, LogtoRole } from '../logto/types.js';
import { arrayWindowFetcher, type ConnectionArgs, type OffsetConnection, resolveOffsetConnection } from './connection.js';
import { entityListConnection, listConnection, primer } from './lists.js';
import { addSearchParams, type SearchOptions, type StringMatch } from './search.js';

export type ApplicationTypeValue = LogtoApplication['type'];

export type ApplicationFilter = SearchOptions & {
  readonly types?: readonly ApplicationTypeValue[] | null;
  readonly isThirdParty?: boolean | null;
  readonly search?: StringMatch | null;
  readonly id?: StringMatch | null;
  readonly name?: StringMatch | null;
  readonly description?: StringMatch | null;
  readonly excludeRoleId?: string | null;
  readonly excludeOrganizationId?: string | null;
};

function applicationQuery(filter: ApplicationFilter | null | undefined): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {};
  if (!filter) return query;
  const { search, id, name, description } = filter;
  addSearchParams(query, 'filter', { search, id, name, description }, filter);
  if (filter.types?.length) query.types = filter.types;
  if (filter.isThirdParty != null) query.isThirdParty = String(filter.isThirdParty);
  if (filter.excludeRoleId != null) query.excludeRoleId = logtoIdFrom(filter.excludeRoleId, 'Role');
  if (filter.excludeOrganizationId != null) query.excludeOrganizationId = logtoIdFrom(filter.excludeOrganizationId, 'Organization');
  return query;
}

export function applicationsConnection(
  ctx: Context,
  args: ConnectionArgs,
  filter?: ApplicationFilter | null,
): Promise<OffsetConnection<LogtoApplication>> {
  return entityListConnection(ctx, 'applications', args, { query: applicationQuery(filter) });
}

/**
 * Roles of an application. Only machine-to-machine applications can hold roles; Logto answers
 * 422 for the others, so they get an empty connection without asking.
 */
export async function applicationRolesConnection(
  ctx: Context,
  application: LogtoApplication,
  args: ConnectionArgs,
): Promise<OffsetConnection<LogtoRole>> {
  if (application.type !== 'MachineToMachine') {
    return resolveOffsetConnection('Application.roles', args, arrayWindowFetcher<LogtoRole>([]));
  }
  return listConnection(
    ctx,
    'Application.roles',
    args,
    { route: '/api/applications/:id/roles', params: { id: application.id } },
    primer(ctx.loaders.roles),
  );
}
