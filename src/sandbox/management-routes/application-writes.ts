import { randomBytes } from 'node:crypto';

import { z } from 'zod';

import { isLogtoRedirectUri, LENGTHS } from '../../logto/input-rules.js';
import { guardBody } from '../body-guard.js';
import { INTERNAL_ADMIN_ROLE_NAME, TENANT_ID } from '../constants.js';
import { entityNotExistsWithId, LogtoError } from '../errors.js';
import { del, patch, post, type RouteContext, type RouteDefinition } from '../router.js';
import type { ApplicationRow, ApplicationType } from '../rows.js';
import { badRequest, jsonObject, nowMs } from '../write-guards.js';

/** Logto's application write routes (`routes/applications/application.ts`). */

const APPLICATION_TYPES = ['Native', 'SPA', 'Traditional', 'MachineToMachine', 'Protected', 'SAML'] as const;

/** Types that get a client secret (`hasSecrets`). */
const CONFIDENTIAL: readonly ApplicationType[] = ['MachineToMachine', 'Protected', 'Traditional', 'SAML'];

const redirectUri = z.string().refine(isLogtoRedirectUri);

/** `oidcClientMetadataGuard`: when given, both URI lists are required. */
const oidcClientMetadata = z.object({
  redirectUris: z.array(redirectUri),
  postLogoutRedirectUris: z.array(redirectUri),
  backchannelLogoutUri: z.url().optional(),
  backchannelLogoutSessionRequired: z.boolean().optional(),
  logoUri: z.string().optional(),
});

const createBody = z.object({
  name: z.string().max(LENGTHS.applicationName),
  type: z.enum(APPLICATION_TYPES),
  description: z.string().nullable().optional(),
  oidcClientMetadata: oidcClientMetadata.optional(),
  customClientMetadata: jsonObject.optional(),
  customData: jsonObject.optional(),
  isThirdParty: z.boolean().optional(),
  protectedAppMetadata: z.object({ subDomain: z.string(), origin: z.string() }).optional(),
});

const updateBody = z
  .object({
    name: z.string().max(LENGTHS.applicationName),
    description: z.string().nullable(),
    oidcClientMetadata,
    customClientMetadata: jsonObject,
    customData: jsonObject,
    appLevelAccessControlEnabled: z.boolean(),
    isAdmin: z.boolean(),
  })
  .partial();

const useSamlApi = () => badRequest('application.saml.use_saml_app_api', 'Use `[METHOD] /saml-applications(/.*)?` API to operate SAML app.');

function findApplication(context: RouteContext): ApplicationRow {
  const id = context.params.id ?? '';
  const application = context.store.applications.get(id);
  if (!application) throw entityNotExistsWithId('applications', id);
  return application;
}

/** `generateStandardSecret()`: 32 characters of [0-9A-Za-z]. */
function newSecret(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return [...randomBytes(32)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export const applicationWriteRoutes: readonly RouteDefinition[] = [
  post('/applications', (context) => {
    const { store } = context;
    const { protectedAppMetadata, ...body } = guardBody(createBody, context.body);
    if (body.type === 'SAML') throw useSamlApi();
    if (body.type === 'Protected') {
      if (!protectedAppMetadata) throw badRequest('application.protected_app_metadata_is_required', 'Protected app metadata is required.');
      // OSS Logto has no protected-app provider (Cloudflare) to register the app with.
      throw new LogtoError(
        501,
        'application.protected_app_not_configured',
        'Protected app provider is not configured. This feature is not available for open source version.',
      );
    }
    if (body.isThirdParty && !['Traditional', 'SPA', 'Native'].includes(body.type)) {
      throw badRequest(
        'application.invalid_third_party_application_type',
        'Only traditional web, single-page, and native applications can be marked as third-party apps.',
      );
    }
    const application: ApplicationRow = {
      tenantId: TENANT_ID,
      id: store.newId(),
      name: body.name,
      description: body.description ?? null,
      type: body.type,
      oidcClientMetadata: { redirectUris: [], postLogoutRedirectUris: [], ...body.oidcClientMetadata },
      customClientMetadata: body.customClientMetadata ?? {},
      protectedAppMetadata: null,
      customData: body.customData ?? {},
      isThirdParty: body.isThirdParty ?? false,
      appLevelAccessControlEnabled: false,
      createdAt: nowMs(),
    };
    store.applications.set(application.id, application);
    if (CONFIDENTIAL.includes(application.type)) {
      // The answer never carries it: the secret lives in `application_secrets`
      // (`GET /api/applications/:id/secrets`), the row only holds an internal one.
      store.applicationSecrets.set(application.id, [
        { tenantId: TENANT_ID, applicationId: application.id, name: 'Default secret', value: newSecret(), createdAt: application.createdAt, expiresAt: null },
      ]);
    }
    return { status: 200, body: application };
  }),

  patch('/applications/:id', (context) => {
    const { store } = context;
    const { isAdmin, ...body } = guardBody(updateBody, context.body);
    const application = findApplication(context);
    if (application.type === 'SAML') throw useSamlApi();
    if (isAdmin !== undefined) {
      // Deprecated in Logto: the console's "admin access" toggle, through the internal admin role.
      const adminRole = [...store.roles.values()].find((role) => role.name === INTERNAL_ADMIN_ROLE_NAME);
      if (adminRole && isAdmin) store.applicationRoles.add(application.id, adminRole.id);
      if (adminRole && !isAdmin) store.applicationRoles.delete(application.id, adminRole.id);
    }
    if (Object.keys(body).length === 0) return { status: 200, body: application };
    // `jsonbMode: 'replace'`, and `oidcClientMetadata` is stored as given.
    const updated: ApplicationRow = { ...application, ...body };
    store.applications.set(application.id, updated);
    return { status: 200, body: updated };
  }),

  del('/applications/:id', (context) => {
    const application = findApplication(context);
    if (application.type === 'SAML') throw useSamlApi();
    context.store.removeApplication(application.id);
    return { status: 204 };
  }),
];
