import type { LogtoOrganizationRole } from '../logto/types.js';
import {
  type OrganizationFilter,
  type OrganizationMemberFilter,
  organizationById,
  organizationInvitationById,
  organizationInvitationsConnection,
  organizationMembersConnection,
  organizationRoleField,
  organizationRoleResourceScopesConnection,
  organizationRoleScopesConnection,
  organizationRolesConnection,
  organizationScopesConnection,
  organizationsConnection,
} from '../resolvers/organizations.js';
import { userById } from '../resolvers/users.js';
import { cost } from '../cost/rules.js';
import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { builder } from './builder.js';
import { keyedByParentId } from './prefetch.js';
import { entityByIdField, entityNode } from './nodes.js';
import {
  OrganizationConnection,
  OrganizationInvitationConnection,
  OrganizationInvitationRef,
  OrganizationMemberConnection,
  OrganizationRef,
  OrganizationRoleConnection,
  OrganizationRoleRef,
  OrganizationScopeConnection,
  OrganizationScopeRef,
  ScopeConnection,
  ScopeRef,
  UserRef,
} from './refs.js';
import { RoleTypeEnum } from './role.js';

const OrganizationMemberFilterInput = builder.inputRef<OrganizationMemberFilter>('OrganizationMemberFilter').implement({
  description: 'Which members to list.',
  fields: (t) => ({
    q: t.string({ description: "Logto's member search: matches id, username, email, phone or name (substring, any case)." }),
    organizationRoleId: t.id({ description: 'Only members holding this organization role (global id or Logto id).' }),
  }),
});

builder.node(OrganizationRef, {
  description: 'An organization (a customer, team or workspace) in a multi-tenant app.',
  authScopes: (organization) => requires.organization(SCOPES.readOrganizations, organization.id),
  ...entityNode(OrganizationRef, 'organizations'),
  fields: (t) => ({
    logtoId: t.exposeString('id', { description: "Logto's own id of the organization (the `organization_id` claim)." }),
    name: t.exposeString('name', { description: 'Display name.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the organization is.' }),
    customData: t.field({
      type: 'JSONObject',
      description: 'Free-form data kept on the organization.',
      resolve: (organization) => organization.customData,
    }),
    isMfaRequired: t.exposeBoolean('isMfaRequired', { description: 'Whether members must use multi-factor authentication.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When the organization was created.', resolve: (organization) => organization.createdAt }),
    members: t.connection(
      {
        type: UserRef,
        nullable: true,
        description: 'Members, ordered by user id; each edge carries the organization roles the member holds here.',
        args: { filter: t.arg({ type: OrganizationMemberFilterInput, description: 'Member search and filters.' }) },
        authScopes: (organization) => requires.organization(SCOPES.readUsers, organization.id),
        extensions: { ...cost.list(), ...keyedByParentId },
        resolve: (organization, args, ctx) => organizationMembersConnection(ctx, organization, args, args.filter),
      },
      OrganizationMemberConnection,
    ),
    invitations: t.connection(
      {
        type: OrganizationInvitationRef,
        nullable: true,
        description: 'Invitations to join this organization, in every status.',
        authScopes: (organization) => requires.organization(SCOPES.readOrganizations, organization.id),
        extensions: { ...cost.wholeList(), ...keyedByParentId },
        resolve: (organization, args, ctx) => organizationInvitationsConnection(ctx, organization, args),
      },
      OrganizationInvitationConnection,
    ),
  }),
});

/** An organization-role field that `{ id, name }` rows lack, loaded when asked for. */
function roleField<K extends keyof LogtoOrganizationRole>(key: K) {
  return (role: Parameters<typeof organizationRoleField>[1], _args: unknown, ctx: Parameters<typeof organizationRoleField>[0]) =>
    organizationRoleField(ctx, role, key);
}

