import { INTERNAL_ROLE_PREFIX } from '../constants.js';
import type { RouteContext } from '../router.js';
import type { RoleRow, UserRow } from '../rows.js';
import { compileSearch, parseSearch, searchFilter } from '../search.js';
import { ROLE_SEARCH_FIELDS, USER_SEARCH_FIELDS } from './search-fields.js';

/** The list queries several route families share: Logto's `findUsers` and `findRoles`. */

/** Users matching the advanced search and a relation filter, newest first. */
export function searchUsers(context: RouteContext, relation: (user: UserRow) => boolean): UserRow[] {
  const search = parseSearch(context.searchParams);
  const predicates = compileSearch(search, USER_SEARCH_FIELDS);
  // The user queries wrap the search in parentheses, so `joint=or` stays inside the filter.
  return context.store.usersNewestFirst().filter(searchFilter(search, predicates, relation, { leakyOr: false }));
}

/** Roles in heap (creation) order, never internal ones; the search SQL is appended unparenthesised. */
export function searchRoles(context: RouteContext, filter: (role: RoleRow) => boolean): RoleRow[] {
  const search = parseSearch(context.searchParams);
  const predicates = compileSearch(search, ROLE_SEARCH_FIELDS);
  const base = (role: RoleRow) => !role.name.startsWith(INTERNAL_ROLE_PREFIX) && filter(role);
  return [...context.store.roles.values()].filter(searchFilter(search, predicates, base, { leakyOr: true }));
}
