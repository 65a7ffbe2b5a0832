import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mutate } from '../helpers/mutations.js';
import { type Stack, startStack } from '../helpers/stack.js';

/**
 * What each mutation costs in Management API requests, counted in the sandbox's request log, and
 * the pre-execution estimate (`extensions.cost`), which must bound it. A higher count is a
 * regression; `why` says where a mutation needs more than its one write.
 */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ sandbox: { users: 60 } });
});
afterAll(() => stack.close());

const store = () => stack.sandbox.store;
const byName = <T extends { id: string; name: string }>(rows: Iterable<T>, name: string) => [...rows].find((row) => row.name === name)?.id ?? '';
let unique = 0;
const next = () => {
  unique += 1;
  return unique;
};

type Row = {
  name: string;
  mutation: string;
  input: () => Record<string, unknown>;
  selection?: string;
  requests: number;
  /** The estimate when it is exact (else it is only checked to bound the count). */
  estimate?: number;
  why?: string;
};

const rows: Row[] = [
  { name: 'createUser', mutation: 'createUser', input: () => ({ username: `cost_${next()}` }), requests: 1, estimate: 1 },
  {
    name: 'createUser with the new user’s role count',
    mutation: 'createUser',
    input: () => ({ username: `cost_${next()}` }),
    selection: '... on CreateUserPayload { userEdge { cursor } user { roles { totalCount } } }',
    requests: 2,
    estimate: 2,
    why: 'the role count is a read after the write',
  },
  { name: 'updateUser', mutation: 'updateUser', input: () => ({ id: store().usersNewestFirst()[0]!.id, name: 'Costed' }), requests: 1 },
  {
    name: 'updateUser merging customData',
    mutation: 'updateUser',
    input: () => ({ id: store().usersNewestFirst()[0]!.id, customData: { costed: true }, customDataMode: 'MERGE' }),
    requests: 2,
    estimate: 2,
    why: 'PATCH /custom-data answers only the object: the user is read back',
  },
  { name: 'setUserSuspended', mutation: 'setUserSuspended', input: () => ({ id: store().usersNewestFirst()[1]!.id, isSuspended: true }), requests: 1, estimate: 1 },
  { name: 'updateUserPassword', mutation: 'updateUserPassword', input: () => ({ id: store().usersNewestFirst()[1]!.id, password: 'pw' }), requests: 1, estimate: 1 },
  { name: 'deleteUser', mutation: 'deleteUser', input: () => ({ id: store().usersNewestFirst().at(-1)!.id }), requests: 1, estimate: 1 },
  {
    name: 'assignUserRoles',
    mutation: 'assignUserRoles',
    input: () => ({ userId: store().usersNewestFirst()[2]!.id, roleIds: [byName(store().roles.values(), 'Viewer')] }),
    selection: '... on AssignUserRolesPayload { addedRoleIds }',
    requests: 1,
    estimate: 1,
  },
  {
    name: 'createRole with scopes',
    mutation: 'createRole',
    input: () => ({ name: `Cost role ${next()}`, description: 'd', scopeIds: [...store().scopes.values()].filter((scope) => scope.resourceId !== 'management-api').slice(0, 3).map((scope) => scope.id) }),
    requests: 1,
    estimate: 1,
    why: 'Logto takes the initial scopes in the create request',
  },
  {
    name: 'createRole with its edge',
    mutation: 'createRole',
    input: () => ({ name: `Cost role ${next()}`, description: 'd' }),
    selection: '... on CreateRolePayload { roleEdge { cursor } }',
    requests: 2,
    estimate: 2,
    why: 'the edge sits at the end of `roles`: its cursor needs the count',
  },
  { name: 'createApplication (SPA)', mutation: 'createApplication', input: () => ({ name: 'Cost SPA', type: 'SPA' }), requests: 1 },
  {
    name: 'createApplication (machine-to-machine)',
    mutation: 'createApplication',
    input: () => ({ name: 'Cost M2M', type: 'MACHINE_TO_MACHINE' }),
    selection: '... on CreateApplicationPayload { clientSecret }',
    requests: 2,
    estimate: 2,
    why: 'Logto 1.42 answers no secret on create: GET /secrets',
  },
  {
    name: 'updateApplication redirect URIs',
    mutation: 'updateApplication',
    input: () => ({ id: [...store().applications.values()].find((app) => app.type === 'SPA')!.id, redirectUris: ['https://costed.example.com/cb'] }),
    requests: 2,
    estimate: 2,
    why: 'Logto replaces oidcClientMetadata whole: the current one is read first',
  },
  { name: 'createOrganization', mutation: 'createOrganization', input: () => ({ name: `Cost org ${next()}` }), requests: 1, estimate: 1 },
  {
    name: 'addOrganizationMembers',
    mutation: 'addOrganizationMembers',
    input: () => ({ organizationId: byName(store().organizations.values(), 'Globex'), userIds: store().usersNewestFirst().slice(0, 5).map((user) => user.id) }),
    requests: 1,
    estimate: 1,
  },
  {
    name: 'assignOrganizationMemberRoles with the member’s roles',
    mutation: 'assignOrganizationMemberRoles',
    input: () => ({ organizationId: byName(store().organizations.values(), 'Globex'), userId: store().usersNewestFirst()[0]!.id, organizationRoleIds: [byName(store().organizationRoles.values(), 'member')] }),
    selection: '... on AssignOrganizationMemberRolesPayload { organizationRoles { name } }',
    requests: 2,
    estimate: 2,
    why: 'the member’s roles are one unpaginated read after the write',
  },
  {
    name: 'createOrganizationInvitation',
    mutation: 'createOrganizationInvitation',
    input: () => ({ organizationId: byName(store().organizations.values(), 'Globex'), invitee: `cost${next()}@example.com`, expiresAt: new Date(Date.now() + 86_400_000).toISOString() }),
    requests: 1,
    estimate: 1,
  },
  { name: 'createResource', mutation: 'createResource', input: () => ({ name: 'Cost API', indicator: `https://cost${next()}.example.com` }), requests: 1, estimate: 1 },
  { name: 'createOrganizationScope', mutation: 'createOrganizationScope', input: () => ({ name: `cost:${next()}` }), requests: 1, estimate: 1 },
];

describe('upstream requests per mutation', () => {
  it.each(rows)('$name: $requests', async (row) => {
    const call = await mutate(stack, row.mutation, row.input(), row.selection ?? '');
    expect(call.errors, JSON.stringify(call.errors)).toBeUndefined();
    expect(call.result?.__typename, JSON.stringify(call.result)).toMatch(/Payload$/);
    expect(call.requests, row.why).toHaveLength(row.requests);
    expect(call.cost?.upstreamRequests).toBe(row.requests);
    expect(call.cost?.estimatedUpstreamRequests).toBeGreaterThanOrEqual(row.requests);
    if (row.estimate !== undefined) expect(call.cost?.estimatedUpstreamRequests).toBe(row.estimate);
  });

  it('refuses a mutation whose estimate is over the limit before any request', async () => {
    const limited = await startStack({ sandbox: { users: 10 }, env: { MAX_UPSTREAM_REQUESTS_PER_OPERATION: '1' } });
    try {
      const call = await mutate(limited, 'createApplication', { name: 'Too dear', type: 'MACHINE_TO_MACHINE' });
      expect(call.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_EXPENSIVE');
      expect(call.requests).toEqual([]);
    } finally {
      await limited.close();
    }
  });
});
