import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SCOPES } from '../../src/auth/scopes.js';
import { type MutationCall, mutate, payload } from '../helpers/mutations.js';
import { type Stack, startStack } from '../helpers/stack.js';

/**
 * Issue 14 item 3: an organization token with `write:organizations` and `read:users` could add
 * any user of the tenant to its organization by id (and then read their email, phone and name),
 * and learn from the answer whether an id existed at all. Now it adds people by invitation, may
 * only name users already in its organization, and every other id — unknown, or someone else's —
 * answers the same way, after the same requests.
 */

let stack: Stack;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const orgId = (name: string) => [...stack.sandbox.store.organizations.values()].find((org) => org.name === name)?.id ?? '';

let acme: string;
let orgAdmin: string;
/** A user of another organization, not of Acme. */
let foreignUser: string;
/** A member of Acme. */
let member: string;

beforeAll(async () => {
  stack = await startStack({ auth: true, sandbox: { users: 40 } });
  const { store } = stack.sandbox;
  acme = orgId('Acme Corp');
  member = [...store.organizationUsers.rightsOf(acme)][0] ?? '';
  foreignUser =
    store.usersNewestFirst().find((row) => !store.organizationUsers.has(acme, row.id) && store.organizationUsers.leftsOf(row.id).size > 0)?.id ?? '';
  expect(member).not.toBe('');
  expect(foreignUser).not.toBe('');
  orgAdmin = stack.mintToken({ sub: member, organizationId: acme, scope: [SCOPES.writeOrganizations, SCOPES.readUsers, SCOPES.readOrganizations] });
});
afterAll(() => stack.close());

const USER_FIELDS = '... on AddOrganizationMembersPayload { users { logtoId primaryEmail primaryPhone name } }';

/** The requests a call made, with the ids it named blanked, to compare two calls' shapes. */
const shapes = (call: MutationCall, ids: readonly string[]) =>
  call.requests.map((request) => ids.reduce((text, id) => text.replaceAll(id, '<id>'), `${request.method} ${request.path}?${request.query}`));

describe('organization tokens and members they do not own', () => {
  it('cannot add a user of another organization by id: NotFoundError, nothing written, nothing read about the user', async () => {
    const call = await mutate(stack, 'addOrganizationMembers', { organizationId: acme, userIds: [foreignUser] }, USER_FIELDS, bearer(orgAdmin));
    expect(call.errors).toBeUndefined();
    expect(call.result).toMatchObject({ __typename: 'NotFoundError', logtoCode: 'entity.relation_foreign_key_not_found' });
    expect(call.result).not.toHaveProperty('users');
    expect(call.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    // Only Acme's own member list was read.
    for (const request of call.requests) expect(request.path).toBe(`/api/organizations/${acme}/users`);
    expect(stack.sandbox.store.organizationUsers.has(acme, foreignUser)).toBe(false);
  });

  it('answers "no such user" exactly like "not yours": same result, same requests', async () => {
    const notYours = await mutate(stack, 'addOrganizationMembers', { organizationId: acme, userIds: [foreignUser] }, USER_FIELDS, bearer(orgAdmin));
    const nobody = await mutate(stack, 'addOrganizationMembers', { organizationId: acme, userIds: ['nosuchuser01'] }, USER_FIELDS, bearer(orgAdmin));
    expect(nobody.result).toEqual(notYours.result);
    expect(nobody.errors).toEqual(notYours.errors);
    expect(shapes(nobody, ['nosuchuser01'])).toEqual(shapes(notYours, [foreignUser]));
  });

  it('may name users already in its organization (nothing changes, nothing is sent)', async () => {
    const call = await mutate(stack, 'addOrganizationMembers', { organizationId: acme, userIds: [member] }, '... on AddOrganizationMembersPayload { users { logtoId } }', bearer(orgAdmin));
    expect(call.errors).toBeUndefined();
    expect(call.result).toMatchObject({ __typename: 'AddOrganizationMembersPayload', users: [{ logtoId: member }] });
    expect(call.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('refuses a mix of a member and a stranger as a whole', async () => {
    const call = await mutate(stack, 'addOrganizationMembers', { organizationId: acme, userIds: [member, foreignUser] }, '', bearer(orgAdmin));
    expect(call.result).toMatchObject({ __typename: 'NotFoundError' });
    expect(stack.sandbox.store.organizationUsers.has(acme, foreignUser)).toBe(false);
  });

  it('cannot name an inviter from outside its organization; the answer does not tell whether the user exists', async () => {
    const invite = (inviterId: string) =>
      mutate(stack, 'createOrganizationInvitation', { organizationId: acme, invitee: `probe.${inviterId}@example.com`, expiresAt: new Date(Date.now() + 86_400_000).toISOString(), inviterId }, '', bearer(orgAdmin));
    const notYours = await invite(foreignUser);
    const nobody = await invite('nosuchuser02');
    expect(notYours.result).toMatchObject({ __typename: 'NotFoundError', field: 'inviterId' });
    expect(nobody.result).toEqual(notYours.result);
    expect(shapes(nobody, ['nosuchuser02'])).toEqual(shapes(notYours, [foreignUser]));
    expect(notYours.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    const own = await invite(member);
    expect(own.result).toMatchObject({ __typename: 'CreateOrganizationInvitationPayload' });
  });

  it('accepting an invitation for a user id does not tell whether that user exists', async () => {
    const created = await mutate(
      stack,
      'createOrganizationInvitation',
      { organizationId: acme, invitee: 'accept.probe@example.com', expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
      '... on CreateOrganizationInvitationPayload { invitation { logtoId } }',
      bearer(orgAdmin),
    );
    const invitationId = payload<{ invitation: { logtoId: string } }>(created).invitation.logtoId;
    const accept = (acceptedUserId: string) =>
      mutate(stack, 'updateOrganizationInvitationStatus', { id: invitationId, status: 'ACCEPTED', acceptedUserId }, '', bearer(orgAdmin));
    const exists = await accept(foreignUser);
    const nobody = await accept('nosuchuser03');
    expect(exists.result).toMatchObject({ __typename: 'NotFoundError', field: 'acceptedUserId' });
    expect(nobody.result).toEqual(exists.result);
    expect(shapes(nobody, ['nosuchuser03'])).toEqual(shapes(exists, [foreignUser]));
    expect(stack.sandbox.store.invitations.get(invitationId)?.status).toBe('Pending');
  });

  it('a tenant-wide `write:organizations` adds any user of the tenant', async () => {
    const admin = stack.mintToken({ scope: [SCOPES.writeOrganizations, SCOPES.readUsers] });
    const call = await mutate(stack, 'addOrganizationMembers', { organizationId: acme, userIds: [foreignUser] }, '... on AddOrganizationMembersPayload { users { logtoId } }', bearer(admin));
    expect(call.result).toMatchObject({ __typename: 'AddOrganizationMembersPayload', users: [{ logtoId: foreignUser }] });
    expect(call.requests.map((request) => request.method)).toContain('POST');
    expect(stack.sandbox.store.organizationUsers.has(acme, foreignUser)).toBe(true);
  });
});
