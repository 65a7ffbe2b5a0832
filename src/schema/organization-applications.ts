import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { encodeGlobalId } from '../global-id.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import {
  addOrganizationApplications,
  applicationOrganizationRoles,
  assignOrganizationApplicationRoles,
  assignOrganizationApplicationsRoles,
  type OrganizationApplicationChange,
  organizationApplicationsConnection,
  type OrganizationApplicationRow,
  type OrganizationChange,
  removeOrganizationApplication,
  removeOrganizationApplicationRole,
  replaceOrganizationApplicationRoles,
  replaceOrganizationApplications,
} from '../resolvers/organization-links.js';
import { builder } from './builder.js';
import { idOf, idsOf, lengthText } from './input-validation.js';
import { defineMutation } from './mutation-declaration.js';
import type { PayloadFieldBuilder } from './mutation-support.js';
import { ApplicationRef, OrganizationRef, OrganizationRoleRef } from './refs.js';

/**
 * Machine-to-machine applications as members of an organization (Logto's
 * `/organizations/:id/applications…`): the list with each app's organization roles, and the
 * mutations that add, replace and remove them and their roles.
 *
 * Applications are tenant-wide objects, so every field and mutation here needs tenant-wide
 * permissions: an organization token can neither see applications nor, by naming ids, learn which
 * ones exist (Logto answers an unknown id differently from a known one).
 */

const OrganizationApplicationConnection = builder.connectionObject(
  { type: ApplicationRef, name: 'OrganizationApplicationConnection', description: 'A page of the machine-to-machine applications of an organization.' },
  {
    name: 'OrganizationApplicationEdge',
    description: 'An application that is a member of the organization, with the organization roles it holds there.',
    fields: (t) => ({
      organizationRoles: t.field({
        type: [OrganizationRoleRef],
        description: "The application's organization roles in this organization (from the same row: no request).",
        resolve: (edge) => (edge.node as OrganizationApplicationRow).organizationRoles,
      }),
    }),
  },
);

type ApplicationFilter = { readonly q?: string | null };

builder.objectField(OrganizationRef, 'applications', (t) =>
  t.connection(
    {
      type: ApplicationRef,
      nullable: true,
      description:
        'Machine-to-machine applications that are members of the organization (they can get organization tokens for it), each edge with its organization roles. Tenant-wide callers with `read:applications` only.',
      args: {
        filter: t.arg({
          type: builder.inputRef<ApplicationFilter>('OrganizationApplicationFilter').implement({
            description: 'Which member applications to list.',
            fields: (f) => ({ q: f.string({ description: "Logto's application search: matches id, name or description (substring, any case)." }) }),
          }),
          description: 'Search.',
        }),
      },
      authScopes: (organization) => ({
        $all: { ...requires.organization(SCOPES.readOrganizations, organization.id), ...requires.tenant(SCOPES.readApplications) },
      }),
      extensions: cost.list(),
      resolve: (organization, args, ctx) => organizationApplicationsConnection(ctx, organization.id, args, args.filter),
    },
    OrganizationApplicationConnection,
  ),
);

// Payloads ---------------------------------------------------------------------------------------

const capitalized = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

const organizationField = <Payload extends OrganizationChange>(t: PayloadFieldBuilder<Payload>) =>
  t.field({
    type: OrganizationRef,
    nullable: true,
    description: 'The organization, read after the change.',
    extensions: cost.load('organizations', 'byId'),
    resolve: (payload, _args, ctx) => ctx.loaders.organizations.load(payload.organizationId),
  });

/** The payload of a write that changed something of one organization: the organization, read after it. */
export const organizationChangePayload = (mutation: string) =>
  builder.objectRef<OrganizationChange>(`${capitalized(mutation)}Payload`).implement({
    description: `The organization \`${mutation}\` changed.`,
    fields: (t) => ({ organization: organizationField(t) }),
  });

