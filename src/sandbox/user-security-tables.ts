import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

import { TENANT_ID } from './constants.js';

/**
 * What Logto keeps about a user's security that is not in the user row: OIDC sessions and grants
 * (the `oidc_model_instances` table), MFA verifications and the Logto config (JSON columns of
 * `users` that the user answers never show), personal access tokens and enterprise SSO identities
 * (their own tables). Separate from `SandboxStore`'s entity maps so the user routes stay as they were.
 */

export type SessionRow = {
  payload: {
    exp: number;
    iat: number;
    jti: string;
    uid: string;
    kind: 'Session';
    loginTs: number;
    accountId: string;
    authorizations: Record<string, { sid: string; grantId: string; persistsLogout?: boolean }>;
  };
  lastSubmission: Record<string, unknown>;
  clientId: string;
  accountId: string;
  expiresAt: number;
};

export type GrantRow = {
  id: string;
  payload: { exp: number; iat: number; jti: string; kind: 'Grant'; clientId: string; accountId: string; openid: { scope: string } };
  expiresAt: number;
};

/** The answer rows only: the secret of a TOTP and the codes stay inside the sandbox. */
export type MfaVerificationRow = { id: string; createdAt: string; type: 'Totp' | 'BackupCode'; remainCodes?: number };

export type PersonalAccessTokenRow = { tenantId: string; userId: string; name: string; value: string; createdAt: number; expiresAt: number | null };

export type SsoIdentityRow = {
  tenantId: string;
  id: string;
  userId: string;
  issuer: string;
  identityId: string;
  detail: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  ssoConnectorId: string;
};

export type LogtoConfig = {
  mfa: { enabled?: boolean; skipped?: boolean; additionalBindingSuggestionSkipped?: boolean; skipMfaOnSignIn?: boolean };
  passkeySignIn: { skipped?: boolean };
};

type PasswordVerifier = { readonly salt: Buffer; readonly hash: Buffer };

export class UserSecurityTables {
  /** By session uid (how Logto's routes address a session). */
  readonly sessions = new Map<string, SessionRow>();
  readonly grants = new Map<string, GrantRow>();
  /** By user id, oldest first. */
  readonly mfaVerifications = new Map<string, MfaVerificationRow[]>();
  /** By user id. */
  readonly personalAccessTokens = new Map<string, PersonalAccessTokenRow[]>();
  readonly ssoIdentities: SsoIdentityRow[] = [];
  readonly logtoConfigs = new Map<string, LogtoConfig>();
  /**
   * Whether the sign-in experience has a password expiration policy. OSS refuses to enable one
   * without a forgot-password connector (the recorder set it with SQL); tests may switch it here.
   */
  passwordExpirationEnabled = false;
  /**
   * A salted scrypt verifier per user who was given a password through the API, so
   * `POST …/password/verify` can answer. Never part of any answer; seeded users have none.
   */
  readonly #passwords = new Map<string, PasswordVerifier>();

  setPassword(userId: string, password: string): void {
    const salt = randomBytes(16);
    this.#passwords.set(userId, { salt, hash: scryptSync(password, salt, 32) });
  }

  passwordMatches(userId: string, password: string): boolean {
    const verifier = this.#passwords.get(userId);
    return verifier !== undefined && timingSafeEqual(verifier.hash, scryptSync(password, verifier.salt, 32));
  }

  /** Logto's foreign keys cascade on user deletion; sessions and grants expire on their own there. */
  removeUser(userId: string): void {
    this.mfaVerifications.delete(userId);
    this.personalAccessTokens.delete(userId);
    this.logtoConfigs.delete(userId);
    this.#passwords.delete(userId);
    for (let index = this.ssoIdentities.length - 1; index >= 0; index -= 1) {
      if (this.ssoIdentities[index]?.userId === userId) this.ssoIdentities.splice(index, 1);
    }
    for (const [uid, session] of this.sessions) if (session.accountId === userId) this.sessions.delete(uid);
    for (const [id, grant] of this.grants) if (grant.payload.accountId === userId) this.grants.delete(id);
  }
}

/** A 43-character base64url id (the length oidc-provider gives uids and jtis), derived, not random. */
const derivedId = (...parts: string[]) => createHash('sha256').update(parts.join(':')).digest('base64url').slice(0, 43);

export type SecuritySeedUser = { readonly id: string; readonly username: string | null };
export type SecuritySeedApplication = { readonly id: string; readonly isThirdParty: boolean };

