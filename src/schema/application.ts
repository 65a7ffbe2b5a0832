import {
  type ApplicationFilter,
  applicationRolesConnection,
  applicationsConnection,
} from '../resolvers/applications.js';
import { applicationLogsConnection } from '../resolvers/logs.js';
import { cost } from '../cost/rules.js';
import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { builder } from './builder.js';
import { keyedByParentId } from './prefetch.js';
import { entityByIdField, entityNode } from './nodes.js';
import { ApplicationConnection, ApplicationRef, LogConnection, LogRef, RoleConnection, RoleRef } from './refs.js';
import { idNameDescriptionSearchFields } from './search.js';

export const ApplicationTypeEnum = builder.enumType('ApplicationType', {
  description: 'Kinds of applications Logto knows.',
  values: {
    NATIVE: { value: 'Native', description: 'A native (mobile or desktop) app.' },
    SPA: { value: 'SPA', description: 'A single-page web app.' },
    TRADITIONAL: { value: 'Traditional', description: 'A server-rendered web app.' },
    MACHINE_TO_MACHINE: { value: 'MachineToMachine', description: 'A back-end service calling APIs on its own behalf.' },
    PROTECTED: { value: 'Protected', description: 'An app behind Logto\'s protected-app gateway.' },
    SAML: { value: 'SAML', description: 'A SAML service provider.' },
  } as const,
});

/** Logto's OpenAPI types these lists loosely; on the wire they are URI strings. */
function uriStrings(values: readonly unknown[] | undefined): string[] {
  return (values ?? []).filter((value): value is string => typeof value === 'string');
}

builder.node(ApplicationRef, {
  description: 'An application registered in Logto. Its secrets are never readable here.',
  authScopes: requires.tenant(SCOPES.readApplications),
  ...entityNode(ApplicationRef, 'applications'),
  fields: (t) => ({
    logtoId: t.exposeString('id', { description: "Logto's own id of the application (its OAuth `client_id`)." }),
    name: t.exposeString('name', { description: 'Display name.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the application is.' }),
    type: t.field({ type: ApplicationTypeEnum, description: 'Kind of application.', resolve: (application) => application.type }),
    isThirdParty: t.exposeBoolean('isThirdParty', { description: 'Whether it is a third-party app (asks users for consent).' }),
    redirectUris: t.stringList({
      description: 'Allowed OAuth redirect URIs.',
      resolve: (application) => uriStrings(application.oidcClientMetadata.redirectUris),
    }),
    postLogoutRedirectUris: t.stringList({
      description: 'Allowed post-logout redirect URIs.',
      resolve: (application) => uriStrings(application.oidcClientMetadata.postLogoutRedirectUris),
    }),
    customData: t.field({
      type: 'JSONObject',
      nullable: true,
      description: 'Free-form data kept on the application. Needs `read:applications:sensitive`.',
      authScopes: requires.tenant(SCOPES.readApplicationsSensitive),
      resolve: (application) => application.customData,
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When the application was created.', resolve: (application) => application.createdAt }),
    roles: t.connection(
      {
        type: RoleRef,
        nullable: true,
        description: 'Roles of a machine-to-machine application (always empty for other kinds).',
        authScopes: requires.tenant(SCOPES.readRoles),
        extensions: cost.list(),
        resolve: (application, args, ctx) => applicationRolesConnection(ctx, application, args),
      },
      RoleConnection,
    ),
    logs: t.connection(
      {
        type: LogRef,
        nullable: true,
        description: 'Audit log entries about this application, newest first.',
        authScopes: requires.tenant(SCOPES.readLogs),
        extensions: { ...cost.list(), ...keyedByParentId },
        resolve: (application, args, ctx) => applicationLogsConnection(ctx, application, args),
      },
      LogConnection,
    ),
  }),
});

const ApplicationFilterInput = builder.inputRef<ApplicationFilter>('ApplicationFilter').implement({
  description: "Which applications to list, in Logto's search over `id`, `name` and `description`, plus its filters.",
  fields: (t) => ({
    types: t.field({ type: [ApplicationTypeEnum], description: 'Only applications of these kinds.' }),
    isThirdParty: t.boolean({ description: 'Only third-party (true) or first-party (false) applications.' }),
    ...idNameDescriptionSearchFields(t),
    excludeRoleId: t.id({ description: 'Leave out applications holding this role (global id or Logto id).' }),
    excludeOrganizationId: t.id({ description: 'Leave out applications in this organization (global id or Logto id).' }),
  }),
});

builder.queryFields((t) => ({
  application: entityByIdField(t, ApplicationRef, 'applications', { description: 'An application by global id or Logto id; `null` when there is none.', id: 'Global id or Logto id of the application.' }),
  applications: t.connection(
    {
      type: ApplicationRef,
      nullable: true,
      description: "The tenant's applications.",
      args: { filter: t.arg({ type: ApplicationFilterInput, description: 'Search conditions and filters.' }) },
      authScopes: requires.tenant(SCOPES.readApplications),
      extensions: cost.list(),
      resolve: (_root, args, ctx) => applicationsConnection(ctx, args, args.filter),
    },
    ApplicationConnection,
  ),
}));