builder.node(OrganizationRoleRef, {
  description: 'A role inside organizations (owner, admin, member, ...): a set of organization scopes and API scopes, held per organization.',
  // Organization tokens meet roles only as held in their own organization (members, invitations).
  authScopes: requires.permission(SCOPES.readOrganizations),
  ...entityNode(OrganizationRoleRef, 'organizationRoles'),
  fields: (t) => ({
    logtoId: t.exposeString('id', { description: "Logto's own id of the organization role." }),
    name: t.exposeString('name', { description: 'Role name as it appears in organization tokens.' }),
    description: t.string({
      nullable: true,
      description: 'What the role is for.',
      extensions: cost.maybeLoad('organizationRoles'),
      resolve: roleField('description'),
    }),
    type: t.field({
      type: RoleTypeEnum,
      nullable: true,
      description: 'Whether users or applications hold it.',
      extensions: cost.maybeLoad('organizationRoles'),
      resolve: roleField('type'),
    }),
    scopes: t.connection(
      {
        type: OrganizationScopeRef,
        nullable: true,
        description: 'Organization scopes the role grants.',
        authScopes: requires.permission(SCOPES.readOrganizations),
        extensions: { ...cost.list(), ...keyedByParentId },
        resolve: (role, args, ctx) => organizationRoleScopesConnection(ctx, role, args),
      },
      OrganizationScopeConnection,
    ),
    resourceScopes: t.connection(
      {
        type: ScopeRef,
        nullable: true,
        description: 'API resource scopes the role grants inside its organizations.',
        authScopes: requires.tenant(SCOPES.readResources),
        extensions: { ...cost.list(), ...keyedByParentId },
        resolve: (role, args, ctx) => organizationRoleResourceScopesConnection(ctx, role, args),
      },
      ScopeConnection,
    ),
  }),
});

builder.node(OrganizationScopeRef, {
  description: 'A permission inside organizations (e.g. `invite:members`), granted through organization roles.',
  authScopes: requires.permission(SCOPES.readOrganizations),
  ...entityNode(OrganizationScopeRef, 'organizationScopes'),
  fields: (t) => ({
    logtoId: t.exposeString('id', { description: "Logto's own id of the organization scope." }),
    name: t.exposeString('name', { description: 'Scope name as it appears in organization tokens.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the scope allows.' }),
  }),
});

export const InvitationStatusEnum = builder.enumType('OrganizationInvitationStatus', {
  description: 'Where an invitation stands.',
  values: {
    PENDING: { value: 'Pending', description: 'Sent, not yet answered.' },
    ACCEPTED: { value: 'Accepted', description: 'The invitee joined.' },
    EXPIRED: { value: 'Expired', description: 'No longer valid.' },
    REVOKED: { value: 'Revoked', description: 'Withdrawn.' },
  } as const,
});

