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
  createOrganization,
  createOrganizationInvitation,
  createOrganizationRole,
  createOrganizationScope,
  deleteOrganization,
  deleteOrganizationRole,
  deleteOrganizationScope,
  type DeletedPayload,
  type DeleteOrganizationPayload,
  type InvitationPayload,
  loadMember,
  loadOrganization,
  memberOrganizationRoles,
  newOrganizationCursor,
  type OrganizationMemberPayload,
  type OrganizationMembersPayload,
  type OrganizationPayload,
  type OrganizationRolePayload,
  type OrganizationScopePayload,
  removeOrganizationMember,
  removeOrganizationMemberRole,
  updateOrganization,
  updateOrganizationInvitationStatus,
  updateOrganizationRole,
  updateOrganizationScope,
} from '../resolvers/organization-mutations.js';
import { loadUsers } from '../resolvers/role-mutations.js';
import { builder } from './builder.js';
import {
  changesSomething,
  futureDateRule,
  idOf,
  idsOf,
  idRule,
  inviteeRule,
  jsonObjectRule,
  optional,
  organizationDescriptionRule,
  organizationNameRule,
  organizationRoleDescriptionRule,
  organizationRoleNameRule,
  organizationScopeDescriptionRule,
  organizationScopeNameRule,
} from './input-validation.js';
import { mutationResult, type PayloadFieldBuilder } from './mutation-support.js';
import {
  OrganizationEdge,
  OrganizationInvitationEdge,
  OrganizationInvitationRef,
  OrganizationRef,
  OrganizationRoleRef,
  OrganizationScopeRef,
  UserRef,
} from './refs.js';
import { RoleTypeEnum } from './role.js';

// Inputs ----------------------------------------------------------------------------------------

const CreateOrganizationInput = builder.inputType('CreateOrganizationInput', {
  description: 'A new organization.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Display name (1–128 characters).' }),
    description: t.string({ description: 'What the organization is (at most 256 characters).' }),
    customData: t.field({ type: 'JSONObject', description: 'Free-form data kept on the organization.' }),
    isMfaRequired: t.boolean({ description: 'Whether members must use multi-factor authentication.' }),
  }),
  validate: z.object({
    name: organizationNameRule,
    description: optional(organizationDescriptionRule),
    customData: optional(jsonObjectRule),
    isMfaRequired: z.boolean().nullish(),
  }),
});

const UpdateOrganizationInput = builder.inputType('UpdateOrganizationInput', {
  description: 'Changes to an organization. Only the fields given change.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Global id or Logto id of the organization.' }),
    name: t.string({ description: 'New display name.' }),
    description: t.string({ description: 'New description; null clears it.' }),
    customData: t.field({ type: 'JSONObject', description: 'New custom data; replaces the stored object (null empties it).' }),
    isMfaRequired: t.boolean({ description: 'Whether members must use multi-factor authentication.' }),
  }),
  validate: z
    .object({
      id: idRule,
      name: organizationNameRule.optional(),
      description: optional(organizationDescriptionRule),
      customData: optional(jsonObjectRule),
      isMfaRequired: z.boolean().optional(),
    })
    .refine(...changesSomething(['id'], 'organization')),
});

const idOnly = (name: string, description: string, entity: string) =>
  builder.inputType(name, {
    description,
    fields: (t) => ({ id: t.id({ required: true, description: `Global id or Logto id of the ${entity}.` }) }),
    validate: z.object({ id: idRule }),
  });

const DeleteOrganizationInput = idOnly('DeleteOrganizationInput', 'An organization to delete, with its memberships and invitations.', 'organization');

const AddOrganizationMembersInput = builder.inputType('AddOrganizationMembersInput', {
  description: 'Users to make members of an organization. Users already members stay as they are.',
  fields: (t) => ({
    organizationId: t.id({ required: true, description: 'Global id or Logto id of the organization.' }),
    userIds: t.idList({ required: true, description: 'Global ids or Logto ids of users (1–100).' }),
  }),
  validate: z.object({ organizationId: idOf('Organization'), userIds: idsOf('User') }),
});

const RemoveOrganizationMemberInput = builder.inputType('RemoveOrganizationMemberInput', {
  description: 'A member to remove from an organization (with the roles held there).',
  fields: (t) => ({
    organizationId: t.id({ required: true, description: 'Global id or Logto id of the organization.' }),
    userId: t.id({ required: true, description: 'Global id or Logto id of the member.' }),
  }),
  validate: z.object({ organizationId: idOf('Organization'), userId: idOf('User') }),
});

