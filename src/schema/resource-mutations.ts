import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { encodeGlobalId } from '../global-id.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import {
  createResource,
  createScope,
  deleteResource,
  deleteScope,
  type DeletedResourcePayload,
  type DeletedScopePayload,
  newResourceCursor,
  type ResourcePayload,
  type ScopePayload,
  updateResource,
} from '../resolvers/resource-mutations.js';
import { builder } from './builder.js';
import { accessTokenTtlRule, changesSomething, idOf, idRule, indicatorRule, optional, resourceNameRule, scopeNameRule } from './input-validation.js';
import { mutationResult, type PayloadFieldBuilder } from './mutation-support.js';
import { ResourceEdge, ResourceRef, ScopeRef } from './refs.js';

const CreateResourceInput = builder.inputType('CreateResourceInput', {
  description: 'A new API resource: an API that accepts Logto access tokens.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Display name.' }),
    indicator: t.string({
      required: true,
      description: 'Unique API identifier (resource indicator): an absolute URI, e.g. `https://api.example.com`. It becomes the `aud` of access tokens and cannot change.',
    }),
    accessTokenTtl: t.int({ description: 'Lifetime of access tokens for this API, in seconds (Logto’s default: 3600).' }),
  }),
  validate: z.object({ name: resourceNameRule, indicator: indicatorRule, accessTokenTtl: optional(accessTokenTtlRule) }),
});

const UpdateResourceInput = builder.inputType('UpdateResourceInput', {
  description: 'Changes to an API resource. Only the fields given change; the indicator is fixed.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Global id or Logto id of the resource.' }),
    name: t.string({ description: 'New display name.' }),
    accessTokenTtl: t.int({ description: 'New access token lifetime, in seconds.' }),
  }),
  validate: z
    .object({ id: idRule, name: resourceNameRule.optional(), accessTokenTtl: accessTokenTtlRule.optional() })
    .refine(...changesSomething(['id'], 'resource')),
});

const DeleteResourceInput = builder.inputType('DeleteResourceInput', {
  description: 'An API resource to delete, with its scopes. The Logto Management API cannot be deleted.',
  fields: (t) => ({ id: t.id({ required: true, description: 'Global id or Logto id of the resource.' }) }),
  validate: z.object({ id: idRule }),
});

const CreateScopeInput = builder.inputType('CreateScopeInput', {
  description: 'A new scope (permission) of an API resource.',
  fields: (t) => ({
    resourceId: t.id({ required: true, description: 'Global id or Logto id of the resource.' }),
    name: t.string({ required: true, description: 'Name as it appears in tokens, without spaces (e.g. `read:items`); unique within the resource.' }),
    description: t.string({ description: 'What the scope allows.' }),
  }),
  validate: z.object({ resourceId: idOf('Resource'), name: scopeNameRule, description: z.string().nullish() }),
});

const DeleteScopeInput = builder.inputType('DeleteScopeInput', {
  description: 'A scope to delete; roles that granted it lose it.',
  fields: (t) => ({
    resourceId: t.id({ required: true, description: 'Global id or Logto id of the resource the scope belongs to.' }),
    id: t.id({ required: true, description: 'Global id or Logto id of the scope.' }),
  }),
  validate: z.object({ resourceId: idOf('Resource'), id: idRule }),
});

const resourceGiven = (t: PayloadFieldBuilder<ResourcePayload>, description: string) =>
  t.field({ type: ResourceRef, nullable: true, description, extensions: cost.given(), resolve: (payload) => payload.resource });

const CreateResourcePayload = builder.objectRef<ResourcePayload>('CreateResourcePayload').implement({
  description: 'The API resource `createResource` made.',
  fields: (t) => ({
    resource: resourceGiven(t, 'The new resource, as Logto answered (it has no scopes yet).'),
    resourceEdge: t.field({
      type: ResourceEdge,
      nullable: true,
      description: 'The new resource as an edge of `resources` (creation order, so at its end). Its cursor needs the list’s count: one more upstream request.',
      extensions: cost.list(),
      resolve: async (payload, _args, ctx) => ({ cursor: await newResourceCursor(ctx), node: payload.resource }),
    }),
  }),
});

