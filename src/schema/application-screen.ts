import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { encodeGlobalId } from '../global-id.js';
import {
  type ApplicationAccessControl,
  applicationAccessControl,
  type ApplicationOrganization,
  applicationOrganizationsConnection,
  type ApplicationSecretMetadata,
  applicationSecrets,
  type ApplicationSignInExperience,
  applicationSignInExperience,
  applicationUserConsentOrganizationsConnection,
  applicationUserConsentScopes,
  type ConsentResourceScopes,
  type UserConsentScopes,
} from '../resolvers/application-screen.js';
import { builder } from './builder.js';
import { ApplicationRef, OrganizationConnection, OrganizationRef, OrganizationRoleRef, OrganizationScopeRef, ResourceRef, ScopeRef } from './refs.js';

/**
 * An application's screen (issue 17): the organizations it is in, its secrets (metadata only),
 * what a third-party app asks users to consent to, its own sign-in branding and its access control.
 */

export const ApplicationSecretRef = builder.objectRef<ApplicationSecretMetadata>('ApplicationSecret').implement({
  description: 'A client secret of an application, without its value: the value is shown once, by `createApplicationSecret`, and never again.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Name of the secret, unique within the application.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was created.', resolve: (secret) => secret.createdAt }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, description: 'When it stops working; null when it never expires.', resolve: (secret) => secret.expiresAt }),
  }),
});

/** Edges of `Application.organizations` carry the app's organization roles there. */
const ApplicationOrganizationConnection = builder.connectionObject(
  { type: OrganizationRef, name: 'ApplicationOrganizationConnection', description: "A page of a machine-to-machine application's organizations." },
  {
    name: 'ApplicationOrganizationEdge',
    description: 'An organization the application is in, with the organization roles it holds there.',
    fields: (t) => ({
      organizationRoles: t.field({
        type: [OrganizationRoleRef],
        description: "The application's organization roles in this organization.",
        resolve: (edge) => (edge.node as ApplicationOrganization).organizationRoles,
      }),
    }),
  },
);

const ConsentResourceScopesRef = builder.objectRef<ConsentResourceScopes>('ApplicationConsentResourceScopes').implement({
  description: 'Scopes of one API resource that a third-party application asks users to consent to.',
  fields: (t) => ({
    resource: t.field({
      type: ResourceRef,
      nullable: true,
      description: 'The API resource.',
      authScopes: requires.tenant(SCOPES.readResources),
      extensions: cost.load('resources'),
      resolve: (group, _args, ctx) => ctx.loaders.resources.load(group.resource.id),
    }),
    scopes: t.field({
      type: [ScopeRef],
      nullable: { list: true, items: true },
      description: 'Its scopes the application asks for.',
      authScopes: requires.tenant(SCOPES.readResources),
      extensions: cost.load('scopes'),
      resolve: (group, _args, ctx) => Promise.all(group.scopes.map((scope) => ctx.loaders.scopes.load(scope.id))),
    }),
  }),
});

const UserConsentScopesRef = builder.objectRef<UserConsentScopes>('ApplicationUserConsentScopes').implement({
  description: 'What a third-party application asks users to consent to when they sign in to it (first-party apps ask for nothing).',
  fields: (t) => ({
    organizationScopes: t.field({
      type: [OrganizationScopeRef],
      nullable: { list: true, items: true },
      description: 'Organization scopes (permissions in the organizations the user shares).',
      authScopes: requires.tenant(SCOPES.readOrganizations),
      extensions: cost.load('organizationScopes'),
      resolve: (consent, _args, ctx) => Promise.all(consent.organizationScopes.map((scope) => ctx.loaders.organizationScopes.load(scope.id))),
    }),
    resourceScopes: t.field({ type: [ConsentResourceScopesRef], description: 'API resource scopes, grouped per resource.', resolve: (consent) => consent.resourceScopes }),
    organizationResourceScopes: t.field({
      type: [ConsentResourceScopesRef],
      description: 'API resource scopes granted through organization roles, grouped per resource.',
      resolve: (consent) => consent.organizationResourceScopes,
    }),
    userScopes: t.stringList({ description: 'OpenID user scopes (`profile`, `email`, `urn:logto:scope:organizations`, …).', resolve: (consent) => [...consent.userScopes] }),
  }),
});

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const SignInExperienceRef = builder.objectRef<ApplicationSignInExperience>('ApplicationSignInExperience').implement({
  description: "An application's own sign-in branding and terms links, shown instead of the tenant's when users sign in to it.",
  fields: (t) => ({
    displayName: t.string({ nullable: true, description: 'Name shown on the sign-in page.', resolve: (experience) => experience.displayName }),
    termsOfUseUrl: t.string({ nullable: true, description: 'Terms of use link.', resolve: (experience) => experience.termsOfUseUrl }),
    privacyPolicyUrl: t.string({ nullable: true, description: 'Privacy policy link.', resolve: (experience) => experience.privacyPolicyUrl }),
    logoUrl: t.string({ nullable: true, description: 'Logo.', resolve: (experience) => text(experience.branding.logoUrl) }),
    darkLogoUrl: t.string({ nullable: true, description: 'Logo for dark mode.', resolve: (experience) => text(experience.branding.darkLogoUrl) }),
    favicon: t.string({ nullable: true, description: 'Favicon.', resolve: (experience) => text(experience.branding.favicon) }),
    primaryColor: t.string({ nullable: true, description: 'Primary color (`#rrggbb`).', resolve: (experience) => text(experience.color.primaryColor) }),
    darkPrimaryColor: t.string({ nullable: true, description: 'Primary color in dark mode.', resolve: (experience) => text(experience.color.darkPrimaryColor) }),
    customCss: t.string({ nullable: true, description: 'Custom CSS of the sign-in page.', resolve: (experience) => experience.customCss }),
  }),
});

