import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { encodeGlobalId } from '../global-id.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import {
  addOrganizationRoleResourceScopes,
  addOrganizationRoleScopes,
  assignOrganizationMembersRoles,
  deleteOrganizationInvitation,
  memberOrganizationScopes,
  type InvitationChange,
  type OrganizationRoleChange,
  removeOrganizationRoleResourceScope,
  removeOrganizationRoleScope,
  replaceOrganizationMemberRoles,
  replaceOrganizationMembers,
  replaceOrganizationRoleResourceScopes,
  replaceOrganizationRoleScopes,
  sendOrganizationInvitationMessage,
} from '../resolvers/organization-links.js';
import { memberOrganizationRoles } from '../resolvers/organization-mutations.js';
import { type MemberEdge, organizationInvitationById } from '../resolvers/organizations.js';
import { loadUsers } from '../resolvers/role-mutations.js';
import { builder } from './builder.js';
import { idOf, idRule, idsOf, lengthText } from './input-validation.js';
import { defineMutation, deletedPayload, idOnlyInput, type MutationInputFieldBuilder } from './mutation-declaration.js';
import type { PayloadFieldBuilder } from './mutation-support.js';
import { organizationChangePayload } from './organization-applications.js';
import { OrganizationInvitationRef, OrganizationMemberEdge, OrganizationRef, OrganizationRoleRef, OrganizationScopeRef, UserRef } from './refs.js';

/**
 * Organization writes beyond one member at a time: every role to every member at once, replacing
 * the members, an organization role's links to organization and resource scopes, and deleting or
 * re-sending an invitation. Each declared once (`defineMutation`).
 */

const organizationField = <Payload extends { readonly organizationId: string }>(t: PayloadFieldBuilder<Payload>) =>
  t.field({
    type: OrganizationRef,
    nullable: true,
    description: 'The organization, read after the change.',
    extensions: cost.load('organizations', 'byId'),
    resolve: (payload, _args, ctx) => ctx.loaders.organizations.load(payload.organizationId),
  });

const all = [ValidationError, ConflictError, NotFoundError];
const noConflict = [ValidationError, NotFoundError];
const capitalized = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
const organizationIdField = (t: MutationInputFieldBuilder) => t.id({ required: true, description: 'Global id or Logto id of the organization.' });
const userIds = idsOf('User');
const organizationRoleIds = idsOf('OrganizationRole');
const replacement = (typename: string) => z.array(idOf(typename)).max(100, 'Give at most 100 ids at once.');

// Members ----------------------------------------------------------------------------------------

defineMutation('assignOrganizationMembersRoles', {
  does: 'Gives every listed member every listed organization role',
  route: 'POST /api/organizations/:id/users/roles',
  details: 'Roles already held are kept. Each user must already be a member; Logto does not say which id it refused (`field` is null).',
  input: {
    description: 'Members and the organization roles each of them gets.',
    argument: 'The organization, the members and the roles.',
    fields: (t) => ({
      organizationId: organizationIdField(t),
      userIds: t.idList({ required: true, description: `Global ids or Logto ids of members (${lengthText(userIds, '')}).` }),
      organizationRoleIds: t.idList({ required: true, description: `Global ids or Logto ids of user-type organization roles (${lengthText(organizationRoleIds, '')}).` }),
    }),
    validate: z.object({ organizationId: idOf('Organization'), userIds, organizationRoleIds }),
  },
  errors: all,
  requires: (input) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
  payload: builder.objectRef<{ organizationId: string; userIds: readonly string[] }>('AssignOrganizationMembersRolesPayload').implement({
    description: 'The members `assignOrganizationMembersRoles` changed.',
    fields: (t) => ({
      organization: organizationField(t),
      users: t.field({
        type: [UserRef],
        nullable: { list: false, items: true },
        description: 'The members, read after the change (their roles are on `organization.members` edges).',
        extensions: cost.load('users', 'search'),
        resolve: (payload, _args, ctx) => loadUsers(ctx, payload.userIds),
      }),
    }),
  }),
  resolve: (ctx, input) => assignOrganizationMembersRoles(ctx, input),
});