const applicationChangePayload = (mutation: string, removed?: 'application' | 'role') =>
  builder.objectRef<OrganizationApplicationChange>(`${capitalized(mutation)}Payload`).implement({
    description: `The member application \`${mutation}\` changed.`,
    fields: (t) => ({
      organization: organizationField(t),
      ...(removed === 'application'
        ? {
            removedApplicationId: t.id({
              description: 'Global id of the application that is no longer a member.',
              resolve: (payload) => encodeGlobalId('Application', payload.applicationId),
            }),
          }
        : {
            application: t.field({
              type: ApplicationRef,
              nullable: true,
              description: 'The member application.',
              extensions: cost.load('applications', 'search'),
              resolve: (payload, _args, ctx) => ctx.loaders.applications.load(payload.applicationId),
            }),
            organizationRoles: t.field({
              type: [OrganizationRoleRef],
              nullable: { list: true, items: true },
              description: 'Every organization role the application now holds in the organization (one upstream request).',
              // One unpaginated `GET /api/organizations/:id/applications/:applicationId/roles`.
              extensions: cost.wholeList(),
              resolve: (payload, _args, ctx) => applicationOrganizationRoles(ctx, payload),
            }),
          }),
      ...(removed === 'role'
        ? {
            removedOrganizationRoleId: t.id({
              description: 'Global id of the organization role taken away.',
              resolve: (payload) => encodeGlobalId('OrganizationRole', payload.organizationRoleId ?? ''),
            }),
          }
        : {}),
    }),
  });

// Mutations --------------------------------------------------------------------------------------

const all = [ValidationError, ConflictError, NotFoundError];
const noConflict = [ValidationError, NotFoundError];
const applicationIds = idsOf('Application');
/** A replacement may empty the list. */
const replacementIds = (typename: string) => z.array(idOf(typename)).max(100, 'Give at most 100 ids at once.');
const organizationRoleIds = idsOf('OrganizationRole');
const tenantWrite = requires.tenant(SCOPES.writeOrganizations);
const organizationIdField = (t: Parameters<Parameters<typeof defineMutation>[1]['input']['fields']>[0]) =>
  t.id({ required: true, description: 'Global id or Logto id of the organization.' });

defineMutation('addOrganizationApplications', {
  does: 'Makes machine-to-machine applications members of an organization',
  route: 'POST /api/organizations/:id/applications',
  details: 'Applications already members stay as they are; any other type of application is a `ValidationError`.',
  input: {
    description: 'Machine-to-machine applications to make members of an organization.',
    argument: 'The organization and the applications.',
    fields: (t) => ({
      organizationId: organizationIdField(t),
      applicationIds: t.idList({ required: true, description: `Global ids or Logto ids of machine-to-machine applications (${lengthText(applicationIds, '')}).` }),
    }),
    validate: z.object({ organizationId: idOf('Organization'), applicationIds }),
  },
  errors: all,
  requires: tenantWrite,
  payload: organizationChangePayload('addOrganizationApplications'),
  resolve: (ctx, input) => addOrganizationApplications(ctx, input),
});

defineMutation('replaceOrganizationApplications', {
  does: 'Makes exactly these machine-to-machine applications the members of an organization',
  route: 'PUT /api/organizations/:id/applications',
  details: 'Applications left out stop being members, with their organization roles there; an empty list removes every application.',
  input: {
    description: 'The complete list of member applications of an organization.',
    argument: 'The organization and its applications.',
    fields: (t) => ({
      organizationId: organizationIdField(t),
      applicationIds: t.idList({ required: true, description: 'Global ids or Logto ids of machine-to-machine applications (at most 100; may be empty).' }),
    }),
    validate: z.object({ organizationId: idOf('Organization'), applicationIds: replacementIds('Application') }),
  },
  errors: all,
  requires: tenantWrite,
  payload: organizationChangePayload('replaceOrganizationApplications'),
  resolve: (ctx, input) => replaceOrganizationApplications(ctx, input),
});

const applicationInOrganization = (t: Parameters<typeof organizationIdField>[0]) => ({
  organizationId: organizationIdField(t),
  applicationId: t.id({ required: true, description: 'Global id or Logto id of the member application.' }),
});

