import { describe, expect } from 'vitest';

import { SCOPES } from '../../src/auth/scopes.js';
import { encodeGlobalId } from '../../src/global-id.js';
import { stackTest } from '../helpers/stack-test.js';

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on User { logtoId username }
    ... on Organization { logtoId name }
    ... on Role { logtoId name }
  }
}`;

const it = stackTest({ auth: true, sandbox: { users: 30 }, env: { FEDERATION: 'true' } });

describe('_entities under authorization (FEDERATION=true)', () => {
  it('checks every representation before loading it, like node(id:): forbidden entries fail alone, unfetched', async ({ stack }) => {
    const [own, other] = [...stack.sandbox.store.organizations.values()];
    const user = stack.sandbox.store.usersNewestFirst()[0];
    const role = [...stack.sandbox.store.roles.values()].find((each) => !each.name.startsWith('#'));
    const token = stack.mintToken({ organizationId: own?.id, scope: `${SCOPES.readOrganizations} ${SCOPES.readUsers} ${SCOPES.readRoles}` });
    const since = stack.sandbox.requestLog.lastSeq();
    const response = await stack.post<{ _entities: unknown[] }>(
      ENTITIES,
      {
        representations: [
          { __typename: 'Organization', logtoId: own?.id },
          { __typename: 'Organization', logtoId: other?.id },
          { __typename: 'Organization', id: encodeGlobalId('Organization', other?.id ?? '') },
          { __typename: 'User', logtoId: user?.id },
          { __typename: 'Role', logtoId: role?.id },
        ],
      },
      { authorization: `Bearer ${token}` },
    );
    expect(response.body.data?._entities).toEqual([{ __typename: 'Organization', logtoId: own?.id, name: own?.name }, null, null, null, null]);
    expect((response.body.errors ?? []).map((error) => [error.path?.join('.'), error.extensions?.code])).toEqual([
      ['_entities.1', 'FORBIDDEN'],
      ['_entities.2', 'FORBIDDEN'],
      ['_entities.3', 'FORBIDDEN'],
      ['_entities.4', 'FORBIDDEN'],
    ]);
    const requests = stack.sandbox.requestLog.entries({ sinceSeq: since }).filter((entry) => entry.path.startsWith('/api/'));
    expect(requests.map((entry) => entry.path)).toEqual([`/api/organizations/${own?.id}`]);
  });
});