const AssignOrganizationMemberRolesInput = builder.inputType('AssignOrganizationMemberRolesInput', {
  description: 'Organization roles to give a member in one organization. Roles already held are kept.',
  fields: (t) => ({
    organizationId: t.id({ required: true, description: 'Global id or Logto id of the organization.' }),
    userId: t.id({ required: true, description: 'Global id or Logto id of the user (already a member).' }),
    organizationRoleIds: t.idList({ required: true, description: 'Global ids or Logto ids of user-type organization roles (1–100).' }),
  }),
  validate: z.object({ organizationId: idOf('Organization'), userId: idOf('User'), organizationRoleIds: idsOf('OrganizationRole') }),
});

const RemoveOrganizationMemberRoleInput = builder.inputType('RemoveOrganizationMemberRoleInput', {
  description: 'An organization role to take from a member.',
  fields: (t) => ({
    organizationId: t.id({ required: true, description: 'Global id or Logto id of the organization.' }),
    userId: t.id({ required: true, description: 'Global id or Logto id of the member.' }),
    organizationRoleId: t.id({ required: true, description: 'Global id or Logto id of the organization role.' }),
  }),
  validate: z.object({ organizationId: idOf('Organization'), userId: idOf('User'), organizationRoleId: idOf('OrganizationRole') }),
});

const CreateOrganizationInvitationInput = builder.inputType('CreateOrganizationInvitationInput', {
  description: 'An invitation to join an organization. No email is sent; share the invitation yourself.',
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
    organizationRoleIds: optional(idsOf('OrganizationRole')),
  }),
});

const InvitationStatusChangeEnum = builder.enumType('OrganizationInvitationStatusChange', {
  description: 'What a pending invitation can become.',
  values: {
    ACCEPTED: { value: 'Accepted', description: 'Accepted by `acceptedUserId`, who joins with the invitation’s roles.' },
    REVOKED: { value: 'Revoked', description: 'Withdrawn.' },
  } as const,
});

const UpdateOrganizationInvitationStatusInput = builder.inputType('UpdateOrganizationInvitationStatusInput', {
  description: 'A pending invitation’s new status. Accepted, revoked and expired invitations do not change.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Global id or Logto id of the invitation.' }),
    status: t.field({ type: InvitationStatusChangeEnum, required: true, description: 'The new status.' }),
    acceptedUserId: t.id({ description: 'For ACCEPTED: the user who accepts (their primary email must be the invitee).' }),
  }),
  validate: z
    .object({ id: idRule, status: z.enum(['Accepted', 'Revoked']), acceptedUserId: optional(idOf('User')) })
    .refine((value) => value.status !== 'Accepted' || Boolean(value.acceptedUserId), {
      message: 'Accepting an invitation needs the accepting user.',
      path: ['acceptedUserId'],
    }),
});

const CreateOrganizationRoleInput = builder.inputType('CreateOrganizationRoleInput', {
  description: 'A new organization role (part of the organization template), optionally with its scopes.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique name, as it appears in organization tokens (1–128 characters).' }),
    description: t.string({ description: 'What the role is for (at most 256 characters).' }),
    type: t.field({ type: RoleTypeEnum, description: 'Who holds it: users (default) or machine-to-machine applications.' }),
    organizationScopeIds: t.idList({ description: 'Organization scopes it grants.' }),
    resourceScopeIds: t.idList({ description: 'API resource scopes it grants inside organizations.' }),
  }),
  validate: z.object({
    name: organizationRoleNameRule,
    description: optional(organizationRoleDescriptionRule),
    type: z.unknown().optional(),
    organizationScopeIds: optional(idsOf('OrganizationScope')),
    resourceScopeIds: optional(idsOf('Scope')),
  }),
});

const UpdateOrganizationRoleInput = builder.inputType('UpdateOrganizationRoleInput', {
  description: 'Changes to an organization role. Only the fields given change.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Global id or Logto id of the organization role.' }),
    name: t.string({ description: 'New unique name.' }),
    description: t.string({ description: 'New description; null clears it.' }),
  }),
  validate: z
    .object({ id: idRule, name: organizationRoleNameRule.optional(), description: optional(organizationRoleDescriptionRule) })
    .refine(...changesSomething(['id'], 'organization role')),
});

