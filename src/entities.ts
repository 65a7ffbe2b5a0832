import { type Scope, SCOPES } from './auth/scopes.js';
import type {
  LogtoApplication,
  LogtoConnector,
  LogtoHook,
  LogtoLog,
  LogtoOrganization,
  LogtoOrganizationInvitation,
  LogtoOrganizationRole,
  LogtoOrganizationScope,
  LogtoResource,
  LogtoRole,
  LogtoScope,
  LogtoUser,
} from './logto/types.js';

/**
 * The entity registry: every type that implements `Node`, declared once. `node`/`nodes`,
 * `_entities`, global ids, the per-request by-id loaders (`src/loaders/index.ts`),
 * `requirementToLoad` (`src/auth/requirements.ts`) and the cost rules' batch kinds
 * (`src/cost/rules.ts`) are all derived from this table; `test/entities.test.ts` checks that the
 * schema agrees with it.
 *
 * This module holds data only (it imports types and the scope names), so every layer can read it
 * without an import cycle; the schema attaches each entry to its Pothos ref by type name.
 */

/**
 * How a loader turns N keys requested in one wave into upstream requests (the estimate's model of
 * `src/loaders/entity-loaders.ts`).
 */
export type BatchKind =
  /** `search.id=…&mode.id=exact`: 100 ids per request. */
  | 'search'
  /** One `GET /:id` per key. */
  | 'byId'
  /** One request for the whole list whatever the number of keys (one `GET /:id` for one key). */
  | 'whole'
  /**
   * One list page of 100 for a batch, plus one `GET /:id` for each key beyond that page (the list
   * may be longer); by id for a single key.
   */
  | 'paged';

/**
 * How an entity loads by id. The four batch kinds above, plus `resourceScopes`: scopes have no
 * route of their own, they are read from `GET /api/resources?includeScopes=true` (one request
 * for any number, so it costs as `whole`).
 */
export type LoadKind = BatchKind | 'resourceScopes';

/**
 * Who may read one object of the type, decided from its Logto id alone (before loading):
 * `tenant` the scope tenant-wide; `permission` tenant-wide or from an organization token;
 * `organization` the scope in the organization the id names; `tenantOrSelf` tenant-wide or the
 * caller's own user.
 */
export type ReadPermission = { readonly scope: Scope; readonly where: 'tenant' | 'permission' | 'organization' | 'tenantOrSelf' };

/** A federation key field of an entity (`@key(fields: "…")`). */
export type FederationKey = 'logtoId' | 'id';

export type EntityDeclaration<Row = unknown> = {
  /** The GraphQL object type (and the `<Type>` of its global ids). */
  readonly typename: string;
  /** Logto's route family: the list and the one-object route. */
  readonly routes: { readonly list: string; readonly byId?: string };
  readonly load: LoadKind;
  readonly read: ReadPermission;
  /** The keys other subgraphs reference it by; empty when it is not a federation entity. */
  readonly federationKeys: readonly FederationKey[];
  /**
   * The longest Logto id the type can have: the `id` column of its table in Logto
   * (`packages/schemas/tables/*.sql`): `varchar(12)` for users, `varchar(128)` for connectors,
   * `varchar(21)` for the rest. Longer cannot exist, so it is refused before any request.
   */
  readonly idMaxLength: number;
  /** Type-level only: the row its loader answers. */
  readonly row?: Row;
};

/** A resource scope together with the resource it belongs to (scopes have no by-id route of their own). */
export type ScopeWithResource = LogtoScope & { readonly resource?: { readonly id: string; readonly name: string } };

const DEFAULT_ID_MAX_LENGTH = 21;
/** Both keys: `logtoId` (what other services store — a user's `sub`) and `id` (our global id). */
const BOTH_KEYS: readonly FederationKey[] = ['logtoId', 'id'];

const entity = <Row>(declaration: Omit<EntityDeclaration<Row>, 'idMaxLength' | 'federationKeys'> & Partial<EntityDeclaration<Row>>): EntityDeclaration<Row> => ({
  idMaxLength: DEFAULT_ID_MAX_LENGTH,
  federationKeys: [],
  ...declaration,
});

