/**
 * Credentials out of audit log payloads. Logto records request parameters, hook request bodies
 * and server errors (with stack traces) as given, so a payload can carry a client secret, a
 * password, a token or a server's file layout in any shape: under a telling key at any depth, or
 * inside a string (a form body, a URL, a header, a JSON error serialised into a string).
 *
 * Two passes, both needed: a value under a credential-like key is blanked whatever its type, and
 * every other string is scanned for credential shapes. Stack traces are dropped. Pure functions;
 * written here rather than taken from a library because the rules are Logto's payload shapes
 * (fast-redact and friends blank known paths, not unknown keys or secrets inside strings).
 */

export const REDACTED = '[redacted]';

/** A key's words, lowercased: `apiKey` → api key, `set-cookie` → set cookie, `X_API_KEY` → x api key. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Words that make a key credential-like wherever they stand (`clientSecret`, `new_password`, `otp`). */
const CREDENTIAL_WORDS = new Set([
  'secret',
  'secrets',
  'password',
  'passwords',
  'passwd',
  'pwd',
  'passphrase',
  'token',
  'tokens',
  'authorization',
  'cookie',
  'cookies',
  'credential',
  'credentials',
  'assertion',
  'private',
  'jwt',
  'otp',
  'totp',
  'pin',
  'signature',
  'verifier',
  'apikey',
  'bearer',
]);

/** Word pairs that do (`api key`, `session id`, `verification code`), where either word alone does not. */
const CREDENTIAL_PAIRS: readonly (readonly [string, string])[] = [
  ['api', 'key'],
  ['session', 'id'],
  ['verification', 'code'],
  ['backup', 'code'],
  ['backup', 'codes'],
  ['signing', 'key'],
  ['access', 'key'],
  ['auth', 'code'],
  ['authorization', 'code'],
];

/**
 * Substrings for keys written in one lowercase run, which cannot be split into words
 * (`clientsecret`, `accesstoken`). Only ones with no innocent reading are listed: not `pin`
 * (`pinned`, `spinner`) nor `otp` (`footprint`).
 */
const CREDENTIAL_FRAGMENTS = /secret|passw|passwd|credential|cookie|apikey|accesstoken|refreshtoken|idtoken|privatekey|sessionid|signingkey|verificationcode/;

/**
 * Keys that name a credential's metadata, not the credential: `hasPassword`, `isTokenValid`
 * (booleans), `tokenTypes`, `secretCount`, `passwordUpdatedAt`. Their values are still scanned.
 */
const METADATA_FIRST = new Set(['has', 'is']);
const METADATA_LAST = new Set(['type', 'types', 'count', 'at', 'expires', 'expiry', 'expiration', 'ttl', 'length', 'method', 'algorithm']);

