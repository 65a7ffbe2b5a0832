import {
  authForbidden,
  authHeaderMissing,
  authTokenTypeNotSupported,
  authUnauthorized,
} from './errors.js';
import type { TokenRegistry } from './tokens.js';

/**
 * The Management API's bearer check (Logto's `koaAuth`): the header must be there and start with
 * `Bearer`, the token must verify for the Management API audience, and it must carry scope `all`.
 * Logto verifies JWTs; `data` mirrors the jose error each failure would raise there.
 */
export function authenticate(authorization: string | undefined, tokens: TokenRegistry, audience: string): void {
  if (!authorization) throw authHeaderMissing();
  // Logto only tests the prefix, then drops "Bearer" plus one character.
  if (!authorization.startsWith('Bearer')) throw authTokenTypeNotSupported();
  const checked = tokens.check(authorization.slice('Bearer'.length + 1));
  if (!checked.ok) {
    switch (checked.reason) {
      case 'unknown':
        throw authUnauthorized({ code: 'ERR_JWS_INVALID', name: 'JWSInvalid' });
      case 'expired':
        throw authUnauthorized({ code: 'ERR_JWT_EXPIRED', name: 'JWTExpired', claim: 'exp', reason: 'check_failed' });
      case 'revoked':
        // As after a signing-key rotation: the token is well formed but no longer verifies.
        throw authUnauthorized({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', name: 'JWSSignatureVerificationFailed' });
    }
  }
  if (checked.token.audience !== audience) {
    throw authUnauthorized({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      name: 'JWTClaimValidationFailed',
      claim: 'aud',
      reason: 'check_failed',
    });
  }
  if (!checked.token.scopes.includes('all')) throw authForbidden();
}