/** Keyed by the name of the entity's per-request loader (`ctx.loaders.<name>`). */
export const ENTITIES = {
  users: entity<LogtoUser>({
    typename: 'User',
    routes: { list: '/api/users', byId: '/api/users/:id' },
    load: 'search',
    read: { scope: SCOPES.readUsers, where: 'tenantOrSelf' },
    federationKeys: BOTH_KEYS,
    idMaxLength: 12,
  }),
  roles: entity<LogtoRole>({
    typename: 'Role',
    routes: { list: '/api/roles', byId: '/api/roles/:id' },
    load: 'search',
    read: { scope: SCOPES.readRoles, where: 'tenant' },
    federationKeys: BOTH_KEYS,
  }),
  scopes: entity<ScopeWithResource>({
    typename: 'Scope',
    routes: { list: '/api/resources' },
    load: 'resourceScopes',
    read: { scope: SCOPES.readResources, where: 'tenant' },
  }),
  resources: entity<LogtoResource>({
    typename: 'Resource',
    routes: { list: '/api/resources', byId: '/api/resources/:id' },
    load: 'whole',
    read: { scope: SCOPES.readResources, where: 'tenant' },
    federationKeys: BOTH_KEYS,
  }),
  applications: entity<LogtoApplication>({
    typename: 'Application',
    routes: { list: '/api/applications', byId: '/api/applications/:id' },
    load: 'search',
    read: { scope: SCOPES.readApplications, where: 'tenant' },
    federationKeys: BOTH_KEYS,
  }),
  organizations: entity<LogtoOrganization>({
    typename: 'Organization',
    routes: { list: '/api/organizations', byId: '/api/organizations/:id' },
    load: 'byId',
    read: { scope: SCOPES.readOrganizations, where: 'organization' },
    federationKeys: BOTH_KEYS,
  }),
  organizationRoles: entity<LogtoOrganizationRole>({
    typename: 'OrganizationRole',
    routes: { list: '/api/organization-roles', byId: '/api/organization-roles/:id' },
    load: 'paged',
    // The organization template: the same for every organization, readable by its callers.
    read: { scope: SCOPES.readOrganizations, where: 'permission' },
    federationKeys: BOTH_KEYS,
  }),
  organizationScopes: entity<LogtoOrganizationScope>({
    typename: 'OrganizationScope',
    routes: { list: '/api/organization-scopes', byId: '/api/organization-scopes/:id' },
    load: 'whole',
    read: { scope: SCOPES.readOrganizations, where: 'permission' },
  }),
  organizationInvitations: entity<LogtoOrganizationInvitation>({
    typename: 'OrganizationInvitation',
    routes: { list: '/api/organization-invitations', byId: '/api/organization-invitations/:id' },
    load: 'whole',
    // The id does not say whose invitation it is; an organization caller's lookup only ever
    // reads its own organization's invitations (`organizationInvitationById`).
    read: { scope: SCOPES.readOrganizations, where: 'permission' },
  }),
  logs: entity<LogtoLog>({
    typename: 'Log',
    routes: { list: '/api/logs', byId: '/api/logs/:id' },
    load: 'byId',
    read: { scope: SCOPES.readLogs, where: 'tenant' },
  }),
  connectors: entity<LogtoConnector>({
    typename: 'Connector',
    routes: { list: '/api/connectors', byId: '/api/connectors/:id' },
    load: 'whole',
    read: { scope: SCOPES.readConnectors, where: 'tenant' },
    idMaxLength: 128,
  }),
  hooks: entity<LogtoHook>({
    typename: 'Hook',
    // `GET /api/hooks` paginates only when asked: a batch of ids reads the whole list once.
    routes: { list: '/api/hooks', byId: '/api/hooks/:id' },
    load: 'whole',
    read: { scope: SCOPES.readHooks, where: 'tenant' },
    federationKeys: ['id'],
  }),
} as const satisfies Readonly<Record<string, EntityDeclaration>>;

export type EntityLoaderName = keyof typeof ENTITIES;
/** The row an entity's loader answers. */
export type EntityRow<N extends EntityLoaderName> = NonNullable<(typeof ENTITIES)[N]['row']>;

export type RegisteredEntity = EntityDeclaration & { readonly loader: EntityLoaderName };

const REGISTERED: readonly RegisteredEntity[] = (Object.keys(ENTITIES) as EntityLoaderName[]).map((loader) => ({
  ...(ENTITIES[loader] as EntityDeclaration),
  loader,
}));

const BY_TYPENAME: ReadonlyMap<string, RegisteredEntity> = new Map(REGISTERED.map((entry) => [entry.typename, entry]));

/** Every registered entity, in declaration order. */
export function entities(): readonly RegisteredEntity[] {
  return REGISTERED;
}

/** The entity declared for a GraphQL type name, or undefined (not a node type). */
export function entityOf(typename: string): RegisteredEntity | undefined {
  return BY_TYPENAME.get(typename);
}

/** The batch kind the estimate counts for a load kind. */
export function batchKindOf(load: LoadKind): BatchKind {
  return load === 'resourceScopes' ? 'whole' : load;
}

/** The batch kind of a registered entity loader, or undefined for a loader the registry does not hold. */
export function batchKindOfLoader(loader: string): BatchKind | undefined {
  const declaration = (ENTITIES as Readonly<Record<string, EntityDeclaration>>)[loader];
  return declaration ? batchKindOf(declaration.load) : undefined;
}
