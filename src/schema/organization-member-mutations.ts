import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { encodeGlobalId } from '../global-id.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import { encodeCursor } from '../resolvers/cursor.js';
import {
  addOrganizationMembers,
  assignOrganizationMemberRoles,
  createOrganizationInvitation,
  type InvitationPayload,
  loadMember,
  loadOrganization,
  memberOrganizationRoles,
  type OrganizationMemberPayload,
  type OrganizationMembersPayload,
  removeOrganizationMember,
  removeOrganizationMemberRole,
  updateOrganizationInvitationStatus,
} from '../resolvers/organization-mutations.js';
import { loadUsers } from '../resolvers/role-mutations.js';
import { builder } from './builder.js';
import { futureDateRule, idOf, idsOf, inviteeRule, lengthText, optional } from './input-validation.js';
import { defineMutation, givenPayload } from './mutation-declaration.js';
import type { PayloadFieldBuilder } from './mutation-support.js';
import { OrganizationInvitationEdge, OrganizationInvitationRef, OrganizationRef, OrganizationRoleRef, UserRef } from './refs.js';

/**
 * Mutations of organization members, their organization roles, and invitations, each declared
 * once (`defineMutation`). An organization token may use them inside its own organization.
 */

// Unions hold every typed error Logto's routes can give (test/mutations/typed-errors.test.ts).
const all = [ValidationError, ConflictError, NotFoundError];
const noConflict = [ValidationError, NotFoundError];

const organizationLoaded = <Payload extends { organizationId: string }>(t: PayloadFieldBuilder<Payload>) =>
  t.field({
    type: OrganizationRef,
    nullable: true,
    description: 'The organization, read after the change.',
    extensions: cost.load('organizations', 'byId'),
    resolve: (payload, _args, ctx) => loadOrganization(ctx, payload.organizationId),
  });

// Members ---------------------------------------------------------------------------------------

const userIds = idsOf('User');

defineMutation('addOrganizationMembers', {
  does: 'Makes users members of an organization',
  route: 'POST /api/organizations/:id/users',
  // An organization token sends nothing: it reads its organization's first page of members, then
  // looks up each id not on it when the organization is larger (`membersAmong`).
  requests: { tenant: 1, organizationToken: { base: 1, perIdIn: 'userIds' } },
  details:
    'Any user of the tenant needs `write:organizations` tenant-wide; an organization token invites new members (`createOrganizationInvitation`) and here may only name users already in its organization (nothing is sent; its members are read instead): any other id, unknown or not its own, is the same `NotFoundError`.',
  input: {
    description: 'Users to make members of an organization. Users already members stay as they are.',
    argument: 'The organization and the users.',
    fields: (t) => ({
      organizationId: t.id({ required: true, description: 'Global id or Logto id of the organization.' }),
      userIds: t.idList({ required: true, description: `Global ids or Logto ids of users (${lengthText(userIds, '')}).` }),
    }),
    validate: z.object({ organizationId: idOf('Organization'), userIds }),
  },
  errors: all,
  requires: (input) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
  payload: builder.objectRef<OrganizationMembersPayload>('AddOrganizationMembersPayload').implement({
    description: 'The organization `addOrganizationMembers` changed.',
    fields: (t) => ({
      organization: organizationLoaded(t),
      users: t.field({
        type: [UserRef],
        nullable: { list: false, items: true },
        description: 'The users who are now members.',
        extensions: cost.load('users', 'search'),
        resolve: (payload, _args, ctx) => loadUsers(ctx, payload.userIds),
      }),
    }),
  }),
  resolve: (ctx, input) => addOrganizationMembers(ctx, input),
});

