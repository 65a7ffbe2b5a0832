import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  type GraphQLField,
  type GraphQLObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isEnumType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { UpstreamCost } from '../../src/cost/rules.js';
import { encodeGlobalId } from '../../src/global-id.js';
import { encodeCursor } from '../../src/resolvers/cursor.js';
import { buildSchema } from '../../src/schema/index.js';
import { type RestClient, restClient } from '../helpers/rest.js';
import { type Stack, startStack, upstreamDuring } from '../helpers/stack.js';

/**
 * Issue 15, item 2: `extensions.cost.estimatedUpstreamRequests` is an upper bound of the
 * requests the operation really makes, always. Against a sandbox whose lists are not multiples
 * of a page: 1,234 users, ~2,400 logs, 137 organization roles (more than one page of 100).
 */

type Cost = { estimatedUpstreamRequests: number; upstreamRequests: number };

const USERS = 1234;
const ORGANIZATION_ROLES = 137;

let stack: Stack;
let rest: RestClient;
/** Organization roles in list order: the first 100 are on the paged loader's first page, the rest are not. */
let organizationRoleIds: string[];

beforeAll(async () => {
  stack = await startStack({
    sandbox: { users: USERS },
    // Room for the generated operations: this is about the estimate, not the limit or the budget.
    env: { MAX_UPSTREAM_REQUESTS_PER_OPERATION: '1000', LOGTO_RATE_LIMIT: '1000000/10s', LOGTO_MAX_CONCURRENCY: '16' },
  });
  rest = await restClient(stack.sandbox);
  const existing = await rest.all<{ id: string }>('/api/organization-roles');
  for (let index = existing.length; index < ORGANIZATION_ROLES; index += 1) {
    const created = await rest.send('POST', '/api/organization-roles', { name: `bound-role-${index}`, description: `Role ${index}` });
    expect(created.status).toBe(201);
  }
  organizationRoleIds = (await rest.all<{ id: string }>('/api/organization-roles')).map((role) => role.id);
  expect(organizationRoleIds).toHaveLength(ORGANIZATION_ROLES);
});
afterAll(() => stack.close());

/** Runs an operation; answers its cost and the Management API requests the sandbox saw. */
async function run(query: string): Promise<{ cost: Cost; requests: number; errors: { extensions?: Record<string, unknown> }[] }> {
  const { result, requests } = await upstreamDuring(stack, () => stack.post(query));
  return { cost: result.body.extensions?.cost as Cost, requests: requests.length, errors: result.body.errors ?? [] };
}

function expectBound(outcome: Awaited<ReturnType<typeof run>>, query: string): void {
  const { cost, requests } = outcome;
  expect(cost.estimatedUpstreamRequests, `${query}\nestimate ${cost.estimatedUpstreamRequests} < ${requests} requests`).toBeGreaterThanOrEqual(requests);
  expect(cost.estimatedUpstreamRequests, query).toBeGreaterThanOrEqual(cost.upstreamRequests);
}

describe('the estimate counts what `last` without `before` really costs', () => {
  it('counts 3 requests for the last 100 logs when their total is not a multiple of 100', async () => {
    const query = '{ logs(last: 100) { totalCount nodes { id } } }';
    const outcome = await run(query);
    expect(outcome.errors).toEqual([]);
    // One window to learn the total, then the last 100, which straddle two pages.
    expect(outcome.requests).toBe(3);
    expectBound(outcome, query);
  });

  it('counts 4 with `after`, whose first window straddles two pages too', async () => {
    const query = `{ logs(last: 100, after: "${encodeCursor('logs', 36)}") { nodes { id } } }`;
    const outcome = await run(query);
    expect(outcome.errors).toEqual([]);
    expect(outcome.requests).toBe(4);
    expectBound(outcome, query);
  });
});

