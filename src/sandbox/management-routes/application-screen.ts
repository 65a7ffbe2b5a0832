import { randomBytes } from 'node:crypto';

import { z } from 'zod';

import { applicationScreen } from '../application-screen-store.js';
import { guardBody } from '../body-guard.js';
import { TENANT_ID } from '../constants.js';
import { entityNotExistsWithId, entityNotFound, LogtoError, requestInvalidInput } from '../errors.js';
import { listReply } from '../pagination.js';
import { del, get, patch, post, put, type RouteContext, type RouteDefinition } from '../router.js';
import type { ApplicationRow, ApplicationSecretRow } from '../rows.js';
import { badRequest, dbConstraintViolated, entityNotExists, jsonObject, nowMs, relationForeignKeyNotFound } from '../write-guards.js';

/**
 * An application's screen beyond its row (`routes/applications/application-{organization,
 * secret,custom-data,access-control,role,protected-app-metadata}.ts`): the organizations an app
 * is in, its secrets, custom data, access control, roles one by one, and protected-app domains.
 */

function findApplication(context: RouteContext, id = context.params.id ?? context.params.applicationId ?? ''): ApplicationRow {
  const application = context.store.applications.get(id);
  if (!application) throw entityNotExistsWithId('applications', id);
  return application;
}

