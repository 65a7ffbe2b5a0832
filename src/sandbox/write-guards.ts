import { z } from 'zod';

import { LogtoError } from './errors.js';

/**
 * Body pieces several of Logto's write guards share (`@logto/schemas`, `@logto/connector-kit`),
 * and the database answers a write can end in.
 */

/** `jsonObjectGuard`: a JSON object (not an array, not null). */
export const jsonObject = z.record(z.string(), z.unknown());

const address = z
  .object({
    formatted: z.string(),
    streetAddress: z.string(),
    locality: z.string(),
    region: z.string(),
    postalCode: z.string(),
    country: z.string(),
  })
  .partial();

/** `userProfileGuard`: the OpenID Connect standard claims Logto keeps in `profile`. */
export const userProfile = z
  .object({
    familyName: z.string(),
    givenName: z.string(),
    middleName: z.string(),
    nickname: z.string(),
    preferredUsername: z.string(),
    profile: z.string(),
    website: z.string(),
    gender: z.string(),
    birthdate: z.string(),
    zoneinfo: z.string(),
    locale: z.string(),
    address,
  })
  .partial();

/** An id list as Logto guards it in relation bodies: `z.string().min(1).array().nonempty()`. */
export const idList = z.array(z.string().min(1)).min(1);

/**
 * Postgres `22001` (a value longer than its `varchar(n)`), as `koaSlonikErrorHandler` maps it:
 * Postgres' own message rides along as `data.message`.
 */
export const valueTooLong = (size: number): LogtoError =>
  new LogtoError(422, 'entity.value_too_long', 'The length of value is too long and exceeds the limit.', {
    message: `value too long for type character varying(${size})`,
  });

/** Throws `entity.value_too_long` when any given value exceeds its column size. */
export function checkColumnSizes(values: ReadonlyArray<readonly [value: string | null | undefined, size: number]>): void {
  for (const [value, size] of values) if (typeof value === 'string' && value.length > size) throw valueTooLong(size);
}

/**
 * Every id column Logto writes is `varchar(21)` (`packages/schemas/tables/*.sql`): an id longer
 * than that fails the insert before any foreign key or unique index is looked at.
 */
export const ID_COLUMN_SIZE = 21;

/** `checkColumnSizes` for ids about to be written to `varchar(21)` columns. */
export function checkIdColumns(ids: Iterable<string | null | undefined>): void {
  for (const id of ids) checkColumnSizes([[id, ID_COLUMN_SIZE]]);
}

/**
 * An update with nothing to set: slonik refuses the empty `set` list (`InvalidInputError`, "Value
 * list must not be empty"), which `koaSlonikErrorHandler` answers as 422 `entity.invalid_input`.
 */
export const emptyUpdate = (): LogtoError =>
  new LogtoError(422, 'entity.invalid_input', 'Invalid input. Value list must not be empty.');

/** A foreign key named a row that does not exist (organization routes' `errorHandler`: 422). */
export const relationForeignKeyNotFound = (): LogtoError =>
  new LogtoError(
    422,
    'entity.relation_foreign_key_not_found',
    'Cannot find one or more foreign keys. Please check the input and ensure that all referenced entities exist.',
  );

/** A unique constraint of the organization template or organizations (their `errorHandler`: 422). */
export const uniqueIntegrityViolation = (): LogtoError =>
  new LogtoError(422, 'entity.unique_integrity_violation', 'The entity already exists. Please check the input and try again.');

/** A `check` constraint (e.g. a role type on a relation row), from `koaSlonikErrorHandler`. */
export const dbConstraintViolated = (): LogtoError =>
  new LogtoError(422, 'entity.db_constraint_violated', 'Database constraint violated.');

/** `update … returning *` found no row: `entity.not_exists` with the table's singular name. */
export const entityNotExists = (tableSingular: string): LogtoError =>
  new LogtoError(404, 'entity.not_exists', `The ${tableSingular} does not exist.`);

/** `assertThat(cond, 'some.code')` without a status: a 400 RequestError. */
export const badRequest = (code: string, message: string): LogtoError => new LogtoError(400, code, message);

/** `request.invalid_input` raised by a route itself (no TypeError behind it, so no `data`). */
export const invalidInput = (details: string, status = 400): LogtoError =>
  new LogtoError(status, 'request.invalid_input', `Input is invalid. ${details}`);

/** Logto writes `updated_at`/`created_at` with the database clock; the sandbox uses its own. */
export const nowMs = (): number => Date.now();
