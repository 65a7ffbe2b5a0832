import {
  type RoleFilter,
  roleApplicationsConnection,
  rolesConnection,
  roleScopesConnection,
  roleUsersConnection,
} from '../resolvers/roles.js';
import { cost } from '../cost/rules.js';
import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { builder } from './builder.js';
import { keyedByParentId } from './prefetch.js';
import { entityByIdField, entityNode } from './nodes.js';
import {
  ApplicationConnection,
  ApplicationRef,
  RoleConnection,
  RoleRef,
  ScopeConnection,
  ScopeRef,
  UserConnection,
  UserRef,
} from './refs.js';
import { idNameDescriptionSearchFields } from './search.js';

export const RoleTypeEnum = builder.enumType('RoleType', {
  description: 'Who a role is for.',
  values: {
    USER: { value: 'User', description: 'Assigned to users.' },
    MACHINE_TO_MACHINE: { value: 'MachineToMachine', description: 'Assigned to machine-to-machine applications.' },
  } as const,
});

builder.node(RoleRef, {
  description: 'A tenant-level role: a named set of API resource scopes, assigned to users or to machine-to-machine applications.',
  authScopes: requires.tenant(SCOPES.readRoles),
  ...entityNode(RoleRef, 'roles'),
  fields: (t) => ({
    logtoId: t.exposeString('id', { description: "Logto's own id of the role." }),
    name: t.exposeString('name', { description: 'Unique role name.' }),
    description: t.exposeString('description', { description: 'What the role is for.' }),
    type: t.field({ type: RoleTypeEnum, description: 'Whether users or applications hold it.', resolve: (role) => role.type }),
    isDefault: t.boolean({
      description: 'Whether new users get this role automatically.',
      resolve: (role) => role.isDefault ?? false,
    }),
    users: t.connection(
      {
        type: UserRef,
        nullable: true,
        description: 'Users who hold this role.',
        authScopes: requires.tenant(SCOPES.readUsers),
        extensions: { ...cost.list(), ...keyedByParentId },
        resolve: (role, args, ctx) => roleUsersConnection(ctx, role, args),
      },
      UserConnection,
    ),
    applications: t.connection(
      {
        type: ApplicationRef,
        nullable: true,
        description: 'Machine-to-machine applications that hold this role.',
        authScopes: requires.tenant(SCOPES.readApplications),
        extensions: { ...cost.list(), ...keyedByParentId },
        resolve: (role, args, ctx) => roleApplicationsConnection(ctx, role, args),
      },
      ApplicationConnection,
    ),
    scopes: t.connection(
      {
        type: ScopeRef,
        nullable: true,
        description: 'The API resource scopes (permissions) the role grants.',
        authScopes: requires.tenant(SCOPES.readResources),
        extensions: { ...cost.list(), ...keyedByParentId },
        resolve: (role, args, ctx) => roleScopesConnection(ctx, role, args),
      },
      ScopeConnection,
    ),
  }),
});

const RoleFilterInput = builder.inputRef<RoleFilter>('RoleFilter').implement({
  description: "Which roles to list, in Logto's search over `id`, `name` and `description`, plus its role filters.",
  fields: (t) => ({
    type: t.field({ type: RoleTypeEnum, description: 'Only roles of this type.' }),
    ...idNameDescriptionSearchFields(t),
    excludeUserId: t.id({ description: 'Leave out roles this user holds (global id or Logto id).' }),
    excludeApplicationId: t.id({ description: 'Leave out roles this application holds (global id or Logto id).' }),
  }),
});

builder.queryFields((t) => ({
  role: entityByIdField(t, RoleRef, 'roles', { description: 'A role by global id or Logto id; `null` when there is none.', id: 'Global id or Logto id of the role.' }),
  roles: t.connection(
    {
      type: RoleRef,
      nullable: true,
      description: "The tenant's roles (Logto's internal roles are not listed).",
      args: { filter: t.arg({ type: RoleFilterInput, description: 'Search conditions and filters.' }) },
      authScopes: requires.tenant(SCOPES.readRoles),
      extensions: cost.list(),
      resolve: (_root, args, ctx) => rolesConnection(ctx, args, args.filter),
    },
    RoleConnection,
  ),
}));

