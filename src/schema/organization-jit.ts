import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import {
  addOrganizationJitEmailDomain,
  addOrganizationJitRoles,
  addOrganizationJitSsoConnectors,
  jitDefaultRoles,
  jitEmailDomains,
  jitSsoConnectors,
  type OrganizationChange,
  removeOrganizationJitEmailDomain,
  removeOrganizationJitRole,
  removeOrganizationJitSsoConnector,
  replaceOrganizationJitEmailDomains,
  replaceOrganizationJitRoles,
  replaceOrganizationJitSsoConnectors,
  type SsoConnectorRow,
} from '../resolvers/organization-links.js';
import { builder } from './builder.js';
import { idOf, idRule, idsOf, lengthText } from './input-validation.js';
import { defineMutation, type MutationInputFieldBuilder } from './mutation-declaration.js';
import { organizationChangePayload } from './organization-applications.js';
import { OrganizationRef, OrganizationRoleRef } from './refs.js';

/**
 * Just-in-time provisioning of an organization (Logto's `/organizations/:id/jit/…`): who joins it
 * automatically on sign-up or sign-in (verified email domains, enterprise SSO connectors) and with
 * which organization roles. Each list is read whole, in one request: Logto pages them only when
 * asked, and an organization has a handful of entries, so they are plain lists, not connections.
 */

const SsoConnectorRef = builder.objectRef<SsoConnectorRow>('OrganizationSsoConnector').implement({
  description: "An enterprise SSO connector whose users join the organization. Its configuration (client secrets) is never exposed.",
  fields: (t) => ({
    logtoId: t.exposeString('id', { description: "Logto's own id of the SSO connector." }),
    providerName: t.exposeString('providerName', { description: 'The identity provider kind (`OIDC`, `SAML`, `Okta`, …).' }),
    connectorName: t.exposeString('connectorName', { description: 'Display name of the connector.' }),
    domains: t.exposeStringList('domains', { description: 'Email domains that sign in through this connector.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When the connector was created.', resolve: (row) => row.createdAt }),
  }),
});

const OrganizationJitRef = builder.objectRef<OrganizationChange>('OrganizationJit').implement({
  description: 'Just-in-time provisioning: who joins the organization automatically, and with which roles.',
  fields: (t) => ({
    emailDomains: t.stringList({
      nullable: true,
      description: 'Users with a verified email address at one of these domains join on sign-up or sign-in (one upstream request).',
      authScopes: (jit) => requires.organization(SCOPES.readOrganizations, jit.organizationId),
      extensions: cost.wholeList(),
      resolve: (jit, _args, ctx) => jitEmailDomains(ctx, jit.organizationId),
    }),
    defaultRoles: t.field({
      type: [OrganizationRoleRef],
      nullable: true,
      description: 'Organization roles given to users who join just in time (one upstream request).',
      authScopes: (jit) => requires.organization(SCOPES.readOrganizations, jit.organizationId),
      extensions: cost.wholeList(),
      resolve: (jit, _args, ctx) => jitDefaultRoles(ctx, jit.organizationId),
    }),
    ssoConnectors: t.field({
      type: [SsoConnectorRef],
      nullable: true,
      description: 'Enterprise SSO connectors whose users join on sign-in (one upstream request).',
      authScopes: (jit) => requires.organization(SCOPES.readOrganizations, jit.organizationId),
      extensions: cost.wholeList(),
      resolve: (jit, _args, ctx) => jitSsoConnectors(ctx, jit.organizationId),
    }),
  }),
});

builder.objectField(OrganizationRef, 'jit', (t) =>
  t.field({
    type: OrganizationJitRef,
    nullable: true,
    description: 'Just-in-time provisioning of the organization (each of its lists is one upstream request).',
    authScopes: (organization) => requires.organization(SCOPES.readOrganizations, organization.id),
    resolve: (organization) => ({ organizationId: organization.id }),
  }),
);

// Mutations --------------------------------------------------------------------------------------

