import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

/**
 * A second subgraph for federation tests, the way another team's service would look: it stores
 * projects with their owner's Logto `sub` and, for some, the global id of an organization, and
 * knows nothing else about users or organizations. It is itself a Relay-style subgraph (its own
 * `Node` interface and `PageInfo`), so composing it with ours exercises what two Relay subgraphs
 * share.
 */
export const PROJECTS_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])

  interface Node {
    id: ID!
  }

  "A project some user owns."
  type Project implements Node @key(fields: "id") {
    "Global id of the project."
    id: ID!
    "Project name."
    name: String!
    "The owner, referenced by Logto user id (the sub claim)."
    owner: User!
    "The organization the project belongs to, referenced by its global id in the Logto graph."
    organization: Organization
  }

  type User @key(fields: "logtoId") {
    logtoId: String!
    "Projects the user owns."
    projects: [Project!]!
  }

  type Organization @key(fields: "id", resolvable: false) {
    id: ID!
  }

  type PageInfo @shareable {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  "A page of projects."
  type ProjectConnection {
    "The projects of this page."
    nodes: [Project!]!
    "Pagination state."
    pageInfo: PageInfo!
  }

  type Query {
    "Projects in creation order."
    projects(first: Int = 10): [Project!]!
    "The same projects as a Relay connection."
    projectPage(first: Int = 10): ProjectConnection!
  }
`;

export type Project = {
  readonly id: string;
  readonly name: string;
  /** Logto user id of the owner. */
  readonly ownerSub: string;
  /** Global id of the organization in the Logto subgraph, if any. */
  readonly organizationId: string | null;
};

export type ProjectsSubgraph = {
  readonly url: string;
  readonly typeDefs: string;
  close(): Promise<void>;
};

/** Serves the projects subgraph (built with `@apollo/subgraph`, served by graphql-yoga) on a free port. */
export async function startProjectsSubgraph(projects: readonly Project[]): Promise<ProjectsSubgraph> {
  const firstOf = (first: number | null | undefined) => projects.slice(0, Math.max(0, first ?? 10));
  const schema = buildSubgraphSchema({
    typeDefs: parse(PROJECTS_SDL),
    resolvers: {
      Query: {
        projects: (_root: unknown, args: { first?: number | null }) => firstOf(args.first),
        projectPage: (_root: unknown, args: { first?: number | null }) => {
          const nodes = firstOf(args.first);
          return {
            nodes,
            pageInfo: { hasNextPage: nodes.length < projects.length, hasPreviousPage: false, startCursor: null, endCursor: null },
          };
        },
      },
      Project: {
        __resolveReference: (reference: { id: string }) => projects.find((project) => project.id === reference.id) ?? null,
        owner: (project: Project) => ({ logtoId: project.ownerSub }),
        organization: (project: Project) => (project.organizationId ? { id: project.organizationId } : null),
      },
      User: {
        __resolveReference: (reference: { logtoId: string }) => ({ logtoId: reference.logtoId }),
        projects: (user: { logtoId: string }) => projects.filter((project) => project.ownerSub === user.logtoId),
      },
    },
  });
  // Shared types carry no descriptions here: the Logto subgraph's are the ones the supergraph
  // keeps, and differing ones would only add composition hints.
  const yoga = createYoga({ schema, graphqlEndpoint: '/graphql', logging: false, landingPage: false, graphiql: false });
  const server: Server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    typeDefs: PROJECTS_SDL,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
