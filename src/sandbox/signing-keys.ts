import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

/**
 * The sandbox's OIDC signing key, as Logto keeps one: an EC P-384 key (Logto's default
 * `oidc.privateKeys` type; `--type rsa` is the alternative), published at `/oidc/jwks` and
 * used to sign JWT access tokens with ES384. Generated per sandbox start, so tokens from one
 * sandbox never verify against another.
 */

export const SIGNING_ALGORITHM = 'ES384';

const KID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A public key as `/oidc/jwks` lists it. */
export type PublicJwk = {
  readonly kty: string;
  readonly crv: string;
  readonly x: string;
  readonly y: string;
  readonly kid: string;
  readonly alg: string;
  readonly use: 'sig';
};

export class SigningKeys {
  readonly kid: string;
  readonly #privateKey: KeyObject;
  readonly #publicJwk: PublicJwk;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    this.#privateKey = privateKey;
    // Logto names its keys with a random standard id: 21 lowercase letters and digits.
    this.kid = Array.from(randomBytes(21), (byte) => KID_ALPHABET[byte % KID_ALPHABET.length]).join('');
    const jwk = publicKey.export({ format: 'jwk' });
    this.#publicJwk = {
      kty: String(jwk.kty),
      crv: String(jwk.crv),
      x: String(jwk.x),
      y: String(jwk.y),
      kid: this.kid,
      alg: SIGNING_ALGORITHM,
      use: 'sig',
    };
  }

  /** The JSON Web Key Set Logto serves at `/oidc/jwks`. */
  jwks(): { keys: PublicJwk[] } {
    return { keys: [this.#publicJwk] };
  }

  /** A compact JWS of `payload`, signed ES384 with this key (`kid` in the header). */
  signJwt(payload: Readonly<Record<string, unknown>>, header: Readonly<Record<string, unknown>> = {}): string {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
    const signingInput = `${encode({ ...header, alg: SIGNING_ALGORITHM, kid: this.kid })}.${encode(payload)}`;
    // JWS wants the raw r||s signature (IEEE P1363), not DER.
    const signature = sign('sha384', Buffer.from(signingInput), { key: this.#privateKey, dsaEncoding: 'ieee-p1363' });
    return `${signingInput}.${signature.toString('base64url')}`;
  }
}