const all = [ValidationError, ConflictError, NotFoundError];
const noConflict = [ValidationError, NotFoundError];
const organizationRoleIds = idsOf('OrganizationRole');
const ssoConnectorIds = z.array(idRule).min(1, 'Give at least one id.').max(100, 'Give at most 100 ids at once.');
const emailDomainRule = z.string().trim().min(1, 'An email domain cannot be empty.').max(256, 'An email domain is at most 256 characters.');
const organizationIdField = (t: MutationInputFieldBuilder) => t.id({ required: true, description: 'Global id or Logto id of the organization.' });
const organizationId = idOf('Organization');

defineMutation('addOrganizationJitEmailDomain', {
  does: 'Lets users with a verified email at a domain join an organization automatically',
  route: 'POST /api/organizations/:id/jit/email-domains',
  details: 'A domain the organization already has is a `ConflictError`. Logto takes any non-empty text (`acme.com`; even `@acme.com`).',
  input: {
    description: 'An email domain whose users join the organization just in time.',
    argument: 'The organization and the domain.',
    fields: (t) => ({ organizationId: organizationIdField(t), emailDomain: t.string({ required: true, description: 'The domain, e.g. `acme.com`.' }) }),
    validate: z.object({ organizationId, emailDomain: emailDomainRule }),
  },
  errors: all,
  requires: (input) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
  payload: organizationChangePayload('addOrganizationJitEmailDomain'),
  resolve: (ctx, input) => addOrganizationJitEmailDomain(ctx, input),
});

defineMutation('replaceOrganizationJitEmailDomains', {
  does: "Makes exactly these the organization's just-in-time email domains",
  route: 'PUT /api/organizations/:id/jit/email-domains',
  details: 'An empty list turns email-domain provisioning off.',
  input: {
    description: 'The complete list of just-in-time email domains.',
    argument: 'The organization and its domains.',
    fields: (t) => ({ organizationId: organizationIdField(t), emailDomains: t.stringList({ required: true, description: 'The domains (at most 100; may be empty).' }) }),
    validate: z.object({ organizationId, emailDomains: z.array(emailDomainRule).max(100, 'Give at most 100 domains at once.') }),
  },
  errors: all,
  requires: (input) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
  payload: organizationChangePayload('replaceOrganizationJitEmailDomains'),
  resolve: (ctx, input) => replaceOrganizationJitEmailDomains(ctx, input),
});

defineMutation('removeOrganizationJitEmailDomain', {
  does: "Removes one of the organization's just-in-time email domains",
  route: 'DELETE /api/organizations/:id/jit/email-domains/:emailDomain',
  input: {
    description: 'A just-in-time email domain to remove.',
    argument: 'The organization and the domain.',
    fields: (t) => ({ organizationId: organizationIdField(t), emailDomain: t.string({ required: true, description: 'The domain, as listed in `jit.emailDomains`.' }) }),
    validate: z.object({ organizationId, emailDomain: emailDomainRule }),
  },
  errors: noConflict,
  requires: (input) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
  payload: organizationChangePayload('removeOrganizationJitEmailDomain'),
  resolve: (ctx, input) => removeOrganizationJitEmailDomain(ctx, input),
});

const jitRolesInput = (description: string, ids: string) => ({
  description,
  argument: 'The organization and the organization roles.',
  fields: (t: MutationInputFieldBuilder) => ({
    organizationId: organizationIdField(t),
    organizationRoleIds: t.idList({ required: true, description: `Global ids or Logto ids of organization roles (${ids}).` }),
  }),
});

defineMutation('addOrganizationJitRoles', {
  does: 'Adds organization roles that users joining just in time get',
  route: 'POST /api/organizations/:id/jit/roles',
  details: 'Roles already there stay as they are.',
  input: { ...jitRolesInput('Default organization roles to add.', lengthText(organizationRoleIds, '')), validate: z.object({ organizationId, organizationRoleIds }) },
  errors: all,
  requires: (input) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
  payload: organizationChangePayload('addOrganizationJitRoles'),
  resolve: (ctx, input) => addOrganizationJitRoles(ctx, input),
});

