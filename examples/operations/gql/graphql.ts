/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Users to make members of an organization. Users already members stay as they are. */
export type AddOrganizationMembersInput = {
  /** Global id or Logto id of the organization. */
  organizationId: string | number;
  /** Global ids or Logto ids of users (1–100). */
  userIds: Array<string | number>;
};

/** A postal address (OpenID Connect `address` claim). Every field is optional. */
export type AddressInput = {
  /** Country. */
  country?: string | null | undefined;
  /** The full address, formatted for display. */
  formatted?: string | null | undefined;
  /** City or locality. */
  locality?: string | null | undefined;
  /** Postal code. */
  postalCode?: string | null | undefined;
  /** State, province or region. */
  region?: string | null | undefined;
  /** Street address. */
  streetAddress?: string | null | undefined;
};

/** Organization roles to give a member in one organization. Roles already held are kept. */
export type AssignOrganizationMemberRolesInput = {
  /** Global id or Logto id of the organization. */
  organizationId: string | number;
  /** Global ids or Logto ids of user-type organization roles (1–100). */
  organizationRoleIds: Array<string | number>;
  /** Global id or Logto id of the user (already a member). */
  userId: string | number;
};

/** Roles to give a user. Roles the user already holds are skipped. */
export type AssignUserRolesInput = {
  /** Global ids or Logto ids of user-type roles (1–100). */
  roleIds: Array<string | number>;
  /** Global id or Logto id of the user. */
  userId: string | number;
};

/** A new user. Every field is optional, as in Logto; identifiers must be unique in the tenant. */
export type CreateUserInput = {
  /** Avatar image URL (http or https). */
  avatar?: string | null | undefined;
  /** Free-form data your applications keep on the user. */
  customData?: Record<string, unknown> | null | undefined;
  /** Display name (at most 128 characters). */
  name?: string | null | undefined;
  /** Initial password. Sent to Logto only; never stored or returned here. */
  password?: string | null | undefined;
  /** Unique primary email address. */
  primaryEmail?: string | null | undefined;
  /** Unique primary phone number with its country code; `+`, spaces, dashes and parentheses are dropped (Logto stores digits only). */
  primaryPhone?: string | null | undefined;
  /** Standard profile claims. */
  profile?: UserProfileInput | null | undefined;
  /** Unique username: a letter or `_`, then letters, digits and `_` (at most 128). */
  username?: string | null | undefined;
};

/** Which audit log entries to list (Logto's log filters). */
export type LogFilter = {
  /** Only entries from this application (global id or Logto id). */
  applicationId?: string | number | null | undefined;
  /** Only entries at or before this time. */
  endTime?: string | null | undefined;
  /** Only entries with this key, e.g. `ExchangeTokenBy.ClientCredentials`. */
  logKey?: string | null | undefined;
  /** Only entries at or after this time. */
  startTime?: string | null | undefined;
  /** Only entries about this user (global id or Logto id). */
  userId?: string | number | null | undefined;
};

/** How the logged event ended. */
export type LogResult =
  /** It failed; see `errorMessage`. */
  | 'ERROR'
  /** It succeeded. */
  | 'SUCCESS';

/** Which members to list. */
export type OrganizationMemberFilter = {
  /** Only members holding this organization role (global id or Logto id). */
  organizationRoleId?: string | number | null | undefined;
  /** Logto's member search: matches id, username, email, phone or name (substring, any case). */
  q?: string | null | undefined;
};

/** Who a role is for. */
export type RoleType =
  /** Assigned to machine-to-machine applications. */
  | 'MACHINE_TO_MACHINE'
  /** Assigned to users. */
  | 'USER';

/** How several field conditions combine (Logto `joint`). */
export type SearchJoint =
  /** Every condition must match. */
  | 'AND'
  /** Any condition may match (Logto's default). */
  | 'OR';

