import {
  emailRegEx,
  noSpaceRegEx,
  phoneInputRegEx,
  phoneRegEx,
  usernameRegEx,
  validateRedirectUrl,
} from '@logto/core-kit';

/**
 * Logto's own rules for what it accepts in a write, as facts both sides use: the facade validates
 * inputs with them before any upstream call, and the sandbox guards its write routes with them.
 * The patterns and the redirect-URI check are imported from `@logto/core-kit` (the version Logto
 * 1.42 ships), so neither side restates them; `test/logto/input-rules.test.ts` holds each rule the
 * facade checks against a real Logto exchange. What core-kit does not carry is copied with its
 * source: the column sizes of `packages/schemas/tables/*.sql` (Logto's generated guards turn
 * `varchar(n)` into `max(n)`) and `isManagementApi` (`@logto/schemas`, which the project does not
 * import: it pins zod 3.24.3 as a peer, against our zod 4, and pulls every locale of
 * `@logto/phrases`).
 */

/** `usernameRegEx`: a letter or underscore, then letters, digits and underscores. */
export const USERNAME_PATTERN: RegExp = usernameRegEx;

/** `emailRegEx`: deliberately loose, as Logto's. */
export const EMAIL_PATTERN: RegExp = emailRegEx;

/** `phoneRegEx`: Logto stores phone numbers as digits only (country code included, no `+`). */
export const PHONE_PATTERN: RegExp = phoneRegEx;

/** What a person may type for a phone number (`phoneInputRegEx`); we keep its digits. */
export const PHONE_INPUT_PATTERN: RegExp = phoneInputRegEx;

/** Column sizes that bound user input. */
export const LENGTHS = {
  userText: 128, // users.username, primary_email, primary_phone, name
  avatar: 2048,
  roleName: 128,
  roleDescription: 128,
  applicationName: 256,
  organizationName: 128,
  organizationDescription: 256,
  organizationRoleName: 128,
  organizationRoleDescription: 256,
  organizationScopeName: 128,
  organizationScopeDescription: 256,
  scopeName: 256,
} as const;

/**
 * `oidcClientMetadataGuard`'s rule for redirect URIs: `validateRedirectUrl(url, 'web') ||
 * validateRedirectUrl(url, 'mobile')`, wildcard web patterns (`https://*.example.com/cb`) included.
 */
export function isLogtoRedirectUri(value: string): boolean {
  return validateRedirectUrl(value, 'web') || validateRedirectUrl(value, 'mobile');
}

/** Logto's rule without its wildcard patterns, which this project does not accept. */
export function isRedirectUri(value: string): boolean {
  return !value.includes('*') && isLogtoRedirectUri(value);
}

/**
 * `scope.name_with_space` (`routes/resource.scope.ts` refuses `/\s/`): scope names are single
 * tokens, as they appear in `scope` claims. core-kit's `noSpaceRegEx` also refuses the empty name.
 */
export const SCOPE_NAME_PATTERN: RegExp = noSpaceRegEx;

/** `isManagementApi(indicator)` (`@logto/schemas` `utils/management-api.ts`): the built-in Management API of a tenant. */
export function isManagementApiIndicator(indicator: string): boolean {
  return /^https:\/\/[^.]+\.logto\.app\/api$/.test(indicator);
}
