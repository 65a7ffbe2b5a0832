import { UserScope } from '@logto/core-kit';
import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import {
  addApplicationUserConsentOrganizations,
  type ApplicationPayload,
  assignApplicationUserConsentScopes,
  type ConsentOrganizationsPayload,
  removeApplicationUserConsentOrganization,
  removeApplicationUserConsentScope,
  replaceApplicationUserConsentOrganizations,
  setApplicationSignInExperience,
} from '../resolvers/application-consent-mutations.js';
import { applicationUserConsentOrganizationsConnection } from '../resolvers/application-screen.js';
import { builder } from './builder.js';
import { idOf, idsOf, lengthText } from './input-validation.js';
import { defineMutation, type MutationInputFieldBuilder } from './mutation-declaration.js';
import type { PayloadFieldBuilder } from './mutation-support.js';
import { ApplicationRef, OrganizationConnection, OrganizationRef } from './refs.js';

/**
 * What a third-party application asks users to consent to, the organizations a user shared with
 * it, and its own sign-in branding (issue 17). Tenant-wide only, `write:applications`.
 */

const all = [ValidationError, ConflictError, NotFoundError];
const appWriters = requires.tenant(SCOPES.writeApplications);
const applicationId = idOf('Application');
const applicationIdField = (t: MutationInputFieldBuilder) => t.id({ required: true, description: 'Global id or Logto id of a third-party application.' });

const applicationAfter = <Payload extends { applicationId: string }>(t: PayloadFieldBuilder<Payload>) =>
  t.field({
    type: ApplicationRef,
    nullable: true,
    description: 'The application, read after the change (its `userConsentScopes` / `signInExperience` show the result).',
    extensions: cost.load('applications', 'search'),
    resolve: (payload, _args, ctx) => ctx.loaders.applications.load(payload.applicationId),
  });

const applicationPayload = (name: string, description: string) =>
  builder.objectRef<ApplicationPayload>(name).implement({ description, fields: (t) => ({ application: applicationAfter(t) }) });

const USER_SCOPES = Object.values(UserScope) as [string, ...string[]];
const optionalIds = (typename: string) => z.array(idOf(typename)).max(100, 'Give at most 100 ids at once.').nullish();

