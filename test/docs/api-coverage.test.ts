/**
 * Keeps docs/COVERAGE.md true (issue 17): every operation that Logto's OpenAPI document lists for
 * the families below has one row there, either reached (the GraphQL coordinates that reach it and
 * the permission) or left out with a reason. A reached row must name schema coordinates that
 * exist and a route the facade's code really calls (the static route table below), and every
 * route the code calls in these families must have a reached row.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { buildSchema, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';

import { ALL_SCOPES } from '../../src/auth/scopes.js';

const ROOT = new URL('../../', import.meta.url).pathname;
export const FAMILIES = [
  'users',
  'roles',
  'applications',
  'organizations',
  'organization-roles',
  'organization-scopes',
  'organization-invitations',
  'resources',
  'logs',
  'hooks',
] as const;
type Family = (typeof FAMILIES)[number];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** `/api/users/{userId}` and `/api/users/:id` both become `/api/users/{}`. */
export const normalizedPath = (path: string) => path.replace(/\{[^}]+\}|:[A-Za-z]+/g, '{}');
const key = (method: string, path: string) => `${method} ${normalizedPath(path)}`;
const familyOf = (path: string) => path.split('/')[2] as Family;

type OpenApi = { paths: Record<string, Record<string, unknown>> };
function openApiOperations(): Map<string, { method: string; path: string; family: Family }> {
  const document = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/logto-recorded/openapi.json'), 'utf8')) as OpenApi;
  const operations = new Map<string, { method: string; path: string; family: Family }>();
  for (const [path, item] of Object.entries(document.paths)) {
    const family = familyOf(path);
    if (!FAMILIES.includes(family)) continue;
    for (const method of Object.keys(item)) {
      const upper = method.toUpperCase();
      if ((METHODS as readonly string[]).includes(upper)) operations.set(key(upper, path), { method: upper, path, family });
    }
  }
  return operations;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'sandbox' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The facade's route table, read from its source (the sandbox excluded): request objects
 * `{ method: 'POST', route: '/api/…' }`, `sendDelete(ctx, { route })`, GETs written as
 * `{ route: '/api/…' }` (list windows, loaders) and the entity registry's `list`/`byId` routes.
 * Mutation declarations' `route: 'POST /api/…'` strings are documentation and do not count.
 */
export function calledRoutes(): Set<string> {
  const routes = new Set<string>();
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(sendDelete\([^{]*\{\s*|method:\s*'([A-Z]+)'[^{}]*?)?\broute:\s*'(\/api\/[^']+)'/g)) {
      const method = match[1]?.startsWith('sendDelete') ? 'DELETE' : (match[2] ?? 'GET');
      routes.add(key(method, match[3]!));
    }
    for (const match of text.matchAll(/\b(?:list|byId):\s*'(\/api\/[^']+)'/g)) routes.add(key('GET', match[1]!));
  }
  return routes;
}

type Row = { method: string; path: string; reachedBy: string[]; permission: string[]; reason: string; line: number };
type Section = { family: Family; pending: boolean; rows: Row[] };

const cell = (text: string) => text.trim().replace(/^—$/, '').replace(/`/g, '');
export function coverageSections(markdown: string): Map<Family, Section> {
  const sections = new Map<Family, Section>();
  let current: Section | undefined;
  markdown.split('\n').forEach((line, index) => {
    const heading = /^## `?([a-z-]+)`?\s*$/.exec(line);
    if (heading) {
      current = { family: heading[1] as Family, pending: false, rows: [] };
      sections.set(current.family, current);
      return;
    }
    if (!current) return;
    if (line.includes('<!-- pending')) current.pending = true;
    const cells = line.split('|').slice(1, -1);
    if (cells.length !== 5 || !METHODS.includes(cell(cells[0]!) as (typeof METHODS)[number])) return;
    // A cell may say more than its names ("Mutation.updateUser (customDataMode: MERGE)"): the
    // schema coordinates and the scope names are what it is checked on.
    const coordinates = [...cell(cells[2]!).matchAll(/\b(?:Query|Mutation|Subscription|[A-Z][A-Za-z]+)\.[a-z_][A-Za-z0-9_]*/g)].map((match) => match[0]);
    const permissions = [...cell(cells[3]!).matchAll(/(?<![\w:-])(?:[a-z]+:[a-z:-]+|profile)(?![\w:-])/g)].map((match) => match[0]);
    current.rows.push({ method: cell(cells[0]!), path: cell(cells[1]!), reachedBy: coordinates, permission: permissions, reason: cell(cells[4]!), line: index + 1 });
  });
  return sections;
}

const operations = openApiOperations();
const sections = coverageSections(readFileSync(join(ROOT, 'docs/COVERAGE.md'), 'utf8'));
const called = calledRoutes();
const schema = buildSchema(readFileSync(join(ROOT, 'schema.graphql'), 'utf8'));
const coordinateExists = (coordinate: string) => {
  const [typeName, fieldName] = coordinate.split('.');
  const type = typeName ? schema.getType(typeName) : undefined;
  return type !== undefined && isObjectType(type) && fieldName !== undefined && fieldName in type.getFields();
};

describe('docs/COVERAGE.md', () => {
  it('has a section for every family', () => {
    expect([...sections.keys()].sort()).toEqual([...FAMILIES].sort());
  });

  describe.each(FAMILIES)('%s', (family) => {
    const section = sections.get(family);
    const run = section?.pending ? it.skip : it;

    run('lists every operation of the family once, and nothing else', () => {
      const listed = section!.rows.map((row) => key(row.method, row.path));
      const expected = [...operations.values()].filter((operation) => operation.family === family).map((operation) => key(operation.method, operation.path));
      expect([...listed].sort()).toEqual([...expected].sort());
    });

    run('says for each row how it is reached, or why not', () => {
      const broken = section!.rows.flatMap((row) => {
        const where = `line ${row.line}: ${row.method} ${row.path}`;
        if (row.reachedBy.length === 0) return row.reason ? [] : [`${where}: neither reached nor given a reason`];
        const problems: string[] = [];
        if (row.reason) problems.push(`${where}: reached rows give no reason`);
        for (const coordinate of row.reachedBy) if (!coordinateExists(coordinate)) problems.push(`${where}: ${coordinate} is not in schema.graphql`);
        if (row.permission.length === 0) problems.push(`${where}: no permission`);
        for (const permission of row.permission) if (!(ALL_SCOPES as readonly string[]).includes(permission)) problems.push(`${where}: unknown permission ${permission}`);
        if (!called.has(key(row.method, row.path))) problems.push(`${where}: the facade's code never calls it`);
        return problems;
      });
      expect(broken).toEqual([]);
    });

    run('lists every route the code calls as reached', () => {
      const reached = new Set(section!.rows.filter((row) => row.reachedBy.length > 0).map((row) => key(row.method, row.path)));
      const familyRoutes = [...called].filter((route) => familyOf(route.split(' ')[1]!) === family);
      expect(familyRoutes.filter((route) => !reached.has(route))).toEqual([]);
    });
  });

  it('reaches at least 95% of the operations once every family is filled in', () => {
    const pending = [...sections.values()].filter((section) => section.pending);
    if (pending.length > 0) return;
    const rows = [...sections.values()].flatMap((section) => section.rows);
    const reached = rows.filter((row) => row.reachedBy.length > 0).length;
    expect(reached / operations.size).toBeGreaterThanOrEqual(0.95);
  });
});