defineMutation('replaceOrganizationJitRoles', {
  does: 'Makes exactly these the organization roles users joining just in time get',
  route: 'PUT /api/organizations/:id/jit/roles',
  input: {
    ...jitRolesInput('The complete list of default organization roles.', 'at most 100; may be empty'),
    validate: z.object({ organizationId, organizationRoleIds: z.array(idOf('OrganizationRole')).max(100, 'Give at most 100 ids at once.') }),
  },
  errors: all,
  requires: (input) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
  payload: organizationChangePayload('replaceOrganizationJitRoles'),
  resolve: (ctx, input) => replaceOrganizationJitRoles(ctx, input),
});

defineMutation('removeOrganizationJitRole', {
  does: 'Removes one of the organization roles users joining just in time get',
  route: 'DELETE /api/organizations/:id/jit/roles/:organizationRoleId',
  input: {
    description: 'A default organization role to remove.',
    argument: 'The organization and the role.',
    fields: (t) => ({ organizationId: organizationIdField(t), organizationRoleId: t.id({ required: true, description: 'Global id or Logto id of the organization role.' }) }),
    validate: z.object({ organizationId, organizationRoleId: idOf('OrganizationRole') }),
  },
  errors: noConflict,
  requires: (input) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
  payload: organizationChangePayload('removeOrganizationJitRole'),
  resolve: (ctx, input) => removeOrganizationJitRole(ctx, input),
});

// SSO connectors are tenant-wide configuration: naming their ids is for tenant-wide callers only.
const tenantWrite = requires.tenant(SCOPES.writeOrganizations);
const ssoInput = (description: string, ids: string) => ({
  description,
  argument: 'The organization and the SSO connectors.',
  fields: (t: MutationInputFieldBuilder) => ({
    organizationId: organizationIdField(t),
    ssoConnectorIds: t.idList({ required: true, description: `Logto ids of enterprise SSO connectors (${ids}).` }),
  }),
});

defineMutation('addOrganizationJitSsoConnectors', {
  does: 'Lets users signing in through enterprise SSO connectors join an organization automatically',
  route: 'POST /api/organizations/:id/jit/sso-connectors',
  input: { ...ssoInput('Enterprise SSO connectors to add.', lengthText(ssoConnectorIds, '')), validate: z.object({ organizationId, ssoConnectorIds }) },
  errors: all,
  requires: tenantWrite,
  payload: organizationChangePayload('addOrganizationJitSsoConnectors'),
  resolve: (ctx, input) => addOrganizationJitSsoConnectors(ctx, input),
});

defineMutation('replaceOrganizationJitSsoConnectors', {
  does: "Makes exactly these the organization's just-in-time SSO connectors",
  route: 'PUT /api/organizations/:id/jit/sso-connectors',
  input: {
    ...ssoInput('The complete list of just-in-time SSO connectors.', 'at most 100; may be empty'),
    validate: z.object({ organizationId, ssoConnectorIds: z.array(idRule).max(100, 'Give at most 100 ids at once.') }),
  },
  errors: all,
  requires: tenantWrite,
  payload: organizationChangePayload('replaceOrganizationJitSsoConnectors'),
  resolve: (ctx, input) => replaceOrganizationJitSsoConnectors(ctx, input),
});

defineMutation('removeOrganizationJitSsoConnector', {
  does: "Removes one of the organization's just-in-time SSO connectors",
  route: 'DELETE /api/organizations/:id/jit/sso-connectors/:ssoConnectorId',
  input: {
    description: 'A just-in-time SSO connector to remove.',
    argument: 'The organization and the connector.',
    fields: (t) => ({ organizationId: organizationIdField(t), ssoConnectorId: t.id({ required: true, description: "Logto's id of the SSO connector." }) }),
    validate: z.object({ organizationId, ssoConnectorId: idRule }),
  },
  errors: noConflict,
  requires: tenantWrite,
  payload: organizationChangePayload('removeOrganizationJitSsoConnector'),
  resolve: (ctx, input) => removeOrganizationJitSsoConnector(ctx, input),
});
