/**
 * Logto's own rules for what it accepts in a write, as facts both sides use: the facade validates
 * inputs with them before any upstream call, and the sandbox guards its write routes with them, so
 * the two cannot drift. Sources: `@logto/core-kit` `regex.ts` and `utils/url.ts`, the column sizes
 * of `packages/schemas/tables/*.sql` (Logto's generated guards turn `varchar(n)` into `max(n)`).
 */

/** `usernameRegEx`: a letter or underscore, then letters, digits and underscores. */
export const USERNAME_PATTERN = /^[A-Z_a-z]\w*$/;

/** `emailRegEx`: deliberately loose, as Logto's. */
export const EMAIL_PATTERN = /^\S+@\S+\.\S+$/;

/** `phoneRegEx`: Logto stores phone numbers as digits only (country code included, no `+`). */
export const PHONE_PATTERN = /^\d+$/;

/** What a person may type for a phone number (`phoneInputRegEx`); we keep its digits. */
export const PHONE_INPUT_PATTERN = /^\+?[\d\-() ]+$/;

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

/** `webRedirectUriProtocolRegEx` and `mobileUriSchemeProtocolRegEx`. */
const WEB_PROTOCOL = /^https?:$/;
const MOBILE_PROTOCOL = /^(?!http(s)?:)[a-z][\d+_a-z-]*(\.[\d+_a-z-]+)*:$/;

/**
 * `validateRedirectUrl(url, 'web') || validateRedirectUrl(url, 'mobile')`, without Logto's
 * wildcard patterns (`https://*.example.com/cb`), which this project does not accept.
 */
export function isRedirectUri(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (WEB_PROTOCOL.test(url.protocol)) {
    // Logto refuses `.`/`..` segments in web redirect URIs (they would be normalised away).
    const path = value.slice(value.indexOf('//') + 2).split(/[?#]/)[0] ?? '';
    return !path.split('/').slice(1).some((segment) => segment === '.' || segment === '..');
  }
  return MOBILE_PROTOCOL.test(url.protocol);
}

/** `scope.name_with_space`: scope names are single tokens, as they appear in `scope` claims. */
export const SCOPE_NAME_PATTERN = /^\S+$/;

/** Logto's `isManagementApi(indicator)`: the built-in Management API of a tenant. */
export function isManagementApiIndicator(indicator: string): boolean {
  return /^https:\/\/[^.]+\.logto\.app\/api$/.test(indicator);
}
