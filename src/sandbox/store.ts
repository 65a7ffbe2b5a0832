import { TENANT_ID } from './constants.js';
import type { IdGenerator } from './ids.js';
import { Relation } from './relation.js';
import { OrganizationRoleGrants } from './role-grants.js';
import type {
  ApplicationRow,
  ApplicationSecretRow,
  ConnectorRow,
  InvitationRow,
  LogRow,
  OrganizationRoleRow,
  OrganizationRow,
  OrganizationScopeRow,
  ResourceRow,
  RoleRow,
  ScopeRow,
  UserRow,
} from './rows.js';
import { UserSecurityTables } from './user-security-tables.js';

/**
 * The sandbox's database: entity tables keyed by id (insertion order = Postgres heap order on a
 * fresh database) plus indexed relation tables. Routes read it; a later issue's write routes will
 * change it through the same maps and relations.
 */
export class SandboxStore {
  readonly tenantId = TENANT_ID;

  readonly users = new Map<string, UserRow>();
  readonly roles = new Map<string, RoleRow>();
  readonly resources = new Map<string, ResourceRow>();
  readonly scopes = new Map<string, ScopeRow>();
  readonly applications = new Map<string, ApplicationRow>();
  readonly applicationSecrets = new Map<string, ApplicationSecretRow[]>();
  readonly organizations = new Map<string, OrganizationRow>();
  readonly organizationRoles = new Map<string, OrganizationRoleRow>();
  readonly organizationScopes = new Map<string, OrganizationScopeRow>();
  readonly invitations = new Map<string, InvitationRow>();
  readonly connectors: ConnectorRow[] = [];
  /** Sessions, grants, MFA, PATs, SSO identities, Logto configs (`user-security-tables.ts`). */
  readonly userSecurity = new UserSecurityTables();

  /** user ↔ role */
  readonly userRoles = new Relation();
  /** application ↔ role */
  readonly applicationRoles = new Relation();
  /** role ↔ (resource) scope */
  readonly roleScopes = new Relation();
  /** organization ↔ user */
  readonly organizationUsers = new Relation();
  /** organization ↔ application */
  readonly organizationApplications = new Relation();
  /** organization role ↔ organization scope */
  readonly organizationRoleScopes = new Relation();
  /** organization role ↔ resource scope */
  readonly organizationRoleResourceScopes = new Relation();
  /** invitation ↔ organization role */
  readonly invitationRoles = new Relation();
  /** organization × member user → organization roles */
  readonly organizationUserRoles = new OrganizationRoleGrants();
  /** organization × application → organization roles */
  readonly organizationApplicationRoles = new OrganizationRoleGrants();

  readonly #logs = new Map<string, LogRow>();
  #usersNewestFirst: UserRow[] | undefined;
  #logsNewestFirst: LogRow[] | undefined;

  constructor(readonly newId: IdGenerator) {}

  addUser(user: UserRow): void {
    this.users.set(user.id, user);
    this.#usersNewestFirst = undefined;
  }

  /** Replaces a stored user (a PATCH): the newest-first order is rebuilt from the new row. */
  updateUser(user: UserRow): void {
    this.users.set(user.id, user);
    this.#usersNewestFirst = undefined;
  }

  /**
   * The deletes below follow the `on delete cascade` foreign keys of Logto's tables: removing an
   * entity removes every relation row that names it.
   */
  removeUser(id: string): void {
    this.users.delete(id);
    this.#usersNewestFirst = undefined;
    this.userRoles.deleteAll('left', id);
    this.organizationUsers.deleteAll('right', id);
    this.organizationUserRoles.removeSubjectEverywhere(id);
    this.userSecurity.removeUser(id);
  }

  removeRole(id: string): void {
    this.roles.delete(id);
    this.userRoles.deleteAll('right', id);
    this.applicationRoles.deleteAll('right', id);
    this.roleScopes.deleteAll('left', id);
  }

  removeApplication(id: string): void {
    this.applications.delete(id);
    this.applicationSecrets.delete(id);
    this.applicationRoles.deleteAll('left', id);
    this.organizationApplications.deleteAll('right', id);
    this.organizationApplicationRoles.removeSubjectEverywhere(id);
  }

  removeOrganization(id: string): void {
    this.organizations.delete(id);
    this.organizationUsers.deleteAll('left', id);
    this.organizationApplications.deleteAll('left', id);
    this.organizationUserRoles.removeOrganization(id);
    this.organizationApplicationRoles.removeOrganization(id);
    for (const invitation of [...this.invitations.values()]) {
      if (invitation.organizationId !== id) continue;
      this.invitations.delete(invitation.id);
      this.invitationRoles.deleteAll('left', invitation.id);
    }
  }

  removeOrganizationRole(id: string): void {
    this.organizationRoles.delete(id);
    this.organizationRoleScopes.deleteAll('left', id);
    this.organizationRoleResourceScopes.deleteAll('left', id);
    this.invitationRoles.deleteAll('right', id);
    this.organizationUserRoles.removeRole(id);
    this.organizationApplicationRoles.removeRole(id);
  }

  removeOrganizationScope(id: string): void {
    this.organizationScopes.delete(id);
    this.organizationRoleScopes.deleteAll('right', id);
  }

  removeScope(id: string): void {
    this.scopes.delete(id);
    this.roleScopes.deleteAll('right', id);
    this.organizationRoleResourceScopes.deleteAll('right', id);
  }

  removeResource(id: string): void {
    this.resources.delete(id);
    for (const scope of this.scopesOfResource(id)) this.removeScope(scope.id);
  }

  /** Users ordered as `GET /api/users` orders them: `createdAt` descending. */
  usersNewestFirst(): readonly UserRow[] {
    this.#usersNewestFirst ??= [...this.users.values()].reverse().sort((a, b) => b.createdAt - a.createdAt);
    return this.#usersNewestFirst;
  }

  addLog(log: LogRow): void {
    this.#logs.set(log.id, log);
    this.#logsNewestFirst = undefined;
  }

  log(id: string): LogRow | undefined {
    return this.#logs.get(id);
  }

  /** Logs ordered as `GET /api/logs` orders them: `createdAt` descending, newest insert first on ties. */
  logsNewestFirst(): readonly LogRow[] {
    this.#logsNewestFirst ??= [...this.#logs.values()].reverse().sort((a, b) => b.createdAt - a.createdAt);
    return this.#logsNewestFirst;
  }

  get logCount(): number {
    return this.#logs.size;
  }

  /** The scopes of a resource, in insertion order. */
  scopesOfResource(resourceId: string): ScopeRow[] {
    return [...this.scopes.values()].filter((scope) => scope.resourceId === resourceId);
  }

  resourceByIndicator(indicator: string): ResourceRow | undefined {
    for (const resource of this.resources.values()) {
      if (resource.indicator === indicator) return resource;
    }
    return undefined;
  }
}
