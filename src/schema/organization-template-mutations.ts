import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import type { Context } from '../context.js';
import { entityOf } from '../entities.js';
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
import type { DeletedPayload } from '../resolvers/writes.js';
import { changesSomething, idOf, idsOf, lengthText, optional, templateEntryRules } from './input-validation.js';
import { defineMutation, deletedPayload, entityName, type GivenField, givenPayload, idOnlyInput } from './mutation-declaration.js';
import { OrganizationRoleRef, OrganizationScopeRef } from './refs.js';
import { RoleTypeEnum } from './role.js';

/**
 * Mutations of the organization template — organization roles and scopes, the same for every
 * organization — each declared once (`defineMutation`). Tenant-wide only.
 */

const all = [ValidationError, ConflictError, NotFoundError];
const noConflict = [ValidationError, NotFoundError];
const tenantWide = requires.tenant(SCOPES.writeOrganizations);

/**
 * `update<Type>` and `delete<Type>` of a template entry: organization roles and scopes take the
 * same input (a new name and description), give the same errors and answer the same payloads,
 * so both pairs are declared by this one function.
 */
function defineEntryChanges<Payload, Entry>(entry: {
  readonly typename: keyof typeof templateEntryRules;
  readonly field: (description: string) => GivenField<Payload, Entry>;
  /** What deleting it takes away, after `An <entry> to delete; `. */
  readonly deletes: string;
  readonly update: (ctx: Context, input: { id: string; name?: string | null; description?: string | null }) => Promise<Payload>;
  readonly remove: (ctx: Context, input: { id: string }) => Promise<DeletedPayload>;
}): void {
  const entity = entityName(entry.typename);
  const rules = templateEntryRules[entry.typename];
  // The one-object route of the registry (`/api/organization-roles/:id`, …).
  const path = entityOf(entry.typename)?.routes.byId;
  if (!path?.startsWith('/api/')) throw new Error(`${entry.typename} has no one-object route in src/entities.ts`);
  const update = `update${entry.typename}`;
  const remove = `delete${entry.typename}`;
  defineMutation(update, {
    does: `Changes an ${entity}`,
    route: `PATCH ${path as `/api/${string}`}`,
    input: {
      description: `Changes to an ${entity}. Only the fields given change.`,
      argument: 'What to change.',
      fields: (t) => ({
        id: t.id({ required: true, description: `Global id or Logto id of the ${entity}.` }),
        name: t.string({ description: 'New unique name.' }),
        description: t.string({ description: 'New description; null clears it.' }),
      }),
      validate: z
        .object({ id: idOf(entry.typename), name: rules.name.optional(), description: optional(rules.description) })
        .refine(...changesSomething(['id'], entity)),
    },
    errors: all,
    requires: tenantWide,
    payload: givenPayload(update, `The ${entity} \`${update}\` changed.`, entry.field(`The ${entity} after the change.`)),
    // The input's shape is lost to Pothos inside this generic function; the fields above are `update`'s input.
    resolve: (ctx, input) => entry.update(ctx, input as Parameters<typeof entry.update>[1]),
  });
  defineMutation(remove, {
    does: `Deletes an ${entity}`,
    route: `DELETE ${path as `/api/${string}`}`,
    input: idOnlyInput(entry.typename, `An ${entity} to delete; ${entry.deletes}.`),
    errors: noConflict,
    requires: tenantWide,
    payload: deletedPayload(remove, { typename: entry.typename, entity, field: `deleted${entry.typename}Id` }),
    resolve: entry.remove,
  });
}

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
        description: `Unique name, as it appears in organization tokens (${lengthText(templateEntryRules.OrganizationRole.name)}).`,
      }),
      description: t.string({ description: `What the role is for (${lengthText(templateEntryRules.OrganizationRole.description)}).` }),
      type: t.field({ type: RoleTypeEnum, description: 'Who holds it: users (default) or machine-to-machine applications.' }),
      organizationScopeIds: t.idList({ description: 'Organization scopes it grants.' }),
      resourceScopeIds: t.idList({ description: 'API resource scopes it grants inside organizations.' }),
    }),
    validate: z.object({
      name: templateEntryRules.OrganizationRole.name,
      description: optional(templateEntryRules.OrganizationRole.description),
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

defineEntryChanges({
  typename: 'OrganizationRole',
  field: organizationRoleField,
  deletes: 'every member loses it',
  update: updateOrganizationRole,
  remove: deleteOrganizationRole,
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
        description: `Unique name, as it appears in organization tokens (${lengthText(templateEntryRules.OrganizationScope.name)}).`,
      }),
      description: t.string({ description: `What it allows (${lengthText(templateEntryRules.OrganizationScope.description)}).` }),
    }),
    validate: z.object({ name: templateEntryRules.OrganizationScope.name, description: optional(templateEntryRules.OrganizationScope.description) }),
  },
  errors: [ValidationError, ConflictError],
  requires: tenantWide,
  payload: givenPayload('createOrganizationScope', 'The organization scope `createOrganizationScope` made.', organizationScopeField('The new organization scope.')),
  resolve: (ctx, input) => createOrganizationScope(ctx, input),
});

defineEntryChanges({
  typename: 'OrganizationScope',
  field: organizationScopeField,
  deletes: 'roles lose it',
  update: updateOrganizationScope,
  remove: deleteOrganizationScope,
});
