import { parse as parseCsv } from 'csv-parse/sync';

import { EMAIL_PATTERN, LENGTHS, PHONE_INPUT_PATTERN, PHONE_PATTERN, USERNAME_PATTERN } from '../logto/input-rules.js';
import { digestProblem, isPasswordAlgorithm, type PasswordAlgorithm } from './password-digest.js';

/**
 * The rows of a user import, as pure functions: reading a file (CSV, NDJSON with a column
 * mapping, or Auth0's user export), checking every row by Logto's own rules before anything is
 * sent, finding duplicates inside the file, and estimating how long the job takes at the budget.
 * A dry run is exactly this module; a job sends the rows it leaves valid.
 */

export type ImportFormat = 'CSV' | 'NDJSON' | 'AUTH0_EXPORT';

/** The user fields an import can set; `customData.<key>` and `profile.<claim>` reach inside those objects. */
export const IMPORT_FIELDS = ['username', 'primaryEmail', 'primaryPhone', 'name', 'avatar', 'passwordDigest', 'passwordAlgorithm', 'customData'] as const;

/** One column (CSV) or dotted key (NDJSON) read into one user field. */
export type ColumnMapping = { readonly column: string; readonly field: string };

/** The body of `POST /api/users` for one row. */
export type ImportUser = {
  username?: string;
  primaryEmail?: string;
  primaryPhone?: string;
  name?: string;
  avatar?: string;
  passwordDigest?: string;
  passwordAlgorithm?: PasswordAlgorithm;
  customData?: Record<string, unknown>;
  profile?: Record<string, string>;
};

/** Why a row fails: Logto's rules (`VALIDATION`), or a value another row of the file already has (`CONFLICT`). */
export type RowProblem = { readonly kind: 'VALIDATION' | 'CONFLICT'; readonly field: string | null; readonly message: string };

export type ImportRow = {
  /** Where the row starts in the file, 1-based (a CSV's header is line 1). */
  readonly row: number;
  /** What identifies the row to a person: its username, email or phone, else `row <n>`. */
  readonly key: string;
  readonly user: ImportUser;
  /** Empty when the row can be sent. */
  readonly problems: RowProblem[];
};

type Raw = { readonly line: number; readonly record: Record<string, unknown> | undefined; readonly parseError?: string };

/** Without a mapping, CSV columns and NDJSON keys named like the fields (or these common names) are read. */
const DEFAULT_COLUMNS: Readonly<Record<string, string>> = {
  username: 'username',
  primaryEmail: 'primaryEmail',
  email: 'primaryEmail',
  primaryPhone: 'primaryPhone',
  phone: 'primaryPhone',
  name: 'name',
  avatar: 'avatar',
  passwordDigest: 'passwordDigest',
  passwordAlgorithm: 'passwordAlgorithm',
  customData: 'customData',
  givenName: 'profile.givenName',
  familyName: 'profile.familyName',
};

/** Reads and checks every row of a file. Throws only for a file that cannot be read at all (`ImportFileError`). */
export function readImportRows(format: ImportFormat, text: string, mapping?: readonly ColumnMapping[]): ImportRow[] {
  const raws = format === 'CSV' ? csvRecords(text) : ndjsonRecords(text);
  const columns = mappingOf(mapping);
  const rows = raws.map((raw, index): ImportRow => {
    if (!raw.record) {
      return { row: raw.line, key: `row ${raw.line}`, user: {}, problems: [{ kind: 'VALIDATION', field: null, message: raw.parseError ?? 'Unreadable row.' }] };
    }
    const { user, problems } = format === 'AUTH0_EXPORT' ? fromAuth0(raw.record) : fromColumns(raw.record, columns, format === 'CSV');
    // One problem per field is enough to fix it (an unknown algorithm also leaves the digest "without one").
    for (const problem of checkUser(user)) if (!problems.some((known) => known.field === problem.field)) problems.push(problem);
    return { row: raw.line, key: keyOf(user, raw.line, index), user, problems };
  });
  markDuplicates(rows);
  return rows;
}

export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
}

export function validRows(rows: readonly ImportRow[]): ImportRow[] {
  return rows.filter((row) => row.problems.length === 0);
}

/**
 * How long `requests` upstream requests take at the budget's pace (`limit` per `windowMs`) when
 * the job has the whole budget; with interactive traffic waiting it gets `share` of it.
 */
export function estimateDurationMs(requests: number, budget: { readonly limit: number; readonly windowMs: number }, share = 1): number {
  if (requests <= 0) return 0;
  const perWindow = Math.max(1, Math.floor(budget.limit * share));
  return Math.ceil((requests * budget.windowMs) / perWindow);
}

