import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SCOPES } from '../../src/auth/scopes.js';
import { mutate } from '../helpers/mutations.js';
import { type Stack, startStack } from '../helpers/stack.js';

/**
 * A mutation's declared cost (`defineMutation`'s `requests`) is an honest upper bound for every
 * caller. `addOrganizationMembers` by an organization token sends no write: it reads its
 * organization's first page of members, and in an organization of more than one page looks up
 * each id not on it — so its cost grows with the ids, for that caller only.
 */

let stack: Stack;
let acme: string;
let orgAdmin: string;
let admin: string;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const unknownIds = (n: number) => Array.from({ length: n }, (_, i) => `nosuchuser${String(i).padStart(2, '0')}`);

beforeAll(async () => {
  stack = await startStack({ auth: true, sandbox: { users: 150 } });
  const { store } = stack.sandbox;
  acme = [...store.organizations.values()].find((org) => org.name === 'Acme Corp')?.id ?? '';
  // More members than one page (100), so the organization token's check needs lookups by id.
  for (const user of store.usersNewestFirst().slice(0, 120)) store.organizationUsers.add(acme, user.id);
  const member = [...store.organizationUsers.rightsOf(acme)][0] ?? '';
  orgAdmin = stack.mintToken({ sub: member, organizationId: acme, scope: [SCOPES.writeOrganizations, SCOPES.readUsers, SCOPES.readOrganizations] });
  admin = stack.mintToken({ scope: [SCOPES.writeOrganizations, SCOPES.readUsers] });
});
afterAll(() => stack.close());

describe('addOrganizationMembers declares what each caller costs', () => {
  it('by an organization token in an organization of over 100 members: 1 read + 1 lookup per id, estimated exactly', async () => {
    const call = await mutate(stack, 'addOrganizationMembers', { organizationId: acme, userIds: unknownIds(3) }, '', bearer(orgAdmin));
    expect(call.result).toMatchObject({ __typename: 'NotFoundError' });
    expect(call.requests.map((request) => request.method)).toEqual(['GET', 'GET', 'GET', 'GET']);
    expect(call.cost?.upstreamRequests).toBe(4);
    expect(call.cost?.estimatedUpstreamRequests).toBe(4);
  });

  it('by an organization token with 100 ids: refused before any request (101 could be needed)', async () => {
    const call = await mutate(stack, 'addOrganizationMembers', { organizationId: acme, userIds: unknownIds(100) }, '', bearer(orgAdmin));
    expect(call.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', estimatedUpstreamRequests: 101 });
    expect(call.requests).toEqual([]);
  });

  it('by a tenant-wide caller with 100 ids: one write, estimated as one', async () => {
    const ids = stack.sandbox.store.usersNewestFirst().slice(0, 100).map((user) => user.id);
    const call = await mutate(stack, 'addOrganizationMembers', { organizationId: acme, userIds: ids }, '', bearer(admin));
    expect(call.errors).toBeUndefined();
    expect(call.result).toMatchObject({ __typename: 'AddOrganizationMembersPayload' });
    expect(call.cost).toMatchObject({ upstreamRequests: 1, estimatedUpstreamRequests: 1 });
  });
});

describe('createOrganizationInvitation declares what an organization token costs', () => {
  it('checks an inviter from outside its organization in 2 reads, within the declared 3 (the write is the third)', async () => {
    const { store } = stack.sandbox;
    const outsider = store.usersNewestFirst().find((user) => !store.organizationUsers.has(acme, user.id))?.id ?? '';
    expect(outsider).not.toBe('');
    const input = { organizationId: acme, invitee: 'someone.new@example.com', expiresAt: new Date(Date.now() + 86_400_000).toISOString(), inviterId: outsider };
    const call = await mutate(stack, 'createOrganizationInvitation', input, '', bearer(orgAdmin));
    expect(call.result).toMatchObject({ __typename: 'NotFoundError', field: 'inviterId' });
    expect(call.requests.map((request) => request.method)).toEqual(['GET', 'GET']);
    expect(call.cost?.estimatedUpstreamRequests).toBe(3);
  });
});
