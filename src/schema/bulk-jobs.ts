import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import type { BulkJobError, BulkJobRecord } from '../jobs/model.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import { listJobs, loadJob, type TypedRowError, typedRowError, UpstreamRowError } from '../resolvers/bulk-jobs.js';
import { arrayWindowFetcher, resolveOffsetConnection } from '../resolvers/connection.js';
import { builder } from './builder.js';
import { ErrorInterface } from './mutation-support.js';

/** Bulk jobs (issue 21): the job type, its row errors, and the root fields that read jobs. */

export const BulkJobKindEnum = builder.enumType('BulkJobKind', {
  description: 'What a bulk job does.',
  values: {
    USER_IMPORT: { description: 'Creates users from a file (`startUserImport`).' },
    ROLE_ASSIGNMENT: { description: 'Assigns roles to users (`startBulkRoleAssignment`).' },
    ORGANIZATION_MEMBERSHIP: { description: 'Adds users to an organization or removes them (`startBulkOrganizationMembership`).' },
    SUSPENSION: { description: 'Suspends or reactivates users (`startBulkSuspension`).' },
    DELETION: { description: 'Deletes users (`startBulkDeletion`).' },
  } as const,
});

export const BulkJobStatusEnum = builder.enumType('BulkJobStatus', {
  description: 'Where a bulk job is.',
  values: {
    QUEUED: { description: 'Accepted, not started yet.' },
    RUNNING: { description: 'Sending its rows to Logto, at the budget’s pace.' },
    PAUSED: { description: 'Stopped between rows by `pauseBulkJob`; `resumeBulkJob` goes on from the next row.' },
    SUCCEEDED: { description: 'Every row was decided (some may have failed: see `failed` and `errors`).' },
    FAILED: { description: 'The job stopped on an unexpected error.' },
    CANCELLED: { description: 'Stopped for good by `cancelBulkJob`; rows not reached were not sent.' },
  } as const,
});

builder.objectType(UpstreamRowError, {
  name: 'UpstreamError',
  description: 'Logto did not decide the row (an outage, or the budget) after the job’s retries; nothing was changed for it. Run it again later.',
  interfaces: [ErrorInterface as never],
  fields: () => ({}),
});

const BulkJobRowErrorUnion = builder.unionType('BulkJobRowError', {
  description: 'Why a row failed: `ValidationError` (Logto’s rules, a digest in the wrong format), `ConflictError` (taken, already in the file, or `exists`), `NotFoundError`, `UpstreamError`.',
  types: [ValidationError, ConflictError, NotFoundError, UpstreamRowError],
  resolveType: (error) => (error as unknown as TypedRowError).typename,
});

export const BulkJobErrorRef = builder.objectRef<BulkJobError>('BulkJobError').implement({
  description: 'A row of a job’s input that failed or was left alone, with a typed error.',
  fields: (t) => ({
    row: t.exposeInt('row', { description: 'Where the row is in the input: its line in the file (a CSV’s header is line 1), or its position in the list of ids.' }),
    key: t.exposeString('key', { description: 'What identifies the row: its username, email or phone (imports), or the user’s Logto id.' }),
    error: t.field({ type: BulkJobRowErrorUnion, description: 'What went wrong.', resolve: (error) => typedRowError(error) as never }),
  }),
});

const BulkJobErrorConnection = builder.connectionObject(
  { type: BulkJobErrorRef, name: 'BulkJobErrorConnection', description: 'A page of a job’s failed rows, in input order.' },
  { name: 'BulkJobErrorEdge', description: 'A failed row in a page, with its cursor.' },
);

/** Reading jobs: anyone who may run them (its own) or holds `read:bulk-jobs` (everyone’s). */
export const jobReaders = { $any: { permission: SCOPES.bulkJobs, tenant: SCOPES.readBulkJobs } };

