import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * GraphiQL's example operations: a tab per common admin screen. The first is what GraphiQL opens
 * with, and it shows real data on the first click (the sandbox's seeded users).
 */
export const GRAPHIQL_TABS: readonly { readonly title: string; readonly query: string; readonly variables?: string }[] = [
  {
    title: 'Users with roles',
    query: `# Welcome to logto-graphql: the Logto Management API as one graph.
# Press the run button (or Ctrl+Enter) to fetch the newest users with their roles.
# More examples in the other tabs: organization members, audit log.
query UsersWithRoles($first: Int = 10) {
  users(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      username
      name
      primaryEmail
      isSuspended
      createdAt
      roles(first: 5) { totalCount nodes { name } }
    }
  }
}
`,
  },
  {
    title: 'Organization members',
    query: `# Organizations with their members and each member's organization roles.
query OrganizationMembers {
  organizations(first: 3) {
    totalCount
    nodes {
      id
      name
      members(first: 5) {
        totalCount
        edges {
          organizationRoles { name }
          node { id username primaryEmail }
        }
      }
    }
  }
}
`,
  },
  {
    title: 'Audit log',
    query: `# The newest audit log entries, with who and which application.
query AuditLog {
  logs(first: 20) {
    totalCount
    nodes {
      id
      key
      result
      createdAt
      ip
      user { username }
      application { name }
    }
  }
}
`,
  },
];

export const DEFAULT_GRAPHIQL_QUERY: string = GRAPHIQL_TABS[0]?.query ?? '';

/** yoga's `graphiql` option. `defaultTabs` is honoured by the GraphiQL yoga bundles (4.x). */
export function graphiqlOptions(): GraphiQLOptions {
  return {
    title: 'logto-graphql',
    defaultQuery: DEFAULT_GRAPHIQL_QUERY,
    defaultTabs: GRAPHIQL_TABS.map((tab) => ({ query: tab.query, variables: tab.variables ?? null })),
    // Header editor ready for the caller's token (when auth is on), never persisted in storage.
    shouldPersistHeaders: false,
  };
}

/**
 * The GraphiQL page with its scripts and styles inlined (@graphql-yoga/render-graphiql) instead of
 * yoga's default of loading them from unpkg.com: it works offline, behind egress filters and
 * under a strict CSP, and the page cannot change under us.
 */
export const renderSelfContainedGraphiQL = (options: GraphiQLOptions): string => renderGraphiQL(options);
