import { entityNotFound } from '../errors.js';
import { get, type RouteDefinition } from '../router.js';

export const systemRoutes: readonly RouteDefinition[] = [
  // Anonymous in Logto: a health check that needs no token.
  get('/status', () => ({ status: 204 }), { anonymous: true }),

  // Logto answers connectors whole, optionally for one `target`; configs hold secrets in Logto
  // too, so the sandbox's hold made-up ones (see seed-connectors.ts).
  get('/connectors', (context) => {
    const target = typeof context.query.target === 'string' ? context.query.target : undefined;
    const body = target ? context.store.connectors.filter((item) => item.target === target) : context.store.connectors;
    return { status: 200, body };
  }),
  get('/connectors/:id', (context) => {
    const found = context.store.connectors.find((item) => item.id === context.params.id);
    if (!found) throw entityNotFound();
    return { status: 200, body: found };
  }),
];
