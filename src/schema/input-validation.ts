import type { StandardSchemaV1 } from '@pothos/plugin-validation';
import { z } from 'zod';

import { couldBeId, tryLogtoIdFrom } from '../global-id.js';
import {
  EMAIL_PATTERN,
  isRedirectUri,
  LENGTHS,
  PHONE_INPUT_PATTERN,
  SCOPE_NAME_PATTERN,
  USERNAME_PATTERN,
} from '../logto/input-rules.js';
import { ValidationError, type ValidationIssue } from '../mutation-errors.js';

/**
 * Input rules for mutations, checked by `@pothos/plugin-validation` before a resolver runs, so a
 * rejected input costs no upstream request. Each input type validates as one zod object (the
 * type's `validate` option), so a form gets every broken rule at once, not only the first. They are Logto's own rules (`logto/input-rules.ts`)
 * with messages a form can show, plus a few stricter ones where Logto would accept something
 * that cannot work (noted where they are).
 */

/** Every mutation has one argument, `input`: issue paths are reported relative to it. */
function fieldPath(path: StandardSchemaV1.Issue['path']): string | null {
  const parts = (path ?? []).map((part) => String(typeof part === 'object' ? part.key : part));
  if (parts[0] === 'input') parts.shift();
  return parts.length > 0 ? parts.join('.') : null;
}

/** The validation plugin's failure as our typed `ValidationError`. */
export function validationErrorFromIssues(issues: readonly StandardSchemaV1.Issue[]): ValidationError {
  const mapped: ValidationIssue[] = issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message }));
  const [first, ...rest] = mapped.length > 0 ? mapped : [{ field: null, message: 'The input is invalid.' }];
  return new ValidationError([first as ValidationIssue, ...rest]);
}

const text = (max: number, what: string) =>
  z.string().min(1, `${what} cannot be empty.`).max(max, `${what} is longer than ${max} characters.`);

/**
 * Global ids and Logto ids are short opaque strings of a known shape (`couldBeId`): anything else
 * is refused here, before any request. The field's own type is checked again where the id is
 * used (`logtoIdFrom`, BAD_USER_INPUT).
 */
export const idRule = z
  .string()
  .min(1, 'Give an id.')
  .max(256, 'This is not an id.')
  .refine(couldBeId, 'This is not an id: give a global id or a Logto id.');

/** Logto's relation bodies take lists of ids; 100 keeps one write to one request of sane size. */
export const idListRule = z.array(idRule).min(1, 'Give at least one id.').max(100, 'Give at most 100 ids at once.');

/**
 * An id of one known type (its global id or a Logto id that type can have): an input field that
 * names its type answers a malformed or foreign id as a ValidationError on that field, before
 * any request, rather than as a top-level BAD_USER_INPUT from the resolver.
 */
export const idOf = (typename: string) =>
  idRule.refine((value) => tryLogtoIdFrom(value, typename) !== undefined, `This is not a ${typename} id: give its global id or its Logto id.`);

export const idsOf = (typename: string) =>
  z.array(idOf(typename)).min(1, 'Give at least one id.').max(100, 'Give at most 100 ids at once.');

export const usernameRule = z
  .string()
  .max(LENGTHS.userText, `A username is at most ${LENGTHS.userText} characters.`)
  .regex(USERNAME_PATTERN, 'A username starts with a letter or an underscore and holds only letters, digits and underscores.');

export const emailRule = z
  .string()
  .max(LENGTHS.userText, `An email address is at most ${LENGTHS.userText} characters.`)
  .regex(EMAIL_PATTERN, 'This is not an email address.');

/**
 * A phone number as people type it (`+1 (415) 555-0100`), stored the way Logto keeps it: digits
 * only, country code first. Stricter than Logto: 7–15 digits (E.164's longest), so an obvious typo
 * does not become a user's primary phone.
 */
export const phoneRule = z
  .string()
  .regex(PHONE_INPUT_PATTERN, 'A phone number holds digits, with an optional leading +, spaces, dashes and parentheses.')
  .transform((value) => value.replace(/\D/g, ''))
  .pipe(z.string().min(7, 'A phone number has at least 7 digits.').max(15, 'A phone number has at most 15 digits (E.164).'));

export const personNameRule = z.string().max(LENGTHS.userText, `A name is at most ${LENGTHS.userText} characters.`);

/** Stricter than Logto (any URL): an avatar is fetched by browsers, so http(s) only. */
export const avatarRule = z
  .string()
  .max(LENGTHS.avatar, `An avatar URL is at most ${LENGTHS.avatar} characters.`)
  .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), 'An avatar must be an http(s) URL.');

/** Logto takes any non-empty password from the Management API; 256 bounds what we forward. */
export const passwordRule = z.string().min(1, 'A password cannot be empty.').max(256, 'A password is at most 256 characters.');

