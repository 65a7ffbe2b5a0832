import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import type { QueryValue } from '../logto/client.js';
import { LogtoApiError } from '../logto/errors.js';
import type { ListRow, LogtoOrganizationRole, LogtoOrganizationScope } from '../logto/types.js';
import { NotFoundError, ValidationError } from '../mutation-errors.js';
import type { ConnectionArgs, OffsetConnection } from './connection.js';
import { listConnection } from './lists.js';
import { organizationInvitationById } from './organizations.js';
import { sendDelete, sendWrite } from './writes.js';

/**
 * What an organization's screen adds to members and invitations: machine-to-machine applications
 * as members and their organization roles, bulk member roles, a member's resolved scopes,
 * just-in-time provisioning, the links of an organization role to scopes, and deleting or
 * re-sending an invitation. Logto's relation writes answer nothing useful (`Created` / 204), so
 * payloads read what changed afterwards, through the loaders.
 */

export type OrganizationApplicationRow = ListRow<'/api/organizations/{id}/applications'>;
export type JitEmailDomainRow = ListRow<'/api/organizations/{id}/jit/email-domains'>;
export type SsoConnectorRow = ListRow<'/api/organizations/{id}/jit/sso-connectors'>;

export type OrganizationChange = { readonly organizationId: string };
export type OrganizationApplicationChange = OrganizationChange & { readonly applicationId: string; readonly organizationRoleId?: string };
export type OrganizationRoleChange = { readonly organizationRoleId: string; readonly removedId?: string };
export type InvitationChange = { readonly invitationId: string };

type Ids = readonly string[];
const logtoIds = (ids: Ids, typename: string) => [...new Set(ids.map((id) => logtoIdFrom(id, typename)))];
/** SSO connectors are not graph entities: their ids are Logto's own, checked for shape only. */
const plainIds = (ids: Ids) => [...new Set(ids)];

// Reads ------------------------------------------------------------------------------------------

/** `GET /api/organizations/:id/applications`: always paginated; an unknown organization has none. */
export function organizationApplicationsConnection(
  ctx: Context,
  organizationId: string,
  args: ConnectionArgs,
  filter?: { readonly q?: string | null } | null,
): Promise<OffsetConnection<OrganizationApplicationRow>> {
  const query: Record<string, QueryValue> = {};
  if (filter?.q) query.q = filter.q;
  return listConnection(ctx, 'Organization.applications', args, { route: '/api/organizations/:id/applications', params: { id: organizationId }, query });
}

/** `GET /api/organizations/:id/applications/:applicationId/roles`, unpaginated when no page is asked. */
export async function applicationOrganizationRoles(ctx: Context, change: OrganizationApplicationChange): Promise<LogtoOrganizationRole[]> {
  const rows = (await ctx.loaders.wholeLists.load({
    route: '/api/organizations/:id/applications/:applicationId/roles',
    params: { id: change.organizationId, applicationId: change.applicationId },
  })) as LogtoOrganizationRole[];
  for (const role of rows) ctx.loaders.organizationRoles.prime(role.id, role);
  return rows;
}

/** `GET /api/organizations/:id/users/:userId/scopes`: never paginated; a non-member has none. */
export async function memberOrganizationScopes(ctx: Context, organizationId: string, userId: string): Promise<LogtoOrganizationScope[]> {
  const rows = (await ctx.loaders.wholeLists.load({
    route: '/api/organizations/:id/users/:userId/scopes',
    params: { id: organizationId, userId },
  })) as LogtoOrganizationScope[];
  for (const scope of rows) ctx.loaders.organizationScopes.prime(scope.id, scope);
  return rows;
}

export async function jitEmailDomains(ctx: Context, organizationId: string): Promise<string[]> {
  const rows = (await ctx.loaders.wholeLists.load({ route: '/api/organizations/:id/jit/email-domains', params: { id: organizationId } })) as JitEmailDomainRow[];
  return rows.map((row) => row.emailDomain);
}

export async function jitDefaultRoles(ctx: Context, organizationId: string): Promise<LogtoOrganizationRole[]> {
  const rows = (await ctx.loaders.wholeLists.load({ route: '/api/organizations/:id/jit/roles', params: { id: organizationId } })) as LogtoOrganizationRole[];
  for (const role of rows) ctx.loaders.organizationRoles.prime(role.id, role);
  return rows;
}

