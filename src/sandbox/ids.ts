import type { Random } from './prng.js';

/** Logto's id alphabet (`generateStandardId`): lowercase letters and digits. */
const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Lengths Logto uses: 12 for users and organizations, 21 for everything else. */
export const USER_ID_LENGTH = 12;
export const STANDARD_ID_LENGTH = 21;

export type IdGenerator = (length?: number) => string;

/** Ids drawn from a seeded PRNG, so a seed always produces the same ids. */
export function createIdGenerator(random: Random): IdGenerator {
  return (length = STANDARD_ID_LENGTH) => {
    let id = '';
    for (let index = 0; index < length; index += 1) {
      id += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length)];
    }
    return id;
  };
}