function csvRecords(text: string): Raw[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true, relax_column_count: true }) as typeof records;
  } catch (error) {
    throw new ImportFileError(`The CSV file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  // `info.lines` is the line the record ends on; records end where the next one starts.
  return records.map(({ record, info }) => ({ line: info.lines, record }));
}

function ndjsonRecords(text: string): Raw[] {
  const raws: Raw[] = [];
  text.split(/\r?\n/).forEach((content, index) => {
    const line = index + 1;
    if (content.trim() === '') return;
    try {
      const value: unknown = JSON.parse(content);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) raws.push({ line, record: undefined, parseError: 'The line is not a JSON object.' });
      else raws.push({ line, record: value as Record<string, unknown> });
    } catch {
      raws.push({ line, record: undefined, parseError: 'The line is not valid JSON.' });
    }
  });
  return raws;
}

function mappingOf(mapping: readonly ColumnMapping[] | undefined): ColumnMapping[] {
  if (mapping && mapping.length > 0) return [...mapping];
  return Object.entries(DEFAULT_COLUMNS).map(([column, field]) => ({ column, field }));
}

/** A mapping's target: one of IMPORT_FIELDS, `customData.<key>` or `profile.<claim>`. */
export function isMappingField(field: string): boolean {
  if ((IMPORT_FIELDS as readonly string[]).includes(field)) return true;
  return /^(customData|profile)\.[A-Za-z_][A-Za-z0-9_]*$/.test(field);
}

function valueAt(record: Record<string, unknown>, path: string): unknown {
  if (path in record) return record[path];
  let current: unknown = record;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function fromColumns(record: Record<string, unknown>, columns: readonly ColumnMapping[], csv: boolean): { user: ImportUser; problems: RowProblem[] } {
  const user: ImportUser = {};
  const problems: RowProblem[] = [];
  for (const { column, field } of columns) {
    const value = valueAt(record, column);
    if (value === undefined || value === null || value === '') continue;
    const [head, sub] = field.split('.', 2) as [string, string | undefined];
    if (head === 'customData' && sub === undefined) {
      // A CSV cell holds customData as JSON text.
      const parsed = csv && typeof value === 'string' ? tryJson(value) : value;
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) problems.push({ kind: 'VALIDATION', field: 'customData', message: 'customData must be a JSON object.' });
      else user.customData = { ...user.customData, ...(parsed as Record<string, unknown>) };
    } else if (head === 'customData') {
      user.customData = { ...user.customData, [sub!]: value };
    } else if (head === 'profile') {
      if (typeof value === 'string') user.profile = { ...user.profile, [sub!]: value };
      else problems.push({ kind: 'VALIDATION', field, message: `${field} must be text.` });
    } else if (typeof value !== 'string') {
      problems.push({ kind: 'VALIDATION', field, message: `${field} must be text.` });
    } else if (head === 'passwordAlgorithm') {
      if (isPasswordAlgorithm(value)) user.passwordAlgorithm = value;
      else problems.push({ kind: 'VALIDATION', field, message: `Unknown password algorithm "${value.slice(0, 32)}": use Argon2i, Argon2id, Argon2d, SHA1, SHA256, MD5, Bcrypt or Legacy.` });
    } else {
      (user as Record<string, unknown>)[head] = value;
    }
  }
  return { user, problems };
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Auth0's user export (one JSON object a line): `passwordHash` (bcrypt, from Auth0's password
 * export) or `custom_password_hash`, `given_name`/`family_name`/`nickname` as profile claims,
 * `picture` as the avatar, `user_metadata` as customData and `app_metadata` with Auth0's user id
 * under `customData.auth0` (Logto has no separate admin-only metadata; customData is the place
 * the Management API writes).
 */
function fromAuth0(record: Record<string, unknown>): { user: ImportUser; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const user: ImportUser = {};
  const set = <K extends keyof ImportUser>(key: K, value: ImportUser[K] | undefined) => {
    if (value !== undefined) user[key] = value;
  };
  set('username', text(record.username));
  set('primaryEmail', text(record.email));
  set('primaryPhone', text(record.phone_number));
  set('name', text(record.name));
  set('avatar', text(record.picture));
  const profile = Object.fromEntries(
    [
      ['givenName', text(record.given_name)],
      ['familyName', text(record.family_name)],
      ['nickname', text(record.nickname)],
    ].filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  if (Object.keys(profile).length > 0) user.profile = profile;
  const metadata = record.user_metadata;
  if (metadata !== undefined && (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))) {
    problems.push({ kind: 'VALIDATION', field: 'user_metadata', message: 'user_metadata must be a JSON object.' });
  }
  const auth0 = Object.fromEntries(
    [
      ['userId', text(record.user_id)],
      ['appMetadata', record.app_metadata && typeof record.app_metadata === 'object' ? record.app_metadata : undefined],
    ].filter((entry) => entry[1] !== undefined),
  );
  const customData = { ...(metadata && typeof metadata === 'object' ? (metadata as Record<string, unknown>) : {}), ...(Object.keys(auth0).length > 0 ? { auth0 } : {}) };
  if (Object.keys(customData).length > 0) user.customData = customData;

  const hash = auth0Hash(record);
  if (hash) {
    user.passwordDigest = hash.digest;
    user.passwordAlgorithm = hash.algorithm;
  }
  return { user, problems };
}

/** `passwordHash` is bcrypt; `custom_password_hash { algorithm, hash: { value } }` is Auth0's import shape. */
function auth0Hash(record: Record<string, unknown>): { digest: string; algorithm: PasswordAlgorithm } | undefined {
  const plain = text(record.passwordHash) ?? text(record.password_hash);
  if (plain) return { digest: plain, algorithm: 'Bcrypt' };
  const custom = record.custom_password_hash as { algorithm?: unknown; hash?: { value?: unknown } } | undefined;
  const value = text(custom?.hash?.value);
  if (!custom || !value) return undefined;
  const algorithms: Readonly<Record<string, PasswordAlgorithm>> = { bcrypt: 'Bcrypt', md5: 'MD5', sha1: 'SHA1', sha256: 'SHA256' };
  if (custom.algorithm === 'argon2') {
    const variant = /^\$argon2(id|i|d)\$/.exec(value)?.[1];
    return { digest: value, algorithm: variant === 'i' ? 'Argon2i' : variant === 'd' ? 'Argon2d' : 'Argon2id' };
  }
  const algorithm = typeof custom.algorithm === 'string' ? algorithms[custom.algorithm] : undefined;
  // An algorithm Logto cannot verify still gets a digest check (it fails), so the row is reported.
  return { digest: value, algorithm: algorithm ?? 'Bcrypt' };
}

/** Logto's rules for `POST /api/users` (src/logto/input-rules.ts), plus what an import needs. */
function checkUser(user: ImportUser): RowProblem[] {
  const problems: RowProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ kind: 'VALIDATION', field, message });
  const long = (value: string | undefined, max: number) => value !== undefined && value.length > max;
  if (user.primaryPhone !== undefined) {
    // Logto stores digits only; what people type (`+1 (555) 010-0000`) is accepted and reduced.
    if (PHONE_INPUT_PATTERN.test(user.primaryPhone)) user.primaryPhone = user.primaryPhone.replace(/\D/g, '');
    if (!PHONE_PATTERN.test(user.primaryPhone)) bad('primaryPhone', 'Not a phone number with its country code.');
  }
  if (!user.username && !user.primaryEmail && !user.primaryPhone) {
    // Without one the row cannot be found again, so a lost answer could not be checked before a retry.
    bad('username', 'The row has no username, email or phone: give at least one.');
  }
  if (user.username !== undefined && !USERNAME_PATTERN.test(user.username)) bad('username', 'A username starts with a letter or _ and has only letters, digits and _.');
  if (long(user.username, LENGTHS.userText)) bad('username', `The username is longer than ${LENGTHS.userText} characters.`);
  if (user.primaryEmail !== undefined && !EMAIL_PATTERN.test(user.primaryEmail)) bad('primaryEmail', 'Not an email address.');
  if (long(user.primaryEmail, LENGTHS.userText)) bad('primaryEmail', `The email is longer than ${LENGTHS.userText} characters.`);
  if (long(user.name, LENGTHS.userText)) bad('name', `The name is longer than ${LENGTHS.userText} characters.`);
  if (user.avatar !== undefined && (!/^https?:\/\//i.test(user.avatar) || !URL.canParse(user.avatar))) bad('avatar', 'The avatar must be an http or https URL.');
  if (long(user.avatar, LENGTHS.avatar)) bad('avatar', `The avatar URL is longer than ${LENGTHS.avatar} characters.`);
  if (user.passwordDigest !== undefined && user.passwordAlgorithm === undefined) bad('passwordAlgorithm', 'A password digest needs its algorithm.');
  if (user.passwordAlgorithm !== undefined && user.passwordDigest === undefined) bad('passwordDigest', 'A password algorithm needs a digest.');
  if (user.passwordDigest !== undefined && user.passwordAlgorithm !== undefined) {
    const problem = digestProblem(user.passwordAlgorithm, user.passwordDigest);
    if (problem) bad('passwordDigest', problem);
  }
  return problems;
}

function keyOf(user: ImportUser, line: number, _index: number): string {
  return user.username ?? user.primaryEmail ?? user.primaryPhone ?? `row ${line}`;
}

/** A value two rows share would fail on the second (Logto: `user.*_already_in_use`): reported before sending. */
function markDuplicates(rows: readonly ImportRow[]): void {
  const seen = new Map<string, number>();
  const fields = [
    ['username', (user: ImportUser) => user.username],
    // Logto compares emails without case.
    ['primaryEmail', (user: ImportUser) => user.primaryEmail?.toLowerCase()],
    ['primaryPhone', (user: ImportUser) => user.primaryPhone],
  ] as const;
  for (const row of rows) {
    if (row.problems.some((problem) => problem.field === null)) continue;
    for (const [field, read] of fields) {
      const value = read(row.user);
      if (value === undefined) continue;
      const first = seen.get(`${field}:${value}`);
      if (first === undefined) seen.set(`${field}:${value}`, row.row);
      else row.problems.push({ kind: 'CONFLICT', field, message: `The same ${field} is already in row ${first} of the file.` });
    }
  }
}