export const BulkJobRef = builder.objectRef<BulkJobRecord>('BulkJob');
BulkJobRef.implement({
  description: 'A bulk job: work on many users that runs on the facade at the upstream budget’s pace, behind interactive requests.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The job’s id (for `bulkJob(id:)`, pause, resume, cancel, and the CLI’s `--job`).' }),
    kind: t.field({ type: BulkJobKindEnum, description: 'What it does.', resolve: (job) => job.kind }),
    status: t.field({ type: BulkJobStatusEnum, description: 'Where it is.', resolve: (job) => job.status }),
    description: t.exposeString('description', { description: 'What it does, and whether it survives a restart of the facade.' }),
    durable: t.exposeBoolean('durable', { description: 'True when the job is kept in Redis and resumes after a restart; false when it lives in this process only.' }),
    total: t.exposeInt('total', { description: 'Rows in its input (an import’s rows refused before it started included).' }),
    processed: t.int({ description: 'Rows decided so far: `succeeded + failed + existing`.', resolve: (job) => job.succeeded + job.failed + job.existing }),
    succeeded: t.exposeInt('succeeded', { description: 'Rows done (users created, updated or changed).' }),
    failed: t.exposeInt('failed', { description: 'Rows that failed (see `errors`).' }),
    existing: t.exposeInt('existing', { description: 'Import rows whose user was already in Logto (`exists`): left as they are unless `onConflict: UPDATE`. Listed in `errors` as `ConflictError`.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was started.', resolve: (job) => new Date(job.createdAt) }),
    startedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it first ran.', resolve: (job) => (job.startedAt === null ? null : new Date(job.startedAt)) }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it ended (succeeded, failed or cancelled).', resolve: (job) => (job.finishedAt === null ? null : new Date(job.finishedAt)) }),
    estimatedEndAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it should end at the budget’s pace if it had the budget to itself; null once it has ended.',
      resolve: (job, _args, ctx) => ctx.jobs.estimatedEndAt(job),
    }),
    errors: t.connection(
      {
        type: BulkJobErrorRef,
        nullable: true,
        description: 'Rows that failed or already existed, in input order. Costs no upstream request.',
        authScopes: jobReaders,
        extensions: cost.given(),
        resolve: (job, args, ctx) =>
          resolveOffsetConnection(`bulkJobErrors:${job.id}`, args, async (window) => {
            const page = await ctx.jobs.errors(job.id, window.offset, window.limit);
            return { items: page.items, totalCount: page.total, totalCountIsCapped: false };
          }),
      },
      BulkJobErrorConnection,
    ),
  }),
});

const BulkJobConnection = builder.connectionObject(
  { type: BulkJobRef, name: 'BulkJobConnection', description: 'A page of bulk jobs, newest first.' },
  { name: 'BulkJobEdge', description: 'A bulk job in a page, with its cursor.' },
);


builder.queryFields((t) => ({
  bulkJob: t.field({
    type: BulkJobRef,
    nullable: true,
    description: 'A bulk job by id; `null` when there is none, or it is another caller’s and you lack `read:bulk-jobs`. Costs no upstream request.',
    args: { id: t.arg.id({ required: true, description: 'The job’s id.' }) },
    authScopes: jobReaders,
    extensions: cost.given(),
    resolve: async (_root, args, ctx) => (await loadJob(ctx, String(args.id))) ?? null,
  }),
  bulkJobs: t.connection(
    {
      type: BulkJobRef,
      nullable: true,
      description: 'Bulk jobs, newest first: your own, or everyone’s with `read:bulk-jobs`. Jobs in this process only live as long as it does. Costs no upstream request.',
      args: { status: t.arg({ type: BulkJobStatusEnum, required: false, description: 'Only jobs with this status.' }) },
      authScopes: jobReaders,
      extensions: cost.given(),
      resolve: async (_root, args, ctx) => resolveOffsetConnection('bulkJobs', args, arrayWindowFetcher(await listJobs(ctx, args.status))),
    },
    BulkJobConnection,
  ),
}));