const DeleteOrganizationRoleInput = idOnly('DeleteOrganizationRoleInput', 'An organization role to delete; every member loses it.', 'organization role');

const CreateOrganizationScopeInput = builder.inputType('CreateOrganizationScopeInput', {
  description: 'A new organization scope (a permission inside organizations).',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique name, as it appears in organization tokens (1–128 characters).' }),
    description: t.string({ description: 'What it allows (at most 256 characters).' }),
  }),
  validate: z.object({ name: organizationScopeNameRule, description: optional(organizationScopeDescriptionRule) }),
});

const UpdateOrganizationScopeInput = builder.inputType('UpdateOrganizationScopeInput', {
  description: 'Changes to an organization scope. Only the fields given change.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Global id or Logto id of the organization scope.' }),
    name: t.string({ description: 'New unique name.' }),
    description: t.string({ description: 'New description; null clears it.' }),
  }),
  validate: z
    .object({ id: idRule, name: organizationScopeNameRule.optional(), description: optional(organizationScopeDescriptionRule) })
    .refine(...changesSomething(['id'], 'organization scope')),
});

const DeleteOrganizationScopeInput = idOnly('DeleteOrganizationScopeInput', 'An organization scope to delete; roles lose it.', 'organization scope');

// Payloads --------------------------------------------------------------------------------------

const organizationGiven = (t: PayloadFieldBuilder<OrganizationPayload>, description: string) =>
  t.field({ type: OrganizationRef, nullable: true, description, extensions: cost.given(), resolve: (payload) => payload.organization });

const organizationLoaded = <Payload extends { organizationId: string }>(t: PayloadFieldBuilder<Payload>) =>
  t.field({
    type: OrganizationRef,
    nullable: true,
    description: 'The organization, read after the change.',
    extensions: cost.load('organizations', 'byId'),
    resolve: (payload, _args, ctx) => loadOrganization(ctx, payload.organizationId),
  });

const CreateOrganizationPayload = builder.objectRef<OrganizationPayload>('CreateOrganizationPayload').implement({
  description: 'The organization `createOrganization` made.',
  fields: (t) => ({
    organization: organizationGiven(t, 'The new organization, as Logto answered.'),
    organizationEdge: t.field({
      type: OrganizationEdge,
      nullable: true,
      description: 'The new organization as an edge of `organizations` (creation order, so at its end). Its cursor needs the list’s count: one more upstream request.',
      extensions: cost.list(),
      resolve: async (payload, _args, ctx) => ({ cursor: await newOrganizationCursor(ctx), node: payload.organization }),
    }),
  }),
});

const UpdateOrganizationPayload = builder.objectRef<OrganizationPayload>('UpdateOrganizationPayload').implement({
  description: 'The organization `updateOrganization` changed.',
  fields: (t) => ({ organization: organizationGiven(t, 'The organization after the change.') }),
});

const DeleteOrganizationPayload = builder.objectRef<DeleteOrganizationPayload>('DeleteOrganizationPayload').implement({
  description: 'What `deleteOrganization` removed.',
  fields: (t) => ({
    deletedOrganizationId: t.id({
      description: 'Global id of the deleted organization.',
      resolve: (payload) => encodeGlobalId('Organization', payload.deletedOrganizationId),
    }),
  }),
});

const AddOrganizationMembersPayload = builder.objectRef<OrganizationMembersPayload>('AddOrganizationMembersPayload').implement({
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
});

