import { getHashes } from 'node:crypto';

/**
 * Password digests Logto accepts in `POST /api/users` (`passwordDigest` + `passwordAlgorithm`).
 * Logto stores any string it is given (recorded on 1.42: `"not-a-hash"` with `Bcrypt` makes a user
 * who can never sign in), so the importer checks the format itself, per algorithm, the way Logto
 * will read it at sign-in (`core/src/libraries/user.utils.ts`: bcrypt, argon2's PHC strings,
 * lowercase-insensitive hex for the plain hashes, and `Legacy`'s JSON triple).
 */

export const PASSWORD_ALGORITHMS = ['Argon2i', 'Argon2id', 'Argon2d', 'SHA1', 'SHA256', 'MD5', 'Bcrypt', 'Legacy'] as const;
export type PasswordAlgorithm = (typeof PASSWORD_ALGORITHMS)[number];

export function isPasswordAlgorithm(value: string): value is PasswordAlgorithm {
  return (PASSWORD_ALGORITHMS as readonly string[]).includes(value);
}

/** `$2a$`/`$2b$`/`$2y$`, a two-digit cost 04–31, then 22 characters of salt and 31 of hash (bcrypt's base64). */
const BCRYPT = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;
/** PHC string: `$argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>` (unpadded base64; `v=` optional in old ones). */
const ARGON2 = /^\$argon2(id|i|d)\$(?:v=\d+\$)?m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]{8,}={0,2}\$[A-Za-z0-9+/]{16,}={0,2}$/;
const HEX_LENGTH: Partial<Record<PasswordAlgorithm, number>> = { MD5: 32, SHA1: 40, SHA256: 64 };

/** Why `digest` cannot be a `algorithm` digest Logto can verify; undefined when it can. */
export function digestProblem(algorithm: PasswordAlgorithm, digest: string): string | undefined {
  if (digest.length === 0) return 'The password digest is empty.';
  if (digest.length > 256) return 'The password digest is longer than 256 characters (Logto’s limit).';
  switch (algorithm) {
    case 'Bcrypt':
      return BCRYPT.test(digest) ? undefined : 'Not a bcrypt hash: expected $2a$, $2b$ or $2y$, a cost from 04 to 31 and 53 characters of salt and hash.';
    case 'Argon2i':
    case 'Argon2id':
    case 'Argon2d': {
      const match = ARGON2.exec(digest);
      if (!match) return `Not an Argon2 PHC string: expected $${algorithm.toLowerCase()}$v=19$m=…,t=…,p=…$<salt>$<hash>.`;
      const variant = `Argon2${match[1]}`;
      return variant === algorithm ? undefined : `The digest is ${variant}, not ${algorithm}.`;
    }
    case 'MD5':
    case 'SHA1':
    case 'SHA256': {
      const length = HEX_LENGTH[algorithm]!;
      return new RegExp(`^[0-9a-fA-F]{${length}}$`).test(digest) ? undefined : `Not a ${algorithm} digest: expected ${length} hexadecimal characters.`;
    }
    case 'Legacy':
      return legacyProblem(digest);
  }
}

/**
 * Logto's `Legacy`: a JSON array `[algorithm, [arguments…], expectedHex]` where `@` among the
 * arguments stands for the password; the algorithm is any hash Node's crypto has.
 */
function legacyProblem(digest: string): string | undefined {
  const expected = 'a Legacy digest is the JSON array ["<node hash>", ["<argument>", "@", …], "<hex digest>"]';
  let parsed: unknown;
  try {
    parsed = JSON.parse(digest);
  } catch {
    return `Not JSON: ${expected}.`;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return `Not a three-item array: ${expected}.`;
  const [hash, args, value] = parsed as unknown[];
  if (typeof hash !== 'string' || !getHashes().includes(hash.toLowerCase())) return `Unknown hash algorithm: ${expected}.`;
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string') || !args.includes('@')) {
    return `The arguments must be strings and include "@" (the password): ${expected}.`;
  }
  if (typeof value !== 'string' || !/^[0-9a-fA-F]+$/.test(value)) return `The expected value must be hexadecimal: ${expected}.`;
  return undefined;
}
