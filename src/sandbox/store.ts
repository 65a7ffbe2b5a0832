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