/** The OIDC SSO connector the seeded enterprise identity points at (the sandbox has no SSO connectors table). */
export const SEEDED_SSO_CONNECTOR_ID = 'sandboxoidcsso';

/**
 * A few signed-in users for GraphiQL: sessions with their grants, MFA, PATs, an enterprise
 * identity. Ids are derived from the users' ids (no draw from the seed's random streams, so the
 * rest of the seed is unchanged); PAT values are random, as Logto's are.
 */
export function seedUserSecurity(
  tables: UserSecurityTables,
  users: readonly SecuritySeedUser[],
  apps: { readonly firstParty: SecuritySeedApplication; readonly thirdParty: SecuritySeedApplication },
  at: number,
): void {
  const DAY = 86_400_000;
  // Far-off expiries: the seed's clock is fixed in the past, and expired sessions would be noise.
  const SESSION_TTL = 5 * 365 * 86_400;
  const GRANT_TTL = 6 * 365 * 86_400;
  users.forEach((user, index) => {
    const signIns = index === 0 ? [apps.firstParty, apps.firstParty, apps.thirdParty] : index === 1 ? [apps.firstParty] : [];
    signIns.forEach((app, n) => {
      const iat = Math.floor((at + n * 60_000) / 1000);
      const grantId = derivedId('grant', user.id, String(n));
      const uid = derivedId('session', user.id, String(n));
      tables.grants.set(grantId, {
        id: grantId,
        payload: { exp: iat + GRANT_TTL, iat, jti: grantId, kind: 'Grant', clientId: app.id, accountId: user.id, openid: { scope: app.isThirdParty ? 'openid' : 'openid profile offline_access' } },
        expiresAt: (iat + GRANT_TTL) * 1000,
      });
      tables.sessions.set(uid, {
        payload: {
          exp: iat + SESSION_TTL,
          iat,
          jti: derivedId('jti', user.id, String(n)),
          uid,
          kind: 'Session',
          loginTs: iat,
          accountId: user.id,
          authorizations: { [app.id]: { sid: derivedId('sid', user.id, String(n)), grantId, ...(app.isThirdParty ? {} : { persistsLogout: true }) } },
        },
        lastSubmission: {
          interactionEvent: 'SignIn',
          userId: user.id,
          verificationRecords: [{ id: derivedId('verification', user.id, String(n)).slice(0, 21), type: 'Password', identifier: { type: 'username', value: user.username ?? user.id }, verified: true }],
          signInContext: { ip: '127.0.0.1', userAgent: 'sandbox' },
        },
        clientId: app.id,
        accountId: user.id,
        expiresAt: (iat + SESSION_TTL) * 1000,
      });
    });
    if (index === 0) {
      tables.mfaVerifications.set(user.id, [
        { id: derivedId('totp', user.id).slice(0, 21), createdAt: new Date(at - 10 * DAY).toISOString(), type: 'Totp' },
        { id: derivedId('backup', user.id).slice(0, 21), createdAt: new Date(at - 10 * DAY + 60_000).toISOString(), type: 'BackupCode', remainCodes: 8 },
      ]);
      tables.logtoConfigs.set(user.id, { mfa: { enabled: true, skipped: false }, passkeySignIn: {} });
      tables.ssoIdentities.push({
        tenantId: TENANT_ID,
        id: derivedId('sso', user.id).slice(0, 21),
        userId: user.id,
        issuer: 'https://idp.example.com',
        identityId: `idp-${user.id}`,
        detail: { name: user.username ?? user.id },
        createdAt: at - 20 * DAY,
        updatedAt: at - 20 * DAY,
        ssoConnectorId: SEEDED_SSO_CONNECTOR_ID,
      });
    }
    if (index < 2) {
      tables.personalAccessTokens.set(user.id, [
        { tenantId: TENANT_ID, userId: user.id, name: 'ci-token', value: newPatValue(), createdAt: at - 5 * DAY, expiresAt: null },
        ...(index === 0 ? [{ tenantId: TENANT_ID, userId: user.id, name: 'deploy-bot', value: newPatValue(), createdAt: at - 2 * DAY, expiresAt: at + 30 * DAY }] : []),
      ]);
    }
  });
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `pat_` + 32 alphanumeric characters, as Logto makes them. */
export function newPatValue(): string {
  const bytes = randomBytes(32);
  return `pat_${[...bytes].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('')}`;
}
