import type { ApplicationRow, RoleRow, ScopeRow, UserRow } from '../rows.js';
import type { SearchFields } from '../search.js';

/** Each route family's searchable columns, named and ordered as in Logto's queries. */
export const USER_SEARCH_FIELDS: SearchFields<UserRow> = [
  ['id', (user) => user.id],
  ['primary_email', (user) => user.primaryEmail],
  ['primary_phone', (user) => user.primaryPhone],
  ['username', (user) => user.username],
  ['name', (user) => user.name],
];

export const ROLE_SEARCH_FIELDS: SearchFields<RoleRow> = [
  ['id', (role) => role.id],
  ['name', (role) => role.name],
  ['description', (role) => role.description],
];

export const APPLICATION_SEARCH_FIELDS: SearchFields<ApplicationRow> = [
  ['id', (app) => app.id],
  ['name', (app) => app.name],
  ['description', (app) => app.description],
];

export const SCOPE_SEARCH_FIELDS: SearchFields<ScopeRow> = [
  ['id', (scope) => scope.id],
  ['name', (scope) => scope.name],
  ['description', (scope) => scope.description],
];