/** `generateStandardSecret()`: 32 characters of [0-9A-Za-z]. */
function newSecret(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return [...randomBytes(32)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** `application_secrets` has a check that only types with secrets (`hasSecrets`) get one. */
const HAS_SECRETS: readonly string[] = ['MachineToMachine', 'Protected', 'Traditional', 'SAML'];

const onlyMachineToMachine = (application: ApplicationRow) => {
  if (application.type !== 'MachineToMachine') {
    throw new LogtoError(422, 'application.invalid_type', 'Only machine to machine applications can have associated roles.');
  }
};

const protectedOnly = (application: ApplicationRow) => {
  if (application.type !== 'Protected') {
    throw new LogtoError(422, 'application.protected_application_only', 'The feature is only available for protected applications.');
  }
};

const accessControlBody = z.object({
  userIds: z.array(z.string()),
  userRoleIds: z.array(z.string()),
  organizationIds: z.array(z.string()),
  organizationRoleRules: z.array(z.object({ organizationId: z.string(), organizationRoleIds: z.array(z.string()) })),
});

/** The canonical guard's transforms: lists deduplicated and sorted, rule groups of one organization merged. */
function normaliseAccessControl(body: z.output<typeof accessControlBody>) {
  const unique = (ids: readonly string[]) => [...new Set(ids)].sort();
  const rules = new Map<string, string[]>();
  for (const rule of body.organizationRoleRules) rules.set(rule.organizationId, [...(rules.get(rule.organizationId) ?? []), ...rule.organizationRoleIds]);
  return {
    userIds: unique(body.userIds),
    userRoleIds: unique(body.userRoleIds),
    organizationIds: unique(body.organizationIds),
    organizationRoleRules: [...rules.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([organizationId, organizationRoleIds]) => ({ organizationId, organizationRoleIds: unique(organizationRoleIds) })),
  };
}

export const applicationScreenRoutes: readonly RouteDefinition[] = [
  get(
    '/applications/:id/organizations',
    (context) => {
      const { store } = context;
      const application = findApplication(context);
      const organizations = [...store.organizations.values()]
        .filter((organization) => store.organizationApplications.has(organization.id, application.id))
        .map((organization) => ({
          ...organization,
          organizationRoles: [...store.organizationApplicationRoles.rolesOf(organization.id, application.id)].map((roleId) => ({
            id: roleId,
            name: store.organizationRoles.get(roleId)?.name ?? '',
          })),
        }));
      return listReply(context, organizations);
    },
    { pagination: 'optional' },
  ),

  // Logto checks the expiry, then the app; the database refuses a secret for a type without secrets.
  post('/applications/:id/secrets', (context) => {
    const { store } = context;
    const body = guardBody(z.object({ name: z.string().min(1).max(256), expiresAt: z.number().nullable().optional() }), context.body);
    if (body.expiresAt && body.expiresAt <= nowMs()) throw requestInvalidInput('The value of `expiresAt` must be in the future.', false);
    const application = findApplication(context);
    const secrets = store.applicationSecrets.get(application.id) ?? [];
    if (secrets.some((secret) => secret.name === body.name)) throw new LogtoError(422, 'application.secret_name_exists', 'Secret name already exists.');
    if (!HAS_SECRETS.includes(application.type)) throw dbConstraintViolated();
    const secret: ApplicationSecretRow = {
      tenantId: TENANT_ID,
      applicationId: application.id,
      name: body.name,
      value: newSecret(),
      createdAt: nowMs(),
      expiresAt: body.expiresAt ?? null,
    };
    store.applicationSecrets.set(application.id, [...secrets, secret]);
    return { status: 201, body: secret };
  }),

  patch('/applications/:id/secrets/:name', (context) => {
    const { store } = context;
    const { name } = guardBody(z.object({ name: z.string().min(1).max(256) }), context.body);
    const application = findApplication(context);
    const secrets = store.applicationSecrets.get(application.id) ?? [];
    const current = secrets.find((secret) => secret.name === context.params.name);
    if (!current) throw entityNotExists('application_secret');
    if (name !== current.name && secrets.some((secret) => secret.name === name)) {
      throw new LogtoError(422, 'application.secret_name_exists', 'Secret name already exists.');
    }
    const renamed = { ...current, name };
    store.applicationSecrets.set(application.id, secrets.map((secret) => (secret === current ? renamed : secret)));
    return { status: 200, body: renamed };
  }),

  del('/applications/:id/secrets/:name', (context) => {
    const { store } = context;
    const application = findApplication(context);
    const secrets = store.applicationSecrets.get(application.id) ?? [];
    if (!secrets.some((secret) => secret.name === context.params.name)) throw entityNotFound();
    store.applicationSecrets.set(application.id, secrets.filter((secret) => secret.name !== context.params.name));
    return { status: 204 };
  }),

  // Every app created through the API keeps only an internal secret on its row: 400 unless one was planted.
  del('/applications/:id/legacy-secret', (context) => {
    const application = findApplication(context);
    const screen = applicationScreen(context.store);
    if (!screen.legacySecrets.delete(application.id)) throw badRequest('application.no_legacy_secret_found', 'The application does not have a legacy secret.');
    return { status: 200, body: application };
  }),

  // `updateApplicationById(id, { customData })`: a jsonb merge of the top-level keys.
  patch('/applications/:applicationId/custom-data', (context) => {
    const { store } = context;
    const patchBody = guardBody(jsonObject, context.body);
    const application = store.applications.get(context.params.applicationId ?? '');
    if (!application) throw entityNotExists('application');
    const updated = { ...application, customData: { ...application.customData, ...patchBody } };
    store.applications.set(application.id, updated);
    return { status: 200, body: updated.customData };
  }),

  get('/applications/:applicationId/access-control', (context) => {
    const application = findApplication(context);
    const empty = { userIds: [], userRoleIds: [], organizationIds: [], organizationRoleRules: [] };
    return { status: 200, body: applicationScreen(context.store).accessControl.get(application.id) ?? empty };
  }),

  put('/applications/:applicationId/access-control', (context) => {
    const { store } = context;
    const accessControl = normaliseAccessControl(guardBody(accessControlBody, context.body));
    if (accessControl.organizationRoleRules.some((rule) => rule.organizationRoleIds.length === 0)) {
      throw new LogtoError(422, 'request.invalid_input', 'Input is invalid. Organization-role rule groups must include at least one organization role.');
    }
    const application = findApplication(context);
    const known =
      accessControl.userIds.every((id) => store.users.has(id)) &&
      accessControl.userRoleIds.every((id) => store.roles.has(id)) &&
      accessControl.organizationIds.every((id) => store.organizations.has(id)) &&
      accessControl.organizationRoleRules.every(
        (rule) => store.organizations.has(rule.organizationId) && rule.organizationRoleIds.every((id) => store.organizationRoles.has(id)),
      );
    // Unlike the relation routes, this replace answers an unknown id with a 404 (recording 238).
    if (!known) throw new LogtoError(404, relationForeignKeyNotFound().code, relationForeignKeyNotFound().message);
    applicationScreen(store).accessControl.set(application.id, accessControl);
    return { status: 200, body: accessControl };
  }),

  post('/applications/:applicationId/roles', (context) => {
    const { store } = context;
    const { roleIds } = guardBody(z.object({ roleIds: z.array(z.string().min(1)) }), context.body);
    const application = findApplication(context);
    onlyMachineToMachine(application);
    const existing = store.applicationRoles.rightsOf(application.id);
    const toAdd = [...new Set(roleIds)].filter((id) => !existing.has(id));
    for (const roleId of toAdd) {
      const role = store.roles.get(roleId);
      if (role && role.type !== 'MachineToMachine') throw new LogtoError(422, 'application.invalid_role_type', 'Can not assign user type role to machine to machine application.');
    }
    for (const roleId of toAdd) if (!store.roles.has(roleId)) throw entityNotExistsWithId('roles', roleId);
    for (const roleId of toAdd) store.applicationRoles.add(application.id, roleId);
    return { status: 201, body: { roleIds, addedRoleIds: toAdd } };
  }),

  put('/applications/:applicationId/roles', (context) => {
    const { store } = context;
    const { roleIds } = guardBody(z.object({ roleIds: z.array(z.string().min(1)) }), context.body);
    const application = findApplication(context);
    onlyMachineToMachine(application);
    const existing = store.applicationRoles.rightsOf(application.id);
    const toAdd = roleIds.filter((id) => !existing.has(id));
    for (const roleId of toAdd) if (!store.roles.has(roleId)) throw entityNotExistsWithId('roles', roleId);
    for (const roleId of [...existing]) if (!roleIds.includes(roleId)) store.applicationRoles.delete(application.id, roleId);
    for (const roleId of toAdd) {
      // `applications_roles` checks the role type in the database.
      if (store.roles.get(roleId)?.type !== 'MachineToMachine') throw dbConstraintViolated();
      store.applicationRoles.add(application.id, roleId);
    }
    return { status: 200 };
  }),

  del('/applications/:applicationId/roles/:roleId', (context) => {
    const application = findApplication(context);
    onlyMachineToMachine(application);
    if (!context.store.applicationRoles.delete(application.id, context.params.roleId ?? '')) throw entityNotFound();
    return { status: 204 };
  }),

  // Protected apps need Logto Cloud's provider: on OSS no app can be Protected (creating one is 501).
  get('/applications/:id/protected-app-metadata/custom-domains', (context) => {
    const application = findApplication(context);
    protectedOnly(application);
    const domains = (application.protectedAppMetadata as { customDomains?: unknown[] } | null)?.customDomains;
    return { status: 200, body: domains ?? [] };
  }),

  post('/applications/:id/protected-app-metadata/custom-domains', (context) => {
    const application = findApplication(context);
    protectedOnly(application);
    guardBody(z.object({ domain: z.string() }), context.body);
    throw new LogtoError(501, 'application.protected_app_not_configured', 'Protected app provider is not configured. This feature is not available for open source version.');
  }),

  del('/applications/:id/protected-app-metadata/custom-domains/:domain', (context) => {
    const application = findApplication(context);
    protectedOnly(application);
    throw new LogtoError(404, 'application.custom_domain_not_found', 'Custom domain not found.');
  }),
];