defineMutation('removeOrganizationMember', {
  does: 'Removes a member from an organization',
  route: 'DELETE /api/organizations/:id/users/:userId',
  input: {
    description: 'A member to remove from an organization (with the roles held there).',
    argument: 'The organization and the member.',
    fields: (t) => ({
      organizationId: t.id({ required: true, description: 'Global id or Logto id of the organization.' }),
      userId: t.id({ required: true, description: 'Global id or Logto id of the member.' }),
    }),
    validate: z.object({ organizationId: idOf('Organization'), userId: idOf('User') }),
  },
  errors: noConflict,
  requires: (input) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
  payload: builder.objectRef<OrganizationMemberPayload>('RemoveOrganizationMemberPayload').implement({
    description: 'The organization `removeOrganizationMember` changed.',
    fields: (t) => ({
      organization: organizationLoaded(t),
      removedUserId: t.id({ description: 'Global id of the user who is no longer a member.', resolve: (payload) => encodeGlobalId('User', payload.userId) }),
    }),
  }),
  resolve: (ctx, input) => removeOrganizationMember(ctx, input),
});

const memberRoleFields = (t: PayloadFieldBuilder<OrganizationMemberPayload>) => ({
  organization: organizationLoaded(t),
  user: t.field({
    type: UserRef,
    nullable: true,
    description: 'The member, read after the change.',
    extensions: cost.load('users', 'search'),
    resolve: (payload, _args, ctx) => loadMember(ctx, payload.userId),
  }),
  organizationRoles: t.field({
    type: [OrganizationRoleRef],
    nullable: { list: false, items: true },
    description: 'Every organization role the member now holds in the organization (one upstream request).',
    // One unpaginated `GET /api/organizations/:id/users/:userId/roles`.
    extensions: cost.wholeList(),
    resolve: (payload, _args, ctx) => memberOrganizationRoles(ctx, payload),
  }),
});

const organizationRoleIds = idsOf('OrganizationRole');

defineMutation('assignOrganizationMemberRoles', {
  does: 'Gives a member organization roles',
  route: 'POST /api/organizations/:id/users/:userId/roles',
  input: {
    description: 'Organization roles to give a member in one organization. Roles already held are kept.',
    argument: 'The organization, the member and the roles.',
    fields: (t) => ({
      organizationId: t.id({ required: true, description: 'Global id or Logto id of the organization.' }),
      userId: t.id({ required: true, description: 'Global id or Logto id of the user (already a member).' }),
      organizationRoleIds: t.idList({
        required: true,
        description: `Global ids or Logto ids of user-type organization roles (${lengthText(organizationRoleIds, '')}).`,
      }),
    }),
    validate: z.object({ organizationId: idOf('Organization'), userId: idOf('User'), organizationRoleIds }),
  },
  errors: all,
  requires: (input) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
  payload: builder.objectRef<OrganizationMemberPayload>('AssignOrganizationMemberRolesPayload').implement({
    description: 'The member `assignOrganizationMemberRoles` changed.',
    fields: (t) => memberRoleFields(t),
  }),
  resolve: (ctx, input) => assignOrganizationMemberRoles(ctx, input),
});

defineMutation('removeOrganizationMemberRole', {
  does: 'Takes an organization role from a member',
  route: 'DELETE /api/organizations/:id/users/:userId/roles/:organizationRoleId',
  input: {
    description: 'An organization role to take from a member.',
    argument: 'The organization, the member and the role.',
    fields: (t) => ({
      organizationId: t.id({ required: true, description: 'Global id or Logto id of the organization.' }),
      userId: t.id({ required: true, description: 'Global id or Logto id of the member.' }),
      organizationRoleId: t.id({ required: true, description: 'Global id or Logto id of the organization role.' }),
    }),
    validate: z.object({ organizationId: idOf('Organization'), userId: idOf('User'), organizationRoleId: idOf('OrganizationRole') }),
  },
  errors: noConflict,
  requires: (input) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
  payload: builder.objectRef<OrganizationMemberPayload>('RemoveOrganizationMemberRolePayload').implement({
    description: 'The member `removeOrganizationMemberRole` changed.',
    fields: (t) => ({
      ...memberRoleFields(t),
      removedOrganizationRoleId: t.id({
        description: 'Global id of the organization role taken away.',
        resolve: (payload) => encodeGlobalId('OrganizationRole', payload.organizationRoleId ?? ''),
      }),
    }),
  }),
  resolve: (ctx, input) => removeOrganizationMemberRole(ctx, input),
});

// Invitations -----------------------------------------------------------------------------------

