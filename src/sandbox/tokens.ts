import { randomBytes } from 'node:crypto';

export type IssuedToken = {
  readonly clientId: string;
  /** The resource indicator the token was issued for (a JWT's `aud`). */
  readonly audience: string;
  readonly scopes: readonly string[];
  readonly expiresAt: number;
  readonly generation: number;
};

export type TokenCheck =
  | { readonly ok: true; readonly token: IssuedToken }
  | { readonly ok: false; readonly reason: 'unknown' | 'expired' | 'revoked' };

/**
 * Opaque access tokens (random strings) and what they grant. `revokeAll()` bumps a generation, so
 * every token issued before it is refused from then on, while newly issued ones work.
 */
export class TokenRegistry {
  readonly #tokens = new Map<string, IssuedToken>();
  #generation = 0;

  issue(grant: Omit<IssuedToken, 'generation' | 'expiresAt'>, ttlSeconds: number, now = Date.now()): string {
    this.#sweep(now);
    const token = randomBytes(32).toString('base64url');
    this.#tokens.set(token, { ...grant, expiresAt: now + ttlSeconds * 1000, generation: this.#generation });
    return token;
  }

  check(token: string, now = Date.now()): TokenCheck {
    const issued = this.#tokens.get(token);
    if (!issued) return { ok: false, reason: 'unknown' };
    if (issued.generation !== this.#generation) return { ok: false, reason: 'revoked' };
    if (issued.expiresAt <= now) return { ok: false, reason: 'expired' };
    return { ok: true, token: issued };
  }

  revokeAll(): void {
    this.#generation += 1;
  }

  /** Forget tokens long past expiry so a long-running sandbox does not grow without bound. */
  #sweep(now: number): void {
    if (this.#tokens.size < 10_000) return;
    for (const [token, issued] of this.#tokens) {
      if (issued.expiresAt + 86_400_000 < now) this.#tokens.delete(token);
    }
  }
}