defineMutation('assignApplicationUserConsentScopes', {
  does: 'Adds scopes a third-party application asks users to consent to',
  route: 'POST /api/applications/:applicationId/user-consent-scopes',
  details: 'Third-party apps only; scopes of the Logto Management API are refused.',
  input: {
    description: 'Scopes to add to what a third-party application asks for.',
    argument: 'The application and the scopes.',
    fields: (t) => ({
      applicationId: applicationIdField(t),
      organizationScopeIds: t.idList({ description: 'Organization scopes (global ids or Logto ids).' }),
      resourceScopeIds: t.idList({ description: 'API resource scopes (global ids or Logto ids).' }),
      organizationResourceScopeIds: t.idList({ description: 'API resource scopes granted through organization roles.' }),
      userScopes: t.stringList({ description: `OpenID user scopes: ${USER_SCOPES.map((scope) => `\`${scope}\``).join(', ')}.` }),
    }),
    validate: z.object({
      applicationId,
      organizationScopeIds: optionalIds('OrganizationScope'),
      resourceScopeIds: optionalIds('Scope'),
      organizationResourceScopeIds: optionalIds('Scope'),
      userScopes: z.array(z.enum(USER_SCOPES, { message: 'Not an OpenID user scope Logto knows.' })).nullish(),
    }),
  },
  errors: all,
  requires: appWriters,
  payload: applicationPayload('AssignApplicationUserConsentScopesPayload', 'The application `assignApplicationUserConsentScopes` changed.'),
  resolve: (ctx, input) => assignApplicationUserConsentScopes(ctx, input),
});

const ConsentScopeKindEnum = builder.enumType('ApplicationConsentScopeKind', {
  description: 'Which list of a third-party application’s consent scopes.',
  values: {
    ORGANIZATION_SCOPE: { value: 'organization-scopes', description: 'An organization scope (its id).' },
    RESOURCE_SCOPE: { value: 'resource-scopes', description: 'An API resource scope (its id).' },
    ORGANIZATION_RESOURCE_SCOPE: { value: 'organization-resource-scopes', description: 'An API resource scope granted through organization roles (its id).' },
    USER_SCOPE: { value: 'user-scopes', description: 'An OpenID user scope (its name, e.g. `email`).' },
  } as const,
});

defineMutation('removeApplicationUserConsentScope', {
  does: 'Removes one scope a third-party application asks users to consent to',
  route: 'DELETE /api/applications/:applicationId/user-consent-scopes/:scopeType/:scopeId',
  input: {
    description: 'One consent scope of an application.',
    argument: 'The application, the kind of scope and the scope.',
    fields: (t) => ({
      applicationId: applicationIdField(t),
      kind: t.field({ type: ConsentScopeKindEnum, required: true, description: 'Which list the scope is in.' }),
      scopeId: t.string({ required: true, description: 'The scope: an id (global or Logto) for scopes, the name for a USER_SCOPE.' }),
    }),
    validate: z.object({ applicationId, kind: z.string(), scopeId: z.string().min(1, 'Give a scope.').max(256, 'This is not a scope.') }),
  },
  errors: [ValidationError, NotFoundError],
  requires: appWriters,
  payload: applicationPayload('RemoveApplicationUserConsentScopePayload', 'The application `removeApplicationUserConsentScope` changed.'),
  resolve: (ctx, input) => removeApplicationUserConsentScope(ctx, input),
});

const url = z.union([z.literal(''), z.url('Give an absolute URL.')]).nullish();

defineMutation('setApplicationSignInExperience', {
  does: "Sets an application's own sign-in branding",
  route: 'PUT /api/applications/:applicationId/sign-in-experience',
  requests: { usually: 1, atMost: 2, when: 'when a logo, favicon or color changes: the current branding is read first because Logto replaces it whole' },
  details: 'Creates it the first time; later, fields not given keep their value and null clears one.',
  input: {
    description: "An application's sign-in branding and terms links, shown instead of the tenant's when users sign in to it.",
    argument: 'The application and what to set.',
    fields: (t) => ({
      applicationId: t.id({ required: true, description: 'Global id or Logto id of the application.' }),
      displayName: t.string({ description: 'Name shown on the sign-in page.' }),
      termsOfUseUrl: t.string({ description: 'Terms of use link; null clears it.' }),
      privacyPolicyUrl: t.string({ description: 'Privacy policy link; null clears it.' }),
      logoUrl: t.string({ description: 'Logo URL.' }),
      darkLogoUrl: t.string({ description: 'Logo URL for dark mode.' }),
      favicon: t.string({ description: 'Favicon URL.' }),
      primaryColor: t.string({ description: 'Primary color (`#rrggbb`).' }),
      darkPrimaryColor: t.string({ description: 'Primary color in dark mode.' }),
      customCss: t.string({ description: 'Custom CSS; null clears it.' }),
    }),
    validate: z.object({
      applicationId,
      displayName: z.string().max(256, 'A display name is at most 256 characters.').nullish(),
      termsOfUseUrl: url,
      privacyPolicyUrl: url,
      logoUrl: url,
      darkLogoUrl: url,
      favicon: url,
      primaryColor: z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'A color is `#rrggbb`.').nullish(),
      darkPrimaryColor: z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'A color is `#rrggbb`.').nullish(),
      customCss: z.string().max(65_536, 'Custom CSS is at most 64 KiB.').nullish(),
    }),
  },
  errors: all,
  requires: appWriters,
  payload: applicationPayload('SetApplicationSignInExperiencePayload', 'The application `setApplicationSignInExperience` changed.'),
  resolve: (ctx, input) => setApplicationSignInExperience(ctx, input),
});

