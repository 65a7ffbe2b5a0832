/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation AddOrganizationMembers($input: AddOrganizationMembersInput!) {\n  addOrganizationMembers(input: $input) {\n    __typename\n    ... on AddOrganizationMembersPayload {\n      organization {\n        id\n        members(first: 1) {\n          totalCount\n        }\n      }\n      users {\n        id\n        username\n      }\n    }\n    ... on Error {\n      message\n      field\n    }\n  }\n}": typeof types.AddOrganizationMembersDocument,
    "mutation AssignOrganizationMemberRoles($input: AssignOrganizationMemberRolesInput!) {\n  assignOrganizationMemberRoles(input: $input) {\n    __typename\n    ... on AssignOrganizationMemberRolesPayload {\n      organizationRoles {\n        id\n        name\n      }\n    }\n    ... on Error {\n      message\n      field\n    }\n  }\n}": typeof types.AssignOrganizationMemberRolesDocument,
    "mutation AssignUserRoles($input: AssignUserRolesInput!) {\n  assignUserRoles(input: $input) {\n    __typename\n    ... on AssignUserRolesPayload {\n      addedRoleIds\n      user {\n        id\n        roles(first: 20) {\n          totalCount\n          nodes {\n            id\n            name\n          }\n        }\n      }\n    }\n    ... on Error {\n      message\n      field\n    }\n  }\n}": typeof types.AssignUserRolesDocument,
    "query AuditLog($first: Int = 20, $filter: LogFilter) {\n  logs(first: $first, filter: $filter) {\n    totalCount\n    nodes {\n      id\n      key\n      result\n      createdAt\n      ip\n      user {\n        username\n      }\n      application {\n        name\n      }\n    }\n  }\n}": typeof types.AuditLogDocument,
    "mutation CreateUser($input: CreateUserInput!) {\n  createUser(input: $input) {\n    __typename\n    ... on CreateUserPayload {\n      user {\n        id\n        username\n        primaryEmail\n      }\n    }\n    ... on Error {\n      message\n      field\n    }\n  }\n}": typeof types.CreateUserDocument,
    "query OrganizationMembers($org: ID!, $first: Int = 25, $after: String, $filter: OrganizationMemberFilter) {\n  organization(id: $org) {\n    id\n    name\n    members(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        organizationRoles {\n          id\n          name\n        }\n        node {\n          id\n          logtoId\n          username\n          primaryEmail\n          roles(first: 5) {\n            nodes {\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n}": typeof types.OrganizationMembersDocument,
    "query UserDetail($id: ID!) {\n  user(id: $id) {\n    id\n    username\n    name\n    primaryEmail\n    roles(first: 20) {\n      totalCount\n      nodes {\n        id\n        name\n        type\n      }\n    }\n    organizations(first: 20) {\n      totalCount\n      edges {\n        organizationRoles {\n          name\n        }\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n}": typeof types.UserDetailDocument,
    "query UsersWithRoles($first: Int = 10, $after: String, $filter: UserFilter) {\n  users(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      username\n      name\n      primaryEmail\n      isSuspended\n      createdAt\n      roles(first: 5) {\n        totalCount\n        nodes {\n          name\n        }\n      }\n    }\n  }\n}": typeof types.UsersWithRolesDocument,
};
const documents: Documents = {
    "mutation AddOrganizationMembers($input: AddOrganizationMembersInput!) {\n  addOrganizationMembers(input: $input) {\n    __typename\n    ... on AddOrganizationMembersPayload {\n      organization {\n        id\n        members(first: 1) {\n          totalCount\n        }\n      }\n      users {\n        id\n        username\n      }\n    }\n    ... on Error {\n      message\n      field\n    }\n  }\n}": types.AddOrganizationMembersDocument,
    "mutation AssignOrganizationMemberRoles($input: AssignOrganizationMemberRolesInput!) {\n  assignOrganizationMemberRoles(input: $input) {\n    __typename\n    ... on AssignOrganizationMemberRolesPayload {\n      organizationRoles {\n        id\n        name\n      }\n    }\n    ... on Error {\n      message\n      field\n    }\n  }\n}": types.AssignOrganizationMemberRolesDocument,
    "mutation AssignUserRoles($input: AssignUserRolesInput!) {\n  assignUserRoles(input: $input) {\n    __typename\n    ... on AssignUserRolesPayload {\n      addedRoleIds\n      user {\n        id\n        roles(first: 20) {\n          totalCount\n          nodes {\n            id\n            name\n          }\n        }\n      }\n    }\n    ... on Error {\n      message\n      field\n    }\n  }\n}": types.AssignUserRolesDocument,
    "query AuditLog($first: Int = 20, $filter: LogFilter) {\n  logs(first: $first, filter: $filter) {\n    totalCount\n    nodes {\n      id\n      key\n      result\n      createdAt\n      ip\n      user {\n        username\n      }\n      application {\n        name\n      }\n    }\n  }\n}": types.AuditLogDocument,
    "mutation CreateUser($input: CreateUserInput!) {\n  createUser(input: $input) {\n    __typename\n    ... on CreateUserPayload {\n      user {\n        id\n        username\n        primaryEmail\n      }\n    }\n    ... on Error {\n      message\n      field\n    }\n  }\n}": types.CreateUserDocument,
    "query OrganizationMembers($org: ID!, $first: Int = 25, $after: String, $filter: OrganizationMemberFilter) {\n  organization(id: $org) {\n    id\n    name\n    members(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        organizationRoles {\n          id\n          name\n        }\n        node {\n          id\n          logtoId\n          username\n          primaryEmail\n          roles(first: 5) {\n            nodes {\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n}": types.OrganizationMembersDocument,
    "query UserDetail($id: ID!) {\n  user(id: $id) {\n    id\n    username\n    name\n    primaryEmail\n    roles(first: 20) {\n      totalCount\n      nodes {\n        id\n        name\n        type\n      }\n    }\n    organizations(first: 20) {\n      totalCount\n      edges {\n        organizationRoles {\n          name\n        }\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n}": types.UserDetailDocument,
    "query UsersWithRoles($first: Int = 10, $after: String, $filter: UserFilter) {\n  users(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      username\n      name\n      primaryEmail\n      isSuspended\n      createdAt\n      roles(first: 5) {\n        totalCount\n        nodes {\n          name\n        }\n      }\n    }\n  }\n}": types.UsersWithRolesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AddOrganizationMembers($input: AddOrganizationMembersInput!) {\n  addOrganizationMembers(input: $input) {\n    __typename\n    ... on AddOrganizationMembersPayload {\n      organization {\n        id\n        members(first: 1) {\n          totalCount\n        }\n      }\n      users {\n        id\n        username\n      }\n    }\n    ... on Error {\n      message\n      field\n    }\n  }\n}"): (typeof documents)["mutation AddOrganizationMembers($input: AddOrganizationMembersInput!) {\n  addOrganizationMembers(input: $input) {\n    __typename\n    ... on AddOrganizationMembersPayload {\n      organization {\n        id\n        members(first: 1) {\n          totalCount\n        }\n      }\n      users {\n        id\n        username\n      }\n    }\n    ... on Error {\n      message\n      field\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AssignOrganizationMemberRoles($input: AssignOrganizationMemberRolesInput!) {\n  assignOrganizationMemberRoles(input: $input) {\n    __typename\n    ... on AssignOrganizationMemberRolesPayload {\n      organizationRoles {\n        id\n        name\n      }\n    }\n    ... on Error {\n      message\n      field\n    }\n  }\n}"): (typeof documents)["mutation AssignOrganizationMemberRoles($input: AssignOrganizationMemberRolesInput!) {\n  assignOrganizationMemberRoles(input: $input) {\n    __typename\n    ... on AssignOrganizationMemberRolesPayload {\n      organizationRoles {\n        id\n        name\n      }\n    }\n    ... on Error {\n      message\n      field\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AssignUserRoles($input: AssignUserRolesInput!) {\n  assignUserRoles(input: $input) {\n    __typename\n    ... on AssignUserRolesPayload {\n      addedRoleIds\n      user {\n        id\n        roles(first: 20) {\n          totalCount\n          nodes {\n            id\n            name\n          }\n        }\n      }\n    }\n    ... on Error {\n      message\n      field\n    }\n  }\n}"): (typeof documents)["mutation AssignUserRoles($input: AssignUserRolesInput!) {\n  assignUserRoles(input: $input) {\n    __typename\n    ... on AssignUserRolesPayload {\n      addedRoleIds\n      user {\n        id\n        roles(first: 20) {\n          totalCount\n          nodes {\n            id\n            name\n          }\n        }\n      }\n    }\n    ... on Error {\n      message\n      field\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AuditLog($first: Int = 20, $filter: LogFilter) {\n  logs(first: $first, filter: $filter) {\n    totalCount\n    nodes {\n      id\n      key\n      result\n      createdAt\n      ip\n      user {\n        username\n      }\n      application {\n        name\n      }\n    }\n  }\n}"): (typeof documents)["query AuditLog($first: Int = 20, $filter: LogFilter) {\n  logs(first: $first, filter: $filter) {\n    totalCount\n    nodes {\n      id\n      key\n      result\n      createdAt\n      ip\n      user {\n        username\n      }\n      application {\n        name\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateUser($input: CreateUserInput!) {\n  createUser(input: $input) {\n    __typename\n    ... on CreateUserPayload {\n      user {\n        id\n        username\n        primaryEmail\n      }\n    }\n    ... on Error {\n      message\n      field\n    }\n  }\n}"): (typeof documents)["mutation CreateUser($input: CreateUserInput!) {\n  createUser(input: $input) {\n    __typename\n    ... on CreateUserPayload {\n      user {\n        id\n        username\n        primaryEmail\n      }\n    }\n    ... on Error {\n      message\n      field\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query OrganizationMembers($org: ID!, $first: Int = 25, $after: String, $filter: OrganizationMemberFilter) {\n  organization(id: $org) {\n    id\n    name\n    members(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        organizationRoles {\n          id\n          name\n        }\n        node {\n          id\n          logtoId\n          username\n          primaryEmail\n          roles(first: 5) {\n            nodes {\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query OrganizationMembers($org: ID!, $first: Int = 25, $after: String, $filter: OrganizationMemberFilter) {\n  organization(id: $org) {\n    id\n    name\n    members(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        organizationRoles {\n          id\n          name\n        }\n        node {\n          id\n          logtoId\n          username\n          primaryEmail\n          roles(first: 5) {\n            nodes {\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UserDetail($id: ID!) {\n  user(id: $id) {\n    id\n    username\n    name\n    primaryEmail\n    roles(first: 20) {\n      totalCount\n      nodes {\n        id\n        name\n        type\n      }\n    }\n    organizations(first: 20) {\n      totalCount\n      edges {\n        organizationRoles {\n          name\n        }\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query UserDetail($id: ID!) {\n  user(id: $id) {\n    id\n    username\n    name\n    primaryEmail\n    roles(first: 20) {\n      totalCount\n      nodes {\n        id\n        name\n        type\n      }\n    }\n    organizations(first: 20) {\n      totalCount\n      edges {\n        organizationRoles {\n          name\n        }\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UsersWithRoles($first: Int = 10, $after: String, $filter: UserFilter) {\n  users(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      username\n      name\n      primaryEmail\n      isSuspended\n      createdAt\n      roles(first: 5) {\n        totalCount\n        nodes {\n          name\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query UsersWithRoles($first: Int = 10, $after: String, $filter: UserFilter) {\n  users(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      username\n      name\n      primaryEmail\n      isSuspended\n      createdAt\n      roles(first: 5) {\n        totalCount\n        nodes {\n          name\n        }\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;