defineMutation('replaceOrganizationMemberRoles', {
  does: "Makes exactly these the member's organization roles",
  route: 'PUT /api/organizations/:id/users/:userId/roles',
  details: 'An empty list takes every role; the user must already be a member.',
  input: {
    description: "The complete list of a member's organization roles in one organization.",
    argument: 'The organization, the member and the roles.',
    fields: (t) => ({
      organizationId: organizationIdField(t),
      userId: t.id({ required: true, description: 'Global id or Logto id of the member.' }),
      organizationRoleIds: t.idList({ required: true, description: 'Global ids or Logto ids of user-type organization roles (at most 100; may be empty).' }),
    }),
    validate: z.object({ organizationId: idOf('Organization'), userId: idOf('User'), organizationRoleIds: replacement('OrganizationRole') }),
  },
  errors: all,
  requires: (input) => requires.organization(SCOPES.writeOrganizations, input.organizationId),
  payload: builder.objectRef<{ organizationId: string; userId: string }>('ReplaceOrganizationMemberRolesPayload').implement({
    description: 'The member `replaceOrganizationMemberRoles` changed.',
    fields: (t) => ({
      organization: organizationField(t),
      organizationRoles: t.field({
        type: [OrganizationRoleRef],
        nullable: { list: true, items: true },
        description: 'Every organization role the member now holds in the organization (one upstream request).',
        // One unpaginated `GET /api/organizations/:id/users/:userId/roles`.
        extensions: cost.wholeList(),
        resolve: (payload, _args, ctx) => memberOrganizationRoles(ctx, payload),
      }),
    }),
  }),
  resolve: (ctx, input) => replaceOrganizationMemberRoles(ctx, input),
});

defineMutation('replaceOrganizationMembers', {
  does: 'Makes exactly these users the members of an organization',
  route: 'PUT /api/organizations/:id/users',
  details: 'Members left out leave, with their organization roles there; an empty list removes everyone. Tenant-wide callers only.',
  input: {
    description: 'The complete list of members of an organization.',
    argument: 'The organization and its members.',
    fields: (t) => ({
      organizationId: organizationIdField(t),
      userIds: t.idList({ required: true, description: 'Global ids or Logto ids of users (at most 100; may be empty).' }),
    }),
    validate: z.object({ organizationId: idOf('Organization'), userIds: replacement('User') }),
  },
  errors: all,
  requires: requires.tenant(SCOPES.writeOrganizations),
  payload: organizationChangePayload('replaceOrganizationMembers'),
  resolve: (ctx, input) => replaceOrganizationMembers(ctx, input),
});

// Organization roles' scopes ---------------------------------------------------------------------

const rolePayload = (mutation: string, removed?: { readonly field: string; readonly typename: string; readonly what: string }) =>
  builder.objectRef<OrganizationRoleChange>(`${capitalized(mutation)}Payload`).implement({
    description: `The organization role \`${mutation}\` changed.`,
    fields: (t) => ({
      organizationRole: t.field({
        type: OrganizationRoleRef,
        nullable: true,
        description: 'The organization role, read after the change (its `scopes` and `resourceScopes` list what it grants now).',
        extensions: cost.load('organizationRoles'),
        resolve: (payload, _args, ctx) => ctx.loaders.organizationRoles.load(payload.organizationRoleId),
      }),
      ...(removed
        ? {
            [removed.field]: t.id({
              description: `Global id of the ${removed.what} the role no longer grants.`,
              resolve: (payload) => encodeGlobalId(removed.typename, payload.removedId ?? ''),
            }),
          }
        : {}),
    }),
  });

const roleIdField = (t: MutationInputFieldBuilder) => t.id({ required: true, description: 'Global id or Logto id of the organization role.' });
const organizationScopeIds = idsOf('OrganizationScope');
const scopeIds = idsOf('Scope');
const tenantWrite = requires.tenant(SCOPES.writeOrganizations);

