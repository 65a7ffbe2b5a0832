import type {
  ApplicationRow,
  InvitationRow,
  OrganizationRoleRow,
  ScopeRow,
  UserRow,
} from './rows.js';
import type { SandboxStore } from './store.js';

/**
 * Response shapes Logto derives from the stored rows. Key order follows Logto's answers so the
 * JSON reads the same.
 */

/** Organization members carry `userInfoSelectFields` (no `hasPassword`) plus their roles there. */
export function memberResponse(store: SandboxStore, organizationId: string, user: UserRow): Record<string, unknown> {
  const { hasPassword: _omitted, ...member } = user;
  return { ...member, organizationRoles: roleSummaries(store, store.organizationUserRoles.rolesOf(organizationId, user.id)) };
}

export const featuredUser = (user: UserRow) => ({ id: user.id, avatar: user.avatar, name: user.name });

export const featuredApplication = (app: ApplicationRow) => ({ id: app.id, name: app.name, type: app.type });

/** `{ id, name }` of organization roles, ordered by name as Logto's `json_agg(... order by name)`. */
export function roleSummaries(store: SandboxStore, roleIds: Iterable<string>): { id: string; name: string }[] {
  const roles: OrganizationRoleRow[] = [];
  for (const id of roleIds) {
    const role = store.organizationRoles.get(id);
    if (role) roles.push(role);
  }
  return roles.sort((a, b) => compareText(a.name, b.name)).map(({ id, name }) => ({ id, name }));
}

/** Organization roles as listed: with their scopes, each list ordered by id (`json_agg(distinct ...)`). */
export function organizationRoleWithScopes(store: SandboxStore, role: OrganizationRoleRow): Record<string, unknown> {
  const scopes = [...store.organizationRoleScopes.rightsOf(role.id)]
    .map((id) => store.organizationScopes.get(id))
    .filter((scope) => scope !== undefined)
    .sort((a, b) => compareText(a.id, b.id))
    .map(({ id, name }) => ({ id, name }));
  const resourceScopes = [...store.organizationRoleResourceScopes.rightsOf(role.id)]
    .map((id) => store.scopes.get(id))
    .filter((scope) => scope !== undefined)
    .sort((a, b) => compareText(a.id, b.id))
    .map(({ id, name, resourceId }) => ({
      id,
      name,
      resource: { id: resourceId, name: store.resources.get(resourceId)?.name ?? '' },
    }));
  return { ...role, scopes, resourceScopes };
}

/** A role's scopes answer with their resource attached (`attachResourceToScopes`). */
export function scopeWithResource(store: SandboxStore, scope: ScopeRow): Record<string, unknown> {
  return { ...scope, resource: store.resources.get(scope.resourceId) };
}

/**
 * Logto computes `Expired` on read for pending invitations past `expiresAt`, without storing it,
 * and lists the invitation's roles by name.
 */
export function invitationResponse(store: SandboxStore, invitation: InvitationRow, now = Date.now()): Record<string, unknown> {
  const status = invitation.status === 'Pending' && invitation.expiresAt < now ? 'Expired' : invitation.status;
  return { ...invitation, status, organizationRoles: roleSummaries(store, store.invitationRoles.rightsOf(invitation.id)) };
}

/** Postgres orders text by collation; for Logto's ids and names plain code-point order agrees. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