describe('the estimate counts the paged loader’s by-id fallback', () => {
  it('counts one read per organization role beyond the first page, besides the page (an upper bound of the remaining pages)', async () => {
    const ids = organizationRoleIds.slice(-3);
    const query = `{ ${ids.map((id, index) => `r${index}: organizationRole(id: "${id}") { name }`).join(' ')} }`;
    const outcome = await run(query);
    expect(outcome.errors).toEqual([]);
    // The loader reads the one remaining page rather than three GETs; the estimate, which cannot
    // know the list's length, still counts one read per role.
    expect(outcome.requests).toBe(2);
    expectBound(outcome, query);
  });

  it('counts nothing more for fields the organization-role list already returned', async () => {
    const outcome = await run('{ organizationRoles(first: 20) { nodes { name description type } } }');
    expect(outcome.requests).toBe(1);
    expect(outcome.cost.estimatedUpstreamRequests).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// The property: generated operations over every list field of the schema.

const schema = buildSchema({ federation: false });
const queryType = schema.getQueryType()!;

const ruleOf = (field: GraphQLField<unknown, unknown>) => (field.extensions as { upstreamCost?: UpstreamCost }).upstreamCost;

type ListField = {
  /** `Query` for root lists. */
  readonly parent: string;
  readonly name: string;
  /** The name cursors are issued for: `users`, `User.roles`. */
  readonly connection: string;
  readonly connectionType: GraphQLObjectType;
  readonly nodeType: GraphQLObjectType;
};

function listFieldsOf(type: GraphQLObjectType): ListField[] {
  return Object.values(type.getFields()).flatMap((field) => {
    const rule = ruleOf(field);
    if (rule?.kind !== 'list' && rule?.kind !== 'wholeList') return [];
    const connectionType = getNamedType(field.type);
    if (!isObjectType(connectionType) || !connectionType.getFields().nodes) return [];
    const nodeType = getNamedType(connectionType.getFields().nodes!.type) as GraphQLObjectType;
    const connection = type === queryType ? field.name : `${type.name}.${field.name}`;
    return [{ parent: type.name, name: field.name, connection, connectionType, nodeType }];
  });
}

const rootLists = listFieldsOf(queryType);
const relations = Object.values(schema.getTypeMap())
  .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__') && type !== queryType)
  .flatMap((type) => listFieldsOf(type))
  .filter((field) => !field.parent.endsWith('Payload'));
const everyListField = [...rootLists, ...relations];

/** Root fields that read one object by id: `user(id:)` for User. */
const byIdRoot = new Map(
  Object.values(queryType.getFields())
    .filter((field) => field.args.length === 1 && field.args[0]!.name === 'id' && isObjectType(getNamedType(field.type)))
    .map((field) => [getNamedType(field.type).name, field.name]),
);

/** Ids of each type the by-id roots are tried with, read through the root lists. */
const idsOf = new Map<string, string[]>();

/** Fields of `type` that load something per object without arguments (`Log.user`, `OrganizationRole.description`). */
function loadFieldsOf(type: GraphQLObjectType): string[] {
  return Object.values(type.getFields()).flatMap((field) => {
    const rule = ruleOf(field);
    if (field.args.some((arg) => isNonNullType(arg.type))) return [];
    if (rule?.kind === 'load' || rule?.kind === 'maybeLoad') {
      const named = getNamedType(field.type);
      return [isScalarType(named) || isEnumType(named) ? field.name : `${field.name} { id }`];
    }
    // Plain lists of objects the row carries (an invitation's or a membership's organization
    // roles), with what each of those loads.
    const nullable = getNullableType(field.type);
    const named = getNamedType(field.type);
    if (!rule && isListType(nullable) && isObjectType(named) && named.getFields().id) {
      return [`${field.name} { id ${loadFieldsOf(named).join(' ')} }`];
    }
    return [];
  });
}

type Window = { first?: number; last?: number; after?: number; before?: number };

const windowArb: fc.Arbitrary<Window> = fc
  .record({
    kind: fc.constantFrom('default', 'first', 'last'),
    size: fc.integer({ min: 1, max: 100 }),
    after: fc.option(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2600 })), { nil: undefined }),
    before: fc.option(fc.oneof(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 2600 })), { nil: undefined }),
  })
  .map(({ kind, size, after, before }) => ({
    ...(kind === 'first' ? { first: size } : kind === 'last' ? { last: size } : {}),
    ...(after === undefined ? {} : { after }),
    ...(before === undefined ? {} : { before }),
  }));

/** A few parents: a small window. */
const parentWindowArb: fc.Arbitrary<Window> = fc.integer({ min: 1, max: 3 }).map((first) => ({ first }));

function argsText(field: ListField, window: Window): string {
  const parts = [
    window.first === undefined ? '' : `first: ${window.first}`,
    window.last === undefined ? '' : `last: ${window.last}`,
    window.after === undefined ? '' : `after: "${encodeCursor(field.connection, window.after)}"`,
    window.before === undefined ? '' : `before: "${encodeCursor(field.connection, window.before)}"`,
  ].filter((part) => part !== '');
  return parts.length > 0 ? `(${parts.join(', ')})` : '';
}

/** `field(window) { totalCount nodes { id …extras } edges { …edge extras } }` */
function connectionText(field: ListField, window: Window, inner: string): string {
  const edgeType = getNamedType(field.connectionType.getFields().edges?.type ?? field.connectionType.getFields().nodes!.type) as GraphQLObjectType;
  const edgeExtras = edgeType === field.nodeType ? [] : loadFieldsOf(edgeType).filter((text) => !text.startsWith('node '));
  const edges = edgeExtras.length > 0 ? ` edges { cursor ${edgeExtras.join(' ')} }` : '';
  const total = field.connectionType.getFields().totalCount ? 'totalCount ' : '';
  return `${field.name}${argsText(field, window)} { ${total}pageInfo { hasNextPage } nodes { id ${inner} }${edges} }`;
}