defineMutation('addOrganizationRoleScopes', {
  does: 'Makes an organization role grant more organization scopes',
  route: 'POST /api/organization-roles/:id/scopes',
  details: 'Scopes already granted stay as they are.',
  input: {
    description: 'Organization scopes an organization role grants from now on.',
    argument: 'The role and the scopes.',
    fields: (t) => ({ id: roleIdField(t), organizationScopeIds: t.idList({ required: true, description: `Global ids or Logto ids of organization scopes (${lengthText(organizationScopeIds, '')}).` }) }),
    validate: z.object({ id: idOf('OrganizationRole'), organizationScopeIds }),
  },
  errors: all,
  requires: tenantWrite,
  payload: rolePayload('addOrganizationRoleScopes'),
  resolve: (ctx, input) => addOrganizationRoleScopes(ctx, input),
});

defineMutation('replaceOrganizationRoleScopes', {
  does: 'Makes exactly these the organization scopes an organization role grants',
  route: 'PUT /api/organization-roles/:id/scopes',
  input: {
    description: 'The complete list of organization scopes of an organization role.',
    argument: 'The role and its scopes.',
    fields: (t) => ({ id: roleIdField(t), organizationScopeIds: t.idList({ required: true, description: 'Global ids or Logto ids of organization scopes (at most 100; may be empty).' }) }),
    validate: z.object({ id: idOf('OrganizationRole'), organizationScopeIds: replacement('OrganizationScope') }),
  },
  errors: all,
  requires: tenantWrite,
  payload: rolePayload('replaceOrganizationRoleScopes'),
  resolve: (ctx, input) => replaceOrganizationRoleScopes(ctx, input),
});

defineMutation('removeOrganizationRoleScope', {
  does: 'Stops an organization role granting an organization scope',
  route: 'DELETE /api/organization-roles/:id/scopes/:organizationScopeId',
  details: 'An unknown role and a scope the role does not grant are the same `NotFoundError` (Logto does not tell them apart).',
  input: {
    description: 'An organization scope to take from an organization role.',
    argument: 'The role and the scope.',
    fields: (t) => ({ id: roleIdField(t), organizationScopeId: t.id({ required: true, description: 'Global id or Logto id of the organization scope.' }) }),
    validate: z.object({ id: idOf('OrganizationRole'), organizationScopeId: idOf('OrganizationScope') }),
  },
  errors: noConflict,
  requires: tenantWrite,
  payload: rolePayload('removeOrganizationRoleScope', { field: 'removedOrganizationScopeId', typename: 'OrganizationScope', what: 'organization scope' }),
  resolve: (ctx, input) => removeOrganizationRoleScope(ctx, input),
});

defineMutation('addOrganizationRoleResourceScopes', {
  does: 'Makes an organization role grant more API resource scopes inside its organizations',
  route: 'POST /api/organization-roles/:id/resource-scopes',
  details: 'Scopes already granted stay as they are.',
  input: {
    description: 'API resource scopes an organization role grants from now on.',
    argument: 'The role and the scopes.',
    fields: (t) => ({ id: roleIdField(t), scopeIds: t.idList({ required: true, description: `Global ids or Logto ids of API resource scopes (${lengthText(scopeIds, '')}).` }) }),
    validate: z.object({ id: idOf('OrganizationRole'), scopeIds }),
  },
  errors: all,
  requires: tenantWrite,
  payload: rolePayload('addOrganizationRoleResourceScopes'),
  resolve: (ctx, input) => addOrganizationRoleResourceScopes(ctx, input),
});

defineMutation('replaceOrganizationRoleResourceScopes', {
  does: 'Makes exactly these the API resource scopes an organization role grants',
  route: 'PUT /api/organization-roles/:id/resource-scopes',
  input: {
    description: 'The complete list of API resource scopes of an organization role.',
    argument: 'The role and its scopes.',
    fields: (t) => ({ id: roleIdField(t), scopeIds: t.idList({ required: true, description: 'Global ids or Logto ids of API resource scopes (at most 100; may be empty).' }) }),
    validate: z.object({ id: idOf('OrganizationRole'), scopeIds: replacement('Scope') }),
  },
  errors: all,
  requires: tenantWrite,
  payload: rolePayload('replaceOrganizationRoleResourceScopes'),
  resolve: (ctx, input) => replaceOrganizationRoleResourceScopes(ctx, input),
});