const UpdateResourcePayload = builder.objectRef<ResourcePayload>('UpdateResourcePayload').implement({
  description: 'The API resource `updateResource` changed.',
  fields: (t) => ({ resource: resourceGiven(t, 'The resource after the change.') }),
});

const DeleteResourcePayload = builder.objectRef<DeletedResourcePayload>('DeleteResourcePayload').implement({
  description: 'What `deleteResource` removed.',
  fields: (t) => ({
    deletedResourceId: t.id({ description: 'Global id of the deleted resource.', resolve: (payload) => encodeGlobalId('Resource', payload.deletedResourceId) }),
  }),
});

const CreateScopePayload = builder.objectRef<ScopePayload>('CreateScopePayload').implement({
  description: 'The scope `createScope` made.',
  fields: (t) => ({
    scope: t.field({ type: ScopeRef, nullable: true, description: 'The new scope, as Logto answered.', extensions: cost.given(), resolve: (payload) => payload.scope }),
  }),
});

const DeleteScopePayload = builder.objectRef<DeletedScopePayload>('DeleteScopePayload').implement({
  description: 'What `deleteScope` removed.',
  fields: (t) => ({
    deletedScopeId: t.id({ description: 'Global id of the deleted scope.', resolve: (payload) => encodeGlobalId('Scope', payload.deletedScopeId) }),
    resource: t.field({
      type: ResourceRef,
      nullable: true,
      description: 'The resource the scope belonged to, read after the change.',
      extensions: cost.load('resources', 'whole'),
      resolve: (payload, _args, ctx) => ctx.loaders.resources.load(payload.resourceId),
    }),
  }),
});

builder.mutationFields((t) => ({
  createResource: t.field({
    type: CreateResourcePayload,
    nullable: true,
    description: 'Registers an API resource (`POST /api/resources`; 1 upstream request).',
    args: { input: t.arg({ type: CreateResourceInput, required: true, description: 'The new resource.' }) },
    authScopes: requires.tenant(SCOPES.writeResources),
    errors: mutationResult('createResource', [ValidationError, ConflictError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => createResource(ctx, input),
  }),
  updateResource: t.field({
    type: UpdateResourcePayload,
    nullable: true,
    description: 'Changes an API resource (`PATCH /api/resources/:id`; 1 upstream request).',
    args: { input: t.arg({ type: UpdateResourceInput, required: true, description: 'What to change.' }) },
    authScopes: requires.tenant(SCOPES.writeResources),
    errors: mutationResult('updateResource', [ValidationError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => updateResource(ctx, input),
  }),
  deleteResource: t.field({
    type: DeleteResourcePayload,
    nullable: true,
    description: 'Deletes an API resource and its scopes (`DELETE /api/resources/:id`; 1 upstream request).',
    args: { input: t.arg({ type: DeleteResourceInput, required: true, description: 'The resource.' }) },
    authScopes: requires.tenant(SCOPES.writeResources),
    errors: mutationResult('deleteResource', [ValidationError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => deleteResource(ctx, input),
  }),
  createScope: t.field({
    type: CreateScopePayload,
    nullable: true,
    description: 'Adds a scope to an API resource (`POST /api/resources/:resourceId/scopes`; 1 upstream request).',
    args: { input: t.arg({ type: CreateScopeInput, required: true, description: 'The new scope.' }) },
    authScopes: requires.tenant(SCOPES.writeResources),
    errors: mutationResult('createScope', [ValidationError, ConflictError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => createScope(ctx, input),
  }),
  deleteScope: t.field({
    type: DeleteScopePayload,
    nullable: true,
    description: 'Deletes a scope of an API resource (`DELETE /api/resources/:resourceId/scopes/:scopeId`; 1 upstream request).',
    args: { input: t.arg({ type: DeleteScopeInput, required: true, description: 'The resource and the scope.' }) },
    authScopes: requires.tenant(SCOPES.writeResources),
    errors: mutationResult('deleteScope', [ValidationError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => deleteScope(ctx, input),
  }),
}));