export async function jitSsoConnectors(ctx: Context, organizationId: string): Promise<SsoConnectorRow[]> {
  return (await ctx.loaders.wholeLists.load({ route: '/api/organizations/:id/jit/sso-connectors', params: { id: organizationId } })) as SsoConnectorRow[];
}

// Applications as members -------------------------------------------------------------------------

const APPLICATION_HINTS = {
  'entity.relation_foreign_key_not_found': 'applicationIds',
  // Only machine-to-machine applications join organizations (a check in Logto's database).
  'entity.db_constraint_violated': 'applicationIds',
} as const;

export async function addOrganizationApplications(ctx: Context, input: { readonly organizationId: string; readonly applicationIds: Ids }): Promise<OrganizationChange> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const applicationIds = logtoIds(input.applicationIds, 'Application');
  await sendWrite(ctx, { method: 'POST', route: '/api/organizations/:id/applications', params: { id: organizationId }, body: { applicationIds } }, APPLICATION_HINTS);
  return { organizationId };
}

export async function replaceOrganizationApplications(ctx: Context, input: { readonly organizationId: string; readonly applicationIds: Ids }): Promise<OrganizationChange> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const applicationIds = logtoIds(input.applicationIds, 'Application');
  await sendWrite(ctx, { method: 'PUT', route: '/api/organizations/:id/applications', params: { id: organizationId }, body: { applicationIds } }, APPLICATION_HINTS);
  return { organizationId };
}

export async function removeOrganizationApplication(
  ctx: Context,
  input: { readonly organizationId: string; readonly applicationId: string },
): Promise<OrganizationApplicationChange> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const applicationId = logtoIdFrom(input.applicationId, 'Application');
  await sendDelete(ctx, { route: '/api/organizations/:id/applications/:applicationId', params: { id: organizationId, applicationId } }, { notFound: 'applicationId' });
  return { organizationId, applicationId };
}

const APPLICATION_ROLE_HINTS = {
  'organization.require_membership': 'applicationId',
  'entity.relation_foreign_key_not_found': 'organizationRoleIds',
  // A User-type organization role (a check in Logto's database).
  'entity.db_constraint_violated': 'organizationRoleIds',
} as const;

type ApplicationRolesInput = { readonly organizationId: string; readonly applicationId: string; readonly organizationRoleIds: Ids };

export async function assignOrganizationApplicationRoles(ctx: Context, input: ApplicationRolesInput): Promise<OrganizationApplicationChange> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const applicationId = logtoIdFrom(input.applicationId, 'Application');
  const organizationRoleIds = logtoIds(input.organizationRoleIds, 'OrganizationRole');
  await sendWrite(
    ctx,
    { method: 'POST', route: '/api/organizations/:id/applications/:applicationId/roles', params: { id: organizationId, applicationId }, body: { organizationRoleIds } },
    APPLICATION_ROLE_HINTS,
  );
  return { organizationId, applicationId };
}

export async function replaceOrganizationApplicationRoles(ctx: Context, input: ApplicationRolesInput): Promise<OrganizationApplicationChange> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const applicationId = logtoIdFrom(input.applicationId, 'Application');
  const organizationRoleIds = logtoIds(input.organizationRoleIds, 'OrganizationRole');
  await sendWrite(
    ctx,
    { method: 'PUT', route: '/api/organizations/:id/applications/:applicationId/roles', params: { id: organizationId, applicationId }, body: { organizationRoleIds } },
    APPLICATION_ROLE_HINTS,
  );
  return { organizationId, applicationId };
}

export async function removeOrganizationApplicationRole(
  ctx: Context,
  input: { readonly organizationId: string; readonly applicationId: string; readonly organizationRoleId: string },
): Promise<OrganizationApplicationChange> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const applicationId = logtoIdFrom(input.applicationId, 'Application');
  const organizationRoleId = logtoIdFrom(input.organizationRoleId, 'OrganizationRole');
  await sendDelete(ctx, { route: '/api/organizations/:id/applications/:applicationId/roles/:organizationRoleId', params: { id: organizationId, applicationId, organizationRoleId } }, { ...APPLICATION_ROLE_HINTS, notFound: 'organizationRoleId' });
  return { organizationId, applicationId, organizationRoleId };
}

