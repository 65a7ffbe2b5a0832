import { TENANT_ID } from './constants.js';
import { jitTablesOf } from './management-routes/organization-jit.js';
import type { SandboxStore } from './store.js';

/** Where the seed puts its machine-to-machine member and just-in-time provisioning. */
export const EXTRAS_ORGANIZATION = 'Globex';
export const EXTRAS_APPLICATION = 'Payments Webhook Handler';
export const EXTRAS_M2M_ROLE = 'integration';
export const EXTRAS_EMAIL_DOMAIN = 'globex.test';
export const EXTRAS_SSO_CONNECTOR = 'Globex Okta';

/**
 * Beyond the recorded dump (which has no MachineToMachine organization role, no JIT data and no
 * SSO connector): one MachineToMachine organization role held by an M2M app in Globex, and Globex
 * auto-joining `@globex.test` with the `member` role through an SSO connector, so GraphiQL shows
 * an organization's applications and just-in-time provisioning with data. Ids come from the
 * store's runtime stream, after everything recorded, so the recorded entities keep their ids.
 */
export function seedOrganizationExtras(store: SandboxStore, createdAt: number): void {
  const organization = [...store.organizations.values()].find((org) => org.name === EXTRAS_ORGANIZATION);
  const application = [...store.applications.values()].find((app) => app.name === EXTRAS_APPLICATION);
  const member = [...store.organizationRoles.values()].find((role) => role.name === 'member');
  if (!organization || !application || !member) return;
  const roleId = store.newId();
  store.organizationRoles.set(roleId, {
    tenantId: TENANT_ID,
    id: roleId,
    name: EXTRAS_M2M_ROLE,
    description: 'Service integrations acting in the organization',
    type: 'MachineToMachine',
  });
  store.organizationApplications.add(organization.id, application.id);
  store.organizationApplicationRoles.add(organization.id, application.id, roleId);

  const jit = jitTablesOf(store);
  jit.emailDomains.set(organization.id, new Set([EXTRAS_EMAIL_DOMAIN]));
  jit.roles.add(organization.id, member.id);
  const connectorId = store.newId(12);
  jit.ssoConnectorRows.set(connectorId, {
    tenantId: TENANT_ID,
    id: connectorId,
    providerName: 'OIDC',
    connectorName: EXTRAS_SSO_CONNECTOR,
    config: {},
    domains: [EXTRAS_EMAIL_DOMAIN],
    branding: {},
    syncProfile: false,
    enableTokenStorage: false,
    createdAt,
  });
  jit.ssoConnectors.add(organization.id, connectorId);
}