defineMutation('removeOrganizationApplication', {
  does: 'Removes an application from an organization',
  route: 'DELETE /api/organizations/:id/applications/:applicationId',
  details: 'Its organization roles there go with it.',
  input: {
    description: 'A member application to remove from an organization.',
    argument: 'The organization and the application.',
    fields: (t) => applicationInOrganization(t),
    validate: z.object({ organizationId: idOf('Organization'), applicationId: idOf('Application') }),
  },
  errors: noConflict,
  requires: tenantWrite,
  payload: applicationChangePayload('removeOrganizationApplication', 'application'),
  resolve: (ctx, input) => removeOrganizationApplication(ctx, input),
});

const applicationRolesInput = (description: string, roles: string) => ({
  description,
  argument: 'The organization, the member application and the roles.',
  fields: (t: Parameters<typeof organizationIdField>[0]) => ({
    ...applicationInOrganization(t),
    organizationRoleIds: t.idList({ required: true, description: `Global ids or Logto ids of machine-to-machine organization roles (${roles}).` }),
  }),
  validate: z.object({ organizationId: idOf('Organization'), applicationId: idOf('Application'), organizationRoleIds }),
});

defineMutation('assignOrganizationApplicationRoles', {
  does: 'Gives a member application organization roles',
  route: 'POST /api/organizations/:id/applications/:applicationId/roles',
  details: 'Roles already held are kept; a User-type organization role is a `ValidationError`.',
  input: applicationRolesInput('Organization roles to give a member application.', lengthText(organizationRoleIds, '')),
  errors: all,
  requires: tenantWrite,
  payload: applicationChangePayload('assignOrganizationApplicationRoles'),
  resolve: (ctx, input) => assignOrganizationApplicationRoles(ctx, input),
});

defineMutation('replaceOrganizationApplicationRoles', {
  does: "Makes exactly these the member application's organization roles",
  route: 'PUT /api/organizations/:id/applications/:applicationId/roles',
  details: 'Logto requires at least one role here; use `removeOrganizationApplicationRole` to take the last one.',
  input: applicationRolesInput("The complete list of a member application's organization roles.", lengthText(organizationRoleIds, '')),
  errors: all,
  requires: tenantWrite,
  payload: applicationChangePayload('replaceOrganizationApplicationRoles'),
  resolve: (ctx, input) => replaceOrganizationApplicationRoles(ctx, input),
});

defineMutation('removeOrganizationApplicationRole', {
  does: 'Takes an organization role from a member application',
  route: 'DELETE /api/organizations/:id/applications/:applicationId/roles/:organizationRoleId',
  input: {
    description: 'An organization role to take from a member application.',
    argument: 'The organization, the application and the role.',
    fields: (t) => ({
      ...applicationInOrganization(t),
      organizationRoleId: t.id({ required: true, description: 'Global id or Logto id of the organization role.' }),
    }),
    validate: z.object({ organizationId: idOf('Organization'), applicationId: idOf('Application'), organizationRoleId: idOf('OrganizationRole') }),
  },
  errors: noConflict,
  requires: tenantWrite,
  payload: applicationChangePayload('removeOrganizationApplicationRole', 'role'),
  resolve: (ctx, input) => removeOrganizationApplicationRole(ctx, input),
});

defineMutation('assignOrganizationApplicationsRoles', {
  does: 'Gives every listed member application every listed organization role',
  route: 'POST /api/organizations/:id/applications/roles',
  details: 'Each application must already be a member; Logto does not say which id it refused (`field` is null).',
  input: {
    description: 'Member applications and the organization roles each of them gets.',
    argument: 'The organization, the applications and the roles.',
    fields: (t) => ({
      organizationId: organizationIdField(t),
      applicationIds: t.idList({ required: true, description: `Global ids or Logto ids of member applications (${lengthText(applicationIds, '')}).` }),
      organizationRoleIds: t.idList({ required: true, description: `Global ids or Logto ids of machine-to-machine organization roles (${lengthText(organizationRoleIds, '')}).` }),
    }),
    validate: z.object({ organizationId: idOf('Organization'), applicationIds, organizationRoleIds }),
  },
  errors: all,
  requires: tenantWrite,
  payload: organizationChangePayload('assignOrganizationApplicationsRoles'),
  resolve: (ctx, input) => assignOrganizationApplicationsRoles(ctx, input),
});
