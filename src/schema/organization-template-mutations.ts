import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import {
  createOrganizationRole,
  createOrganizationScope,
  deleteOrganizationRole,
  deleteOrganizationScope,
  type OrganizationRolePayload,
  type OrganizationScopePayload,
  updateOrganizationRole,
  updateOrganizationScope,
} from '../resolvers/organization-mutations.js';
import {
  changesSomething,
  idsOf,
  idRule,
  lengthText,
  optional,
  organizationRoleDescriptionRule,
  organizationRoleNameRule,
  organizationScopeDescriptionRule,
  organizationScopeNameRule,
} from './input-validation.js';
import { defineMutation, deletedPayload, givenPayload, idOnlyInput, type MutationInputFieldBuilder } from './mutation-declaration.js';
import { OrganizationRoleRef, OrganizationScopeRef } from './refs.js';
import { RoleTypeEnum } from './role.js';

/**
 * Mutations of the organization template — organization roles and scopes, the same for every
 * organization — each declared once (`defineMutation`). Tenant-wide only.
 */

const all = [ValidationError, ConflictError, NotFoundError];
const noConflict = [ValidationError, NotFoundError];
const tenantWide = requires.tenant(SCOPES.writeOrganizations);

/** The input of renaming or redescribing a template entry (both kinds take the same). */
const renameInput = (entity: string, nameRule: z.ZodString, descriptionRule: z.ZodString) => ({
  description: `Changes to an ${entity}. Only the fields given change.`,
  argument: 'What to change.',
  fields: (t: MutationInputFieldBuilder) => ({
    id: t.id({ required: true, description: `Global id or Logto id of the ${entity}.` }),
    name: t.string({ description: 'New unique name.' }),
    description: t.string({ description: 'New description; null clears it.' }),
  }),
  validate: z
    .object({ id: idRule, name: nameRule.optional(), description: optional(descriptionRule) })
    .refine(...changesSomething(['id'], entity)),
});

// Organization roles ----------------------------------------------------------------------------

const organizationRoleField = (description: string) => ({
  name: 'organizationRole',
  type: OrganizationRoleRef,
  description,
  resolve: (payload: OrganizationRolePayload) => payload.organizationRole,
});

defineMutation('createOrganizationRole', {
  does: 'Creates an organization role with its scopes',
  route: 'POST /api/organization-roles',
  input: {
    description: 'A new organization role (part of the organization template), optionally with its scopes.',
    argument: 'The new organization role.',
    fields: (t) => ({
      name: t.string({
        required: true,
        description: `Unique name, as it appears in organization tokens (${lengthText(organizationRoleNameRule)}).`,
      }),
      description: t.string({ description: `What the role is for (${lengthText(organizationRoleDescriptionRule)}).` }),
      type: t.field({ type: RoleTypeEnum, description: 'Who holds it: users (default) or machine-to-machine applications.' }),
      organizationScopeIds: t.idList({ description: 'Organization scopes it grants.' }),
      resourceScopeIds: t.idList({ description: 'API resource scopes it grants inside organizations.' }),
    }),
    validate: z.object({
      name: organizationRoleNameRule,
      description: optional(organizationRoleDescriptionRule),
      type: z.unknown().optional(),
      organizationScopeIds: optional(idsOf('OrganizationScope')),
      resourceScopeIds: optional(idsOf('Scope')),
    }),
  },
  errors: all,
  requires: tenantWide,
  payload: givenPayload('createOrganizationRole', 'The organization role `createOrganizationRole` made.', organizationRoleField('The new organization role, as Logto answered.')),
  resolve: (ctx, input) => createOrganizationRole(ctx, input),
});

defineMutation('updateOrganizationRole', {
  does: 'Changes an organization role',
  route: 'PATCH /api/organization-roles/:id',
  input: renameInput('organization role', organizationRoleNameRule, organizationRoleDescriptionRule),
  errors: all,
  requires: tenantWide,
  payload: givenPayload('updateOrganizationRole', 'The organization role `updateOrganizationRole` changed.', organizationRoleField('The organization role after the change.')),
  resolve: (ctx, input) => updateOrganizationRole(ctx, input),
});

defineMutation('deleteOrganizationRole', {
  does: 'Deletes an organization role',
  route: 'DELETE /api/organization-roles/:id',
  input: idOnlyInput('organization role', 'An organization role to delete; every member loses it.'),
  errors: noConflict,
  requires: tenantWide,
  payload: deletedPayload('deleteOrganizationRole', { typename: 'OrganizationRole', entity: 'organization role', field: 'deletedOrganizationRoleId' }),
  resolve: (ctx, input) => deleteOrganizationRole(ctx, input),
});

// Organization scopes ---------------------------------------------------------------------------

const organizationScopeField = (description: string) => ({
  name: 'organizationScope',
  type: OrganizationScopeRef,
  description,
  resolve: (payload: OrganizationScopePayload) => payload.organizationScope,
});

defineMutation('createOrganizationScope', {
  does: 'Creates an organization scope',
  route: 'POST /api/organization-scopes',
  input: {
    description: 'A new organization scope (a permission inside organizations).',
    argument: 'The new organization scope.',
    fields: (t) => ({
      name: t.string({
        required: true,
        description: `Unique name, as it appears in organization tokens (${lengthText(organizationScopeNameRule)}).`,
      }),
      description: t.string({ description: `What it allows (${lengthText(organizationScopeDescriptionRule)}).` }),
    }),
    validate: z.object({ name: organizationScopeNameRule, description: optional(organizationScopeDescriptionRule) }),
  },
  errors: [ValidationError, ConflictError],
  requires: tenantWide,
  payload: givenPayload('createOrganizationScope', 'The organization scope `createOrganizationScope` made.', organizationScopeField('The new organization scope.')),
  resolve: (ctx, input) => createOrganizationScope(ctx, input),
});

defineMutation('updateOrganizationScope', {
  does: 'Changes an organization scope',
  route: 'PATCH /api/organization-scopes/:id',
  input: renameInput('organization scope', organizationScopeNameRule, organizationScopeDescriptionRule),
  errors: all,
  requires: tenantWide,
  payload: givenPayload('updateOrganizationScope', 'The organization scope `updateOrganizationScope` changed.', organizationScopeField('The organization scope after the change.')),
  resolve: (ctx, input) => updateOrganizationScope(ctx, input),
});

defineMutation('deleteOrganizationScope', {
  does: 'Deletes an organization scope',
  route: 'DELETE /api/organization-scopes/:id',
  input: idOnlyInput('organization scope', 'An organization scope to delete; roles lose it.'),
  errors: noConflict,
  requires: tenantWide,
  payload: deletedPayload('deleteOrganizationScope', { typename: 'OrganizationScope', entity: 'organization scope', field: 'deletedOrganizationScopeId' }),
  resolve: (ctx, input) => deleteOrganizationScope(ctx, input),
});
