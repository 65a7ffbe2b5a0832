import { z } from 'zod';

import { guardBody } from '../body-guard.js';
import { TENANT_ID } from '../constants.js';
import { entityNotExistsWithId, entityNotFound } from '../errors.js';
import { listReply } from '../pagination.js';
import { Relation } from '../relation.js';
import { compareText } from '../row-views.js';
import { del, get, post, put, type RouteContext, type RouteDefinition } from '../router.js';
import type { SandboxStore } from '../store.js';
import { checkIdColumns, idList, relationForeignKeyNotFound, uniqueIntegrityViolation } from '../write-guards.js';

/**
 * Logto's just-in-time provisioning of an organization (`organization/index.ts`, `jit/*`): email
 * domains (a custom route: a POST answers its row), default organization roles and enterprise SSO
 * connectors (generic relation routes: GET checks the organization, paginated only when asked).
 *
 * The tables live beside the store (one per store, in a WeakMap) rather than in it: only these
 * routes read them, and a deleted organization or role is filtered out when read, which is what
 * Logto's `on delete cascade` leaves to see.
 */

/** An enterprise SSO connector row (`sso_connectors`). */
export type SsoConnectorRow = {
  readonly tenantId: string;
  readonly id: string;
  readonly providerName: string;
  readonly connectorName: string;
  readonly config: Record<string, unknown>;
  readonly domains: readonly string[];
  readonly branding: Record<string, unknown>;
  readonly syncProfile: boolean;
  readonly enableTokenStorage: boolean;
  readonly createdAt: number;
};

export type JitTables = {
  /** organization id → email domains (a set per organization: the primary key is both). */
  readonly emailDomains: Map<string, Set<string>>;
  /** organization ↔ organization role */
  readonly roles: Relation;
  /** organization ↔ SSO connector */
  readonly ssoConnectors: Relation;
  readonly ssoConnectorRows: Map<string, SsoConnectorRow>;
};

const tables = new WeakMap<SandboxStore, JitTables>();

export function jitTablesOf(store: SandboxStore): JitTables {
  let jit = tables.get(store);
  if (!jit) {
    jit = { emailDomains: new Map(), roles: new Relation(), ssoConnectors: new Relation(), ssoConnectorRows: new Map() };
    tables.set(store, jit);
  }
  return jit;
}

const organizationIdOf = (context: Pick<RouteContext, 'params'>) => context.params.id ?? '';

/** The generic relation routes' GET looks the organization up first. */
function requireOrganization(context: Pick<RouteContext, 'params' | 'store'>): void {
  const id = organizationIdOf(context);
  if (!context.store.organizations.has(id)) throw entityNotExistsWithId('organizations', id);
}

const emailDomainRow = (organizationId: string, emailDomain: string) => ({ tenantId: TENANT_ID, organizationId, emailDomain });

function domainsOf(store: SandboxStore, organizationId: string): Set<string> {
  const jit = jitTablesOf(store);
  const domains = jit.emailDomains.get(organizationId) ?? new Set<string>();
  jit.emailDomains.set(organizationId, domains);
  return domains;
}

