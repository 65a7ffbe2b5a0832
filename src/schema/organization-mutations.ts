import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import {
  createOrganization,
  deleteOrganization,
  newOrganizationCursor,
  type OrganizationPayload,
  updateOrganization,
} from '../resolvers/organization-mutations.js';
import { builder } from './builder.js';
import { changesSomething, idOf, jsonObjectRule, lengthText, optional, organizationDescriptionRule, organizationNameRule } from './input-validation.js';
import { defineMutation, deletedPayload, givenPayload, idOnlyInput } from './mutation-declaration.js';
import type { PayloadFieldBuilder } from './mutation-support.js';
import { OrganizationEdge, OrganizationRef } from './refs.js';

/**
 * Mutations of organizations themselves, each declared once (`defineMutation`). Members and
 * invitations are in `organization-member-mutations.ts`, the organization template
 * (organization roles and scopes) in `organization-template-mutations.ts`.
 */

// Unions hold every typed error Logto's routes can give (test/mutations/typed-errors.test.ts).
const all = [ValidationError, ConflictError, NotFoundError];
const noConflict = [ValidationError, NotFoundError];

// Organizations ---------------------------------------------------------------------------------

const organizationGiven = (t: PayloadFieldBuilder<OrganizationPayload>, description: string) =>
  t.field({ type: OrganizationRef, nullable: true, description, extensions: cost.given(), resolve: (payload) => payload.organization });

defineMutation('createOrganization', {
  does: 'Creates an organization',
  route: 'POST /api/organizations',
  input: {
    description: 'A new organization.',
    argument: 'The new organization.',
    fields: (t) => ({
      name: t.string({ required: true, description: `Display name (${lengthText(organizationNameRule)}).` }),
      description: t.string({ description: `What the organization is (${lengthText(organizationDescriptionRule)}).` }),
      customData: t.field({ type: 'JSONObject', description: 'Free-form data kept on the organization.' }),
      isMfaRequired: t.boolean({ description: 'Whether members must use multi-factor authentication.' }),
    }),
    validate: z.object({
      name: organizationNameRule,
      description: optional(organizationDescriptionRule),
      customData: optional(jsonObjectRule),
      isMfaRequired: z.boolean().nullish(),
    }),
  },
  errors: [ValidationError, ConflictError],
  requires: requires.tenant(SCOPES.writeOrganizations),
  payload: builder.objectRef<OrganizationPayload>('CreateOrganizationPayload').implement({
    description: 'The organization `createOrganization` made.',
    fields: (t) => ({
      organization: organizationGiven(t, 'The new organization, as Logto answered.'),
      organizationEdge: t.field({
        type: OrganizationEdge,
        nullable: true,
        description: 'The new organization as an edge of `organizations` (creation order, so at its end). Its cursor needs the list’s count: one more upstream request.',
        extensions: cost.list(),
        resolve: async (payload, _args, ctx) => ({ cursor: await newOrganizationCursor(ctx), node: payload.organization }),
      }),
    }),
  }),
  resolve: (ctx, input) => createOrganization(ctx, input),
});

defineMutation('updateOrganization', {
  does: 'Changes an organization',
  route: 'PATCH /api/organizations/:id',
  input: {
    description: 'Changes to an organization. Only the fields given change.',
    argument: 'What to change.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'Global id or Logto id of the organization.' }),
      name: t.string({ description: 'New display name.' }),
      description: t.string({ description: 'New description; null clears it.' }),
      customData: t.field({ type: 'JSONObject', description: 'New custom data; replaces the stored object (null empties it).' }),
      isMfaRequired: t.boolean({ description: 'Whether members must use multi-factor authentication.' }),
    }),
    validate: z
      .object({
        id: idOf('Organization'),
        name: organizationNameRule.optional(),
        description: optional(organizationDescriptionRule),
        customData: optional(jsonObjectRule),
        isMfaRequired: z.boolean().optional(),
      })
      .refine(...changesSomething(['id'], 'organization')),
  },
  errors: all,
  requires: (input) => requires.organization(SCOPES.writeOrganizations, input.id),
  payload: givenPayload<OrganizationPayload, OrganizationPayload['organization']>('updateOrganization', 'The organization `updateOrganization` changed.', {
    name: 'organization',
    type: OrganizationRef,
    description: 'The organization after the change.',
    resolve: (payload) => payload.organization,
  }),
  resolve: (ctx, input) => updateOrganization(ctx, input),
});

defineMutation('deleteOrganization', {
  does: 'Deletes an organization',
  route: 'DELETE /api/organizations/:id',
  input: idOnlyInput('Organization', 'An organization to delete, with its memberships and invitations.'),
  errors: noConflict,
  requires: requires.tenant(SCOPES.writeOrganizations),
  payload: deletedPayload('deleteOrganization', { typename: 'Organization', entity: 'organization', field: 'deletedOrganizationId' }),
  resolve: (ctx, input) => deleteOrganization(ctx, input),
});

