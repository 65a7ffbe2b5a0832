import { TENANT_ID } from './constants.js';
import type { SandboxStore } from './store.js';

/**
 * The tables behind an application's screen (Logto's `applications_user_consent_*_scopes`,
 * `application_user_consent_organizations`, `application_sign_in_experiences`, its access-control
 * rules, and which apps still hold a legacy secret), kept beside `SandboxStore` rather than in it
 * so this family's tables stay in one module. Rows naming deleted entities are filtered on read,
 * which is what Logto's `on delete cascade` keys make of them.
 */

export type ConsentScopeSets = {
  readonly organizationScopes: Set<string>;
  readonly resourceScopes: Set<string>;
  readonly organizationResourceScopes: Set<string>;
  readonly userScopes: Set<string>;
};

export type AccessControlRow = {
  userIds: string[];
  userRoleIds: string[];
  organizationIds: string[];
  organizationRoleRules: { organizationId: string; organizationRoleIds: string[] }[];
};

export type ApplicationSignInExperienceRow = {
  tenantId: string;
  applicationId: string;
  color: Record<string, unknown>;
  branding: Record<string, unknown>;
  customCss: string | null;
  termsOfUseUrl: string | null;
  privacyPolicyUrl: string | null;
  displayName: string | null;
};

export class ApplicationScreenTables {
  readonly #consentScopes = new Map<string, ConsentScopeSets>();
  /** application → user → organizations the user consented to share, in insertion order. */
  readonly #consentOrganizations = new Map<string, Map<string, Set<string>>>();
  readonly signInExperiences = new Map<string, ApplicationSignInExperienceRow>();
  readonly accessControl = new Map<string, AccessControlRow>();
  /** Apps whose row still holds a secret created before `application_secrets` (Logto < 1.19). */
  readonly legacySecrets = new Set<string>();

  consentScopes(applicationId: string): ConsentScopeSets {
    let sets = this.#consentScopes.get(applicationId);
    if (!sets) {
      sets = { organizationScopes: new Set(), resourceScopes: new Set(), organizationResourceScopes: new Set(), userScopes: new Set() };
      this.#consentScopes.set(applicationId, sets);
    }
    return sets;
  }

  /** Users who consented to share organizations with the application. */
  consentOrganizationUsers(applicationId: string): string[] {
    return [...(this.#consentOrganizations.get(applicationId) ?? new Map<string, Set<string>>()).entries()].filter(([, ids]) => ids.size > 0).map(([userId]) => userId);
  }

  consentOrganizations(applicationId: string, userId: string): Set<string> {
    const byUser = this.#consentOrganizations.get(applicationId) ?? new Map<string, Set<string>>();
    this.#consentOrganizations.set(applicationId, byUser);
    const organizations = byUser.get(userId) ?? new Set<string>();
    byUser.set(userId, organizations);
    return organizations;
  }
}

const tables = new WeakMap<SandboxStore, ApplicationScreenTables>();

/**
 * The store's application-screen tables. Seeded on first use (not in `seed.ts`, which every
 * family shares), before any route can write them: the third-party "Example Analytics" app asks
 * for some organization, resource and user scopes, has its own sign-in branding, and one Acme
 * member consented to share Acme with it — so GraphiQL shows a filled screen.
 */
export function applicationScreen(store: SandboxStore): ApplicationScreenTables {
  let screen = tables.get(store);
  if (screen) return screen;
  screen = new ApplicationScreenTables();
  tables.set(store, screen);
  seedApplicationScreen(store, screen);
  return screen;
}

function seedApplicationScreen(store: SandboxStore, screen: ApplicationScreenTables): void {
  const app = [...store.applications.values()].find((row) => row.isThirdParty && row.name.startsWith('Example Analytics'));
  if (!app) return;
  const scopes = screen.consentScopes(app.id);
  for (const scope of store.organizationScopes.values()) if (scope.name === 'read:members' || scope.name === 'view:projects') scopes.organizationScopes.add(scope.id);
  for (const scope of store.scopes.values()) if (scope.name === 'read:items' || scope.name === 'read:reports') scopes.resourceScopes.add(scope.id);
  for (const scope of store.scopes.values()) if (scope.name === 'read:invoices') scopes.organizationResourceScopes.add(scope.id);
  for (const scope of ['profile', 'email', 'urn:logto:scope:organizations']) scopes.userScopes.add(scope);
  screen.signInExperiences.set(app.id, {
    tenantId: TENANT_ID,
    applicationId: app.id,
    color: { primaryColor: '#0b6e4f' },
    branding: { logoUrl: 'https://analytics-partner.example.net/logo.png' },
    customCss: null,
    termsOfUseUrl: 'https://analytics-partner.example.net/terms',
    privacyPolicyUrl: 'https://analytics-partner.example.net/privacy',
    displayName: 'Example Analytics',
  });
  const acme = [...store.organizations.values()].find((org) => org.name === 'Acme Corp');
  const member = acme ? [...store.organizationUsers.rightsOf(acme.id)][0] : undefined;
  if (acme && member) screen.consentOrganizations(app.id, member).add(acme.id);
}
