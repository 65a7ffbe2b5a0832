/**
 * GraphQL over WebSocket (`graphql-ws`, on `ws`) at the GraphQL endpoint, beside SSE (yoga's
 * built-in): the recipe from graphql-yoga's docs, with our authentication. The token comes in
 * `connectionParams.authorization` (browsers cannot set headers on a WebSocket) or the upgrade
 * request's `Authorization` header, and is verified once per connection; a refused connection is
 * closed with 4403 before any operation runs. Every operation then goes through yoga's envelop
 * (the same plugins, context, armor limits, cost estimate, masked errors) as an HTTP request.
 */
import type { Server } from 'node:http';

import { type ExecutionArgs, GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';

import type { Caller } from '../auth/caller.js';
import type { RequestAuthenticator } from '../auth/request-auth.js';
import type { Logger } from '../logger.js';

/** The URL of the stand-in request an operation over a socket carries (the response cache leaves those alone: no HTTP request to key). */
export const SOCKET_REQUEST_ORIGIN = 'http://graphql-ws.invalid';

export const isSocketRequest = (request: Request): boolean => request.url.startsWith(SOCKET_REQUEST_ORIGIN);

type Envelope = {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
};

export type WebSocketEndpoint = { close(): Promise<void> };

export function serveWebSocket<UserContext extends Record<string, unknown>>(options: {
  readonly server: Server;
  readonly path: string;
  readonly yoga: YogaServerInstance<Record<string, never>, UserContext>;
  readonly authenticator: RequestAuthenticator;
  /** Makes `request` carry `caller` for the context factory (as the HTTP auth plugin does). */
  readonly remember: (request: Request, caller: Caller) => void;
  readonly logger: Logger;
}): WebSocketEndpoint {
  const sockets = new WebSocketServer({ server: options.server, path: options.path });
  const callers = new WeakMap<object, Caller>();
  const disposable = useServer<Record<string, unknown> | undefined>(
    {
      onConnect: async (ctx) => {
        const given = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const header = typeof given === 'string' ? given : (ctx.extra.request.headers.authorization ?? null);
        const outcome = await options.authenticator.authenticate(header);
        if (!outcome.ok) return false;
        callers.set(ctx.extra.socket, outcome.caller);
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const caller = callers.get(ctx.extra.socket);
        if (!caller) return [new GraphQLError('An access token is required.', { extensions: { code: 'UNAUTHENTICATED' } })];
        const request = new Request(`${SOCKET_REQUEST_ORIGIN}/graphql`, { method: 'POST' });
        options.remember(request, caller);
        const { schema, execute, subscribe, contextFactory, parse, validate } = options.yoga.getEnveloped({ ...ctx, request, params: payload });
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('The document does not parse.', { extensions: { code: 'BAD_USER_INPUT' } })];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        const envelope: Envelope = { execute, subscribe };
        return {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: envelope,
        };
      },
      execute: (args) => (args.rootValue as Envelope).execute(args) as never,
      subscribe: (args) => (args.rootValue as Envelope).subscribe(args) as never,
    },
    sockets,
  );
  let closing: Promise<void> | undefined;
  return {
    // Idempotent, like the HTTP server's close: dispose closes the socket server (a second close would throw).
    close: () => (closing ??= Promise.resolve(disposable.dispose()).catch(() => {})),
  };
}