/** A relation of the organization to rows of another table, with Logto's relation-route answers. */
function relationRoutes<Row>(options: {
  readonly path: string;
  readonly bodyKey: string;
  readonly param: string;
  readonly relation: (store: SandboxStore) => Relation;
  readonly row: (store: SandboxStore, id: string) => Row | undefined;
}): RouteDefinition[] {
  const { path, bodyKey, param, relation, row } = options;
  const rowsOf = (store: SandboxStore, organizationId: string) =>
    [...relation(store).rightsOf(organizationId)].map((id) => row(store, id)).filter((found) => found !== undefined);
  const check = (store: SandboxStore, organizationId: string, ids: readonly string[]) => {
    checkIdColumns([organizationId, ...ids]);
    if (!store.organizations.has(organizationId) || ids.some((id) => row(store, id) === undefined)) throw relationForeignKeyNotFound();
  };
  return [
    get(`/organizations/:id/${path}`, (context) => listReply(context, rowsOf(context.store, organizationIdOf(context))), {
      pagination: 'optional',
      before: requireOrganization,
    }),
    post(`/organizations/:id/${path}`, (context) => {
      const ids = guardBody(z.object({ [bodyKey]: idList }), context.body)[bodyKey] as string[];
      check(context.store, organizationIdOf(context), ids);
      for (const id of ids) relation(context.store).add(organizationIdOf(context), id);
      return { status: 201, body: 'Created' };
    }),
    put(`/organizations/:id/${path}`, (context) => {
      const ids = guardBody(z.object({ [bodyKey]: z.array(z.string().min(1)) }), context.body)[bodyKey] as string[];
      const organizationId = organizationIdOf(context);
      if (ids.length > 0) check(context.store, organizationId, ids);
      const links = relation(context.store);
      for (const id of [...links.rightsOf(organizationId)]) links.delete(organizationId, id);
      for (const id of ids) links.add(organizationId, id);
      return { status: 204 };
    }),
    del(`/organizations/:id/${path}/:${param}`, (context) => {
      if (!relation(context.store).delete(organizationIdOf(context), context.params[param] ?? '')) throw entityNotFound();
      return { status: 204 };
    }),
  ];
}

export const organizationJitRoutes: readonly RouteDefinition[] = [
  // No organization check: an unknown one simply has no domains (recording 335).
  get(
    '/organizations/:id/jit/email-domains',
    (context) => {
      const organizationId = organizationIdOf(context);
      const known = context.store.organizations.has(organizationId);
      const domains = known ? [...(jitTablesOf(context.store).emailDomains.get(organizationId) ?? [])].sort(compareText) : [];
      return listReply(context, domains.map((domain) => emailDomainRow(organizationId, domain)));
    },
    { pagination: 'optional' },
  ),

  post('/organizations/:id/jit/email-domains', (context) => {
    const { emailDomain } = guardBody(z.object({ emailDomain: z.string().min(1) }), context.body);
    const organizationId = organizationIdOf(context);
    checkIdColumns([organizationId]);
    if (!context.store.organizations.has(organizationId)) throw relationForeignKeyNotFound();
    const domains = domainsOf(context.store, organizationId);
    if (domains.has(emailDomain)) throw uniqueIntegrityViolation();
    domains.add(emailDomain);
    return { status: 201, body: emailDomainRow(organizationId, emailDomain) };
  }),

  put('/organizations/:id/jit/email-domains', (context) => {
    const { emailDomains } = guardBody(z.object({ emailDomains: z.array(z.string()) }), context.body);
    const organizationId = organizationIdOf(context);
    if (emailDomains.length > 0) {
      checkIdColumns([organizationId]);
      if (!context.store.organizations.has(organizationId)) throw relationForeignKeyNotFound();
    }
    jitTablesOf(context.store).emailDomains.set(organizationId, new Set(emailDomains));
    return { status: 204 };
  }),

  del('/organizations/:id/jit/email-domains/:emailDomain', (context) => {
    const domains = jitTablesOf(context.store).emailDomains.get(organizationIdOf(context));
    if (!domains?.delete(context.params.emailDomain ?? '')) throw entityNotFound();
    return { status: 204 };
  }),

  ...relationRoutes({
    path: 'jit/roles',
    bodyKey: 'organizationRoleIds',
    param: 'organizationRoleId',
    relation: (store) => jitTablesOf(store).roles,
    // Any organization role, MachineToMachine ones included (recording 339).
    row: (store, id) => store.organizationRoles.get(id),
  }),

  ...relationRoutes({
    path: 'jit/sso-connectors',
    bodyKey: 'ssoConnectorIds',
    param: 'ssoConnectorId',
    relation: (store) => jitTablesOf(store).ssoConnectors,
    row: (store, id) => jitTablesOf(store).ssoConnectorRows.get(id),
  }),
];
