import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import {
  type ApplicationPayload,
  createApplication,
  type CreateApplicationPayload,
  deleteApplication,
  updateApplication,
} from '../resolvers/application-mutations.js';
import { encodeCursor } from '../resolvers/cursor.js';
import { ApplicationTypeEnum } from './application.js';
import { builder } from './builder.js';
import { applicationNameRule, changesSomething, idOf, jsonObjectRule, lengthText, optional, redirectUrisRule } from './input-validation.js';
import { defineMutation, deletedPayload, givenPayload, idOnlyInput } from './mutation-declaration.js';
import { ApplicationEdge, ApplicationRef } from './refs.js';

/** What `createApplication` can make: Protected apps need Logto Cloud, SAML apps their own API. */
const CREATABLE = ['Native', 'SPA', 'Traditional', 'MachineToMachine'] as const;
const THIRD_PARTY_CAPABLE: readonly string[] = ['Native', 'SPA', 'Traditional'];

/** Mutations of applications, each declared once (`defineMutation`). Tenant-wide only. */

const appWriters = requires.tenant(SCOPES.writeApplications);

defineMutation('createApplication', {
  does: 'Creates an application',
  route: 'POST /api/applications',
  requests: { usually: 1, atMost: 2, when: 'for TRADITIONAL and MACHINE_TO_MACHINE apps, whose secret is read from `/api/applications/:id/secrets`' },
  input: {
    description: 'A new application.',
    argument: 'The new application.',
    fields: (t) => ({
      name: t.string({ required: true, description: `Display name (${lengthText(applicationNameRule)}).` }),
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
  },
  errors: [ValidationError, ConflictError],
  requires: appWriters,
  payload: builder.objectRef<CreateApplicationPayload>('CreateApplicationPayload').implement({
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
  }),
  resolve: (ctx, input) => createApplication(ctx, input),
});

defineMutation('updateApplication', {
  does: 'Changes an application',
  route: 'PATCH /api/applications/:id',
  requests: { usually: 1, atMost: 2, when: 'when redirect URIs change: the current metadata is read first because Logto replaces it whole' },
  input: {
    description: 'Changes to an application. Only the fields given change; its type and third-party flag are fixed.',
    argument: 'What to change.',
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
        id: idOf('Application'),
        name: applicationNameRule.optional(),
        description: z.string().nullish(),
        redirectUris: redirectUrisRule.optional(),
        postLogoutRedirectUris: redirectUrisRule.optional(),
        customData: optional(jsonObjectRule),
      })
      .refine(...changesSomething(['id'], 'application')),
  },
  errors: [ValidationError, ConflictError, NotFoundError],
  requires: appWriters,
  payload: givenPayload('updateApplication', 'The application `updateApplication` changed.', {
    name: 'application',
    type: ApplicationRef,
    description: 'The application after the change.',
    resolve: (payload: ApplicationPayload) => payload.application,
  }),
  resolve: (ctx, input) => updateApplication(ctx, input),
});

defineMutation('deleteApplication', {
  does: 'Deletes an application',
  route: 'DELETE /api/applications/:id',
  input: idOnlyInput('Application', 'An application to delete, with its secrets and role assignments.'),
  errors: [ValidationError, NotFoundError],
  requires: appWriters,
  payload: deletedPayload('deleteApplication', { typename: 'Application', entity: 'application', field: 'deletedApplicationId' }),
  resolve: (ctx, input) => deleteApplication(ctx, input),
});
