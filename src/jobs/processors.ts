import type { LogtoClient, RequestOptions } from '../logto/client.js';
import { LogtoApiError } from '../logto/errors.js';
import type { LogtoUser } from '../logto/types.js';
import type { ImportUser } from './import-rows.js';
import type { BulkJobError, BulkJobItem, BulkJobParams } from './model.js';

/**
 * What one row of a job does upstream, and what became of it. Exactly once: a row whose answer
 * was lost (`outcomeUnknown`), or that was in flight when the job stopped, is looked up before it
 * is sent again — an import by its username, email or phone; the other kinds are idempotent in
 * Logto (adding a role or a member that is there changes nothing; a repeated DELETE finds nothing
 * and that is counted as done).
 */

export type RowOutcome =
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'exists'; readonly error: BulkJobError }
  | { readonly kind: 'failed'; readonly error: BulkJobError }
  /** The job was paused or cancelled while the row waited for the budget: nothing was sent for it. */
  | { readonly kind: 'skipped' }
  /** Nothing was decided (rate limited, Logto unavailable): try the row again later. */
  | { readonly kind: 'retry'; readonly afterMs: number; readonly why: string };

export type RowContext = {
  readonly client: LogtoClient;
  readonly options: RequestOptions;
  readonly params: BulkJobParams;
  /** The row may already have been applied (in flight when the job stopped, or its answer lost). */
  readonly maybeApplied: boolean;
};

const CONFLICT_FIELDS: Readonly<Record<string, string>> = {
  'user.username_already_in_use': 'username',
  'user.email_already_in_use': 'primaryEmail',
  'user.phone_already_in_use': 'primaryPhone',
};

export async function processRow(context: RowContext, item: BulkJobItem): Promise<RowOutcome> {
  try {
    return 'user' in item ? await importRow(context, item) : await changeUser(context, item);
  } catch (error) {
    if (error instanceof LogtoApiError && error.code === 'client.aborted') return { kind: 'skipped' };
    if (error instanceof LogtoApiError && !error.outcomeUnknown && (error.status === 0 || error.status === 429 || error.status >= 500)) {
      // Queue timeout, 429 or an outage after the client's own retries: nothing was decided.
      return { kind: 'retry', afterMs: Math.max(error.retryAfterMs ?? 1_000, 250), why: error.code };
    }
    if (error instanceof LogtoApiError && error.outcomeUnknown) {
      return { kind: 'retry', afterMs: 0, why: 'outcome unknown' };
    }
    throw error;
  }
}

function failure(item: BulkJobItem, type: BulkJobError['type'], field: string | null, message: string, logtoCode: string | null): BulkJobError {
  return { row: item.row, key: item.key, type, field, message, logtoCode };
}

async function importRow(context: RowContext, item: Extract<BulkJobItem, { user: ImportUser }>): Promise<RowOutcome> {
  const { client, options, params } = context;
  const onConflict = params.kind === 'USER_IMPORT' ? params.onConflict : 'SKIP';
  let maybeApplied = context.maybeApplied;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (maybeApplied) {
      // Never a second POST for a user the first one may have made.
      const found = await findUser(client, options, item.user);
      if (found) return { kind: 'succeeded' };
    }
    try {
      await client.request<LogtoUser>({ method: 'POST', route: '/api/users', body: item.user }, options);
      return { kind: 'succeeded' };
    } catch (error) {
      if (!(error instanceof LogtoApiError)) throw error;
      if (error.outcomeUnknown) {
        maybeApplied = true;
        continue;
      }
      const conflict = CONFLICT_FIELDS[error.code];
      if (conflict) {
        if (maybeApplied) return { kind: 'succeeded' };
        if (onConflict === 'UPDATE') return updateExisting(context, item);
        return { kind: 'exists', error: failure(item, 'CONFLICT', conflict, `exists: a user with this ${conflict} is already in Logto; it was left as it is.`, error.code) };
      }
      if (error.status === 400 || error.status === 422) return { kind: 'failed', error: failure(item, 'VALIDATION', null, error.message, error.code) };
      throw error;
    }
  }
  return { kind: 'retry', afterMs: 1_000, why: 'outcome unknown three times' };
}

