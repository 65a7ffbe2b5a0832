import { LogtoApiError } from './logto/errors.js';

/**
 * Failures a user can fix, returned by mutations as typed results (members of each mutation's
 * result union) instead of top-level GraphQL errors, so an admin screen can switch on
 * `__typename` and point at the input field. Everything else — outages, rate limits, our own
 * credentials, a write whose answer was lost — stays a top-level error mapped by `errors.ts`.
 *
 * `field` is a dotted path inside the mutation's `input` (`primaryEmail`, `roleIds.2`,
 * `profile.givenName`), or null when the failure concerns the input as a whole.
 */

export type ValidationIssue = { readonly field: string | null; readonly message: string };

/** The input breaks a rule (a format, a length, a combination), checked by us or by Logto. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';

  constructor(
    readonly issues: readonly [ValidationIssue, ...ValidationIssue[]],
    readonly logtoCode: string | null = null,
  ) {
    super(issues[0].message);
  }

  get field(): string | null {
    return this.issues[0].field;
  }
}

/** Something in the input is already taken: a username, an email, a role name, an API indicator. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';

  constructor(
    message: string,
    readonly field: string | null,
    readonly logtoCode: string,
  ) {
    super(message);
  }
}

/** An id in the input names nothing (or nothing of the right kind). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';

  constructor(
    message: string,
    readonly field: string | null,
    readonly logtoCode: string | null,
  ) {
    super(message);
  }
}

/** Logto's "already in use" codes and the request field each one is about. */
const CONFLICTS: Readonly<Record<string, string>> = {
  'user.username_already_in_use': 'username',
  'user.email_already_in_use': 'primaryEmail',
  'user.phone_already_in_use': 'primaryPhone',
  'role.name_in_use': 'name',
  'scope.name_exists': 'name',
  'resource.resource_identifier_in_use': 'indicator',
  'entity.unique_integrity_violation': 'name',
  'role.user_exists': 'userIds',
  'role.application_exists': 'applicationIds',
  'role.scope_exists': 'scopeIds',
};

/**
 * Which input field a Logto code is about, for one mutation: e.g. `{ 'entity.not_found': 'userId' }`.
 * `entity.not_exists_with_id:<table>` narrows Logto's "The <table> with ID … does not exist" to
 * one table (`…:roles`, `…:scopes`). `notFound` names the field for any other 404 or unknown
 * foreign key.
 */
export type FieldHints = Readonly<Record<string, string | null>> & { readonly notFound?: string | null };

function fieldOf(hints: FieldHints, code: string, fallback: string | null = null, error?: LogtoApiError): string | null {
  const table = code === 'entity.not_exists_with_id' ? /^The (\w+) with ID /.exec(error?.message ?? '')?.[1] : undefined;
  const specific = table ? `${code}:${table}` : undefined;
  if (specific && Object.hasOwn(hints, specific)) return hints[specific] ?? null;
  return Object.hasOwn(hints, code) ? (hints[code] ?? null) : fallback;
}

type GuardIssue = { path?: unknown; message?: unknown };

/** `guard.invalid_input` carries Zod issues: their paths are body paths, i.e. our input fields. */
function guardIssues(error: LogtoApiError): ValidationIssue[] {
  const issues = (error.data as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.map((issue: GuardIssue) => {
    const path = Array.isArray(issue.path) ? issue.path.map(String) : [];
    const message = typeof issue.message === 'string' && issue.message !== 'Invalid' ? issue.message : 'Invalid value.';
    return { field: path.length > 0 ? path.join('.') : null, message };
  });
}

/**
 * Turns Logto's answer to a write into a typed result when the user can fix it; returns
 * undefined for everything that must stay a top-level error.
 *
 * - 404 (any code) and 422 `entity.relation_foreign_key_not_found` → NotFoundError. The latter is
 *   Logto saying "an id you sent names nothing" (organization relations answer it for unknown
 *   users, roles and organizations alike), which is what a form needs to show; it does not say
 *   which id, so the mutation's hint names the list field.
 * - 422 "in use" codes (and 409) → ConflictError.
 * - other 400/422 answers (guards, Logto's own rules) → ValidationError.
 */
export function typedErrorFrom(error: unknown, hints: FieldHints = {}): Error | undefined {
  if (!(error instanceof LogtoApiError) || error.outcomeUnknown || error.authFailed) return undefined;
  const { status, code } = error;
  const message = error.publicMessage;
  if (status === 404 || code === 'entity.relation_foreign_key_not_found') {
    return new NotFoundError(message, fieldOf(hints, code, hints.notFound ?? null, error), code);
  }
  if (status === 409 || (status === 422 && code in CONFLICTS)) {
    return new ConflictError(message, fieldOf(hints, code, CONFLICTS[code] ?? null), code);
  }
  if (status === 400 || status === 422) {
    const fromGuard = code === 'guard.invalid_input' ? guardIssues(error) : [];
    const [first, ...rest] = fromGuard.length > 0 ? fromGuard : [{ field: fieldOf(hints, code), message }];
    return new ValidationError([first as ValidationIssue, ...rest], code);
  }
  return undefined;
}
