import type { ImportUser } from './import-rows.js';

/** What bulk jobs are, as data: what the store keeps and the GraphQL types show. */

export type BulkJobKind = 'USER_IMPORT' | 'ROLE_ASSIGNMENT' | 'ORGANIZATION_MEMBERSHIP' | 'SUSPENSION' | 'DELETION';
export type BulkJobStatus = 'QUEUED' | 'RUNNING' | 'PAUSED' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
export const FINISHED: ReadonlySet<BulkJobStatus> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** One failed (or already present) row: its place in the input, what identifies it, and a typed error. */
export type BulkJobError = {
  readonly row: number;
  readonly key: string;
  /** `VALIDATION`, `CONFLICT` (taken, or already there: `exists`), `NOT_FOUND`, `UPSTREAM` (Logto kept failing). */
  readonly type: 'VALIDATION' | 'CONFLICT' | 'NOT_FOUND' | 'UPSTREAM';
  readonly field: string | null;
  readonly message: string;
  readonly logtoCode: string | null;
};

/** One unit of work: a row of an import, or one user of a bulk change. */
export type BulkJobItem =
  | { readonly row: number; readonly key: string; readonly user: ImportUser }
  | { readonly row: number; readonly key: string; readonly userId: string };

export type ImportParams = { readonly kind: 'USER_IMPORT'; readonly onConflict: 'SKIP' | 'UPDATE' };
export type RoleParams = { readonly kind: 'ROLE_ASSIGNMENT'; readonly roleIds: readonly string[] };
export type MembershipParams = { readonly kind: 'ORGANIZATION_MEMBERSHIP'; readonly organizationId: string; readonly remove: boolean };
export type SuspensionParams = { readonly kind: 'SUSPENSION'; readonly suspended: boolean };
export type DeletionParams = { readonly kind: 'DELETION' };
export type BulkJobParams = ImportParams | RoleParams | MembershipParams | SuspensionParams | DeletionParams;

export type BulkJobRecord = {
  readonly id: string;
  readonly kind: BulkJobKind;
  /** Who started it (src/auth/caller-key.ts): a caller sees its own jobs unless it may read all. */
  readonly owner: string;
  /** Organization tokens' jobs: the organization they act in. */
  readonly organizationId: string | null;
  readonly params: BulkJobParams;
  readonly status: BulkJobStatus;
  readonly description: string;
  /** True when the job lives in Redis and survives restarts. */
  readonly durable: boolean;
  readonly total: number;
  /** Rows done, in input order: the job resumes at this index. */
  readonly cursor: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Rows whose user was already there (`exists`); reported among `errors` as a ConflictError. */
  readonly existing: number;
  /** Indices sent but not confirmed when the job stopped: looked up before they are sent again. */
  readonly inFlight: readonly number[];
  /** Indices past `cursor` already decided (a batch stopped part-way by a pause): not sent again. */
  readonly doneAhead: readonly number[];
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** Upstream requests a row takes, for the estimate. */
  readonly requestsPerRow: number;
  /** Why a job FAILED as a whole. */
  readonly failure: string | null;
};