export const roleNameRule = text(LENGTHS.roleName, 'A role name');
export const roleDescriptionRule = z.string().max(LENGTHS.roleDescription, `A description is at most ${LENGTHS.roleDescription} characters.`);

export const applicationNameRule = text(LENGTHS.applicationName, 'An application name');

export const redirectUrisRule = z
  .array(z.string().refine(isRedirectUri, 'A redirect URI is an http(s) URL, or a custom scheme for native apps (com.example.app://callback).'))
  .max(100, 'At most 100 redirect URIs.');

export const organizationNameRule = text(LENGTHS.organizationName, 'An organization name');
export const organizationDescriptionRule = z
  .string()
  .max(LENGTHS.organizationDescription, `A description is at most ${LENGTHS.organizationDescription} characters.`);

export const organizationRoleNameRule = text(LENGTHS.organizationRoleName, 'An organization role name');
export const organizationRoleDescriptionRule = z
  .string()
  .max(LENGTHS.organizationRoleDescription, `A description is at most ${LENGTHS.organizationRoleDescription} characters.`);

export const organizationScopeNameRule = text(LENGTHS.organizationScopeName, 'An organization scope name');
export const organizationScopeDescriptionRule = z
  .string()
  .max(LENGTHS.organizationScopeDescription, `A description is at most ${LENGTHS.organizationScopeDescription} characters.`);

/** The name and description rules of each kind of organization template entry, by its type name. */
export const templateEntryRules = {
  OrganizationRole: { name: organizationRoleNameRule, description: organizationRoleDescriptionRule },
  OrganizationScope: { name: organizationScopeNameRule, description: organizationScopeDescriptionRule },
} as const;

export const resourceNameRule = text(256, 'An API name');

/**
 * Stricter than Logto (any text): a resource indicator is the `aud` of access tokens and must be
 * an absolute URI without a fragment (RFC 8707).
 */
export const indicatorRule = z
  .string()
  .max(2048, 'An API identifier is at most 2048 characters.')
  .refine((value) => URL.canParse(value) && !value.includes('#'), 'An API identifier is an absolute URI without a fragment, e.g. https://api.example.com.');

export const accessTokenTtlRule = z
  .number()
  .int()
  .min(1, 'An access token lives at least 1 second.')
  .max(2_147_483_647, 'This lifetime is too long.');

export const scopeNameRule = text(LENGTHS.scopeName, 'A scope name').regex(SCOPE_NAME_PATTERN, 'A scope name cannot contain spaces.');

export const inviteeRule = z.string().max(LENGTHS.userText).regex(EMAIL_PATTERN, 'The invitee must be an email address.');

/** Logto refuses invitations that are already expired. */
export const futureDateRule = z.date().refine((date) => date.getTime() > Date.now(), 'The expiry must be in the future.');

/** Bounds free-form JSON we forward; Logto itself sets no limit below its body size. */
export const jsonObjectRule = z
  .record(z.string(), z.unknown())
  .refine((value) => JSON.stringify(value).length <= 65_536, 'This object is larger than 64 KiB of JSON.');

/** `.refine()` arguments for update inputs: they must change something besides naming their object. */
export function changesSomething(
  idFields: readonly string[],
  what: string,
): [(value: Record<string, unknown>) => boolean, { message: string }] {
  return [
    (value) => Object.entries(value).some(([key, field]) => !idFields.includes(key) && field !== undefined),
    { message: `Nothing to update: give at least one field of the ${what} to change.` },
  ];
}

/** An optional input field: absent (unchanged), null (cleared) or a valid value. */
export const optional = <Schema extends z.ZodType>(rule: Schema) => rule.nullish();

/** The length limits a string or list rule holds (zod's `min_length`/`max_length` checks). */
function lengthLimits(rule: z.ZodString | z.ZodArray): { min?: number; max?: number } {
  const limits: { min?: number; max?: number } = {};
  for (const check of rule._zod.def.checks ?? []) {
    const def = check._zod.def as { check: string; minimum?: number; maximum?: number };
    if (def.check === 'min_length' && def.minimum !== undefined) limits.min = Math.max(limits.min ?? 0, def.minimum);
    if (def.check === 'max_length' && def.maximum !== undefined) limits.max = Math.min(limits.max ?? Infinity, def.maximum);
  }
  return limits;
}

/**
 * A rule's length limits as description text, read from the rule itself so the two cannot
 * drift: `1–128 characters`, `at most 256 characters`, `1–100` (for a list, `unit` '').
 */
export function lengthText(rule: z.ZodString | z.ZodArray, unit = ' characters'): string {
  const { min, max } = lengthLimits(rule);
  if (max === undefined) return min === undefined ? '' : `at least ${min}${unit}`;
  return min !== undefined && min > 0 ? `${min}–${max}${unit}` : `at most ${max}${unit}`;
}
