import { resourceScopesConnection, resourcesConnection, scopeResource } from '../resolvers/resources.js';
import { cost } from '../cost/rules.js';
import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { builder } from './builder.js';
import { keyedByParentId } from './prefetch.js';
import { entityByIdField, entityNode } from './nodes.js';
import { ResourceConnection, ResourceRef, ScopeConnection, ScopeRef } from './refs.js';

builder.node(ResourceRef, {
  description: 'An API resource registered in Logto: an API that accepts Logto access tokens, with its scopes.',
  authScopes: requires.tenant(SCOPES.readResources),
  ...entityNode(ResourceRef, 'resources'),
  fields: (t) => ({
    logtoId: t.exposeString('id', { description: "Logto's own id of the resource." }),
    name: t.exposeString('name', { description: 'Display name.' }),
    indicator: t.exposeString('indicator', {
      description: 'Resource indicator (an absolute URI): the `audience` of access tokens for this API.',
    }),
    isDefault: t.exposeBoolean('isDefault', { description: 'Whether tokens target this API when a client names none.' }),
    accessTokenTtl: t.exposeInt('accessTokenTtl', { description: 'Lifetime of access tokens for this API, in seconds.' }),
    scopes: t.connection(
      {
        type: ScopeRef,
        nullable: true,
        description: 'The scopes (permissions) this API defines.',
        authScopes: requires.tenant(SCOPES.readResources),
        extensions: { ...cost.list(), ...keyedByParentId },
        resolve: (resource, args, ctx) => resourceScopesConnection(ctx, resource, args),
      },
      ScopeConnection,
    ),
  }),
});

builder.node(ScopeRef, {
  description: 'A scope (permission) of an API resource.',
  authScopes: requires.tenant(SCOPES.readResources),
  ...entityNode(ScopeRef, 'scopes'),
  fields: (t) => ({
    logtoId: t.exposeString('id', { description: "Logto's own id of the scope." }),
    name: t.exposeString('name', { description: 'Scope name as it appears in tokens, e.g. `read:items`.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the scope allows.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When the scope was created.', resolve: (scope) => scope.createdAt }),
    resource: t.field({
      type: ResourceRef,
      nullable: true,
      description: 'The API resource that defines this scope.',
      authScopes: requires.tenant(SCOPES.readResources),
      extensions: cost.load('resources'),
      resolve: (scope, _args, ctx) => scopeResource(ctx, scope),
    }),
  }),
});

builder.queryFields((t) => ({
  resource: entityByIdField(t, ResourceRef, 'resources', { description: 'An API resource by global id or Logto id; `null` when there is none.', id: 'Global id or Logto id of the resource.' }),
  resources: t.connection(
    {
      type: ResourceRef,
      nullable: true,
      description: 'API resources, including the built-in Logto Management API.',
      authScopes: requires.tenant(SCOPES.readResources),
      extensions: cost.list(),
      resolve: (_root, args, ctx) => resourcesConnection(ctx, args),
    },
    ResourceConnection,
  ),
  scope: entityByIdField(t, ScopeRef, 'scopes', { description: 'An API resource scope by global id or Logto id; `null` when there is none.', id: 'Global id or Logto id of the scope.' }),
}));