const RemoveOrganizationMemberPayload = builder.objectRef<OrganizationMemberPayload>('RemoveOrganizationMemberPayload').implement({
  description: 'The organization `removeOrganizationMember` changed.',
  fields: (t) => ({
    organization: organizationLoaded(t),
    removedUserId: t.id({ description: 'Global id of the user who is no longer a member.', resolve: (payload) => encodeGlobalId('User', payload.userId) }),
  }),
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

const AssignOrganizationMemberRolesPayload = builder.objectRef<OrganizationMemberPayload>('AssignOrganizationMemberRolesPayload').implement({
  description: 'The member `assignOrganizationMemberRoles` changed.',
  fields: (t) => memberRoleFields(t),
});

const RemoveOrganizationMemberRolePayload = builder.objectRef<OrganizationMemberPayload>('RemoveOrganizationMemberRolePayload').implement({
  description: 'The member `removeOrganizationMemberRole` changed.',
  fields: (t) => ({
    ...memberRoleFields(t),
    removedOrganizationRoleId: t.id({
      description: 'Global id of the organization role taken away.',
      resolve: (payload) => encodeGlobalId('OrganizationRole', payload.organizationRoleId ?? ''),
    }),
  }),
});

const invitationGiven = (t: PayloadFieldBuilder<InvitationPayload>, description: string) =>
  t.field({ type: OrganizationInvitationRef, nullable: true, description, extensions: cost.given(), resolve: (payload) => payload.invitation });

const CreateOrganizationInvitationPayload = builder.objectRef<InvitationPayload>('CreateOrganizationInvitationPayload').implement({
  description: 'The invitation `createOrganizationInvitation` made.',
  fields: (t) => ({
    invitation: invitationGiven(t, 'The new invitation (status PENDING).'),
    invitationEdge: t.field({
      type: OrganizationInvitationEdge,
      nullable: true,
      description: 'The new invitation as an edge of its organization’s `invitations` (newest first, so at its start).',
      extensions: cost.given(),
      resolve: (payload) => ({ cursor: encodeCursor('Organization.invitations', 0), node: payload.invitation }),
    }),
  }),
});

const UpdateOrganizationInvitationStatusPayload = builder
  .objectRef<InvitationPayload>('UpdateOrganizationInvitationStatusPayload')
  .implement({
    description: 'The invitation `updateOrganizationInvitationStatus` changed.',
    fields: (t) => ({ invitation: invitationGiven(t, 'The invitation with its new status.') }),
  });

const organizationRoleGiven = (t: PayloadFieldBuilder<OrganizationRolePayload>, description: string) =>
  t.field({ type: OrganizationRoleRef, nullable: true, description, extensions: cost.given(), resolve: (payload) => payload.organizationRole });

const CreateOrganizationRolePayload = builder.objectRef<OrganizationRolePayload>('CreateOrganizationRolePayload').implement({
  description: 'The organization role `createOrganizationRole` made.',
  fields: (t) => ({ organizationRole: organizationRoleGiven(t, 'The new organization role, as Logto answered.') }),
});

const UpdateOrganizationRolePayload = builder.objectRef<OrganizationRolePayload>('UpdateOrganizationRolePayload').implement({
  description: 'The organization role `updateOrganizationRole` changed.',
  fields: (t) => ({ organizationRole: organizationRoleGiven(t, 'The organization role after the change.') }),
});

const deletedPayload = (name: string, description: string, typename: string, field: string) =>
  builder.objectRef<DeletedPayload>(name).implement({
    description,
    fields: (t) => ({
      [field]: t.id({ description: `Global id of the deleted ${typename === 'OrganizationRole' ? 'organization role' : 'organization scope'}.`, resolve: (payload) => encodeGlobalId(typename, payload.deletedId) }),
    }),
  });

const DeleteOrganizationRolePayload = deletedPayload(
  'DeleteOrganizationRolePayload',
  'What `deleteOrganizationRole` removed.',
  'OrganizationRole',
  'deletedOrganizationRoleId',
);

const organizationScopeGiven = (t: PayloadFieldBuilder<OrganizationScopePayload>, description: string) =>
  t.field({ type: OrganizationScopeRef, nullable: true, description, extensions: cost.given(), resolve: (payload) => payload.organizationScope });

const CreateOrganizationScopePayload = builder.objectRef<OrganizationScopePayload>('CreateOrganizationScopePayload').implement({
  description: 'The organization scope `createOrganizationScope` made.',
  fields: (t) => ({ organizationScope: organizationScopeGiven(t, 'The new organization scope.') }),
});

const UpdateOrganizationScopePayload = builder.objectRef<OrganizationScopePayload>('UpdateOrganizationScopePayload').implement({
  description: 'The organization scope `updateOrganizationScope` changed.',
  fields: (t) => ({ organizationScope: organizationScopeGiven(t, 'The organization scope after the change.') }),
});

const DeleteOrganizationScopePayload = deletedPayload(
  'DeleteOrganizationScopePayload',
  'What `deleteOrganizationScope` removed.',
  'OrganizationScope',
  'deletedOrganizationScopeId',
);

// Mutations -------------------------------------------------------------------------------------

const all = [ValidationError, ConflictError, NotFoundError];
// Unions hold every typed error Logto's routes can give (test/mutations/typed-errors.test.ts).
const noConflict = [ValidationError, NotFoundError];

builder.mutationFields((t) => ({
  createOrganization: t.field({
    type: CreateOrganizationPayload,
    nullable: true,
    description: 'Creates an organization (`POST /api/organizations`; 1 upstream request).',
    args: { input: t.arg({ type: CreateOrganizationInput, required: true, description: 'The new organization.' }) },
    authScopes: requires.tenant(SCOPES.writeOrganizations),
    errors: mutationResult('createOrganization', [ValidationError, ConflictError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => createOrganization(ctx, input),
  }),
  updateOrganization: t.field({
    type: UpdateOrganizationPayload,
    nullable: true,
    description: 'Changes an organization (`PATCH /api/organizations/:id`; 1 upstream request).',
    args: { input: t.arg({ type: UpdateOrganizationInput, required: true, description: 'What to change.' }) },
    authScopes: (_root, { input }) => requires.organization(SCOPES.writeOrganizations, input.id),
    errors: mutationResult('updateOrganization', all),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => updateOrganization(ctx, input),
  }),
  deleteOrganization: t.field({
    type: DeleteOrganizationPayload,
    nullable: true,
    description: 'Deletes an organization (`DELETE /api/organizations/:id`; 1 upstream request).',
    args: { input: t.arg({ type: DeleteOrganizationInput, required: true, description: 'The organization.' }) },
    authScopes: requires.tenant(SCOPES.writeOrganizations),
    errors: mutationResult('deleteOrganization', noConflict),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => deleteOrganization(ctx, input),
  }),
  addOrganizationMembers: t.field({
    type: AddOrganizationMembersPayload,
    nullable: true,
    description:
      'Makes users members of an organization (`POST /api/organizations/:id/users`; 1 upstream request). Any user of the tenant needs `write:organizations` tenant-wide; an organization token invites new members (`createOrganizationInvitation`) and here may only name users already in its organization (nothing is sent; 1 request reads its members, more for an organization of over 100): any other id, unknown or not its own, is the same `NotFoundError`.',
    args: { input: t.arg({ type: AddOrganizationMembersInput, required: true, description: 'The organization and the users.' }) },
    authScopes: (_root, { input }) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
    errors: mutationResult('addOrganizationMembers', all),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => addOrganizationMembers(ctx, input),
  }),
  removeOrganizationMember: t.field({
    type: RemoveOrganizationMemberPayload,
    nullable: true,
    description: 'Removes a member from an organization (`DELETE /api/organizations/:id/users/:userId`; 1 upstream request).',
    args: { input: t.arg({ type: RemoveOrganizationMemberInput, required: true, description: 'The organization and the member.' }) },
    authScopes: (_root, { input }) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
    errors: mutationResult('removeOrganizationMember', noConflict),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => removeOrganizationMember(ctx, input),
  }),
  assignOrganizationMemberRoles: t.field({
    type: AssignOrganizationMemberRolesPayload,
    nullable: true,
    description: 'Gives a member organization roles (`POST /api/organizations/:id/users/:userId/roles`; 1 upstream request).',
    args: { input: t.arg({ type: AssignOrganizationMemberRolesInput, required: true, description: 'The organization, the member and the roles.' }) },
    authScopes: (_root, { input }) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
    errors: mutationResult('assignOrganizationMemberRoles', all),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => assignOrganizationMemberRoles(ctx, input),
  }),
  removeOrganizationMemberRole: t.field({
    type: RemoveOrganizationMemberRolePayload,
    nullable: true,
    description: 'Takes an organization role from a member (`DELETE /api/organizations/:id/users/:userId/roles/:organizationRoleId`; 1 upstream request).',
    args: { input: t.arg({ type: RemoveOrganizationMemberRoleInput, required: true, description: 'The organization, the member and the role.' }) },
    authScopes: (_root, { input }) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
    errors: mutationResult('removeOrganizationMemberRole', noConflict),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => removeOrganizationMemberRole(ctx, input),
  }),
  createOrganizationInvitation: t.field({
    type: CreateOrganizationInvitationPayload,
    nullable: true,
    description: 'Invites someone to an organization, without sending an email (`POST /api/organization-invitations`; 1 upstream request).',
    args: { input: t.arg({ type: CreateOrganizationInvitationInput, required: true, description: 'The invitation.' }) },
    authScopes: (_root, { input }) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
    // A second pending invitation for the same invitee is Logto's unique-index violation.
    errors: mutationResult('createOrganizationInvitation', all),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => createOrganizationInvitation(ctx, input),
  }),
  updateOrganizationInvitationStatus: t.field({
    type: UpdateOrganizationInvitationStatusPayload,
    nullable: true,
    description:
      'Revokes or accepts a pending invitation (`PUT /api/organization-invitations/:id/status`; 1 upstream request, 2 for an organization token, whose invitation is looked up in its organization first).',
    args: { input: t.arg({ type: UpdateOrganizationInvitationStatusInput, required: true, description: 'The invitation and its new status.' }) },
    authScopes: requires.permission(SCOPES.writeOrganizations),
    errors: mutationResult('updateOrganizationInvitationStatus', noConflict),
    extensions: cost.write(2),
    resolve: (_root, { input }, ctx) => updateOrganizationInvitationStatus(ctx, input),
  }),
  createOrganizationRole: t.field({
    type: CreateOrganizationRolePayload,
    nullable: true,
    description: 'Creates an organization role with its scopes (`POST /api/organization-roles`; 1 upstream request).',
    args: { input: t.arg({ type: CreateOrganizationRoleInput, required: true, description: 'The new organization role.' }) },
    authScopes: requires.tenant(SCOPES.writeOrganizations),
    errors: mutationResult('createOrganizationRole', all),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => createOrganizationRole(ctx, input),
  }),
  updateOrganizationRole: t.field({
    type: UpdateOrganizationRolePayload,
    nullable: true,
    description: 'Changes an organization role (`PATCH /api/organization-roles/:id`; 1 upstream request).',
    args: { input: t.arg({ type: UpdateOrganizationRoleInput, required: true, description: 'What to change.' }) },
    authScopes: requires.tenant(SCOPES.writeOrganizations),
    errors: mutationResult('updateOrganizationRole', all),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => updateOrganizationRole(ctx, input),
  }),
  deleteOrganizationRole: t.field({
    type: DeleteOrganizationRolePayload,
    nullable: true,
    description: 'Deletes an organization role (`DELETE /api/organization-roles/:id`; 1 upstream request).',
    args: { input: t.arg({ type: DeleteOrganizationRoleInput, required: true, description: 'The organization role.' }) },
    authScopes: requires.tenant(SCOPES.writeOrganizations),
    errors: mutationResult('deleteOrganizationRole', noConflict),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => deleteOrganizationRole(ctx, input),
  }),
  createOrganizationScope: t.field({
    type: CreateOrganizationScopePayload,
    nullable: true,
    description: 'Creates an organization scope (`POST /api/organization-scopes`; 1 upstream request).',
    args: { input: t.arg({ type: CreateOrganizationScopeInput, required: true, description: 'The new organization scope.' }) },
    authScopes: requires.tenant(SCOPES.writeOrganizations),
    errors: mutationResult('createOrganizationScope', [ValidationError, ConflictError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => createOrganizationScope(ctx, input),
  }),
  updateOrganizationScope: t.field({
    type: UpdateOrganizationScopePayload,
    nullable: true,
    description: 'Changes an organization scope (`PATCH /api/organization-scopes/:id`; 1 upstream request).',
    args: { input: t.arg({ type: UpdateOrganizationScopeInput, required: true, description: 'What to change.' }) },
    authScopes: requires.tenant(SCOPES.writeOrganizations),
    errors: mutationResult('updateOrganizationScope', all),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => updateOrganizationScope(ctx, input),
  }),
  deleteOrganizationScope: t.field({
    type: DeleteOrganizationScopePayload,
    nullable: true,
    description: 'Deletes an organization scope (`DELETE /api/organization-scopes/:id`; 1 upstream request).',
    args: { input: t.arg({ type: DeleteOrganizationScopeInput, required: true, description: 'The organization scope.' }) },
    authScopes: requires.tenant(SCOPES.writeOrganizations),
    errors: mutationResult('deleteOrganizationScope', noConflict),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => deleteOrganizationScope(ctx, input),
  }),
}));
