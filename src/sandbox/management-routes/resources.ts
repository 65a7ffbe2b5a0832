import { entityNotExistsWithId } from '../errors.js';
import { listReply } from '../pagination.js';
import { queryString, yes } from '../query.js';
import { get, type RouteDefinition } from '../router.js';
import { compileSearch, parseSearch, searchFilter } from '../search.js';
import { SCOPE_SEARCH_FIELDS } from './search-fields.js';

export const resourceRoutes: readonly RouteDefinition[] = [
  get(
    '/resources',
    (context) => {
      const { store } = context;
      const includeScopes = yes(queryString(context.query, 'includeScopes'));
      return listReply(context, [...store.resources.values()], {
        map: (resource) => (includeScopes ? { ...resource, scopes: store.scopesOfResource(resource.id) } : resource),
      });
    },
    { pagination: 'optional' },
  ),

  get('/resources/:id', (context) => {
    const id = context.params.id ?? '';
    const resource = context.store.resources.get(id);
    if (!resource) throw entityNotExistsWithId('resources', id);
    return { status: 200, body: resource };
  }),

  // Logto does not check that the resource exists: an unknown one has no scopes.
  get(
    '/resources/:resourceId/scopes',
    (context) => {
      const resourceId = context.params.resourceId ?? '';
      const search = parseSearch(context.searchParams);
      const filter = searchFilter(
        search,
        compileSearch(search, SCOPE_SEARCH_FIELDS),
        (scope) => scope.resourceId === resourceId,
        { leakyOr: true },
      );
      return listReply(context, [...context.store.scopes.values()].filter(filter));
    },
    { pagination: 'always' },
  ),
];
