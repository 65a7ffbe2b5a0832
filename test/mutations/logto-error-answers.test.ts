import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startAnswerProxy, type AnswerProxy } from '../helpers/answer-proxy.js';
import { mutate } from '../helpers/mutations.js';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * Logto's error answers that the sandbox now gives as real Logto does (issue 15, item 8), seen
 * through GraphQL: each becomes the typed error a form can act on. Where the facade refuses the
 * input itself (an empty update, a malformed body), a proxy in front of the sandbox answers with
 * Logto's own body for that case, so the mapping is still exercised end to end.
 */

let stack: Stack;
let proxy: AnswerProxy;

beforeAll(async () => {
  stack = await startStack({
    upstream: async (sandboxUrl) => {
      proxy = await startAnswerProxy(sandboxUrl);
      return proxy.url;
    },
  });
});

afterAll(async () => {
  await stack?.close();
  await proxy?.close();
});

const acme = () => [...stack.sandbox.store.organizations.values()].find((row) => row.name === 'Acme Corp')!.id;
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

describe('answers the sandbox gives as Logto does', () => {
  it('answers a second pending invitation for the same invitee with ConflictError on invitee', async () => {
    const input = { organizationId: acme(), invitee: 'invited.twice@example.com', expiresAt: tomorrow() };
    const first = await mutate(stack, 'createOrganizationInvitation', input, '... on CreateOrganizationInvitationPayload { invitation { status } }');
    expect(first.result).toMatchObject({ invitation: { status: 'PENDING' } });
    const second = await mutate(stack, 'createOrganizationInvitation', input);
    expect(second.errors).toBeUndefined();
    expect(second.result).toEqual({
      __typename: 'ConflictError',
      message: 'The entity already exists. Please check the input and try again.',
      field: 'invitee',
      logtoCode: 'entity.unique_integrity_violation',
    });
    expect(second.requests).toEqual([{ method: 'POST', path: '/api/organization-invitations', query: '', status: 422 }]);
  });

  it('refuses an organization role id Logto cannot store before asking Logto (ValidationError on that id)', async () => {
    const call = await mutate(stack, 'createOrganizationInvitation', {
      organizationId: acme(),
      invitee: 'long.role.id@example.com',
      expiresAt: tomorrow(),
      organizationRoleIds: ['r'.repeat(22)],
    });
    expect(call.errors).toBeUndefined();
    expect(call.result).toMatchObject({ __typename: 'ValidationError', field: 'organizationRoleIds.0' });
    // Logto ids are at most varchar(21): the facade knows it without a request.
    expect(call.requests).toEqual([]);
  });

  it('answers Logto’s 422 entity.value_too_long with ValidationError', async () => {
    proxy.answer({
      method: 'POST',
      path: /^\/api\/organization-invitations$/,
      status: 422,
      body: { code: 'entity.value_too_long', message: 'The length of value is too long and exceeds the limit.', data: { message: 'value too long for type character varying(21)' } },
    });
    const call = await mutate(stack, 'createOrganizationInvitation', {
      organizationId: acme(),
      invitee: 'too.long@example.com',
      expiresAt: tomorrow(),
    });
    expect(call.errors).toBeUndefined();
    expect(call.result).toMatchObject({
      __typename: 'ValidationError',
      message: 'The length of value is too long and exceeds the limit.',
      logtoCode: 'entity.value_too_long',
    });
  });
});

describe('answers the facade never provokes, given by Logto', () => {
  it('answers Logto’s 422 entity.invalid_input for an update with ValidationError', async () => {
    proxy.answer({
      method: 'PATCH',
      path: /^\/api\/organizations\/[^/]+$/,
      status: 422,
      body: { code: 'entity.invalid_input', message: 'Invalid input. Value list must not be empty.' },
    });
    const call = await mutate(stack, 'updateOrganization', { id: acme(), name: 'Acme Corp' });
    expect(call.errors).toBeUndefined();
    expect(call.result).toEqual({
      __typename: 'ValidationError',
      message: 'Invalid input. Value list must not be empty.',
      field: null,
      logtoCode: 'entity.invalid_input',
      issues: [{ field: null, message: 'Invalid input. Value list must not be empty.' }],
    });
  });

  it('answers a guard error holding an invalid_union issue with ValidationError on that field', async () => {
    const [user] = stack.sandbox.store.users.values();
    // What Logto's zod 3 guard answers for `avatar: 42` (see test/sandbox/error-answers.test.ts).
    proxy.answer({
      method: 'PATCH',
      path: /^\/api\/users\/[^/]+$/,
      status: 400,
      body: {
        code: 'guard.invalid_input',
        data: {
          issues: [
            {
              code: 'invalid_union',
              unionErrors: [
                { issues: [{ code: 'invalid_type', expected: 'string', received: 'number', path: ['avatar'], message: 'Expected string, received number' }], name: 'ZodError' },
                { issues: [{ received: 42, code: 'invalid_literal', expected: '', path: ['avatar'], message: 'Invalid literal value, expected ""' }], name: 'ZodError' },
              ],
              path: ['avatar'],
              message: 'Invalid input',
            },
          ],
          name: 'ZodError',
        },
        details: 'Error in key path "avatar": (invalid_union) Invalid input',
        message: 'The request body is invalid.',
      },
    });
    const call = await mutate(stack, 'updateUser', { id: user!.id, avatar: 'https://example.com/a.png' });
    expect(call.errors).toBeUndefined();
    expect(call.result).toMatchObject({ __typename: 'ValidationError', field: 'avatar', logtoCode: 'guard.invalid_input' });
  });
});
