import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ users: 10 });
  const response = await fetch(`${sandbox.url}/oidc/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource: sandbox.managementApiResource, scope: 'all' }),
  });
  token = ((await response.json()) as { access_token: string }).access_token;
});

afterAll(async () => {
  await sandbox.close();
});

async function patch(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sandbox.url}/api${path}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the sandbox’s user writes used by self-service (as Logto answers them)', () => {
  it('PATCH /api/users/:id updates given keys, replaces customData whole and answers the user (recording 127)', async () => {
    const user = sandbox.store.usersNewestFirst()[0]!;
    sandbox.store.addUser({ ...user, customData: { keep: false } });
    const answer = await patch(`/users/${user.id}`, { name: 'Recorded User (renamed)', customData: { source: 'recording', patched: true }, unknownKey: 1 });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: user.id, name: 'Recorded User (renamed)', customData: { source: 'recording', patched: true } });
    expect(Object.keys(answer.body)).toEqual(Object.keys(user));
    expect(answer.body).not.toHaveProperty('unknownKey');
    expect(answer.body.updatedAt as number).toBeGreaterThan(user.updatedAt);
  });

  it('answers 404 entity.not_found for an unknown user (recording 128), 400 for invalid input, 422 for a taken username', async () => {
    expect(await patch('/users/nosuchuser00', { name: 'x' })).toEqual({
      status: 404,
      body: { code: 'entity.not_found', message: 'The resource does not exist.' },
    });
    const [a, b] = sandbox.store.usersNewestFirst().filter((user) => user.username);
    const invalid = await patch(`/users/${a!.id}`, { primaryEmail: 'not-an-email' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 'guard.invalid_input', details: 'Error in key path "primaryEmail": (invalid_string) Invalid' });
    expect(await patch(`/users/${a!.id}`, { username: b!.username })).toEqual({
      status: 422,
      body: { code: 'user.username_already_in_use', message: 'This username is already in use.' },
    });
  });

  it('merges PATCH .../custom-data and PATCH .../profile into what is stored and answers the merged object', async () => {
    const user = sandbox.store.usersNewestFirst()[1]!;
    sandbox.store.addUser({ ...user, customData: { a: 1, b: 2 }, profile: { nickname: 'n', locale: 'en' } });
    expect(await patch(`/users/${user.id}/custom-data`, { customData: { b: 3, c: 4 } })).toEqual({ status: 200, body: { a: 1, b: 3, c: 4 } });
    expect(await patch(`/users/${user.id}/profile`, { profile: { locale: 'fr', address: { country: 'FR' } } })).toEqual({
      status: 200,
      body: { nickname: 'n', locale: 'fr', address: { country: 'FR' } },
    });
    expect((await patch(`/users/${user.id}/custom-data`, {})).status).toBe(400);
  });
});