/** How a text field matches, in Logto's search modes. Give exactly one. Matching ignores case unless the filter sets `isCaseSensitive: true`. */
export type StringMatch =
  {   /** Equals one of these values (1–100). Several values fetch exactly those rows in one request. */
  exact: Array<string>; like?: never; posix?: never; similarTo?: never; }
  |  { exact?: never;   /** SQL LIKE pattern: write the wildcards yourself (`%` any run, `_` one character), e.g. `%@acme.com`. */
  like: string; posix?: never; similarTo?: never; }
  |  { exact?: never; like?: never;   /** POSIX regular expression. */
  posix: string; similarTo?: never; }
  |  { exact?: never; like?: never; posix?: never;   /** SQL SIMILAR TO pattern. Logto requires `isCaseSensitive: true` with it. */
  similarTo: string; };

/** Which users to list, in Logto's advanced search: conditions on `id`, `primaryEmail`, `primaryPhone`, `username` and `name` (or `search` for all of them), combined by `joint`. */
export type UserFilter = {
  /** Leave out members of this organization (global id or Logto id). */
  excludeOrganizationId?: string | number | null | undefined;
  /** Leave out users who hold this role (global id or Logto id). */
  excludeRoleId?: string | number | null | undefined;
  /** Condition on the Logto id (use `exact` with several ids to fetch exactly those). */
  id?: StringMatch | null | undefined;
  /** Match case exactly (default false). */
  isCaseSensitive?: boolean | null | undefined;
  /** How the conditions combine (Logto default: OR). */
  joint?: SearchJoint | null | undefined;
  /** Condition on the display name. */
  name?: StringMatch | null | undefined;
  /** Condition on the primary email. */
  primaryEmail?: StringMatch | null | undefined;
  /** Condition on the primary phone (digits, no `+`). */
  primaryPhone?: StringMatch | null | undefined;
  /** Matches any of the searchable fields. */
  search?: StringMatch | null | undefined;
  /** Condition on the username. */
  username?: StringMatch | null | undefined;
};

/** Standard OpenID Connect profile claims. Whether they replace or merge into the stored ones is up to the field that takes them. */
export type UserProfileInput = {
  /** Postal address. */
  address?: AddressInput | null | undefined;
  /** Birthdate (`YYYY-MM-DD`). */
  birthdate?: string | null | undefined;
  /** Family name. */
  familyName?: string | null | undefined;
  /** Gender. */
  gender?: string | null | undefined;
  /** Given name. */
  givenName?: string | null | undefined;
  /** Locale, e.g. `en-US`. */
  locale?: string | null | undefined;
  /** Middle name. */
  middleName?: string | null | undefined;
  /** Nickname. */
  nickname?: string | null | undefined;
  /** Preferred username. */
  preferredUsername?: string | null | undefined;
  /** Profile page URL. */
  profile?: string | null | undefined;
  /** Website URL. */
  website?: string | null | undefined;
  /** Time zone, e.g. `Europe/Paris`. */
  zoneinfo?: string | null | undefined;
};

export type AddOrganizationMembersMutationVariables = Exact<{
  input: AddOrganizationMembersInput;
}>;


export type AddOrganizationMembersMutation = { addOrganizationMembers:
    | { __typename: 'AddOrganizationMembersPayload', organization: { id: string, members: { totalCount: number } | null } | null, users: Array<{ id: string, username: string | null } | null> }
    | { __typename: 'ConflictError', message: string, field: string | null }
    | { __typename: 'NotFoundError', message: string, field: string | null }
    | { __typename: 'ValidationError', message: string, field: string | null }
   | null };

export type AssignOrganizationMemberRolesMutationVariables = Exact<{
  input: AssignOrganizationMemberRolesInput;
}>;


export type AssignOrganizationMemberRolesMutation = { assignOrganizationMemberRoles:
    | { __typename: 'AssignOrganizationMemberRolesPayload', organizationRoles: Array<{ id: string, name: string } | null> }
    | { __typename: 'ConflictError', message: string, field: string | null }
    | { __typename: 'NotFoundError', message: string, field: string | null }
    | { __typename: 'ValidationError', message: string, field: string | null }
   | null };

export type AssignUserRolesMutationVariables = Exact<{
  input: AssignUserRolesInput;
}>;


