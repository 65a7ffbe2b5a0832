import { z } from 'zod';

import { guardBody } from '../body-guard.js';
import { entityNotFound, LogtoError } from '../errors.js';
import type { Relation } from '../relation.js';
import { del, post, put, type RouteDefinition } from '../router.js';
import type { SandboxStore } from '../store.js';
import { checkIdColumns, idList, relationForeignKeyNotFound } from '../write-guards.js';

/**
 * Logto's writes of an organization role's scopes (`organization-role/index.ts`: the generic
 * relation routes for organization scopes, custom ones for resource scopes — same answers), and
 * the invitation routes the template of writes left out: `DELETE /organization-invitations/:id`
 * and `POST /organization-invitations/:id/message`.
 */

function scopeLinkRoutes(options: {
  readonly path: string;
  readonly bodyKey: string;
  readonly param: string;
  readonly relation: (store: SandboxStore) => Relation;
  readonly exists: (store: SandboxStore, id: string) => boolean;
}): RouteDefinition[] {
  const { path, bodyKey, param, relation, exists } = options;
  const check = (store: SandboxStore, roleId: string, ids: readonly string[]) => {
    checkIdColumns([roleId, ...ids]);
    if (!store.organizationRoles.has(roleId) || ids.some((id) => !exists(store, id))) throw relationForeignKeyNotFound();
  };
  return [
    post(`/organization-roles/:id/${path}`, (context) => {
      const ids = guardBody(z.object({ [bodyKey]: idList }), context.body)[bodyKey] as string[];
      const roleId = context.params.id ?? '';
      check(context.store, roleId, ids);
      for (const id of ids) relation(context.store).add(roleId, id);
      return { status: 201, body: 'Created' };
    }),
    put(`/organization-roles/:id/${path}`, (context) => {
      const ids = guardBody(z.object({ [bodyKey]: z.array(z.string().min(1)) }), context.body)[bodyKey] as string[];
      const roleId = context.params.id ?? '';
      if (ids.length > 0) check(context.store, roleId, ids);
      const links = relation(context.store);
      for (const id of [...links.rightsOf(roleId)]) links.delete(roleId, id);
      for (const id of ids) links.add(roleId, id);
      return { status: 204 };
    }),
    // An unknown role is the same `entity.not_found` as a scope it does not hold (recording 356).
    del(`/organization-roles/:id/${path}/:${param}`, (context) => {
      if (!relation(context.store).delete(context.params.id ?? '', context.params[param] ?? '')) throw entityNotFound();
      return { status: 204 };
    }),
  ];
}

export const organizationRoleLinkRoutes: readonly RouteDefinition[] = [
  ...scopeLinkRoutes({
    path: 'scopes',
    bodyKey: 'organizationScopeIds',
    param: 'organizationScopeId',
    relation: (store) => store.organizationRoleScopes,
    exists: (store, id) => store.organizationScopes.has(id),
  }),
  ...scopeLinkRoutes({
    path: 'resource-scopes',
    bodyKey: 'scopeIds',
    param: 'scopeId',
    relation: (store) => store.organizationRoleResourceScopes,
    exists: (store, id) => store.scopes.has(id),
  }),

  del('/organization-invitations/:id', (context) => {
    const id = context.params.id ?? '';
    if (!context.store.invitations.delete(id)) throw entityNotFound();
    context.store.invitationRoles.deleteAll('left', id);
    return { status: 204 };
  }),

  post('/organization-invitations/:id/message', (context) => {
    guardBody(z.object({ code: z.string(), link: z.string(), locale: z.string(), uiLocales: z.string() }).partial(), context.body);
    if (!context.store.invitations.has(context.params.id ?? '')) throw entityNotFound();
    // No email connector, like the recorded OSS instance (recording 359).
    throw new LogtoError(501, 'connector.not_found', 'Cannot find any available connector for type: Email.');
  }),
];
