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

  /** Takes one role from a subject in one organization; false when it did not hold it. */
  delete(organizationId: string, subjectId: string, organizationRoleId: string): boolean {
    return this.#grants.get(organizationId)?.get(subjectId)?.delete(organizationRoleId) ?? false;
  }

  /** An organization role was deleted: nobody holds it any more, anywhere. */
  removeRole(organizationRoleId: string): void {
    for (const subjects of this.#grants.values()) {
      for (const roles of subjects.values()) roles.delete(organizationRoleId);
    }
  }

  /** An organization was deleted: every grant inside it goes. */
  removeOrganization(organizationId: string): void {
    this.#grants.delete(organizationId);
  }

  /** A user or application was deleted: its grants in every organization go. */
  removeSubjectEverywhere(subjectId: string): void {
    for (const subjects of this.#grants.values()) subjects.delete(subjectId);
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