builder.node(OrganizationInvitationRef, {
  description: 'An invitation for someone to join an organization.',
  authScopes: (invitation) => requires.organization(SCOPES.readOrganizations, invitation.organizationId),
  ...entityNode(OrganizationInvitationRef, 'organizationInvitations'),
  // Not the plain loader: an organization caller only ever reads its own organization's invitations.
  loadMany: (ids, ctx) => ids.map((id) => organizationInvitationById(ctx, id)),
  fields: (t) => ({
    logtoId: t.exposeString('id', { description: "Logto's own id of the invitation." }),
    invitee: t.exposeString('invitee', { description: 'Email address of the person invited.' }),
    status: t.field({ type: InvitationStatusEnum, description: 'Where the invitation stands.', resolve: (invitation) => invitation.status }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was sent.', resolve: (invitation) => invitation.createdAt }),
    updatedAt: t.field({ type: 'DateTime', description: 'When it last changed.', resolve: (invitation) => invitation.updatedAt }),
    expiresAt: t.field({ type: 'DateTime', description: 'When it expires.', resolve: (invitation) => invitation.expiresAt }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'The organization the invitee is invited to.',
      authScopes: (invitation) => requires.organization(SCOPES.readOrganizations, invitation.organizationId),
      extensions: cost.load('organizations'),
      resolve: (invitation, _args, ctx) => organizationById(ctx, invitation.organizationId),
    }),
    inviter: t.field({
      type: UserRef,
      nullable: true,
      description: 'Who sent it, when a user did. Tenant-wide callers only.',
      authScopes: requires.tenant(SCOPES.readUsers),
      extensions: cost.load('users'),
      resolve: (invitation, _args, ctx) => (invitation.inviterId ? userById(ctx, invitation.inviterId) : null),
    }),
    acceptedUser: t.field({
      type: UserRef,
      nullable: true,
      description: 'The user who accepted it, once accepted. Tenant-wide callers only.',
      authScopes: requires.tenant(SCOPES.readUsers),
      extensions: cost.load('users'),
      resolve: (invitation, _args, ctx) => (invitation.acceptedUserId ? userById(ctx, invitation.acceptedUserId) : null),
    }),
    organizationRoles: t.field({
      type: [OrganizationRoleRef],
      description: 'Organization roles the invitee gets on joining.',
      resolve: (invitation) => invitation.organizationRoles,
    }),
  }),
});

builder.queryFields((t) => ({
  organization: entityByIdField(t, OrganizationRef, 'organizations', { description: 'An organization by global id or Logto id; `null` when there is none.', id: 'Global id or Logto id of the organization.' }),
  organizations: t.connection(
    {
      type: OrganizationRef,
      nullable: true,
      description: "The tenant's organizations. Tenant-wide callers only.",
      args: {
        filter: t.arg({
          type: builder.inputRef<OrganizationFilter>('OrganizationFilter').implement({
            description: 'Which organizations to list.',
            fields: (f) => ({
              q: f.string({ description: "Logto's organization search: matches id or name (substring, any case)." }),
            }),
          }),
          description: 'Search.',
        }),
      },
      authScopes: requires.tenant(SCOPES.readOrganizations),
      extensions: cost.list(),
      resolve: (_root, args, ctx) => organizationsConnection(ctx, args, args.filter),
    },
    OrganizationConnection,
  ),
  organizationRole: entityByIdField(t, OrganizationRoleRef, 'organizationRoles', { description: 'An organization role by global id or Logto id; `null` when there is none.', id: 'Global id or Logto id of the organization role.' }),
  organizationRoles: t.connection(
    {
      type: OrganizationRoleRef,
      nullable: true,
      description: 'The organization roles defined for the tenant (the organization template).',
      // The template is the same for every organization, and an organization's admin screen
      // needs it to offer roles to assign: organization tokens may read it too.
      authScopes: requires.permission(SCOPES.readOrganizations),
      extensions: cost.list({ complete: 'organizationRoles' }),
      resolve: (_root, args, ctx) => organizationRolesConnection(ctx, args),
    },
    OrganizationRoleConnection,
  ),
  organizationScope: entityByIdField(t, OrganizationScopeRef, 'organizationScopes', { description: 'An organization scope by global id or Logto id; `null` when there is none.', id: 'Global id or Logto id of the organization scope.' }),
  organizationScopes: t.connection(
    {
      type: OrganizationScopeRef,
      nullable: true,
      description: 'The organization scopes defined for the tenant (the organization template).',
      authScopes: requires.permission(SCOPES.readOrganizations),
      extensions: cost.list(),
      resolve: (_root, args, ctx) => organizationScopesConnection(ctx, args),
    },
    OrganizationScopeConnection,
  ),
  organizationInvitation: entityByIdField(t, OrganizationInvitationRef, 'organizationInvitations', { description: "An organization invitation by global id or Logto id; `null` when there is none (for an organization token: none in its organization).", id: 'Global id or Logto id of the invitation.' }, organizationInvitationById),
}));