export type AssignUserRolesMutation = { assignUserRoles:
    | { __typename: 'AssignUserRolesPayload', addedRoleIds: Array<string>, user: { id: string, roles: { totalCount: number, nodes: Array<{ id: string, name: string }> } | null } | null }
    | { __typename: 'ConflictError', message: string, field: string | null }
    | { __typename: 'NotFoundError', message: string, field: string | null }
    | { __typename: 'ValidationError', message: string, field: string | null }
   | null };

export type AuditLogQueryVariables = Exact<{
  first?: number | null | undefined;
  filter?: LogFilter | null | undefined;
}>;


export type AuditLogQuery = { logs: { totalCount: number, nodes: Array<{ id: string, key: string, result: LogResult | null, createdAt: string, ip: string | null, user: { username: string | null } | null, application: { name: string } | null }> } | null };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { createUser:
    | { __typename: 'ConflictError', message: string, field: string | null }
    | { __typename: 'CreateUserPayload', user: { id: string, username: string | null, primaryEmail: string | null } | null }
    | { __typename: 'NotFoundError', message: string, field: string | null }
    | { __typename: 'ValidationError', message: string, field: string | null }
   | null };

export type OrganizationMembersQueryVariables = Exact<{
  org: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: OrganizationMemberFilter | null | undefined;
}>;


export type OrganizationMembersQuery = { organization: { id: string, name: string, members: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ organizationRoles: Array<{ id: string, name: string }>, node: { id: string, logtoId: string, username: string | null, primaryEmail: string | null, roles: { nodes: Array<{ name: string }> } | null } }> } | null } | null };

export type UserDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type UserDetailQuery = { user: { id: string, username: string | null, name: string | null, primaryEmail: string | null, roles: { totalCount: number, nodes: Array<{ id: string, name: string, type: RoleType }> } | null, organizations: { totalCount: number, edges: Array<{ organizationRoles: Array<{ name: string }>, node: { id: string, name: string } }> } | null } | null };

export type UsersWithRolesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: UserFilter | null | undefined;
}>;


export type UsersWithRolesQuery = { users: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, username: string | null, name: string | null, primaryEmail: string | null, isSuspended: boolean, createdAt: string, roles: { totalCount: number, nodes: Array<{ name: string }> } | null }> } | null };


export const AddOrganizationMembersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddOrganizationMembers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddOrganizationMembersInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addOrganizationMembers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AddOrganizationMembersPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"users"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<AddOrganizationMembersMutation, AddOrganizationMembersMutationVariables>;
export const AssignOrganizationMemberRolesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AssignOrganizationMemberRoles"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AssignOrganizationMemberRolesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignOrganizationMemberRoles"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AssignOrganizationMemberRolesPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizationRoles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<AssignOrganizationMemberRolesMutation, AssignOrganizationMemberRolesMutationVariables>;
export const AssignUserRolesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AssignUserRoles"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AssignUserRolesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignUserRoles"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AssignUserRolesPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addedRoleIds"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"roles"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<AssignUserRolesMutation, AssignUserRolesMutationVariables>;
export const AuditLogDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditLog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"LogFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"ip"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"username"}}]}},{"kind":"Field","name":{"kind":"Name","value":"application"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AuditLogQuery, AuditLogQueryVariables>;
export const CreateUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateUserInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CreateUserPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"primaryEmail"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<CreateUserMutation, CreateUserMutationVariables>;
export const OrganizationMembersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OrganizationMembers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"org"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"25"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"OrganizationMemberFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organization"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"org"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizationRoles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"logtoId"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"primaryEmail"}},{"kind":"Field","name":{"kind":"Name","value":"roles"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<OrganizationMembersQuery, OrganizationMembersQueryVariables>;
export const UserDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"UserDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"primaryEmail"}},{"kind":"Field","name":{"kind":"Name","value":"roles"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizationRoles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<UserDetailQuery, UserDetailQueryVariables>;
export const UsersWithRolesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"UsersWithRoles"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"10"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"UserFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"users"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"primaryEmail"}},{"kind":"Field","name":{"kind":"Name","value":"isSuspended"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"roles"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<UsersWithRolesQuery, UsersWithRolesQueryVariables>;