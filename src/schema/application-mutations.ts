import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { encodeGlobalId } from '../global-id.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import {
  type ApplicationPayload,
  createApplication,
  type CreateApplicationPayload,
  deleteApplication,
  type DeleteApplicationPayload,
  updateApplication,
} from '../resolvers/application-mutations.js';
import { encodeCursor } from '../resolvers/cursor.js';
import { ApplicationTypeEnum } from './application.js';
import { builder } from './builder.js';
import { applicationNameRule, changesSomething, idRule, jsonObjectRule, optional, redirectUrisRule } from './input-validation.js';
import { mutationResult } from './mutation-support.js';
import { ApplicationEdge, ApplicationRef } from './refs.js';

/** What `createApplication` can make: Protected apps need Logto Cloud, SAML apps their own API. */
const CREATABLE = ['Native', 'SPA', 'Traditional', 'MachineToMachine'] as const;
const THIRD_PARTY_CAPABLE: readonly string[] = ['Native', 'SPA', 'Traditional'];

const CreateApplicationInput = builder.inputType('CreateApplicationInput', {
  description: 'A new application.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Display name (1–256 characters).' }),
    type: t.field({
      type: ApplicationTypeEnum,
      required: true,
      description: 'Kind of application: NATIVE, SPA, TRADITIONAL or MACHINE_TO_MACHINE (PROTECTED and SAML apps are created elsewhere). It cannot change later.',
    }),
    description: t.string({ description: 'What the application is.' }),
    redirectUris: t.stringList({ description: 'Allowed OAuth redirect URIs: http(s) URLs, or custom schemes for native apps.' }),
    postLogoutRedirectUris: t.stringList({ description: 'Allowed post-logout redirect URIs.' }),
    customData: t.field({ type: 'JSONObject', description: 'Free-form data kept on the application.' }),
    isThirdParty: t.boolean({ description: 'A third-party app (asks users for consent); NATIVE, SPA and TRADITIONAL only.' }),
  }),
  validate: z
    .object({
      name: applicationNameRule,
      type: z.enum(CREATABLE, { message: 'PROTECTED and SAML applications cannot be created here.' }),
      description: z.string().nullish(),
      redirectUris: optional(redirectUrisRule),
      postLogoutRedirectUris: optional(redirectUrisRule),
      customData: optional(jsonObjectRule),
      isThirdParty: z.boolean().nullish(),
    })
    .refine((value) => !value.isThirdParty || THIRD_PARTY_CAPABLE.includes(value.type), {
      message: 'Only NATIVE, SPA and TRADITIONAL applications can be third-party apps.',
      path: ['isThirdParty'],
    }),
});

const UpdateApplicationInput = builder.inputType('UpdateApplicationInput', {
  description: 'Changes to an application. Only the fields given change; its type and third-party flag are fixed.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Global id or Logto id of the application.' }),
    name: t.string({ description: 'New display name.' }),
    description: t.string({ description: 'New description; null clears it.' }),
    redirectUris: t.stringList({ description: 'New redirect URIs (the whole list).' }),
    postLogoutRedirectUris: t.stringList({ description: 'New post-logout redirect URIs (the whole list).' }),
    customData: t.field({ type: 'JSONObject', description: 'New custom data; replaces the stored object (null empties it).' }),
  }),
  validate: z
    .object({
      id: idRule,
      name: applicationNameRule.optional(),
      description: z.string().nullish(),
      redirectUris: redirectUrisRule.optional(),
      postLogoutRedirectUris: redirectUrisRule.optional(),
      customData: optional(jsonObjectRule),
    })
    .refine(...changesSomething(['id'], 'application')),
});

const DeleteApplicationInput = builder.inputType('DeleteApplicationInput', {
  description: 'An application to delete, with its secrets and role assignments.',
  fields: (t) => ({ id: t.id({ required: true, description: 'Global id or Logto id of the application.' }) }),
  validate: z.object({ id: idRule }),
});

const CreateApplicationPayloadRef = builder.objectRef<CreateApplicationPayload>('CreateApplicationPayload').implement({
  description: 'The application `createApplication` made, and for confidential apps its client secret.',
  fields: (t) => ({
    application: t.field({ type: ApplicationRef, nullable: true, description: 'The new application, as Logto answered.', extensions: cost.given(), resolve: (payload) => payload.application }),
    applicationEdge: t.field({
      type: ApplicationEdge,
      nullable: true,
      description: 'The new application as an edge of `applications` (newest first, so at its start).',
      extensions: cost.given(),
      resolve: (payload) => ({ cursor: encodeCursor('applications', 0), node: payload.application }),
    }),
    clientSecret: t.string({
      nullable: true,
      description:
        'The client secret of a TRADITIONAL or MACHINE_TO_MACHINE application. Shown only here, only once: no other field returns it; store it now (Logto can show it again in its Console). Null for public apps, and when it could not be read right after creation.',
      resolve: (payload) => payload.clientSecret,
    }),
  }),
});

const UpdateApplicationPayload = builder.objectRef<ApplicationPayload>('UpdateApplicationPayload').implement({
  description: 'The application `updateApplication` changed.',
  fields: (t) => ({
    application: t.field({ type: ApplicationRef, nullable: true, description: 'The application after the change.', extensions: cost.given(), resolve: (payload) => payload.application }),
  }),
});

const DeleteApplicationPayload = builder.objectRef<DeleteApplicationPayload>('DeleteApplicationPayload').implement({
  description: 'What `deleteApplication` removed.',
  fields: (t) => ({
    deletedApplicationId: t.id({
      description: 'Global id of the deleted application.',
      resolve: (payload) => encodeGlobalId('Application', payload.deletedApplicationId),
    }),
  }),
});

builder.mutationFields((t) => ({
  createApplication: t.field({
    type: CreateApplicationPayloadRef,
    nullable: true,
    description:
      'Creates an application (`POST /api/applications`; 1 upstream request, 2 for TRADITIONAL and MACHINE_TO_MACHINE apps, whose secret is read from `/api/applications/:id/secrets`).',
    args: { input: t.arg({ type: CreateApplicationInput, required: true, description: 'The new application.' }) },
    authScopes: requires.tenant(SCOPES.writeApplications),
    errors: mutationResult('createApplication', [ValidationError, ConflictError]),
    extensions: cost.write(2),
    resolve: (_root, { input }, ctx) => createApplication(ctx, input),
  }),
  updateApplication: t.field({
    type: UpdateApplicationPayload,
    nullable: true,
    description:
      'Changes an application (`PATCH /api/applications/:id`; 1 upstream request, 2 when redirect URIs change: the current metadata is read first because Logto replaces it whole).',
    args: { input: t.arg({ type: UpdateApplicationInput, required: true, description: 'What to change.' }) },
    authScopes: requires.tenant(SCOPES.writeApplications),
    errors: mutationResult('updateApplication', [ValidationError, ConflictError, NotFoundError]),
    extensions: cost.write(2),
    resolve: (_root, { input }, ctx) => updateApplication(ctx, input),
  }),
  deleteApplication: t.field({
    type: DeleteApplicationPayload,
    nullable: true,
    description: 'Deletes an application (`DELETE /api/applications/:id`; 1 upstream request).',
    args: { input: t.arg({ type: DeleteApplicationInput, required: true, description: 'The application.' }) },
    authScopes: requires.tenant(SCOPES.writeApplications),
    errors: mutationResult('deleteApplication', [ValidationError, NotFoundError]),
    extensions: cost.write(1),
    resolve: (_root, { input }, ctx) => deleteApplication(ctx, input),
  }),
}));
