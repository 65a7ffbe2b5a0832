import { get, type RouteDefinition } from '../route.js';

export const systemRoutes: readonly RouteDefinition[] = [
  // Anonymous in Logto: a health check that needs no token.
  get('/status', () => ({ status: 204 }), { anonymous: true }),

  // The recorded server had no connectors installed; the sandbox ships none either, so no config
  // (which can hold secrets) can ever leak from here.
  get('/connectors', (context) => ({ status: 200, body: context.store.connectors })),
];
