import { randomBytes } from 'node:crypto';

import { z } from 'zod';

import type { SigningKeys } from './signing-keys.js';

/**
 * Access tokens for any API resource, shaped like the JWTs Logto issues (`typ: at+jwt`, ES384,
 * claims `jti sub iat exp scope client_id iss aud`, plus `organization_id` for organization
 * tokens), minted on request so tests and demos can call an API protected by Logto without a
 * sign-in flow. Sandbox-only: `POST /__sandbox/tokens` and `sandbox.mintToken()`.
 */

export const mintTokenSchema = z
  .object({
    /** The API resource indicator (`aud`). */
    audience: z.string().min(1),
    /** Space-separated or a list; empty for none. */
    scope: z.union([z.string(), z.array(z.string().min(1))]).optional(),
    /** A user id for a user token; default: the client id, as in a client-credentials token. */
    sub: z.string().min(1).optional(),
    /** Makes it an organization token for this organization. */
    organizationId: z.string().min(1).optional(),
    /** Lifetime in seconds from now; negative for a token that has already expired. Default 3600. */
    expiresIn: z.number().int().optional(),
    /** `client_id`; default: the sandbox's M2M client id. */
    clientId: z.string().min(1).optional(),
    /** Overrides `iss` (tests of issuer checks); default: the sandbox's issuer. */
    issuer: z.string().min(1).optional(),
    /** Overrides `iat`, in seconds since the epoch (tests of clock checks); `exp` counts from it. Default: now. */
    issuedAt: z.number().int().nonnegative().optional(),
  })
  .strict();

export type MintTokenOptions = z.input<typeof mintTokenSchema>;

export const DEFAULT_MINTED_TOKEN_TTL_SECONDS = 3600;

export function mintAccessToken(
  keys: SigningKeys,
  defaults: { readonly issuer: string; readonly clientId: string },
  options: MintTokenOptions,
  now = Date.now(),
): string {
  const parsed = mintTokenSchema.parse(options);
  const clientId = parsed.clientId ?? defaults.clientId;
  const issuedAt = parsed.issuedAt ?? Math.floor(now / 1000);
  const scope = Array.isArray(parsed.scope) ? parsed.scope.join(' ') : (parsed.scope ?? '').trim();
  return keys.signJwt(
    {
      jti: randomBytes(16).toString('base64url'),
      sub: parsed.sub ?? clientId,
      iat: issuedAt,
      exp: issuedAt + (parsed.expiresIn ?? DEFAULT_MINTED_TOKEN_TTL_SECONDS),
      scope,
      client_id: clientId,
      iss: parsed.issuer ?? defaults.issuer,
      aud: parsed.audience,
      ...(parsed.organizationId ? { organization_id: parsed.organizationId } : {}),
    },
    { typ: 'at+jwt' },
  );
}
