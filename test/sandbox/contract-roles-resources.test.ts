import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { recordingReplayer, type Replayer } from '../helpers/app-recording-replay.js';

/**
 * Recordings 223–228 (taking a role from one user or application) and 362–367 (the default API
 * resource), replayed against the sandbox in recorded order: status, content type, body shape,
 * error code and message, then the state the recorded Logto showed next.
 */

let sandbox: Sandbox;
let replay: Replayer;
const byName = <T extends { id: string; name: string }>(rows: Iterable<T>, name: string): string => {
  for (const row of rows) if (row.name === name) return row.id;
  throw new Error(`no seeded ${name}`);
};

beforeAll(async () => {
  sandbox = await startSandbox();
  replay = await recordingReplayer(sandbox);
});

afterAll(async () => {
  await sandbox?.close();
});

describe('removing one holder of a role (223–228)', () => {
  it('deletes a user role once, then answers entity.not_found; an unknown role is the same 404', async () => {
    const editor = byName(sandbox.store.roles.values(), 'Editor');
    const holder = [...sandbox.store.userRoles.leftsOf(editor)][0]!;
    const ids = { '2sgjmu681wsgagbzartkg': editor, kz7vjo14u5c6: holder };
    await replay('223', ids);
    expect(sandbox.store.userRoles.has(holder, editor)).toBe(false);
    await replay('224', ids);
    await replay('225', ids);
  });

  it('deletes a machine-to-machine role of an application once, then answers entity.not_found', async () => {
    const role = byName(sandbox.store.roles.values(), 'Inventory Sync');
    const app = byName(sandbox.store.applications.values(), 'Inventory Sync Worker');
    const ids = { agokd84zdel9ifetdv9zc: role, j9hokbo52v6e55v97ylet: app };
    await replay('226', ids);
    expect(sandbox.store.applicationRoles.has(app, role)).toBe(false);
    await replay('227', ids);
    await replay('228', ids);
  });
});

describe('the default API resource (362–367)', () => {
  it('keeps one default: setting another moves the flag; false clears it; unknown ids are entity.not_exists', async () => {
    const inventory = byName(sandbox.store.resources.values(), 'Inventory API');
    const billing = byName(sandbox.store.resources.values(), 'Billing API');
    const ids = { '6kvowd0gcea94b3nstqwq': inventory, svrq4h11t9uq28711q0d7: billing };
    expect((await replay('362', ids)).body).toMatchObject({ id: inventory, isDefault: true });
    expect((await replay('363', ids)).body).toMatchObject({ id: billing, isDefault: true });
    expect((await replay('364', ids)).body).toMatchObject({ id: inventory, isDefault: false });
    expect((await replay('365', ids)).body).toMatchObject({ id: billing, isDefault: false });
    expect([...sandbox.store.resources.values()].filter((resource) => resource.isDefault)).toEqual([]);
    expect((await replay('366', ids)).body).toMatchObject({ id: 'management-api', isDefault: true });
    await replay('367', ids);
    // The unknown id rolled the transaction back: the Management API is still the default.
    expect([...sandbox.store.resources.values()].filter((resource) => resource.isDefault).map((resource) => resource.id)).toEqual(['management-api']);
  });
});
