import { describe, expect } from 'vitest';

import { SCOPES } from '../../src/auth/scopes.js';
import { mutate } from '../helpers/mutations.js';
import type { Stack } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

/**
 * Mutations under real tokens: each needs its `write:*` permission (tenant-wide, or inside the
 * caller's own organization for what lives in one), checked before anything reaches Logto.
 */

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const orgId = (stack: Stack, name: string) => [...stack.sandbox.store.organizations.values()].find((org) => org.name === name)?.id ?? '';

const it = stackTest({ auth: true, sandbox: { users: 40 } });

describe('mutation permissions', () => {
  it('refuses a write without its permission before any upstream request (FORBIDDEN, field null)', async ({ stack }) => {
    const reader = stack.mintToken({ scope: [SCOPES.readUsers] });
    const call = await mutate(stack, 'createUser', { username: 'not_allowed' }, '', bearer(reader));
    expect(call.result).toBeNull();
    expect(call.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(call.requests).toEqual([]);
  });

  it('checks input rules before permissions: invalid input is a ValidationError for anyone, and costs nothing', async ({ stack }) => {
    // Deliberate (the errors plugin's `unsafelyHandleInputErrors`): the answer only describes the
    // caller's own input, against rules the schema documents; nothing is read or written.
    const reader = stack.mintToken({ scope: [SCOPES.readUsers] });
    const call = await mutate(stack, 'createUser', { username: '1bad' }, '', bearer(reader));
    expect(call.result).toMatchObject({ __typename: 'ValidationError', field: 'username' });
    expect(call.requests).toEqual([]);
  });

  it('lets a tenant-wide writer create, and shows the payload only as far as it may read', async ({ stack }) => {
    const writer = stack.mintToken({ scope: [SCOPES.writeUsers] });
    const call = await mutate(stack, 'createUser', { username: 'written_not_read' }, '... on CreateUserPayload { user { username } }', bearer(writer));
    expect(call.requests.map((request) => request.method)).toEqual(['POST']);
    expect(call.result).toMatchObject({ __typename: 'CreateUserPayload', user: null });
    expect(call.errors?.[0]).toMatchObject({ path: ['createUser', 'user'], extensions: { code: 'FORBIDDEN' } });

    const both = stack.mintToken({ scope: [SCOPES.writeUsers, SCOPES.readUsers] });
    const readable = await mutate(stack, 'createUser', { username: 'written_and_read' }, '... on CreateUserPayload { user { username } }', bearer(both));
    expect(readable.result).toMatchObject({ user: { username: 'written_and_read' } });
  });

  it('confines an organization token to its own organization', async ({ stack }) => {
    const acme = orgId(stack, 'Acme Corp');
    const globex = orgId(stack, 'Globex');
    const user = stack.sandbox.store.usersNewestFirst().find((row) => !stack.sandbox.store.organizationUsers.has(acme, row.id))!;
    const orgAdmin = stack.mintToken({ sub: 'someadmin001', organizationId: acme, scope: [SCOPES.writeOrganizations, SCOPES.readUsers, SCOPES.readOrganizations] });

    // New members come in by invitation: a user of the tenant who is not a member is not its to add (issue 14).
    const stranger = await mutate(stack, 'addOrganizationMembers', { organizationId: acme, userIds: [user.id] }, '... on AddOrganizationMembersPayload { users { logtoId } }', bearer(orgAdmin));
    expect(stranger.errors).toBeUndefined();
    expect(stranger.result).toMatchObject({ __typename: 'NotFoundError' });
    expect(stranger.requests.map((request) => request.method)).toEqual(['GET']);
    const own = await mutate(stack, 'createOrganizationInvitation', { organizationId: acme, invitee: 'new.member@example.com', expiresAt: new Date(Date.now() + 86_400_000).toISOString() }, '', bearer(orgAdmin));
    expect(own.result).toMatchObject({ __typename: 'CreateOrganizationInvitationPayload' });

    const other = await mutate(stack, 'addOrganizationMembers', { organizationId: globex, userIds: [user.id] }, '', bearer(orgAdmin));
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(other.requests).toEqual([]);

    const tenantWide = await mutate(stack, 'createOrganization', { name: 'Not yours to make' }, '', bearer(orgAdmin));
    expect(tenantWide.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets an organization token revoke only its own organization’s invitations', async ({ stack }) => {
    const acme = orgId(stack, 'Acme Corp');
    const invitations = [...stack.sandbox.store.invitations.values()].filter((invitation) => invitation.status === 'Pending');
    const foreign = invitations.find((invitation) => invitation.organizationId !== acme)!;
    const orgAdmin = stack.mintToken({ sub: 'someadmin001', organizationId: acme, scope: [SCOPES.writeOrganizations, SCOPES.readOrganizations] });
    const call = await mutate(stack, 'updateOrganizationInvitationStatus', { id: foreign.id, status: 'REVOKED' }, '', bearer(orgAdmin));
    expect(call.result).toMatchObject({ __typename: 'NotFoundError', field: 'id' });
    expect(call.requests.map((request) => request.method)).toEqual(['GET']);
    expect(stack.sandbox.store.invitations.get(foreign.id)?.status).toBe('Pending');
  });
});
