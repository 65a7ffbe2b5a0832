import { InternalServerError } from './errors.js';

/**
 * Postgres pattern operators translated to JavaScript regular expressions, so the sandbox matches
 * exactly the rows Logto's SQL would.
 */

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/-]/;

function escapeChar(char: string): string {
  // `-` as `\x2d`: `\-` is a syntax error under the `u` flag LIKE patterns use (every `q` or
  // LIKE value with a hyphen answered 500), and a bare `-` would be a range inside `[...]`.
  if (char === '-') return '\\x2d';
  return REGEX_SPECIAL.test(char) ? `\\${char}` : char;
}

/** `LIKE` / `ILIKE`: `%` is any run, `_` one character, `\` escapes; the whole value must match. */
export function likeToRegExp(pattern: string, caseSensitive: boolean): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === '\\' && index + 1 < pattern.length) {
      index += 1;
      source += escapeChar(pattern[index] as string);
    } else if (char === '%') source += '[\\s\\S]*';
    else if (char === '_') source += '[\\s\\S]';
    else source += escapeChar(char);
  }
  return new RegExp(`^${source}$`, caseSensitive ? 'u' : 'iu');
}

/**
 * `SIMILAR TO`: LIKE's wildcards plus `| * + ? {} () []` from regular expressions; `.` `^` `$` are
 * literal. Anchored at both ends. Always case-sensitive (Logto refuses the insensitive form).
 */
export function similarToRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === '\\' && index + 1 < pattern.length) {
      index += 1;
      source += escapeChar(pattern[index] as string);
    } else if (char === '%') source += '[\\s\\S]*';
    else if (char === '_') source += '[\\s\\S]';
    else if ('|*+?{}()[]'.includes(char)) source += char;
    else source += escapeChar(char);
  }
  return compile(`^(?:${source})$`, '');
}

/** POSIX `~` / `~*`: an unanchored regular expression. */
export function posixToRegExp(pattern: string, caseSensitive: boolean): RegExp {
  return compile(pattern, caseSensitive ? '' : 'i');
}

function compile(source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch {
    // Postgres rejects the pattern at query time and Logto answers 500; so does the sandbox.
    throw new InternalServerError(`invalid regular expression: ${source}`);
  }
}
