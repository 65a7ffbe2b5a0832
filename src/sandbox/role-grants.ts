/**
 * Organization roles granted to a subject (a member user or an application) inside one
 * organization: Logto's three-way `organization_role_*_relations` tables.
 */
export class OrganizationRoleGrants {
  readonly #grants = new Map<string, Map<string, Set<string>>>();

  add(organizationId: string, subjectId: string, organizationRoleId: string): boolean {
    const subjects = this.#grants.get(organizationId) ?? new Map<string, Set<string>>();
    const roles = subjects.get(subjectId) ?? new Set<string>();
    if (roles.has(organizationRoleId)) return false;
    roles.add(organizationRoleId);
    subjects.set(subjectId, roles);
    this.#grants.set(organizationId, subjects);
    return true;
  }

  /** The roles of one subject in one organization, in the order they were granted. */
  rolesOf(organizationId: string, subjectId: string): ReadonlySet<string> {
    return this.#grants.get(organizationId)?.get(subjectId) ?? EMPTY;
  }

  /** A subject left the organization: its roles there go too (Logto cascades the delete). */
  removeSubject(organizationId: string, subjectId: string): void {
    this.#grants.get(organizationId)?.delete(subjectId);
  }

  get size(): number {
    let size = 0;
    for (const subjects of this.#grants.values()) {
      for (const roles of subjects.values()) size += roles.size;
    }
    return size;
  }
}

const EMPTY: ReadonlySet<string> = new Set();