defineMutation('createOrganizationInvitation', {
  does: 'Invites someone to an organization, without sending an email',
  route: 'POST /api/organization-invitations',
  // An organization token's `inviterId` is checked to be a member first (`membersAmong`: the
  // first page of members, then a lookup by id).
  requests: { tenant: 1, organizationToken: 3 },
  input: {
    description: 'An invitation to join an organization. No email is sent; share the invitation yourself.',
    argument: 'The invitation.',
    fields: (t) => ({
      organizationId: t.id({ required: true, description: 'Global id or Logto id of the organization.' }),
      invitee: t.string({ required: true, description: 'Email address of the person invited (not already a member).' }),
      expiresAt: t.field({ type: 'DateTime', required: true, description: 'When the invitation expires (in the future).' }),
      inviterId: t.id({ description: 'Global id or Logto id of the inviting user, if a user invites.' }),
      organizationRoleIds: t.idList({ description: 'Organization roles the invitee gets on joining.' }),
    }),
    validate: z.object({
      organizationId: idOf('Organization'),
      invitee: inviteeRule,
      expiresAt: futureDateRule,
      inviterId: optional(idOf('User')),
      organizationRoleIds: optional(organizationRoleIds),
    }),
  },
  // A second pending invitation for the same invitee is Logto's unique-index violation.
  errors: all,
  requires: (input) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
  payload: builder.objectRef<InvitationPayload>('CreateOrganizationInvitationPayload').implement({
    description: 'The invitation `createOrganizationInvitation` made.',
    fields: (t) => ({
      invitation: t.field({
        type: OrganizationInvitationRef,
        nullable: true,
        description: 'The new invitation (status PENDING).',
        extensions: cost.given(),
        resolve: (payload) => payload.invitation,
      }),
      invitationEdge: t.field({
        type: OrganizationInvitationEdge,
        nullable: true,
        description: 'The new invitation as an edge of its organization’s `invitations` (newest first, so at its start).',
        extensions: cost.given(),
        resolve: (payload) => ({ cursor: encodeCursor('Organization.invitations', 0), node: payload.invitation }),
      }),
    }),
  }),
  resolve: (ctx, input) => createOrganizationInvitation(ctx, input),
});

const InvitationStatusChangeEnum = builder.enumType('OrganizationInvitationStatusChange', {
  description: 'What a pending invitation can become.',
  values: {
    ACCEPTED: { value: 'Accepted', description: 'Accepted by `acceptedUserId`, who joins with the invitation’s roles.' },
    REVOKED: { value: 'Revoked', description: 'Withdrawn.' },
  } as const,
});

defineMutation('updateOrganizationInvitationStatus', {
  does: 'Revokes or accepts a pending invitation',
  route: 'PUT /api/organization-invitations/:id/status',
  requests: { tenant: 1, organizationToken: 2 },
  details: 'An organization token’s invitation is looked up in its organization first.',
  input: {
    description: 'A pending invitation’s new status. Accepted, revoked and expired invitations do not change.',
    argument: 'The invitation and its new status.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'Global id or Logto id of the invitation.' }),
      status: t.field({ type: InvitationStatusChangeEnum, required: true, description: 'The new status.' }),
      acceptedUserId: t.id({ description: 'For ACCEPTED: the user who accepts (their primary email must be the invitee).' }),
    }),
    validate: z
      .object({ id: idOf('OrganizationInvitation'), status: z.enum(['Accepted', 'Revoked']), acceptedUserId: optional(idOf('User')) })
      .refine((value) => value.status !== 'Accepted' || Boolean(value.acceptedUserId), {
        message: 'Accepting an invitation needs the accepting user.',
        path: ['acceptedUserId'],
      }),
  },
  errors: noConflict,
  requires: requires.permission(SCOPES.writeOrganizations),
  payload: givenPayload<InvitationPayload, InvitationPayload['invitation']>(
    'updateOrganizationInvitationStatus',
    'The invitation `updateOrganizationInvitationStatus` changed.',
    { name: 'invitation', type: OrganizationInvitationRef, description: 'The invitation with its new status.', resolve: (payload) => payload.invitation },
  ),
  resolve: (ctx, input) => updateOrganizationInvitationStatus(ctx, input),
});
