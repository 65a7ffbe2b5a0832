import { describe, expect } from 'vitest';

import { SCOPES } from '../../src/auth/scopes.js';
import { readJob } from '../helpers/bulk-jobs.js';
import { mutate, payload } from '../helpers/mutations.js';
import type { Stack } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

/**
 * Who may run and see bulk jobs (AUTH_MODE=jwt, sandbox-minted tokens): the write permission of
 * what a job changes plus `bulk:jobs`; organization tokens only inside their own organization;
 * a caller sees its own jobs unless it holds `read:bulk-jobs`.
 */

const test = stackTest({ auth: true, sandbox: { users: 30 } });

const bearer = (stack: Stack, sub: string, scopes: string[], organizationId?: string) => ({
  authorization: `Bearer ${stack.mintToken({ sub, clientId: `${sub}-app`, scope: scopes.join(' '), ...(organizationId ? { organizationId } : {}) })}`,
});
const SUSPEND = '... on StartBulkSuspensionPayload { job { id status } }';
const JOBS = '{ bulkJobs(first: 50) { totalCount nodes { id } } }';

describe('starting a job', () => {
  test('needs both the write permission of what it changes and bulk:jobs; refused calls send nothing', async ({ stack }) => {
    const userIds = [...stack.sandbox.store.users.keys()].slice(0, 2);
    for (const scopes of [[SCOPES.writeUsers], [SCOPES.bulkJobs], [SCOPES.readBulkJobs, SCOPES.writeRoles]]) {
      const call = await mutate(stack, 'startBulkSuspension', { userIds, dryRun: true }, SUSPEND, bearer(stack, 'service-a', scopes));
      expect(call.errors?.[0]?.extensions?.code, scopes.join(' ')).toBe('FORBIDDEN');
      expect(call.requests).toEqual([]);
    }
    const allowed = await mutate(stack, 'startBulkSuspension', { userIds, dryRun: true }, '... on StartBulkSuspensionPayload { dryRun { valid } }', bearer(stack, 'service-a', [SCOPES.writeUsers, SCOPES.bulkJobs]));
    expect(allowed.result).toMatchObject({ dryRun: { valid: 2 } });
  });

  test('lets an organization token remove members of its own organization only, and never add', async ({ stack }) => {
    const [own, other] = [...stack.sandbox.store.organizations.values()];
    const member = [...stack.sandbox.store.organizationUsers.rightsOf(own!.id)][0]!;
    const token = bearer(stack, member, [SCOPES.writeOrganizations, SCOPES.bulkJobs], own!.id);
    const select = '... on StartBulkOrganizationMembershipPayload { dryRun { valid } }';
    const inOwn = await mutate(stack, 'startBulkOrganizationMembership', { organizationId: own!.id, userIds: [member], remove: true, dryRun: true }, select, token);
    expect(inOwn.result).toMatchObject({ dryRun: { valid: 1 } });
    const inOther = await mutate(stack, 'startBulkOrganizationMembership', { organizationId: other!.id, userIds: [member], remove: true, dryRun: true }, select, token);
    expect(inOther.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const adding = await mutate(stack, 'startBulkOrganizationMembership', { organizationId: own!.id, userIds: [member], dryRun: true }, select, token);
    expect(adding.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('reading jobs', () => {
  test('shows a caller its own jobs only, everyone’s with read:bulk-jobs; another caller cannot pause one', async ({ stack }) => {
    const userIds = [...stack.sandbox.store.users.keys()].slice(5, 7);
    const owner = bearer(stack, 'owner-service', [SCOPES.writeUsers, SCOPES.bulkJobs]);
    const stranger = bearer(stack, 'stranger-service', [SCOPES.writeUsers, SCOPES.bulkJobs]);
    const auditor = bearer(stack, 'auditor-service', [SCOPES.readBulkJobs]);
    const started = await mutate(stack, 'startBulkSuspension', { userIds }, SUSPEND, owner);
    const { id } = payload<{ job: { id: string } }>(started).job;

    expect((await readJob(stack, id, owner))?.id).toBe(id);
    expect(await readJob(stack, id, stranger)).toBeNull();
    expect((await readJob(stack, id, auditor))?.id).toBe(id);
    const list = async (headers: Record<string, string>) => (await stack.post<{ bulkJobs: { nodes: { id: string }[] } }>(JOBS, undefined, headers)).body.data?.bulkJobs.nodes.map((job) => job.id);
    expect(await list(owner)).toContain(id);
    expect(await list(stranger)).not.toContain(id);
    expect(await list(auditor)).toContain(id);

    const pause = await mutate(stack, 'pauseBulkJob', { id }, '... on PauseBulkJobPayload { job { status } }', stranger);
    expect(pause.result).toMatchObject({ __typename: 'NotFoundError', field: 'id' });
    const none = await stack.post(JOBS, undefined, bearer(stack, 'reader', [SCOPES.readUsers]));
    expect(none.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
