import { describe, expect, it } from 'vitest';

import { callerFromClaims, unauthenticatedCaller } from '../../src/auth/caller.js';
import { ALL_SCOPES } from '../../src/auth/scopes.js';

describe('the caller a verified token describes', () => {
  it.each([
    ['a client-credentials token (sub = client_id)', { sub: 'm2mapp', client_id: 'm2mapp', scope: 'read:users' }, 'm2m', undefined],
    ['a user token with tenant-wide permissions', { sub: 'user00000001', client_id: 'spa', scope: 'read:users profile' }, 'user', 'user00000001'],
    ['a user token with only `profile`', { sub: 'user00000001', client_id: 'spa', scope: 'profile' }, 'self', 'user00000001'],
    ['a user token with no permission at all', { sub: 'user00000001', client_id: 'spa', scope: '' }, 'self', 'user00000001'],
    ['an organization token', { sub: 'user00000001', client_id: 'spa', scope: 'read:users', organization_id: 'org000000001' }, 'organization', 'user00000001'],
    ['an organization token of an M2M app', { sub: 'm2mapp', client_id: 'm2mapp', scope: 'read:users', organization_id: 'org000000001' }, 'organization', undefined],
  ])('%s', (_name, claims, kind, userId) => {
    const caller = callerFromClaims(claims);
    expect(caller.kind).toBe(kind);
    expect(caller.userId).toBe(userId);
    expect(caller.organizationId).toBe((claims as { organization_id?: string }).organization_id);
  });

  it('keeps only catalogue permissions from the scope claim', () => {
    expect([...callerFromClaims({ sub: 'a', client_id: 'a', scope: 'read:users  all openid read:logs:payload bogus' }).scopes]).toEqual([
      'read:users',
      'read:logs:payload',
    ]);
    expect(callerFromClaims({ sub: 'a', client_id: 'a', scope: ['read:users'] }).scopes.size).toBe(0);
  });

  it('gives the unauthenticated caller of AUTH_MODE=none every permission and no identity', () => {
    const caller = unauthenticatedCaller();
    expect(caller).toMatchObject({ kind: 'anonymous', subject: undefined, userId: undefined, organizationId: undefined });
    expect([...caller.scopes].sort()).toEqual([...ALL_SCOPES].sort());
  });
});
