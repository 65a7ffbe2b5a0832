import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { encodeGlobalId } from '../global-id.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import {
  type DefaultResourcePayload,
  removeRoleApplication,
  removeRoleUser,
  type RoleHolderRemoval,
  setDefaultResource,
  updateScope,
  type UpdatedScopePayload,
} from '../resolvers/role-resource-extras.js';
import { builder } from './builder.js';
import { changesSomething, idOf, idRule, scopeNameRule } from './input-validation.js';
import { defineMutation, givenPayload } from './mutation-declaration.js';
import type { PayloadFieldBuilder } from './mutation-support.js';
import { ResourceRef, RoleRef, ScopeRef } from './refs.js';

/**
 * Role and API resource mutations of issue 17: taking a role from one user or application, the
 * default resource, and changing a scope. Tenant-wide only.
 */

const roleAfter = <Payload extends RoleHolderRemoval>(t: PayloadFieldBuilder<Payload>) =>
  t.field({
    type: RoleRef,
    nullable: true,
    description: 'The role, read after the change.',
    extensions: cost.load('roles', 'search'),
    resolve: (payload, _args, ctx) => ctx.loaders.roles.load(payload.roleId),
  });

defineMutation('removeRoleUser', {
  does: 'Takes a user role from one user',
  route: 'DELETE /api/roles/:id/users/:userId',
  details: 'A user who does not hold the role (or an unknown role or user) is a `NotFoundError`.',
  input: {
    description: 'A role and one of the users holding it.',
    argument: 'The role and the user.',
    fields: (t) => ({
      roleId: t.id({ required: true, description: 'Global id or Logto id of the role.' }),
      userId: t.id({ required: true, description: 'Global id or Logto id of the user.' }),
    }),
    validate: z.object({ roleId: idOf('Role'), userId: idOf('User') }),
  },
  errors: [ValidationError, NotFoundError],
  // As `assignRoleUsers` and `removeUserRole`: who holds a user role is a write on users.
  requires: requires.tenant(SCOPES.writeUsers),
  payload: builder.objectRef<RoleHolderRemoval>('RemoveRoleUserPayload').implement({
    description: 'The role `removeRoleUser` changed.',
    fields: (t) => ({
      role: roleAfter(t),
      removedUserId: t.id({ description: 'Global id of the user who lost the role.', resolve: (payload) => encodeGlobalId('User', payload.holderId) }),
    }),
  }),
  resolve: (ctx, input) => removeRoleUser(ctx, input),
});

defineMutation('removeRoleApplication', {
  does: 'Takes a machine-to-machine role from one application',
  route: 'DELETE /api/roles/:id/applications/:applicationId',
  details: 'An application that does not hold the role (or an unknown role or application) is a `NotFoundError`.',
  input: {
    description: 'A role and one of the applications holding it.',
    argument: 'The role and the application.',
    fields: (t) => ({
      roleId: t.id({ required: true, description: 'Global id or Logto id of the role.' }),
      applicationId: t.id({ required: true, description: 'Global id or Logto id of the application.' }),
    }),
    validate: z.object({ roleId: idOf('Role'), applicationId: idOf('Application') }),
  },
  errors: [ValidationError, NotFoundError],
  requires: requires.tenant(SCOPES.writeRoles),
  payload: builder.objectRef<RoleHolderRemoval>('RemoveRoleApplicationPayload').implement({
    description: 'The role `removeRoleApplication` changed.',
    fields: (t) => ({
      role: roleAfter(t),
      removedApplicationId: t.id({
        description: 'Global id of the application that lost the role.',
        resolve: (payload) => encodeGlobalId('Application', payload.holderId),
      }),
    }),
  }),
  resolve: (ctx, input) => removeRoleApplication(ctx, input),
});

defineMutation('setDefaultResource', {
  does: 'Makes an API resource the default one, or not',
  route: 'PATCH /api/resources/:id/is-default',
  details: 'Logto keeps at most one default: making one the default clears the flag on the previous one.',
  input: {
    description: 'An API resource and whether it is the default (the audience of tokens whose request names none).',
    argument: 'The resource and the flag.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'Global id or Logto id of the resource.' }),
      isDefault: t.boolean({ required: true, description: 'True to make it the default (the previous default stops being one); false to clear it.' }),
    }),
    validate: z.object({ id: idRule, isDefault: z.boolean() }),
  },
  errors: [ValidationError, NotFoundError],
  requires: requires.tenant(SCOPES.writeResources),
  payload: givenPayload('setDefaultResource', 'The API resource `setDefaultResource` changed.', {
    name: 'resource',
    type: ResourceRef,
    description: 'The resource after the change, as Logto answered.',
    resolve: (payload: DefaultResourcePayload) => payload.resource,
  }),
  resolve: (ctx, input) => setDefaultResource(ctx, input),
});

defineMutation('updateScope', {
  does: 'Changes a scope of an API resource',
  route: 'PATCH /api/resources/:resourceId/scopes/:scopeId',
  input: {
    description: 'Changes to a scope. Only the fields given change; scopes of the Logto Management API are fixed.',
    argument: 'The resource, the scope and what to change.',
    fields: (t) => ({
      resourceId: t.id({ required: true, description: 'Global id or Logto id of the resource the scope belongs to.' }),
      id: t.id({ required: true, description: 'Global id or Logto id of the scope.' }),
      name: t.string({ description: 'New name, without spaces; unique within the resource.' }),
      description: t.string({ description: 'New description; null clears it.' }),
    }),
    validate: z
      .object({ resourceId: idOf('Resource'), id: idRule, name: scopeNameRule.optional(), description: z.string().nullish() })
      .refine(...changesSomething(['resourceId', 'id'], 'scope')),
  },
  errors: [ValidationError, ConflictError, NotFoundError],
  requires: requires.tenant(SCOPES.writeResources),
  payload: givenPayload('updateScope', 'The scope `updateScope` changed.', {
    name: 'scope',
    type: ScopeRef,
    description: 'The scope after the change, as Logto answered.',
    resolve: (payload: UpdatedScopePayload) => payload.scope,
  }),
  resolve: (ctx, input) => updateScope(ctx, input),
});
