import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import {
  createResource,
  createScope,
  deleteResource,
  deleteScope,
  type DeletedScopePayload,
  newResourceCursor,
  type ResourcePayload,
  type ScopePayload,
  updateResource,
} from '../resolvers/resource-mutations.js';
import { builder } from './builder.js';
import { accessTokenTtlRule, changesSomething, idOf, indicatorRule, optional, resourceNameRule, scopeNameRule } from './input-validation.js';
import { defineMutation, deletedPayload, givenPayload, idOnlyInput } from './mutation-declaration.js';
import { ResourceEdge, ResourceRef, ScopeRef } from './refs.js';

/** Mutations of API resources and their scopes, each declared once (`defineMutation`). Tenant-wide only. */

const tenantWide = requires.tenant(SCOPES.writeResources);
const noConflict = [ValidationError, NotFoundError];

defineMutation('createResource', {
  does: 'Registers an API resource',
  route: 'POST /api/resources',
  input: {
    description: 'A new API resource: an API that accepts Logto access tokens.',
    argument: 'The new resource.',
    fields: (t) => ({
      name: t.string({ required: true, description: 'Display name.' }),
      indicator: t.string({
        required: true,
        description: 'Unique API identifier (resource indicator): an absolute URI, e.g. `https://api.example.com`. It becomes the `aud` of access tokens and cannot change.',
      }),
      accessTokenTtl: t.int({ description: 'Lifetime of access tokens for this API, in seconds (Logto’s default: 3600).' }),
    }),
    validate: z.object({ name: resourceNameRule, indicator: indicatorRule, accessTokenTtl: optional(accessTokenTtlRule) }),
  },
  errors: [ValidationError, ConflictError],
  requires: tenantWide,
  payload: builder.objectRef<ResourcePayload>('CreateResourcePayload').implement({
    description: 'The API resource `createResource` made.',
    fields: (t) => ({
      resource: t.field({
        type: ResourceRef,
        nullable: true,
        description: 'The new resource, as Logto answered (it has no scopes yet).',
        extensions: cost.given(),
        resolve: (payload) => payload.resource,
      }),
      resourceEdge: t.field({
        type: ResourceEdge,
        nullable: true,
        description: 'The new resource as an edge of `resources` (creation order, so at its end). Its cursor needs the list’s count: one more upstream request.',
        extensions: cost.list(),
        resolve: async (payload, _args, ctx) => ({ cursor: await newResourceCursor(ctx), node: payload.resource }),
      }),
    }),
  }),
  resolve: (ctx, input) => createResource(ctx, input),
});

defineMutation('updateResource', {
  does: 'Changes an API resource',
  route: 'PATCH /api/resources/:id',
  input: {
    description: 'Changes to an API resource. Only the fields given change; the indicator is fixed.',
    argument: 'What to change.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'Global id or Logto id of the resource.' }),
      name: t.string({ description: 'New display name.' }),
      accessTokenTtl: t.int({ description: 'New access token lifetime, in seconds.' }),
    }),
    validate: z
      .object({ id: idOf('Resource'), name: resourceNameRule.optional(), accessTokenTtl: accessTokenTtlRule.optional() })
      .refine(...changesSomething(['id'], 'resource')),
  },
  errors: noConflict,
  requires: tenantWide,
  payload: givenPayload('updateResource', 'The API resource `updateResource` changed.', {
    name: 'resource',
    type: ResourceRef,
    description: 'The resource after the change.',
    resolve: (payload: ResourcePayload) => payload.resource,
  }),
  resolve: (ctx, input) => updateResource(ctx, input),
});

defineMutation('deleteResource', {
  does: 'Deletes an API resource and its scopes',
  route: 'DELETE /api/resources/:id',
  input: idOnlyInput('Resource', 'An API resource to delete, with its scopes. The Logto Management API cannot be deleted.'),
  errors: noConflict,
  requires: tenantWide,
  payload: deletedPayload('deleteResource', { typename: 'Resource', entity: 'resource', field: 'deletedResourceId' }),
  resolve: (ctx, input) => deleteResource(ctx, input),
});

defineMutation('createScope', {
  does: 'Adds a scope to an API resource',
  route: 'POST /api/resources/:resourceId/scopes',
  input: {
    description: 'A new scope (permission) of an API resource.',
    argument: 'The new scope.',
    fields: (t) => ({
      resourceId: t.id({ required: true, description: 'Global id or Logto id of the resource.' }),
      name: t.string({ required: true, description: 'Name as it appears in tokens, without spaces (e.g. `read:items`); unique within the resource.' }),
      description: t.string({ description: 'What the scope allows.' }),
    }),
    validate: z.object({ resourceId: idOf('Resource'), name: scopeNameRule, description: z.string().nullish() }),
  },
  errors: [ValidationError, ConflictError, NotFoundError],
  requires: tenantWide,
  payload: givenPayload('createScope', 'The scope `createScope` made.', {
    name: 'scope',
    type: ScopeRef,
    description: 'The new scope, as Logto answered.',
    resolve: (payload: ScopePayload) => payload.scope,
  }),
  resolve: (ctx, input) => createScope(ctx, input),
});

defineMutation('deleteScope', {
  does: 'Deletes a scope of an API resource',
  route: 'DELETE /api/resources/:resourceId/scopes/:scopeId',
  input: {
    description: 'A scope to delete; roles that granted it lose it.',
    argument: 'The resource and the scope.',
    fields: (t) => ({
      resourceId: t.id({ required: true, description: 'Global id or Logto id of the resource the scope belongs to.' }),
      id: t.id({ required: true, description: 'Global id or Logto id of the scope.' }),
    }),
    validate: z.object({ resourceId: idOf('Resource'), id: idOf('Scope') }),
  },
  errors: noConflict,
  requires: tenantWide,
  payload: deletedPayload<DeletedScopePayload>('deleteScope', { typename: 'Scope', entity: 'scope', field: 'deletedScopeId' }, (t) => ({
    resource: t.field({
      type: ResourceRef,
      nullable: true,
      description: 'The resource the scope belonged to, read after the change.',
      extensions: cost.load('resources', 'whole'),
      resolve: (payload, _args, ctx) => ctx.loaders.resources.load(payload.resourceId),
    }),
  })),
  resolve: (ctx, input) => deleteScope(ctx, input),
});
