import { z } from 'zod';

import { isManagementApiIndicator, LENGTHS } from '../../logto/input-rules.js';
import { guardBody } from '../body-guard.js';
import { entityNotExistsWithId, entityNotFound, LogtoError } from '../errors.js';
import { del, patch, type RouteDefinition } from '../router.js';
import type { ResourceRow } from '../rows.js';
import { badRequest, emptyUpdate, entityNotExists } from '../write-guards.js';

/**
 * Role and resource writes added for the coverage of issue 17: removing one holder from a role
 * (`routes/role.user.ts`, `role.application.ts`), the default resource (`routes/resource.ts`) and
 * changing a scope (`routes/resource.scope.ts`).
 */

const scopePatchBody = z.object({ name: z.string().max(LENGTHS.scopeName), description: z.string().nullable() }).partial();

export const roleResourceExtraRoutes: readonly RouteDefinition[] = [
  // Logto deletes the relation row without looking up the role or the user: any miss is `entity.not_found`.
  del('/roles/:id/users/:userId', (context) => {
    if (!context.store.userRoles.delete(context.params.userId ?? '', context.params.id ?? '')) throw entityNotFound();
    return { status: 204 };
  }),

  del('/roles/:id/applications/:applicationId', (context) => {
    if (!context.store.applicationRoles.delete(context.params.applicationId ?? '', context.params.id ?? '')) throw entityNotFound();
    return { status: 204 };
  }),

  // `setDefaultResource`: one transaction clears every default, then sets this one; an unknown id
  // rolls it back (`UpdateError` → 404 `entity.not_exists`). `false` is a plain update.
  patch('/resources/:id/is-default', (context) => {
    const { store } = context;
    const { isDefault } = guardBody(z.object({ isDefault: z.boolean() }), context.body);
    const resource = store.resources.get(context.params.id ?? '');
    if (!resource) throw entityNotExists('resource');
    if (isDefault) {
      for (const other of store.resources.values()) {
        if (other.isDefault && other.id !== resource.id) store.resources.set(other.id, { ...other, isDefault: false });
      }
    }
    const updated: ResourceRow = { ...resource, isDefault };
    store.resources.set(resource.id, updated);
    return { status: 200, body: updated };
  }),

  patch('/resources/:resourceId/scopes/:scopeId', (context) => {
    const { store } = context;
    const body = guardBody(scopePatchBody, context.body);
    const resourceId = context.params.resourceId ?? '';
    const resource = store.resources.get(resourceId);
    if (!resource) throw entityNotExistsWithId('resources', resourceId);
    if (isManagementApiIndicator(resource.indicator)) throw badRequest('resource.cannot_modify_management_api', 'Cannot modify Logto Management API.');
    const scopeId = context.params.scopeId ?? '';
    if (body.name) {
      if (/\s/.test(body.name)) throw badRequest('scope.name_with_space', 'The name of the scope cannot contain any spaces.');
      const taken = store.scopesOfResource(resourceId).some((scope) => scope.name === body.name && scope.id !== scopeId);
      if (taken) throw new LogtoError(422, 'scope.name_exists', `The scope name ${body.name} is already in use`);
    }
    // `updateScopeById`: by the scope's id alone (the resource was only checked to exist).
    if (Object.keys(body).length === 0) throw emptyUpdate();
    const scope = store.scopes.get(scopeId);
    if (!scope) throw entityNotExists('scope');
    const updated = { ...scope, ...body };
    store.scopes.set(scopeId, updated);
    return { status: 200, body: updated };
  }),
];