const OrganizationRoleRuleRef = builder
  .objectRef<ApplicationAccessControl['organizationRoleRules'][number]>('ApplicationOrganizationRoleRule')
  .implement({
    description: 'Users holding one of these organization roles in this organization may sign in.',
    fields: (t) => ({
      organizationId: t.id({ description: 'Global id of the organization.', resolve: (rule) => encodeGlobalId('Organization', rule.organizationId) }),
      organizationRoleIds: t.idList({ description: 'Global ids of the organization roles.', resolve: (rule) => rule.organizationRoleIds.map((id) => encodeGlobalId('OrganizationRole', id)) }),
    }),
  });

/** Ids, not objects: the lists are unbounded and `nodes(ids:)` reads them at a cost it can state. */
export const AccessControlRef = builder.objectRef<ApplicationAccessControl>('ApplicationAccessControl').implement({
  description:
    'Who may sign in to the application when its app-level access control is on: any user named, holding a role named, member of an organization named, or holding an organization role of a rule. Ids are global ids; read the objects with `nodes(ids:)`.',
  fields: (t) => ({
    userIds: t.idList({ description: 'Users allowed by id.', resolve: (control) => control.userIds.map((id) => encodeGlobalId('User', id)) }),
    userRoleIds: t.idList({ description: 'Tenant roles whose holders are allowed.', resolve: (control) => control.userRoleIds.map((id) => encodeGlobalId('Role', id)) }),
    organizationIds: t.idList({ description: 'Organizations whose members are allowed.', resolve: (control) => control.organizationIds.map((id) => encodeGlobalId('Organization', id)) }),
    organizationRoleRules: t.field({ type: [OrganizationRoleRuleRef], description: 'Organization roles, per organization, whose holders are allowed.', resolve: (control) => control.organizationRoleRules }),
  }),
});

builder.objectFields(ApplicationRef, (t) => ({
  organizations: t.connection(
    {
      type: OrganizationRef,
      nullable: true,
      description: 'Organizations a machine-to-machine application is in; each edge carries its organization roles there. Empty for other kinds.',
      authScopes: requires.tenant(SCOPES.readOrganizations),
      extensions: cost.list({ complete: 'organizations' }),
      resolve: (application, args, ctx) => applicationOrganizationsConnection(ctx, application, args),
    },
    ApplicationOrganizationConnection,
  ),
  secrets: t.field({
    type: [ApplicationSecretRef],
    nullable: true,
    description:
      'Client secrets: names, creation and expiry, never the values. A plain list because Logto returns it whole. Empty, without a request, for public apps (SPA, native).',
    authScopes: requires.tenant(SCOPES.readApplicationsSensitive),
    extensions: cost.wholeList(),
    resolve: (application, _args, ctx) => applicationSecrets(ctx, application),
  }),
  userConsentScopes: t.field({
    type: UserConsentScopesRef,
    nullable: true,
    description: 'What a third-party application asks users to consent to (empty lists for first-party apps).',
    authScopes: requires.tenant(SCOPES.readApplications),
    extensions: cost.wholeList(),
    resolve: (application, _args, ctx) => applicationUserConsentScopes(ctx, application),
  }),
  userConsentOrganizations: t.connection(
    {
      type: OrganizationRef,
      nullable: true,
      description:
        'Organizations the user named by `userId` agreed to share with this third-party application. Empty, without a request, for first-party apps and without `userId` (Logto keeps these per user).',
      args: { userId: t.arg.id({ description: 'Global id or Logto id of the user (needed: without it the connection is empty).' }) },
      authScopes: requires.tenant(SCOPES.readOrganizations),
      extensions: cost.list({ complete: 'organizations' }),
      resolve: (application, args, ctx) => applicationUserConsentOrganizationsConnection(ctx, application, args.userId, args),
    },
    OrganizationConnection,
  ),
  signInExperience: t.field({
    type: SignInExperienceRef,
    nullable: true,
    description: "The application's own sign-in branding; null when it uses the tenant's.",
    authScopes: requires.tenant(SCOPES.readApplications),
    extensions: cost.wholeList(),
    resolve: (application, _args, ctx) => applicationSignInExperience(ctx, application),
  }),
  accessControl: t.field({
    type: AccessControlRef,
    nullable: true,
    description: 'Who may sign in to the application when app-level access control is on.',
    authScopes: requires.tenant(SCOPES.readApplicationsSensitive),
    extensions: cost.wholeList(),
    resolve: (application, _args, ctx) => applicationAccessControl(ctx, application),
  }),
}));
