import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { encodeGlobalId } from '../global-id.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import {
  type AccessControlPayload,
  type ApplicationOnlyPayload,
  type ApplicationRolesPayload,
  assignApplicationRoles,
  createApplicationSecret,
  type CreatedSecretPayload,
  type CustomDataPayload,
  deleteApplicationLegacySecret,
  deleteApplicationSecret,
  type DeletedSecretPayload,
  removeApplicationRole,
  renameApplicationSecret,
  replaceApplicationAccessControl,
  replaceApplicationRoles,
  type SecretPayload,
  updateApplicationCustomData,
} from '../resolvers/application-screen-mutations.js';
import { AccessControlRef, ApplicationSecretRef } from './application-screen.js';
import { builder } from './builder.js';
import { futureDateRule, idOf, idsOf, jsonObjectRule, lengthText } from './input-validation.js';
import { defineMutation } from './mutation-declaration.js';
import type { PayloadFieldBuilder } from './mutation-support.js';
import { ApplicationRef, RoleRef } from './refs.js';

/** Mutations of an application's screen (issue 17): secrets, custom data, access control, roles. Tenant-wide only. */

const all = [ValidationError, ConflictError, NotFoundError];
const appWriters = requires.tenant(SCOPES.writeApplications);
const applicationId = idOf('Application');
/** `application_secrets.name` is varchar(256). */
const secretNameRule = z.string().min(1, 'Give a name.').max(256, 'A secret name is at most 256 characters.');

const applicationAfter = <Payload extends { applicationId: string }>(t: PayloadFieldBuilder<Payload>) =>
  t.field({
    type: ApplicationRef,
    nullable: true,
    description: 'The application, read after the change.',
    extensions: cost.load('applications', 'search'),
    resolve: (payload, _args, ctx) => ctx.loaders.applications.load(payload.applicationId),
  });

const applicationIdField = (t: Parameters<Parameters<typeof defineMutation>[1]['input']['fields']>[0]) =>
  t.id({ required: true, description: 'Global id or Logto id of the application.' });

defineMutation('createApplicationSecret', {
  does: 'Creates a client secret for an application',
  route: 'POST /api/applications/:id/secrets',
  details: 'Its value is in this payload only, once: no field returns it later and it is never logged. Public apps (SPA, native) cannot have secrets.',
  input: {
    description: 'A new client secret.',
    argument: 'The application and the secret.',
    fields: (t) => ({
      applicationId: applicationIdField(t),
      name: t.string({ required: true, description: `Name, unique within the application (${lengthText(secretNameRule)}).` }),
      expiresAt: t.field({ type: 'DateTime', description: 'When it stops working (in the future); never when absent.' }),
    }),
    validate: z.object({ applicationId, name: secretNameRule, expiresAt: futureDateRule.nullish() }),
  },
  errors: all,
  requires: appWriters,
  payload: builder.objectRef<CreatedSecretPayload>('CreateApplicationSecretPayload').implement({
    description: 'The secret `createApplicationSecret` made, with its value — shown here and never again.',
    fields: (t) => ({
      secret: t.field({ type: ApplicationSecretRef, description: 'The new secret (name and dates).', resolve: (payload) => payload.secret }),
      value: t.string({
        description: 'The secret value. Shown only here, only once: store it now; no other field returns it.',
        resolve: (payload) => payload.value,
      }),
      application: applicationAfter(t),
    }),
  }),
  resolve: (ctx, input) => createApplicationSecret(ctx, input),
});

defineMutation('renameApplicationSecret', {
  does: 'Renames a client secret of an application',
  route: 'PATCH /api/applications/:id/secrets/:name',
  input: {
    description: 'A secret to rename.',
    argument: 'The application, the secret and its new name.',
    fields: (t) => ({
      applicationId: applicationIdField(t),
      name: t.string({ required: true, description: 'Current name of the secret.' }),
      newName: t.string({ required: true, description: `New name, unique within the application (${lengthText(secretNameRule)}).` }),
    }),
    validate: z.object({ applicationId, name: secretNameRule, newName: secretNameRule }),
  },
  errors: all,
  requires: appWriters,
  payload: builder.objectRef<SecretPayload>('RenameApplicationSecretPayload').implement({
    description: 'The secret `renameApplicationSecret` renamed (its value is never shown again).',
    fields: (t) => ({ secret: t.field({ type: ApplicationSecretRef, description: 'The secret after the change.', resolve: (payload) => payload.secret }) }),
  }),
  resolve: (ctx, input) => renameApplicationSecret(ctx, input),
});