/** `onConflict: UPDATE`: the profile fields change; a password digest is never replaced. */
async function updateExisting(context: RowContext, item: Extract<BulkJobItem, { user: ImportUser }>): Promise<RowOutcome> {
  const found = await findUser(context.client, context.options, item.user);
  if (!found) return { kind: 'failed', error: failure(item, 'CONFLICT', null, 'An identifier is taken by a user this row does not describe.', null) };
  const { passwordDigest: _digest, passwordAlgorithm: _algorithm, ...fields } = item.user;
  try {
    await context.client.request({ method: 'PATCH', route: '/api/users/:id', params: { id: found.id }, body: fields }, context.options);
  } catch (error) {
    if (error instanceof LogtoApiError && (error.status === 400 || error.status === 422)) {
      return { kind: 'failed', error: failure(item, CONFLICT_FIELDS[error.code] ? 'CONFLICT' : 'VALIDATION', CONFLICT_FIELDS[error.code] ?? null, error.message, error.code) };
    }
    throw error;
  }
  return { kind: 'succeeded' };
}

/** The user a row describes, by username, else email, else phone (exact match). */
async function findUser(client: LogtoClient, options: RequestOptions, user: ImportUser): Promise<LogtoUser | undefined> {
  const [field, value] =
    user.username !== undefined ? (['username', user.username] as const) : user.primaryEmail !== undefined ? (['primaryEmail', user.primaryEmail] as const) : (['primaryPhone', user.primaryPhone ?? ''] as const);
  const response = await client.request<LogtoUser[]>(
    { method: 'GET', route: '/api/users', query: { [`search.${field}`]: value, [`mode.${field}`]: 'exact', page_size: 5 } },
    options,
  );
  const same = (stored: string | null) => (field === 'primaryEmail' ? stored?.toLowerCase() === value.toLowerCase() : stored === value);
  return (Array.isArray(response.body) ? response.body : []).find((candidate) => same(candidate[field]));
}

async function changeUser(context: RowContext, item: Extract<BulkJobItem, { userId: string }>): Promise<RowOutcome> {
  const { client, options, params } = context;
  const id = item.userId;
  try {
    switch (params.kind) {
      case 'ROLE_ASSIGNMENT':
        await client.request({ method: 'POST', route: '/api/users/:id/roles', params: { id }, body: { roleIds: params.roleIds } }, options);
        break;
      case 'ORGANIZATION_MEMBERSHIP':
        if (params.remove) await client.request({ method: 'DELETE', route: '/api/organizations/:id/users/:userId', params: { id: params.organizationId, userId: id } }, options);
        else await client.request({ method: 'POST', route: '/api/organizations/:id/users', params: { id: params.organizationId }, body: { userIds: [id] } }, options);
        break;
      case 'SUSPENSION':
        await client.request({ method: 'PATCH', route: '/api/users/:id/is-suspended', params: { id }, body: { isSuspended: params.suspended } }, options);
        break;
      case 'DELETION':
        await client.request({ method: 'DELETE', route: '/api/users/:id', params: { id } }, options);
        break;
      case 'USER_IMPORT':
        throw new Error('an import row without a user');
    }
    return { kind: 'succeeded' };
  } catch (error) {
    if (!(error instanceof LogtoApiError)) throw error;
    // A repeat of a removal that finds nothing: the attempt whose answer was lost did it.
    if (error.status === 404 && (context.maybeApplied || error.earlierAttemptMayHaveApplied) && (params.kind === 'DELETION' || (params.kind === 'ORGANIZATION_MEMBERSHIP' && params.remove))) return { kind: 'succeeded' };
    if (error.status === 404 || error.code === 'entity.relation_foreign_key_not_found') {
      return { kind: 'failed', error: failure(item, 'NOT_FOUND', 'userIds', error.message, error.code) };
    }
    if (error.status === 400 || error.status === 422) return { kind: 'failed', error: failure(item, 'VALIDATION', null, error.message, error.code) };
    throw error;
  }
}
