import type { Caller } from '../auth/caller.js';
import { SCOPES } from '../auth/scopes.js';
import type { Context } from '../context.js';
import { graphQLError } from '../errors.js';
import { logtoIdFrom } from '../global-id.js';
import { type ColumnMapping, type ImportFormat, ImportFileError, readImportRows } from '../jobs/import-rows.js';
import type { BulkJobError, BulkJobItem, BulkJobKind, BulkJobParams, BulkJobRecord, BulkJobStatus } from '../jobs/model.js';
import { NotFoundError, ValidationError } from '../mutation-errors.js';

/** What the bulk job fields and mutations do; the jobs themselves run in src/jobs. */

/** Who owns a job: a caller sees its own (src/auth/caller-key.ts keys, without the peer address). */
export function ownerOf(caller: Caller): string {
  switch (caller.kind) {
    case 'organization':
      return `organization:${caller.organizationId ?? ''}:${caller.subject ?? ''}`;
    case 'user':
    case 'self':
      return `user:${caller.userId ?? caller.subject ?? ''}`;
    case 'm2m':
      return `application:${caller.clientId ?? caller.subject ?? ''}`;
    default:
      return caller.kind;
  }
}

/** A job the caller may see: its own, or any with tenant-wide `read:bulk-jobs`. Others do not exist for it. */
export function visible(ctx: Context, job: BulkJobRecord | undefined): BulkJobRecord | undefined {
  if (!job) return undefined;
  return job.owner === ownerOf(ctx.caller) || ctx.access.tenant(SCOPES.readBulkJobs) ? job : undefined;
}

/** Job ids are 9 random bytes in base64url (src/jobs/service.ts): 12 characters. */
const JOB_ID = /^[A-Za-z0-9_-]{12}$/;

export async function loadJob(ctx: Context, id: string): Promise<BulkJobRecord | undefined> {
  // Like every by-id field: an id that cannot name a job is the caller's mistake, said before any lookup.
  if (!JOB_ID.test(id)) throw graphQLError('BAD_USER_INPUT', 'This is not a bulk job id: job ids are 12 characters of A–Z, a–z, 0–9, `-` and `_`.', { field: 'id' });
  return visible(ctx, await ctx.jobs.get(id));
}

export async function listJobs(ctx: Context, status: BulkJobStatus | null | undefined): Promise<BulkJobRecord[]> {
  const all = await ctx.jobs.list();
  return all.filter((job) => visible(ctx, job) && (!status || job.status === status));
}

/**
 * A row error as the typed error GraphQL shows: a plain object shaped like the error classes
 * (graphql-js treats a returned `Error` instance as a failure of the field, not as its value).
 */
export type TypedRowError = {
  readonly typename: 'ValidationError' | 'ConflictError' | 'NotFoundError' | 'UpstreamError';
  readonly message: string;
  readonly field: string | null;
  readonly logtoCode: string | null;
  readonly issues: readonly { readonly field: string | null; readonly message: string }[];
};

const TYPENAMES = { VALIDATION: 'ValidationError', CONFLICT: 'ConflictError', NOT_FOUND: 'NotFoundError', UPSTREAM: 'UpstreamError' } as const;

export function typedRowError(error: BulkJobError): TypedRowError {
  return {
    typename: TYPENAMES[error.type],
    message: error.message,
    field: error.field,
    logtoCode: error.logtoCode,
    issues: [{ field: error.field, message: error.message }],
  };
}

/** Logto kept refusing to decide a row (outage, rate limit) after the job's retries. */
export class UpstreamRowError extends Error {
  override readonly name = 'UpstreamRowError';
  readonly field = null;
  readonly logtoCode = null;
}

export type DryRunReport = {
  readonly total: number;
  readonly valid: number;
  readonly errors: readonly BulkJobError[];
  readonly estimatedDurationMs: number;
};

export type StartJobPayload = { readonly job: BulkJobRecord | null; readonly dryRun: DryRunReport | null };

const issue = (field: string, message: string) => new ValidationError([{ field, message }]);

export type StartUserImportInput = {
  readonly file: File;
  readonly format: ImportFormat;
  readonly mapping?: readonly ColumnMapping[] | null;
  readonly dryRun?: boolean | null;
  readonly onConflict?: 'SKIP' | 'UPDATE' | null;
};

/** Reads the upload (never logged), checks every row, then either reports (dry run, 0 requests) or starts the job. */
export async function startUserImport(ctx: Context, input: StartUserImportInput): Promise<StartJobPayload | ValidationError> {
  const text = await input.file.text();
  let rows;
  try {
    rows = readImportRows(input.format, text, input.mapping ?? undefined);
  } catch (error) {
    if (error instanceof ImportFileError) return issue('file', error.message);
    throw error;
  }
  if (rows.length === 0) return issue('file', 'The file has no rows.');
  const errors: BulkJobError[] = rows.flatMap((row) =>
    row.problems.slice(0, 1).map((problem) => ({
      row: row.row,
      key: row.key,
      type: problem.kind,
      field: problem.field,
      message: row.problems.map((each) => each.message).join(' '),
      logtoCode: null,
    })),
  );
  const items: BulkJobItem[] = rows.filter((row) => row.problems.length === 0).map((row) => ({ row: row.row, key: row.key, user: row.user }));
  if (input.dryRun) {
    return { job: null, dryRun: { total: rows.length, valid: items.length, errors, estimatedDurationMs: ctx.jobs.estimateMs(items.length) } };
  }
  const job = await ctx.jobs.start({
    kind: 'USER_IMPORT',
    owner: ownerOf(ctx.caller),
    organizationId: null,
    params: { kind: 'USER_IMPORT', onConflict: input.onConflict ?? 'SKIP' },
    items,
    rejected: errors,
  });
  return { job, dryRun: null };
}

export type BulkChangeInput = { readonly userIds: readonly string[]; readonly dryRun?: boolean | null };

/** A bulk change over a list of users: distinct ids, in the order given; a dry run counts them (0 requests). */
export async function startBulkChange(
  ctx: Context,
  kind: Exclude<BulkJobKind, 'USER_IMPORT'>,
  input: BulkChangeInput & { readonly confirm?: number | null },
  params: BulkJobParams,
  organizationId: string | null = null,
): Promise<StartJobPayload | ValidationError> {
  const ids = [...new Set(input.userIds.map((id) => logtoIdFrom(id, 'User')))];
  const items: BulkJobItem[] = ids.map((userId, index) => ({ row: index + 1, key: userId, userId }));
  if (input.dryRun) return { job: null, dryRun: { total: items.length, valid: items.length, errors: [], estimatedDurationMs: ctx.jobs.estimateMs(items.length) } };
  if (kind === 'DELETION' && input.confirm !== items.length) {
    return issue('confirm', `Deleting users needs \`confirm\`: the number of users a dry run reports (${items.length} distinct ids here).`);
  }
  const job = await ctx.jobs.start({ kind, owner: ownerOf(ctx.caller), organizationId, params, items });
  return { job, dryRun: null };
}

export type JobControl = 'pause' | 'resume' | 'cancel';

/** Pause, resume or cancel a job the caller may see; NotFoundError for any other id. */
export async function controlJob(ctx: Context, id: string, action: JobControl): Promise<{ job: BulkJobRecord } | NotFoundError> {
  const job = await loadJob(ctx, id);
  if (!job) return new NotFoundError('No bulk job with this id (or not one of yours).', 'id', null);
  const changed = await ctx.jobs[action](id);
  return { job: changed ?? job };
}