/** OAuth's `code` is an authorization code; Logto's and Node's error codes are not secrets. */
const ERROR_CODE = /^(?:[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+|[A-Z][A-Z0-9_]*)$/;

/** Whether a key (object key or form/query parameter name) names a credential. */
export function isCredentialKey(key: string): boolean {
  const words = keyWords(key);
  if (words.length === 0) return false;
  // OAuth's authorization code (the old rule's `^code$`); `errorCode`, `statusCode` are not.
  if (words.length === 1 && words[0] === 'code') return true;
  if (words.length > 1 && (METADATA_FIRST.has(words[0]!) || METADATA_LAST.has(words.at(-1)!))) return false;
  if (words.some((word) => CREDENTIAL_WORDS.has(word))) return true;
  for (let i = 0; i + 1 < words.length; i++) {
    if (CREDENTIAL_PAIRS.some(([a, b]) => words[i] === a && words[i + 1] === b)) return true;
  }
  return CREDENTIAL_FRAGMENTS.test(words.join(''));
}

function blank(key: string, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (keyWords(key).join(' ') === 'code' && typeof value === 'string' && ERROR_CODE.test(value)) return value;
  return REDACTED;
}

/** Keys whose values are server internals a caller has no use for (Node's `stack`). */
const DROPPED_KEYS = new Set(['stack', 'stacktrace', 'stack_trace']);

/** `key=value` in form bodies, query strings and cookie headers. */
const PARAMETER = /([A-Za-z0-9_.[\]-]+)(=)([^&\s"'#;,\\]*)/g;
/** `"key": "value"` inside a string that is not valid JSON as a whole (escaped or cut). */
const QUOTED_PAIR = /(\\?"([A-Za-z0-9_.-]+)\\?"\s*:\s*\\?")((?:[^"\\]|\\[^"])*)(\\?")/g;
/** `Bearer …` / `Basic …` anywhere (a credential has 12+ characters, not all lowercase letters: not prose). */
const AUTH_SCHEME = /\b(Bearer|Basic)(\s+)([A-Za-z0-9\-._~+/]{12,}=*)/gi;
/** A header line whose whole value is a credential (`Cookie: …`, `Set-Cookie: …`, `X-Api-Key: …`). */
const HEADER_LINE = /\b(set-cookie|cookie|x-api-key|api-key|proxy-authorization)(\s*:\s*)[^\r\n"\\]+/gi;
/** A JWT (JWS compact: base64url header `{"…` . payload . signature). */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
/** Logto personal access tokens (`pat_` + 32) and random secrets (applications, hooks: 32+ mixed characters). */
const LOGTO_PAT = /\bpat_[A-Za-z0-9]{16,}\b/g;
const LONG_RANDOM = /\b[A-Za-z0-9]{32,}\b/g;
/** A V8 stack frame line (`    at fn (file:///srv/…:12:3)`), raw or JSON-escaped. */
const STACK_FRAME = /(?:\r?\n|\\n)[ \t]*at [^\n]*?(?=\r?\n|\\n|"|$)/g;

function looksRandom(text: string): boolean {
  return /[a-z]/.test(text) && /[A-Z]/.test(text) && /[0-9]/.test(text);
}

/** Redacts credential shapes inside free text. */
export function redactText(text: string): string {
  return text
    .replace(STACK_FRAME, '')
    .replace(HEADER_LINE, (_match, name: string, colon: string) => `${name}${colon}${REDACTED}`)
    .replace(AUTH_SCHEME, (match, scheme: string, space: string, credential: string) =>
      /^[a-z]+$/.test(credential) ? match : `${scheme}${space}${REDACTED}`,
    )
    .replace(JWT, REDACTED)
    .replace(LOGTO_PAT, REDACTED)
    .replace(LONG_RANDOM, (match) => (looksRandom(match) ? REDACTED : match))
    .replace(PARAMETER, (match, name: string, equals: string, value: string) =>
      value !== '' && isCredentialKey(name) && blank(name, value) === REDACTED ? `${name}${equals}${REDACTED}` : match,
    )
    .replace(QUOTED_PAIR, (match, head: string, name: string, value: string, tail: string) =>
      value !== '' && isCredentialKey(name) && blank(name, value) === REDACTED ? `${head}${REDACTED}${tail}` : match,
    );
}

/** A string holding JSON (Logto serialises errors into `payload.error`), possibly after a prefix (`TypeError: {…}`). */
function redactString(text: string, depth: number): string {
  const start = text.search(/[[{]/);
  if (start >= 0 && depth < MAX_DEPTH) {
    try {
      const parsed: unknown = JSON.parse(text.slice(start));
      if (parsed !== null && typeof parsed === 'object') {
        return redactText(text.slice(0, start)) + JSON.stringify(redactValue(parsed, depth + 1));
      }
    } catch {
      // Not JSON after all: scan it as text.
    }
  }
  return redactText(text);
}

const MAX_DEPTH = 20;

function redactValue(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return '[truncated]';
  if (typeof value === 'string') return redactString(value, depth);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (DROPPED_KEYS.has(key.toLowerCase())) continue;
      result[key] = isCredentialKey(key) ? blank(key, inner) : redactValue(inner, depth + 1);
    }
    return result;
  }
  return value;
}

/**
 * A log payload with every credential blanked: values of any type under credential-like keys at
 * any depth, credentials inside strings (form bodies, URLs, `Bearer …`, JWTs, Logto secrets,
 * JSON serialised into strings), and no stack traces.
 */
export function redactPayload(payload: unknown): unknown {
  return redactValue(payload, 0);
}
