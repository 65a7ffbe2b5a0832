import type {
  LogtoApplication,
  LogtoLog,
  LogtoOrganization,
  LogtoOrganizationInvitation,
  LogtoOrganizationRole,
  LogtoOrganizationScope,
  LogtoResource,
  LogtoRole,
  LogtoScope,
  LogtoUser,
} from '../logto/types.js';

/**
 * The rows the sandbox stores: Logto's REST shapes (from `@logto/api`) without the fields Logto
 * computes per response (counts, featured lists, relation summaries).
 */

/** `cimdClientId` is in Logto 1.42's answers (see the recordings) but not yet in `@logto/api`'s types. */
export type UserRow = Omit<
  LogtoUser,
  'hasPassword' | 'hasSecurityVerificationMethod' | 'ssoIdentities' | 'passwordDigest' | 'passwordAlgorithm'
> & {
  cimdClientId: string | null;
  /** Kept instead of a digest: the sandbox never holds, so can never leak, a password hash. */
  hasPassword: boolean;
};

export type RoleRow = Pick<LogtoRole, 'tenantId' | 'id' | 'name' | 'description' | 'type' | 'isDefault'>;

export type ApplicationType = LogtoApplication['type'];

/**
 * `@logto/api`'s generated types describe redirect URIs as objects; Logto stores and returns plain
 * strings (see the recordings), so the row says so.
 */
export type ApplicationRow = Omit<LogtoApplication, 'secret' | 'oidcClientMetadata'> & {
  oidcClientMetadata: Omit<LogtoApplication['oidcClientMetadata'], 'redirectUris' | 'postLogoutRedirectUris'> & {
    redirectUris: string[];
    postLogoutRedirectUris: string[];
  };
};

export type ApplicationSecretRow = {
  tenantId: string;
  applicationId: string;
  name: string;
  value: string;
  createdAt: number;
  expiresAt: number | null;
};

export type ResourceRow = Omit<LogtoResource, 'scopes'>;

export type ScopeRow = LogtoScope;

export type OrganizationRow = Omit<LogtoOrganization, 'usersCount' | 'featuredUsers'>;

export type OrganizationRoleRow = Omit<LogtoOrganizationRole, 'scopes' | 'resourceScopes'>;

export type OrganizationScopeRow = LogtoOrganizationScope;

export type InvitationRow = Omit<LogtoOrganizationInvitation, 'organizationRoles'>;

/** Logto's log payloads carry more than `@logto/api` declares (`params`, `tokenTypes`, `sessionId`, ...). */
export type LogRow = Omit<LogtoLog, 'payload'> & { payload: LogtoLog['payload'] & Record<string, unknown> };

/** A connector as `/api/connectors` lists it (config included, as Logto answers it). */
export type ConnectorRow = Record<string, unknown> & { id: string };
