import { z } from 'zod';

import { isManagementApiIndicator, LENGTHS } from '../../logto/input-rules.js';
import { guardBody } from '../body-guard.js';
import { TENANT_ID } from '../constants.js';
import { entityNotExistsWithId, entityNotFound, LogtoError } from '../errors.js';
import { del, patch, post, type RouteContext, type RouteDefinition } from '../router.js';
import type { ResourceRow, ScopeRow } from '../rows.js';
import { badRequest, emptyUpdate, nowMs } from '../write-guards.js';

/** Logto's API resource and scope writes (`routes/resource.ts`, `routes/resource.scope.ts`). */

const createBody = z.object({
  name: z.string(),
  indicator: z.string(),
  accessTokenTtl: z.number().optional(),
});

const updateBody = z.object({ name: z.string(), accessTokenTtl: z.number() }).partial();

const scopeBody = z.object({
  name: z.string().max(LENGTHS.scopeName),
  description: z.string().nullable().optional(),
});

function findResource(context: RouteContext, id = context.params.id ?? ''): ResourceRow {
  const resource = context.store.resources.get(id);
  if (!resource) throw entityNotExistsWithId('resources', id);
  return resource;
}

const cannotModify = () => badRequest('resource.cannot_modify_management_api', 'Cannot modify Logto Management API.');

export const resourceWriteRoutes: readonly RouteDefinition[] = [
  post('/resources', (context) => {
    const { store } = context;
    const body = guardBody(createBody, context.body);
    if (store.resourceByIndicator(body.indicator)) {
      throw new LogtoError(422, 'resource.resource_identifier_in_use', `The API identifier ${body.indicator} is already in use`);
    }
    const resource: ResourceRow = {
      tenantId: TENANT_ID,
      id: store.newId(),
      name: body.name,
      indicator: body.indicator,
      isDefault: false,
      accessTokenTtl: body.accessTokenTtl ?? 3600,
    };
    store.resources.set(resource.id, resource);
    return { status: 201, body: { ...resource, scopes: [] } };
  }),

  patch('/resources/:id', (context) => {
    const body = guardBody(updateBody, context.body);
    const resource = findResource(context);
    if (isManagementApiIndicator(resource.indicator)) throw cannotModify();
    if (Object.keys(body).length === 0) throw emptyUpdate();
    const updated = { ...resource, ...body };
    context.store.resources.set(resource.id, updated);
    return { status: 200, body: updated };
  }),

  del('/resources/:id', (context) => {
    const resource = findResource(context);
    if (isManagementApiIndicator(resource.indicator)) {
      throw badRequest('resource.cannot_delete_management_api', 'Cannot delete Logto Management API.');
    }
    context.store.removeResource(resource.id);
    return { status: 204 };
  }),

  post('/resources/:resourceId/scopes', (context) => {
    const { store } = context;
    const body = guardBody(scopeBody, context.body);
    // Logto checks the name before it looks the resource up, inline (`assertThat(!/\s/.test(name))`).
    if (/\s/.test(body.name)) throw badRequest('scope.name_with_space', 'The name of the scope cannot contain any spaces.');
    const resource = findResource(context, context.params.resourceId);
    if (isManagementApiIndicator(resource.indicator)) throw cannotModify();
    if (store.scopesOfResource(resource.id).some((scope) => scope.name === body.name)) {
      throw new LogtoError(422, 'scope.name_exists', `The scope name ${body.name} is already in use`);
    }
    const scope: ScopeRow = {
      tenantId: TENANT_ID,
      id: store.newId(),
      resourceId: resource.id,
      name: body.name,
      description: body.description ?? null,
      createdAt: nowMs(),
    };
    store.scopes.set(scope.id, scope);
    return { status: 201, body: scope };
  }),

  // Logto deletes the scope by its id alone; the resource in the path is only checked to exist.
  del('/resources/:resourceId/scopes/:scopeId', (context) => {
    const resource = findResource(context, context.params.resourceId);
    if (isManagementApiIndicator(resource.indicator)) throw cannotModify();
    const scopeId = context.params.scopeId ?? '';
    if (!context.store.scopes.has(scopeId)) throw entityNotFound();
    context.store.removeScope(scopeId);
    return { status: 204 };
  }),
];