defineMutation('removeOrganizationRoleResourceScope', {
  does: 'Stops an organization role granting an API resource scope',
  route: 'DELETE /api/organization-roles/:id/resource-scopes/:scopeId',
  input: {
    description: 'An API resource scope to take from an organization role.',
    argument: 'The role and the scope.',
    fields: (t) => ({ id: roleIdField(t), scopeId: t.id({ required: true, description: 'Global id or Logto id of the API resource scope.' }) }),
    validate: z.object({ id: idOf('OrganizationRole'), scopeId: idOf('Scope') }),
  },
  errors: noConflict,
  requires: tenantWrite,
  payload: rolePayload('removeOrganizationRoleResourceScope', { field: 'removedScopeId', typename: 'Scope', what: 'API resource scope' }),
  resolve: (ctx, input) => removeOrganizationRoleResourceScope(ctx, input),
});

// Invitations ------------------------------------------------------------------------------------

defineMutation('deleteOrganizationInvitation', {
  does: 'Deletes an invitation (whatever its status)',
  route: 'DELETE /api/organization-invitations/:id',
  requests: { tenant: 1, organizationToken: 2 },
  details: 'An organization token’s invitation is looked up in its organization first.',
  input: idOnlyInput('invitation', 'An invitation to delete. To withdraw one and keep its record, revoke it (`updateOrganizationInvitationStatus`).'),
  errors: noConflict,
  requires: requires.permission(SCOPES.writeOrganizations),
  payload: deletedPayload('deleteOrganizationInvitation', { typename: 'OrganizationInvitation', entity: 'invitation', field: 'deletedOrganizationInvitationId' }),
  resolve: (ctx, input) => deleteOrganizationInvitation(ctx, input),
});

defineMutation('sendOrganizationInvitationMessage', {
  does: 'Sends (again) the email of an invitation, with a link to accept it',
  route: 'POST /api/organization-invitations/:id/message',
  requests: { tenant: 1, organizationToken: 2 },
  details:
    'Logto sends it through its email connector; without one (Logto OSS as installed) Logto answers 501 `connector.not_found`, returned as a `ValidationError` with that `logtoCode`: a setup to fix, not an outage to retry. An organization token’s invitation is looked up in its organization first.',
  input: {
    description: 'The invitation whose email to send, and the link it carries.',
    argument: 'The invitation and the link.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'Global id or Logto id of the invitation.' }),
      link: t.string({ required: true, description: 'Where the invitee accepts the invitation (your app’s page), put in the email.' }),
    }),
    validate: z.object({ id: idRule, link: z.url('The link must be an absolute URL.').max(2048, 'A link is at most 2048 characters.') }),
  },
  errors: noConflict,
  requires: requires.permission(SCOPES.writeOrganizations),
  payload: builder.objectRef<InvitationChange>('SendOrganizationInvitationMessagePayload').implement({
    description: 'The invitation `sendOrganizationInvitationMessage` emailed.',
    fields: (t) => ({
      invitation: t.field({
        type: OrganizationInvitationRef,
        nullable: true,
        description: 'The invitation.',
        extensions: cost.load('organizationInvitations'),
        resolve: (payload, _args, ctx) => organizationInvitationById(ctx, payload.invitationId),
      }),
    }),
  }),
  resolve: (ctx, input) => sendOrganizationInvitationMessage(ctx, input),
});

// A member's resolved scopes ---------------------------------------------------------------------

builder.objectField(OrganizationMemberEdge, 'organizationScopes', (t) =>
  t.field({
    type: [OrganizationScopeRef],
    nullable: true,
    description:
      'The organization scopes the member gets here through its organization roles, deduplicated (one upstream request per edge: Logto answers them whole, never paginated).',
    authScopes: (edge) => requires.organization(SCOPES.readOrganizations, (edge as MemberEdge).organizationId ?? ''),
    extensions: cost.wholeList(),
    resolve: (edge, _args, ctx) => memberOrganizationScopes(ctx, (edge as MemberEdge).organizationId ?? '', edge.node.id),
  }),
);