/** `POST /api/organizations/:id/applications/roles`: every role to every application (each a member already). */
export async function assignOrganizationApplicationsRoles(
  ctx: Context,
  input: { readonly organizationId: string; readonly applicationIds: Ids; readonly organizationRoleIds: Ids },
): Promise<OrganizationChange> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const body = { applicationIds: logtoIds(input.applicationIds, 'Application'), organizationRoleIds: logtoIds(input.organizationRoleIds, 'OrganizationRole') };
  // A non-member and an unknown role are the same answer; Logto does not say which id.
  await sendWrite(ctx, { method: 'POST', route: '/api/organizations/:id/applications/roles', params: { id: organizationId }, body }, {
    'entity.relation_foreign_key_not_found': null,
    'entity.db_constraint_violated': 'organizationRoleIds',
  });
  return { organizationId };
}

// Members ----------------------------------------------------------------------------------------

/** `POST /api/organizations/:id/users/roles`: every role to every user (each a member already). */
export async function assignOrganizationMembersRoles(
  ctx: Context,
  input: { readonly organizationId: string; readonly userIds: Ids; readonly organizationRoleIds: Ids },
): Promise<OrganizationChange & { readonly userIds: readonly string[] }> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const userIds = logtoIds(input.userIds, 'User');
  const body = { userIds, organizationRoleIds: logtoIds(input.organizationRoleIds, 'OrganizationRole') };
  await sendWrite(ctx, { method: 'POST', route: '/api/organizations/:id/users/roles', params: { id: organizationId }, body }, {
    'entity.relation_foreign_key_not_found': null,
    'entity.db_constraint_violated': 'organizationRoleIds',
  });
  // Logto accepted them, so they are members: an organization token may see them in the payload.
  for (const userId of userIds) ctx.access.recordMember(organizationId, userId);
  return { organizationId, userIds };
}

/** `PUT /api/organizations/:id/users/:userId/roles`: the member's roles become exactly these (an empty list takes them all). */
export async function replaceOrganizationMemberRoles(
  ctx: Context,
  input: { readonly organizationId: string; readonly userId: string; readonly organizationRoleIds: Ids },
): Promise<OrganizationChange & { readonly userId: string }> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const userId = logtoIdFrom(input.userId, 'User');
  const organizationRoleIds = logtoIds(input.organizationRoleIds, 'OrganizationRole');
  await sendWrite(
    ctx,
    { method: 'PUT', route: '/api/organizations/:id/users/:userId/roles', params: { id: organizationId, userId }, body: { organizationRoleIds } },
    {
      'organization.require_membership': 'userId',
      'entity.relation_foreign_key_not_found': 'organizationRoleIds',
      'entity.db_constraint_violated': 'organizationRoleIds',
    },
  );
  ctx.access.recordMember(organizationId, userId);
  return { organizationId, userId };
}

/** `PUT /api/organizations/:id/users`: the members become exactly these users (roles of those leaving go). */
export async function replaceOrganizationMembers(ctx: Context, input: { readonly organizationId: string; readonly userIds: Ids }): Promise<OrganizationChange> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const userIds = logtoIds(input.userIds, 'User');
  await sendWrite(ctx, { method: 'PUT', route: '/api/organizations/:id/users', params: { id: organizationId }, body: { userIds } }, {
    'entity.relation_foreign_key_not_found': 'userIds',
  });
  return { organizationId };
}

// Just-in-time provisioning ----------------------------------------------------------------------

export async function addOrganizationJitEmailDomain(ctx: Context, input: { readonly organizationId: string; readonly emailDomain: string }): Promise<OrganizationChange> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  await sendWrite(ctx, { method: 'POST', route: '/api/organizations/:id/jit/email-domains', params: { id: organizationId }, body: { emailDomain: input.emailDomain } }, {
    'entity.unique_integrity_violation': 'emailDomain',
    'entity.relation_foreign_key_not_found': 'organizationId',
  });
  return { organizationId };
}

export async function replaceOrganizationJitEmailDomains(ctx: Context, input: { readonly organizationId: string; readonly emailDomains: readonly string[] }): Promise<OrganizationChange> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const emailDomains = [...new Set(input.emailDomains)];
  await sendWrite(ctx, { method: 'PUT', route: '/api/organizations/:id/jit/email-domains', params: { id: organizationId }, body: { emailDomains } }, {
    'entity.relation_foreign_key_not_found': 'organizationId',
  });
  return { organizationId };
}

export async function removeOrganizationJitEmailDomain(ctx: Context, input: { readonly organizationId: string; readonly emailDomain: string }): Promise<OrganizationChange> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  await sendDelete(ctx, { route: '/api/organizations/:id/jit/email-domains/:emailDomain', params: { id: organizationId, emailDomain: input.emailDomain } }, { notFound: 'emailDomain' });
  return { organizationId };
}

