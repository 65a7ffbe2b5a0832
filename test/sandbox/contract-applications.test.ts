import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { applicationScreen } from '../../src/sandbox/application-screen-store.js';
import { MANAGEMENT_API_SCOPE_ID } from '../../src/sandbox/constants.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { recordingReplayer, type Replayer } from '../helpers/app-recording-replay.js';

/**
 * Recordings 229–297 (an application's screen: custom data, access control, roles one by one,
 * organizations, secrets, the legacy secret, user consent scopes and organizations, sign-in
 * experience, protected-app domains) replayed in recorded order against one sandbox: status,
 * content type, `Total-Number` presence, body shape, error code and message — with the recorded
 * ids mapped to seeded entities that play the same part.
 */

let sandbox: Sandbox;
let replay: Replayer;
let ids: Record<string, string>;

const byName = <T extends { id: string; name: string }>(rows: Iterable<T>, name: string): string => {
  for (const row of rows) if (row.name === name) return row.id;
  throw new Error(`no seeded ${name}`);
};

beforeAll(async () => {
  sandbox = await startSandbox();
  replay = await recordingReplayer(sandbox);
  const { store } = sandbox;
  const acme = byName(store.organizations.values(), 'Acme Corp');
  const globex = byName(store.organizations.values(), 'Globex');
  // coverage_user_1: a member of two organizations (the recorder's "Coverage Org" and Acme) and not of a third.
  const member = [...store.organizationUsers.rightsOf(acme)][0]!;
  store.organizationUsers.add(globex, member);
  const outsider = [...store.organizations.values()].find((org) => !store.organizationUsers.has(org.id, member))!.id;
  const anotherUser = [...store.users.values()].find((user) => user.id !== member)!.id;
  ids = {
    tnk5s02s2q7etjkutdfoz: byName(store.applications.values(), 'Customer Portal'),
    j9hokbo52v6e55v97ylet: byName(store.applications.values(), 'Inventory Sync Worker'),
    q0mnj6vdd96juyoa0d4k7: byName(store.roles.values(), 'Inventory Sync'),
    m0rrnhl6mbn7vr99k81jt: byName(store.applications.values(), 'Reporting Cron'),
    otvvp2curc87rui9rw9wl: byName(store.applications.values(), 'Partner Widget (third party)'),
    kz7vjo14u5c6: member,
    dbxvxkdrmgp2: anotherUser,
    xvuihdhy0cbu4eqypm1ef: byName(store.roles.values(), 'Editor'),
    xq2kbsx7736e: acme,
    tpppcd8y1sd5: globex,
    '57gvfhxqk69p': outsider,
    '275gh90pezp1lltotjfl0': byName(store.organizationRoles.values(), 'member'),
    v9rvwxkkvu5818t21cge4: byName(store.organizationRoles.values(), 'admin'),
    ngn45mu0trhbsd7kxdzp8: byName(store.organizationScopes.values(), 'read:members'),
    ais80phc70j4b7uy5k50j: byName(store.organizationScopes.values(), 'view:projects'),
    iqzsqgmts9ddk52tprzdo: byName(store.scopes.values(), 'read:items'),
    naaxn8mpwoyn6z09a3hc4: byName(store.scopes.values(), 'read:invoices'),
    'management-api-all': MANAGEMENT_API_SCOPE_ID,
  };
  // Inventory Sync Worker is in Acme only; the recorded app was in two organizations.
  store.organizationApplications.add(globex, ids.j9hokbo52v6e55v97ylet!);
});

afterAll(async () => {
  await sandbox?.close();
});

const run = (number: string) => replay(number, ids);

describe('custom data (229–232)', () => {
  it('merges top-level keys, refuses an array, and answers entity.not_exists for an unknown app', async () => {
    expect((await run('229')).body).toEqual({ tier: 'gold', features: { beta: true } });
    expect((await run('230')).body).toEqual({ tier: 'gold', features: { beta: true }, region: 'eu' });
    const array = await run('231');
    expect(array.body).toMatchObject({ data: { issues: [{ code: 'invalid_type', expected: 'object', received: 'array', path: [] }] } });
    await run('232');
  });
});