const organizationIds = idsOf('Organization');
const consentFields = (t: MutationInputFieldBuilder) => ({
  applicationId: applicationIdField(t),
  userId: t.id({ required: true, description: 'Global id or Logto id of the user.' }),
});

const consentPayload = (name: string, description: string) =>
  builder.objectRef<ConsentOrganizationsPayload>(name).implement({
    description,
    fields: (t) => ({
      application: applicationAfter(t),
      organizations: t.connection(
        {
          type: OrganizationRef,
          nullable: true,
          description: 'The organizations the user now shares with the application.',
          authScopes: requires.tenant(SCOPES.readOrganizations),
          extensions: cost.list({ complete: 'organizations' }),
          // The write succeeded, so the application is a third-party one.
          resolve: (payload, args, ctx) => applicationUserConsentOrganizationsConnection(ctx, { id: payload.applicationId, isThirdParty: true }, payload.userId, args),
        },
        OrganizationConnection,
      ),
    }),
  });

defineMutation('addApplicationUserConsentOrganizations', {
  does: 'Shares organizations of a user with a third-party application',
  route: 'POST /api/applications/:id/users/:userId/consent-organizations',
  details: 'The user must be a member of each; organizations already shared stay as they are.',
  input: {
    description: 'Organizations a user shares with a third-party application.',
    argument: 'The application, the user and the organizations.',
    fields: (t) => ({ ...consentFields(t), organizationIds: t.idList({ required: true, description: `Global ids or Logto ids of organizations (${lengthText(organizationIds, '')}).` }) }),
    validate: z.object({ applicationId, userId: idOf('User'), organizationIds }),
  },
  errors: all,
  requires: appWriters,
  payload: consentPayload('AddApplicationUserConsentOrganizationsPayload', 'What `addApplicationUserConsentOrganizations` changed.'),
  resolve: (ctx, input) => addApplicationUserConsentOrganizations(ctx, input),
});

defineMutation('replaceApplicationUserConsentOrganizations', {
  does: 'Replaces the organizations a user shares with a third-party application',
  route: 'PUT /api/applications/:id/users/:userId/consent-organizations',
  details: 'The user must be a member of each; an empty list shares none.',
  input: {
    description: 'The whole set of organizations a user shares with a third-party application.',
    argument: 'The application, the user and the organizations.',
    fields: (t) => ({ ...consentFields(t), organizationIds: t.idList({ required: true, description: 'Global ids or Logto ids of organizations (at most 100; may be empty).' }) }),
    validate: z.object({ applicationId, userId: idOf('User'), organizationIds: z.array(idOf('Organization')).max(100, 'Give at most 100 ids at once.') }),
  },
  errors: all,
  requires: appWriters,
  payload: consentPayload('ReplaceApplicationUserConsentOrganizationsPayload', 'What `replaceApplicationUserConsentOrganizations` changed.'),
  resolve: (ctx, input) => replaceApplicationUserConsentOrganizations(ctx, input),
});

defineMutation('removeApplicationUserConsentOrganization', {
  does: 'Stops sharing one organization of a user with a third-party application',
  route: 'DELETE /api/applications/:id/users/:userId/consent-organizations/:organizationId',
  input: {
    description: 'One organization a user shares with a third-party application.',
    argument: 'The application, the user and the organization.',
    fields: (t) => ({ ...consentFields(t), organizationId: t.id({ required: true, description: 'Global id or Logto id of the organization.' }) }),
    validate: z.object({ applicationId, userId: idOf('User'), organizationId: idOf('Organization') }),
  },
  errors: all,
  requires: appWriters,
  payload: consentPayload('RemoveApplicationUserConsentOrganizationPayload', 'What `removeApplicationUserConsentOrganization` changed.'),
  resolve: (ctx, input) => removeApplicationUserConsentOrganization(ctx, input),
});