const JIT_ROLE_HINTS = { 'entity.relation_foreign_key_not_found': 'organizationRoleIds' } as const;

export async function addOrganizationJitRoles(ctx: Context, input: { readonly organizationId: string; readonly organizationRoleIds: Ids }): Promise<OrganizationChange> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const organizationRoleIds = logtoIds(input.organizationRoleIds, 'OrganizationRole');
  await sendWrite(ctx, { method: 'POST', route: '/api/organizations/:id/jit/roles', params: { id: organizationId }, body: { organizationRoleIds } }, JIT_ROLE_HINTS);
  return { organizationId };
}

export async function replaceOrganizationJitRoles(ctx: Context, input: { readonly organizationId: string; readonly organizationRoleIds: Ids }): Promise<OrganizationChange> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const organizationRoleIds = logtoIds(input.organizationRoleIds, 'OrganizationRole');
  await sendWrite(ctx, { method: 'PUT', route: '/api/organizations/:id/jit/roles', params: { id: organizationId }, body: { organizationRoleIds } }, JIT_ROLE_HINTS);
  return { organizationId };
}

export async function removeOrganizationJitRole(ctx: Context, input: { readonly organizationId: string; readonly organizationRoleId: string }): Promise<OrganizationChange> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const organizationRoleId = logtoIdFrom(input.organizationRoleId, 'OrganizationRole');
  await sendDelete(ctx, { route: '/api/organizations/:id/jit/roles/:organizationRoleId', params: { id: organizationId, organizationRoleId } }, { notFound: 'organizationRoleId' });
  return { organizationId };
}

const JIT_SSO_HINTS = { 'entity.relation_foreign_key_not_found': 'ssoConnectorIds' } as const;

export async function addOrganizationJitSsoConnectors(ctx: Context, input: { readonly organizationId: string; readonly ssoConnectorIds: Ids }): Promise<OrganizationChange> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const body = { ssoConnectorIds: plainIds(input.ssoConnectorIds) };
  await sendWrite(ctx, { method: 'POST', route: '/api/organizations/:id/jit/sso-connectors', params: { id: organizationId }, body }, JIT_SSO_HINTS);
  return { organizationId };
}

export async function replaceOrganizationJitSsoConnectors(ctx: Context, input: { readonly organizationId: string; readonly ssoConnectorIds: Ids }): Promise<OrganizationChange> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  const body = { ssoConnectorIds: plainIds(input.ssoConnectorIds) };
  await sendWrite(ctx, { method: 'PUT', route: '/api/organizations/:id/jit/sso-connectors', params: { id: organizationId }, body }, JIT_SSO_HINTS);
  return { organizationId };
}

export async function removeOrganizationJitSsoConnector(ctx: Context, input: { readonly organizationId: string; readonly ssoConnectorId: string }): Promise<OrganizationChange> {
  const organizationId = logtoIdFrom(input.organizationId, 'Organization');
  await sendDelete(ctx, { route: '/api/organizations/:id/jit/sso-connectors/:ssoConnectorId', params: { id: organizationId, ssoConnectorId: input.ssoConnectorId } }, { notFound: 'ssoConnectorId' });
  return { organizationId };
}

// Organization roles' scopes ---------------------------------------------------------------------

const ROLE_SCOPE_HINTS = { 'entity.relation_foreign_key_not_found': null } as const;

export async function addOrganizationRoleScopes(ctx: Context, input: { readonly id: string; readonly organizationScopeIds: Ids }): Promise<OrganizationRoleChange> {
  const id = logtoIdFrom(input.id, 'OrganizationRole');
  const organizationScopeIds = logtoIds(input.organizationScopeIds, 'OrganizationScope');
  await sendWrite(ctx, { method: 'POST', route: '/api/organization-roles/:id/scopes', params: { id }, body: { organizationScopeIds } }, ROLE_SCOPE_HINTS);
  return { organizationRoleId: id };
}

export async function replaceOrganizationRoleScopes(ctx: Context, input: { readonly id: string; readonly organizationScopeIds: Ids }): Promise<OrganizationRoleChange> {
  const id = logtoIdFrom(input.id, 'OrganizationRole');
  const organizationScopeIds = logtoIds(input.organizationScopeIds, 'OrganizationScope');
  await sendWrite(ctx, { method: 'PUT', route: '/api/organization-roles/:id/scopes', params: { id }, body: { organizationScopeIds } }, ROLE_SCOPE_HINTS);
  return { organizationRoleId: id };
}