defineMutation('deleteApplicationSecret', {
  does: 'Deletes a client secret of an application',
  route: 'DELETE /api/applications/:id/secrets/:name',
  input: {
    description: 'A secret to delete: clients using it stop getting tokens.',
    argument: 'The application and the secret.',
    fields: (t) => ({ applicationId: applicationIdField(t), name: t.string({ required: true, description: 'Name of the secret.' }) }),
    validate: z.object({ applicationId, name: secretNameRule }),
  },
  errors: [ValidationError, NotFoundError],
  requires: appWriters,
  payload: builder.objectRef<DeletedSecretPayload>('DeleteApplicationSecretPayload').implement({
    description: 'What `deleteApplicationSecret` removed.',
    fields: (t) => ({
      deletedSecretName: t.string({ description: 'Name of the deleted secret.', resolve: (payload) => payload.name }),
      application: applicationAfter(t),
    }),
  }),
  resolve: (ctx, input) => deleteApplicationSecret(ctx, input),
});

defineMutation('deleteApplicationLegacySecret', {
  does: 'Deletes the legacy secret of an application',
  route: 'DELETE /api/applications/:id/legacy-secret',
  details:
    'Only apps created before Logto kept secrets in their own table have one; for any other app (every app created through this API) it is a `ValidationError` with `logtoCode` `application.no_legacy_secret_found`.',
  input: {
    description: 'An application whose legacy secret to delete.',
    argument: 'The application.',
    fields: (t) => ({ applicationId: applicationIdField(t) }),
    validate: z.object({ applicationId }),
  },
  errors: [ValidationError, NotFoundError],
  requires: appWriters,
  payload: builder.objectRef<ApplicationOnlyPayload>('DeleteApplicationLegacySecretPayload').implement({
    description: 'The application `deleteApplicationLegacySecret` changed.',
    fields: (t) => ({
      application: t.field({
        type: ApplicationRef,
        nullable: true,
        description: 'The application, as Logto answered.',
        extensions: cost.given(),
        resolve: (payload, _args, ctx) => ctx.loaders.applications.load(payload.applicationId),
      }),
    }),
  }),
  resolve: (ctx, input) => deleteApplicationLegacySecret(ctx, input),
});

defineMutation('updateApplicationCustomData', {
  does: "Merges keys into an application's custom data",
  route: 'PATCH /api/applications/:applicationId/custom-data',
  details: 'Top-level keys given replace those stored; keys not given stay (use `updateApplication` to replace the whole object).',
  input: {
    description: 'Custom data keys to set on an application.',
    argument: 'The application and the keys.',
    fields: (t) => ({
      applicationId: applicationIdField(t),
      customData: t.field({ type: 'JSONObject', required: true, description: 'Keys to set (at most 64 KiB of JSON).' }),
    }),
    validate: z.object({ applicationId, customData: jsonObjectRule }),
  },
  errors: [ValidationError, NotFoundError],
  requires: appWriters,
  payload: builder.objectRef<CustomDataPayload>('UpdateApplicationCustomDataPayload').implement({
    description: 'The custom data after `updateApplicationCustomData`.',
    fields: (t) => ({
      customData: t.field({
        type: 'JSONObject',
        nullable: true,
        description: 'The whole custom data after the merge. Needs `read:applications:sensitive`.',
        authScopes: requires.tenant(SCOPES.readApplicationsSensitive),
        resolve: (payload) => payload.customData,
      }),
      application: applicationAfter(t),
    }),
  }),
  resolve: (ctx, input) => updateApplicationCustomData(ctx, input),
});

const OrganizationRoleRuleInput = builder.inputType('ApplicationOrganizationRoleRuleInput', {
  description: 'Users holding one of these organization roles in this organization may sign in.',
  fields: (t) => ({
    organizationId: t.id({ required: true, description: 'Global id or Logto id of the organization.' }),
    organizationRoleIds: t.idList({ required: true, description: 'Global ids or Logto ids of organization roles (at least one).' }),
  }),
});
const optionalIds = (typename: string) => z.array(idOf(typename)).max(100, 'Give at most 100 ids at once.').nullish();

