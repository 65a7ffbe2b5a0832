import type { ScopeWithResource } from '../loaders/index.js';
import type {
  LogtoApplication,
  LogtoConnector,
  LogtoLog,
  LogtoOrganization,
  LogtoOrganizationInvitation,
  LogtoOrganizationMember,
  LogtoOrganizationScope,
  LogtoResource,
  LogtoRole,
  LogtoUser,
  LogtoUserOrganization,
} from '../logto/types.js';
import type { OrganizationRoleParent } from '../resolvers/organizations.js';
import { builder } from './builder.js';

/**
 * Every object type's reference and every shared connection type, declared once so type-family
 * modules can point at each other without import cycles. Each family module implements its refs.
 */
export const UserRef = builder.objectRef<LogtoUser>('User');
export const RoleRef = builder.objectRef<LogtoRole>('Role');
export const ScopeRef = builder.objectRef<ScopeWithResource>('Scope');
export const ResourceRef = builder.objectRef<LogtoResource>('Resource');
export const ApplicationRef = builder.objectRef<LogtoApplication>('Application');
export const OrganizationRef = builder.objectRef<LogtoOrganization>('Organization');
export const OrganizationRoleRef = builder.objectRef<OrganizationRoleParent>('OrganizationRole');
export const OrganizationScopeRef = builder.objectRef<LogtoOrganizationScope>('OrganizationScope');
export const OrganizationInvitationRef = builder.objectRef<LogtoOrganizationInvitation>('OrganizationInvitation');
export const LogRef = builder.objectRef<LogtoLog>('Log');
export const ConnectorRef = builder.objectRef<LogtoConnector>('Connector');

/** Exported on its own so a create mutation's payload can return the new edge. */
export const UserEdge = builder.edgeObject({ type: UserRef, name: 'UserEdge', description: 'A user in a page of users, with its cursor.' });
export const UserConnection = builder.connectionObject({ type: UserRef, name: 'UserConnection', description: 'A page of users.' }, UserEdge);
/** Exported on its own so a create mutation's payload can return the new edge. */
export const RoleEdge = builder.edgeObject({ type: RoleRef, name: 'RoleEdge', description: 'A role in a page of roles, with its cursor.' });
export const RoleConnection = builder.connectionObject({ type: RoleRef, name: 'RoleConnection', description: 'A page of roles.' }, RoleEdge);
export const ScopeConnection = builder.connectionObject(
  { type: ScopeRef, name: 'ScopeConnection', description: 'A page of API resource scopes (permissions).' },
  { name: 'ScopeEdge', description: 'A scope in a page of scopes, with its cursor.' },
);
/** Exported on its own so a create mutation's payload can return the new edge. */
export const ResourceEdge = builder.edgeObject({ type: ResourceRef, name: 'ResourceEdge', description: 'An API resource in a page, with its cursor.' });
export const ResourceConnection = builder.connectionObject({ type: ResourceRef, name: 'ResourceConnection', description: 'A page of API resources.' }, ResourceEdge);
/** Exported on its own so a create mutation's payload can return the new edge. */
export const ApplicationEdge = builder.edgeObject({ type: ApplicationRef, name: 'ApplicationEdge', description: 'An application in a page, with its cursor.' });
export const ApplicationConnection = builder.connectionObject({ type: ApplicationRef, name: 'ApplicationConnection', description: 'A page of applications.' }, ApplicationEdge);
/** Exported on its own so a create mutation's payload can return the new edge. */
export const OrganizationEdge = builder.edgeObject({ type: OrganizationRef, name: 'OrganizationEdge', description: 'An organization in a page, with its cursor.' });
export const OrganizationConnection = builder.connectionObject({ type: OrganizationRef, name: 'OrganizationConnection', description: 'A page of organizations.' }, OrganizationEdge);
export const OrganizationRoleConnection = builder.connectionObject(
  { type: OrganizationRoleRef, name: 'OrganizationRoleConnection', description: 'A page of organization roles.' },
  { name: 'OrganizationRoleEdge', description: 'An organization role in a page, with its cursor.' },
);
export const OrganizationScopeConnection = builder.connectionObject(
  { type: OrganizationScopeRef, name: 'OrganizationScopeConnection', description: 'A page of organization scopes.' },
  { name: 'OrganizationScopeEdge', description: 'An organization scope in a page, with its cursor.' },
);
/** Exported on its own so a create mutation's payload can return the new edge. */
export const OrganizationInvitationEdge = builder.edgeObject({ type: OrganizationInvitationRef, name: 'OrganizationInvitationEdge', description: 'An invitation in a page, with its cursor.' });
export const OrganizationInvitationConnection = builder.connectionObject({ type: OrganizationInvitationRef, name: 'OrganizationInvitationConnection', description: 'A page of organization invitations.' }, OrganizationInvitationEdge);
export const ConnectorConnection = builder.connectionObject(
  { type: ConnectorRef, name: 'ConnectorConnection', description: 'A page of connectors.' },
  { name: 'ConnectorEdge', description: 'A connector in a page, with its cursor.' },
);
export const LogConnection = builder.connectionObject(
  {
    type: LogRef,
    name: 'LogConnection',
    description: 'A page of audit logs.',
    fields: (t) => ({
      totalCountIsCapped: t.boolean({
        description:
          "Whether `totalCount` is a lower bound: Logto stops counting logs near 10,000 (`Total-Number-Is-Capped`).",
        resolve: (parent) => parent.totalCountIsCapped,
      }),
    }),
  },
  { name: 'LogEdge', description: 'An audit log entry in a page, with its cursor.' },
);

/**
 * Organization member edges carry the member's organization roles in that organization (and, from
 * `organization-link-mutations.ts`, its resolved organization scopes). Exported on its own so
 * another module can add edge fields.
 */
export const OrganizationMemberEdge = builder.edgeObject({
  type: UserRef,
  name: 'OrganizationMemberEdge',
  description: 'A member of the organization, with the organization roles the member holds there.',
  fields: (t) => ({
    organizationRoles: t.field({
      type: [OrganizationRoleRef],
      description: "The member's organization roles in this organization.",
      resolve: (edge) => (edge.node as LogtoOrganizationMember).organizationRoles,
    }),
  }),
});
export const OrganizationMemberConnection = builder.connectionObject(
  { type: UserRef, name: 'OrganizationMemberConnection', description: 'A page of organization members.' },
  OrganizationMemberEdge,
);

/** A user's organization edges carry the user's organization roles there. */
export const UserOrganizationConnection = builder.connectionObject(
  { type: OrganizationRef, name: 'UserOrganizationConnection', description: "A page of a user's organizations." },
  {
    name: 'UserOrganizationEdge',
    description: 'An organization the user belongs to, with the organization roles the user holds there.',
    fields: (t) => ({
      organizationRoles: t.field({
        type: [OrganizationRoleRef],
        description: "The user's organization roles in this organization.",
        resolve: (edge) => (edge.node as LogtoUserOrganization).organizationRoles,
      }),
    }),
  },
);