export async function removeOrganizationRoleScope(ctx: Context, input: { readonly id: string; readonly organizationScopeId: string }): Promise<OrganizationRoleChange> {
  const id = logtoIdFrom(input.id, 'OrganizationRole');
  const organizationScopeId = logtoIdFrom(input.organizationScopeId, 'OrganizationScope');
  // Logto answers the same `entity.not_found` for an unknown role and a scope it does not hold.
  await sendDelete(ctx, { route: '/api/organization-roles/:id/scopes/:organizationScopeId', params: { id, organizationScopeId } }, { notFound: 'organizationScopeId' });
  return { organizationRoleId: id, removedId: organizationScopeId };
}

export async function addOrganizationRoleResourceScopes(ctx: Context, input: { readonly id: string; readonly scopeIds: Ids }): Promise<OrganizationRoleChange> {
  const id = logtoIdFrom(input.id, 'OrganizationRole');
  const scopeIds = logtoIds(input.scopeIds, 'Scope');
  await sendWrite(ctx, { method: 'POST', route: '/api/organization-roles/:id/resource-scopes', params: { id }, body: { scopeIds } }, ROLE_SCOPE_HINTS);
  return { organizationRoleId: id };
}

export async function replaceOrganizationRoleResourceScopes(ctx: Context, input: { readonly id: string; readonly scopeIds: Ids }): Promise<OrganizationRoleChange> {
  const id = logtoIdFrom(input.id, 'OrganizationRole');
  const scopeIds = logtoIds(input.scopeIds, 'Scope');
  await sendWrite(ctx, { method: 'PUT', route: '/api/organization-roles/:id/resource-scopes', params: { id }, body: { scopeIds } }, ROLE_SCOPE_HINTS);
  return { organizationRoleId: id };
}

export async function removeOrganizationRoleResourceScope(ctx: Context, input: { readonly id: string; readonly scopeId: string }): Promise<OrganizationRoleChange> {
  const id = logtoIdFrom(input.id, 'OrganizationRole');
  const scopeId = logtoIdFrom(input.scopeId, 'Scope');
  await sendDelete(ctx, { route: '/api/organization-roles/:id/resource-scopes/:scopeId', params: { id, scopeId } }, { notFound: 'scopeId' });
  return { organizationRoleId: id, removedId: scopeId };
}

// Invitations ------------------------------------------------------------------------------------

/**
 * The id does not say whose invitation it is: an organization token's write first looks it up in
 * its own organization's invitations (one more request) and finds nothing elsewhere.
 */
async function ownInvitationId(ctx: Context, id: string): Promise<string> {
  const invitationId = logtoIdFrom(id, 'OrganizationInvitation');
  if (ctx.caller.organizationId !== undefined && (await organizationInvitationById(ctx, invitationId)) === null) {
    throw new NotFoundError('The invitation does not exist in your organization.', 'id', null);
  }
  return invitationId;
}

export async function deleteOrganizationInvitation(ctx: Context, input: { readonly id: string }): Promise<{ readonly deletedId: string }> {
  const id = await ownInvitationId(ctx, input.id);
  await sendDelete(ctx, { route: '/api/organization-invitations/:id', params: { id } }, { notFound: 'id' });
  return { deletedId: id };
}

/**
 * `POST /api/organization-invitations/:id/message`. Logto sends it through its email connector;
 * without one (Logto OSS as installed) it answers 501 `connector.not_found`. That is not an outage
 * to retry but a setup the admin can fix, so it is a ValidationError naming Logto's code.
 */
export async function sendOrganizationInvitationMessage(ctx: Context, input: { readonly id: string; readonly link: string }): Promise<InvitationChange> {
  const id = await ownInvitationId(ctx, input.id);
  try {
    await sendWrite(ctx, { method: 'POST', route: '/api/organization-invitations/:id/message', params: { id }, body: { link: input.link } }, {
      'entity.not_found': 'id',
    });
  } catch (error) {
    if (error instanceof LogtoApiError && error.status === 501 && error.code === 'connector.not_found') {
      throw new ValidationError(
        [{ field: null, message: 'Logto has no email connector to send the invitation with: install and configure one in Logto first.' }],
        'connector.not_found',
      );
    }
    throw error;
  }
  return { invitationId: id };
}