defineMutation('replaceApplicationAccessControl', {
  does: 'Replaces who may sign in to an application',
  route: 'PUT /api/applications/:applicationId/access-control',
  details: 'Every list omitted is emptied. Logto stores the rules deduplicated, sorted, with the rules of one organization merged.',
  input: {
    description: 'The whole access control of an application.',
    argument: 'The application and its rules.',
    fields: (t) => ({
      applicationId: applicationIdField(t),
      userIds: t.idList({ description: 'Users allowed by id.' }),
      userRoleIds: t.idList({ description: 'Tenant roles whose holders are allowed.' }),
      organizationIds: t.idList({ description: 'Organizations whose members are allowed.' }),
      organizationRoleRules: t.field({ type: [OrganizationRoleRuleInput], description: 'Organization roles, per organization, whose holders are allowed.' }),
    }),
    validate: z.object({
      applicationId,
      userIds: optionalIds('User'),
      userRoleIds: optionalIds('Role'),
      organizationIds: optionalIds('Organization'),
      organizationRoleRules: z
        .array(z.object({ organizationId: idOf('Organization'), organizationRoleIds: idsOf('OrganizationRole') }))
        .max(100, 'Give at most 100 rules.')
        .nullish(),
    }),
  },
  errors: all,
  requires: appWriters,
  payload: builder.objectRef<AccessControlPayload>('ReplaceApplicationAccessControlPayload').implement({
    description: 'The access control `replaceApplicationAccessControl` stored.',
    fields: (t) => ({
      accessControl: t.field({ type: AccessControlRef, description: 'The rules as Logto stored them.', extensions: cost.given(), resolve: (payload) => payload.accessControl }),
      application: applicationAfter(t),
    }),
  }),
  resolve: (ctx, input) => replaceApplicationAccessControl(ctx, input),
});

const rolesPayload = (name: string, description: string) =>
  builder.objectRef<ApplicationRolesPayload>(name).implement({
    description,
    fields: (t) => ({
      application: applicationAfter(t),
      roles: t.field({
        type: [RoleRef],
        nullable: { list: false, items: true },
        description: 'The roles named in the input, read after the change.',
        extensions: cost.load('roles', 'search'),
        resolve: async (payload, _args, ctx) => (await Promise.all(payload.roleIds.map((id) => ctx.loaders.roles.load(id)))).filter((role) => role !== null),
      }),
    }),
  });

const roleIds = idsOf('Role');
const rolesInput = (description: string) => ({
  description,
  argument: 'The application and the roles.',
  fields: (t: Parameters<Parameters<typeof defineMutation>[1]['input']['fields']>[0]) => ({
    applicationId: applicationIdField(t),
    roleIds: t.idList({ required: true, description: `Global ids or Logto ids of machine-to-machine roles (${lengthText(roleIds, '')}).` }),
  }),
  validate: z.object({ applicationId, roleIds }),
});

defineMutation('assignApplicationRoles', {
  does: 'Gives machine-to-machine roles to an application',
  route: 'POST /api/applications/:applicationId/roles',
  details: 'Roles it holds already are skipped. Only machine-to-machine applications hold roles.',
  input: rolesInput('Machine-to-machine roles to give an application.'),
  errors: all,
  requires: appWriters,
  payload: rolesPayload('AssignApplicationRolesPayload', 'The application `assignApplicationRoles` changed.'),
  resolve: (ctx, input) => assignApplicationRoles(ctx, input),
});

defineMutation('replaceApplicationRoles', {
  does: 'Replaces the roles of an application',
  route: 'PUT /api/applications/:applicationId/roles',
  details: 'It holds exactly these roles afterwards. Only machine-to-machine applications hold roles.',
  input: rolesInput('The whole set of machine-to-machine roles of an application.'),
  errors: all,
  requires: appWriters,
  payload: rolesPayload('ReplaceApplicationRolesPayload', 'The application `replaceApplicationRoles` changed.'),
  resolve: (ctx, input) => replaceApplicationRoles(ctx, input),
});

defineMutation('removeApplicationRole', {
  does: 'Takes a role from an application',
  route: 'DELETE /api/applications/:applicationId/roles/:roleId',
  input: {
    description: 'A role to take from an application.',
    argument: 'The application and the role.',
    fields: (t) => ({ applicationId: applicationIdField(t), roleId: t.id({ required: true, description: 'Global id or Logto id of the role.' }) }),
    validate: z.object({ applicationId, roleId: idOf('Role') }),
  },
  errors: [ValidationError, NotFoundError],
  requires: appWriters,
  payload: builder.objectRef<ApplicationRolesPayload>('RemoveApplicationRolePayload').implement({
    description: 'The application `removeApplicationRole` changed.',
    fields: (t) => ({
      application: applicationAfter(t),
      removedRoleId: t.id({ description: 'Global id of the role taken away.', resolve: (payload) => encodeGlobalId('Role', payload.roleIds[0] ?? '') }),
    }),
  }),
  resolve: (ctx, input) => removeApplicationRole(ctx, input),
});
