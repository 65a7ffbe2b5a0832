import { type CompositionResult, composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { parse } from 'graphql';

export type SubgraphDefinition = { readonly name: string; readonly sdl: string; readonly url: string };

/** Supergraph composition as `rover supergraph compose` runs it, in process. */
export function composeSupergraph(subgraphs: readonly SubgraphDefinition[]): CompositionResult {
  return composeServices(subgraphs.map(({ name, sdl, url }) => ({ name, typeDefs: parse(sdl), url })));
}

export type RunningGateway = {
  readonly url: string;
  /** Every request the gateway sent to a subgraph, by subgraph name, in order. */
  readonly subgraphRequests: { subgraph: string; query: string; representations: number }[];
  close(): Promise<void>;
};

type GatewayContext = { readonly authorization?: string };

/**
 * A real Apollo Gateway (query planner and all) over a static supergraph, served by Apollo Server
 * on a free loopback port. It forwards the caller's `Authorization` header to every subgraph, the
 * way a gateway in front of this facade should.
 */
export async function startGateway(supergraphSdl: string): Promise<RunningGateway> {
  const subgraphRequests: RunningGateway['subgraphRequests'] = [];
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url,
        willSendRequest({ request, context }) {
          const representations = request.variables?.representations;
          subgraphRequests.push({
            subgraph: name,
            query: request.query ?? '',
            representations: Array.isArray(representations) ? representations.length : 0,
          });
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
        },
      }),
  });
  const server = new ApolloServer<GatewayContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  return { url, subgraphRequests, close: () => server.stop() };
}