/** What the target's nodes select: their loads, and perhaps one more (small) list below. */
function innerArb(nodeType: GraphQLObjectType, allowNestedList: boolean): fc.Arbitrary<string> {
  const loads = loadFieldsOf(nodeType);
  const lists = allowNestedList ? listFieldsOf(nodeType) : [];
  return fc
    .record({
      loads: fc.subarray(loads),
      nested: lists.length > 0 ? fc.option(fc.tuple(fc.constantFrom(...lists), parentWindowArb), { nil: undefined }) : fc.constant(undefined),
    })
    .map(({ loads: chosen, nested }) => [...chosen, ...(nested ? [connectionText(nested[0], nested[1], '')] : [])].join(' '));
}

/** Ways to reach objects of `type`: by id, through a root list, or through a list of another type's list. */
function parentsArb(type: GraphQLObjectType): fc.Arbitrary<(inner: string) => string> {
  const options: fc.Arbitrary<(inner: string) => string>[] = [];
  const byId = byIdRoot.get(type.name);
  const ids = idsOf.get(type.name) ?? [];
  if (byId && ids.length > 0) options.push(fc.constantFrom(...ids).map((id) => (inner: string) => `${byId}(id: "${id}") { id ${inner} }`));
  for (const root of rootLists.filter((list) => list.nodeType === type)) {
    options.push(parentWindowArb.map((window) => (inner: string) => `${connectionText(root, window, inner)}`));
  }
  for (const via of relations.filter((list) => list.nodeType === type)) {
    for (const root of rootLists.filter((list) => list.nodeType.name === via.parent)) {
      options.push(
        fc.tuple(parentWindowArb, parentWindowArb).map(([outer, middle]) => (inner: string) => connectionText(root, outer, connectionText(via, middle, inner))),
      );
    }
  }
  return fc.oneof(...options);
}

function operationArb(field: ListField): fc.Arbitrary<string> {
  if (field.parent === 'Query') {
    return fc.tuple(windowArb, innerArb(field.nodeType, true)).map(([window, inner]) => `{ ${connectionText(field, window, inner)} }`);
  }
  const parentType = schema.getType(field.parent) as GraphQLObjectType;
  return fc
    .tuple(parentsArb(parentType), windowArb, innerArb(field.nodeType, false))
    .map(([parent, window, inner]) => `{ ${parent(connectionText(field, window, inner))} }`);
}

describe('the estimate is never below the requests an operation makes (property)', () => {
  beforeAll(async () => {
    for (const root of rootLists) {
      if (idsOf.has(root.nodeType.name) || !byIdRoot.has(root.nodeType.name)) continue;
      const answer = await stack.post<Record<string, { nodes: { id: string }[] }>>(`{ ${root.name}(first: 100) { nodes { id } } }`);
      expect(answer.body.errors).toBeUndefined();
      idsOf.set(root.nodeType.name, answer.body.data![root.name]!.nodes.map((node) => node.id));
    }
  });

  it('covers every list field of the schema', () => {
    expect(everyListField.map((field) => field.connection)).toEqual(
      expect.arrayContaining(['users', 'logs', 'organizationRoles', 'User.roles', 'User.organizations', 'Organization.members', 'Organization.invitations', 'Role.users']),
    );
  });

  it.each(everyListField.map((field) => [field.connection, field] as const))('%s', async (_name, field) => {
    let executed = 0;
    await fc.assert(
      fc.asyncProperty(operationArb(field), async (query) => {
        const outcome = await run(query);
        if (outcome.errors.length > 0) {
          // Refused before execution: nothing was requested.
          expect(outcome.errors.map((error) => error.extensions?.code), `${query}\n${JSON.stringify(outcome.errors)}`).toEqual(['QUERY_TOO_EXPENSIVE']);
          expect(outcome.requests).toBe(0);
          return;
        }
        executed += 1;
        expectBound(outcome, query);
      }),
      { numRuns: 6 },
    );
    expect(executed).toBeGreaterThan(0);
  });

  it('organization roles by id, on the first page and beyond it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.constantFrom(...organizationRoleIds), { minLength: 1, maxLength: 6 }), fc.boolean(), async (ids, asNodes) => {
        const query = asNodes
          ? `{ nodes(ids: ${JSON.stringify(ids.map((id) => encodeGlobalId('OrganizationRole', id)))}) { ... on OrganizationRole { name description } } }`
          : `{ ${ids.map((id, index) => `r${index}: organizationRole(id: "${id}") { name type }`).join(' ')} }`;
        const outcome = await run(query);
        expect(outcome.errors, query).toEqual([]);
        expectBound(outcome, query);
      }),
      { numRuns: 10 },
    );
  });
});