describe('access control (233–239)', () => {
  it('deduplicates and sorts ids and merges rule groups of one organization; refuses an empty rule and unknown ids', async () => {
    await run('233');
    await run('234');
    const put = (await run('235')).body as { userIds: string[]; organizationRoleRules: { organizationRoleIds: string[] }[] };
    expect(put.userIds).toEqual([ids.kz7vjo14u5c6, ids.dbxvxkdrmgp2].sort());
    expect(put.organizationRoleRules).toHaveLength(1);
    expect(put.organizationRoleRules[0]!.organizationRoleIds).toEqual([ids['275gh90pezp1lltotjfl0'], ids.v9rvwxkkvu5818t21cge4].sort());
    expect((await run('236')).body).toEqual(put);
    await run('237');
    await run('238');
    expect((await run('236')).body).toEqual(put);
    await run('239');
  });
});

describe('an application role one by one (240–243)', () => {
  it('deletes once, then entity.not_found; an SPA is application.invalid_type; an unknown app entity.not_exists_with_id', async () => {
    await run('240');
    await run('241');
    await run('242');
    await run('243');
  });
});

describe('organizations of an application (244–246)', () => {
  it('lists them with their organization roles, paginated only when asked', async () => {
    const all = await run('244');
    expect((all.body as unknown[]).length).toBe(2);
    const paged = await run('245');
    expect(paged.headers.get('total-number')).toBe('2');
    expect((paged.body as unknown[]).length).toBe(1);
    await run('246');
  });
});

describe('secrets (247–261)', () => {
  it('lists unpaginated, creates with or without expiry, refuses duplicates, past expiry, SPAs, unknown apps; renames; deletes', async () => {
    await run('247');
    expect((await run('248')).headers.has('total-number')).toBe(false);
    const created = (await run('249')).body as { value: string };
    expect(created.value).toMatch(/^[0-9A-Za-z]{32}$/);
    await run('250');
    await run('251');
    await run('252');
    await run('253');
    await run('254');
    await run('255');
    await run('256');
    await run('257');
    await run('258');
  });

  it('the legacy secret: 400 for apps created through the API, 200 once for an app that has one', async () => {
    await run('259');
    applicationScreen(sandbox.store).legacySecrets.add(ids.m0rrnhl6mbn7vr99k81jt!);
    await run('260');
    await run('261');
  });
});

describe('user consent scopes (262–275)', () => {
  it('assigns, groups resource scopes per resource, refuses first-party apps, unknown and Management API scopes, deletes by type', async () => {
    await run('262');
    await run('263');
    const read = (await run('264')).body as { userScopes: string[]; resourceScopes: { resource: { name: string } }[] };
    expect(read.userScopes).toEqual(['email', 'profile', 'urn:logto:scope:organizations']);
    expect(read.resourceScopes.map((group) => group.resource.name)).toEqual(['Inventory API']);
    await run('265');
    expect((await run('266')).body).toMatchObject({ data: { invalidResourceScopes: ['nosuchscope0000000000'] } });
    await run('267');
    await run('268');
    for (const number of ['269', '270', '271', '272', '273', '274']) await run(number);
    expect((await run('275')).body).toMatchObject({ userScopes: ['profile', 'urn:logto:scope:organizations'], resourceScopes: [], organizationResourceScopes: [] });
  });
});

describe('sign-in experience of an application (276–283)', () => {
  it('404 before one exists, 201 on create, 200 on update keeping omitted fields ("" clears a URL), 422 with nothing known', async () => {
    await run('276');
    await run('277');
    expect((await run('278')).body).toMatchObject({ termsOfUseUrl: null, displayName: 'Coverage Partner (renamed)', color: { primaryColor: '#123456' } });
    await run('279');
    await run('280');
    await run('281');
    await run('282');
    await run('283');
  });
});

describe('consent organizations (284–293)', () => {
  it('always paginated and wrapped in {organizations}; members only; idempotent POST; PUT replaces; DELETE one', async () => {
    expect((await run('284')).headers.get('total-number')).toBe('0');
    await run('285');
    expect((await run('286')).headers.get('total-number')).toBe('2');
    expect(((await run('287')).body as { organizations: unknown[] }).organizations).toHaveLength(1);
    await run('288');
    await run('289');
    await run('290');
    await run('291');
    await run('292');
    await run('293');
  });
});

describe('protected apps (294–297)', () => {
  it('cannot be created on OSS, so custom domains answer protected_application_only', async () => {
    for (const number of ['294', '295', '296', '297']) await run(number);
  });
});
