import { readFileSync } from 'node:fs';

import { isUnionType } from 'graphql';
import { describe, expect, it } from 'vitest';

import { asGraphQLError } from '../../src/errors.js';
import { LogtoApiError } from '../../src/logto/errors.js';
import { ConflictError, NotFoundError, typedErrorFrom, ValidationError } from '../../src/mutation-errors.js';
import { buildSchema } from '../../src/schema/index.js';

/**
 * Typed errors never become INTERNAL. For every mutation: each typed error `typedErrorFrom` can
 * make of an answer its Logto routes can give is a member of the mutation's result union, or the
 * mutation is listed below as answering it top-level on purpose.
 *
 * Which answers a route can give comes from Logto's own OpenAPI document (recorded from Logto
 * OSS 1.42, `test/fixtures/logto-recorded/openapi-write-routes.json`: documented statuses and
 * body fields per write route), read with what Logto's code does beyond its documentation:
 * - 400: its guards (`guard.invalid_input`);
 * - 404: documented, or any route with a path parameter (an unknown id; Logto leaves some of
 *   these 404s out of its document, e.g. `PATCH /api/users/{userId}/password`);
 * - 409: documented;
 * - 422: its own rules (`entity.invalid_input` and the like), plus an unknown id
 *   (`entity.relation_foreign_key_not_found`) when the path or the body carries ids (`tenantId`
 *   aside: Logto sets it), plus a unique constraint (`entity.unique_integrity_violation`) for a
 *   POST (an insert) or a PATCH/PUT that changes a column some table keeps unique.
 */

/** Columns under a unique constraint in some Logto table (`packages/schemas/tables/*.sql`), as body fields. */
const UNIQUE_FIELDS = new Set(['username', 'primaryEmail', 'primaryPhone', 'name', 'indicator']);

type RouteDoc = { readonly statuses: readonly string[]; readonly bodyFields: readonly string[] };
const OPENAPI = JSON.parse(
  readFileSync(new URL('../fixtures/logto-recorded/openapi-write-routes.json', import.meta.url), 'utf8'),
) as { routes: Record<string, RouteDoc> };

/** `PATCH /api/users/:userId/password` and `PATCH /api/users/:id/password` are one route. */
const normalize = (route: string) => route.replace(/:\w+/g, ':');
const documented = new Map(Object.entries(OPENAPI.routes).map(([route, doc]) => [normalize(route), doc]));

/** The write routes a mutation's description names (every mutation description names them). */
function routesOf(description: string): string[] {
  return [...description.matchAll(/`((?:POST|PATCH|PUT|DELETE) \/api\/[^`;\s]*)/g)].map((match) => match[1]!);
}

/** Logto answers (status, code) a route can give, per the rules above. */
function answersOf(route: string, doc: RouteDoc): { status: number; code: string; message: string }[] {
  const [method] = route.split(' ');
  const hasPathIds = route.includes(':');
  const hasBodyIds = doc.bodyFields.some((field) => /Ids?$/.test(field) && field !== 'tenantId');
  const mayBreakUnique = method === 'POST' || doc.bodyFields.some((field) => UNIQUE_FIELDS.has(field));
  const answers = [{ status: 400, code: 'guard.invalid_input', message: 'Invalid input.' }];
  if (doc.statuses.includes('404') || hasPathIds) answers.push({ status: 404, code: 'entity.not_exists_with_id', message: 'The entity does not exist.' });
  if (doc.statuses.includes('409')) answers.push({ status: 409, code: 'http.409', message: 'Conflict.' });
  if (doc.statuses.includes('422')) {
    answers.push({ status: 422, code: 'entity.invalid_input', message: 'Invalid input.' });
    if (hasPathIds || hasBodyIds) answers.push({ status: 422, code: 'entity.relation_foreign_key_not_found', message: 'Unknown id.' });
    if (method !== 'DELETE' && mayBreakUnique) answers.push({ status: 422, code: 'entity.unique_integrity_violation', message: 'Already exists.' });
  }
  return answers;
}

/** Mutations that answer some typed errors as top-level errors on purpose, and why. */
const TOP_LEVEL_ON_PURPOSE: Record<string, string> = {
  updateMe: 'a self-service form: no result union; Logto’s refusals are BAD_USER_INPUT / NOT_FOUND (src/errors.ts)',
};

/** Mutations that reach no Logto route at all (bulk job controls: src/schema/bulk-job-mutations.ts). */
const NO_LOGTO_ROUTE = new Set(['pauseBulkJob', 'resumeBulkJob', 'cancelBulkJob']);

const schema = buildSchema();
const mutations = Object.values(schema.getMutationType()!.getFields());

describe('typed errors of every mutation', () => {
  for (const mutation of mutations) {
    it(`${mutation.name}: every typed error its Logto routes can give is in its result union`, () => {
      const routes = routesOf(mutation.description ?? '');
      if (NO_LOGTO_ROUTE.has(mutation.name)) {
        expect(routes).toEqual([]);
        return;
      }
      if (mutation.name in TOP_LEVEL_ON_PURPOSE) {
        expect(isUnionType(mutation.type)).toBe(false);
        return;
      }
      expect(routes.length, 'the description names the Logto routes it writes to').toBeGreaterThan(0);
      const union = mutation.type;
      expect(isUnionType(union)).toBe(true);
      if (!isUnionType(union)) return;
      const members = new Set(union.getTypes().map((type) => type.name));
      const missing = new Set<string>();
      for (const route of routes) {
        const doc = documented.get(normalize(route));
        expect(doc, `${route} is in Logto's OpenAPI document`).toBeDefined();
        for (const answer of answersOf(route, doc!)) {
          const error = new LogtoApiError({ ...answer, requestId: 'test', method: route.split(' ')[0]!, route: route.split(' ')[1]! });
          const typed = typedErrorFrom(error);
          expect(typed, `${route} ${answer.status} ${answer.code} is a typed error`).toBeDefined();
          if (!members.has(typed!.name)) missing.add(`${typed!.name} (${route} → ${answer.status} ${answer.code})`);
        }
      }
      expect([...missing].join('; ')).toBe('');
    });
  }
});

describe('a typed error outside a result union', () => {
  it('is never INTERNAL: NOT_FOUND or BAD_USER_INPUT with its field and Logto code', () => {
    const cases = [
      { error: new NotFoundError('No such organization.', 'organizationId', 'entity.not_exists_with_id'), code: 'NOT_FOUND' },
      { error: new ConflictError('Already invited.', 'invitee', 'entity.unique_integrity_violation'), code: 'BAD_USER_INPUT' },
      { error: new ValidationError([{ field: 'name', message: 'Too long.' }], 'entity.value_too_long'), code: 'BAD_USER_INPUT' },
    ];
    for (const { error, code } of cases) {
      const mapped = asGraphQLError(error);
      expect(mapped?.extensions).toMatchObject({ code, typedError: error.name, field: error.field, logtoCode: error.logtoCode });
      expect(mapped?.message).toBe(error.message);
    }
  });
});
