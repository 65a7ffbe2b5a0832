/**
 * The facade's permission catalogue: the scopes you define on its API resource in Logto and
 * grant through roles (tenant-wide) or organization roles (organization-level API resource
 * permissions). The `scope` claim of an access token names the ones a caller holds. The README's
 * table lists the same names (a test keeps the two in step).
 */
export const SCOPES = {
  readUsers: 'read:users',
  readUsersSensitive: 'read:users:sensitive',
  writeUsers: 'write:users',
  readUsersSecurity: 'read:users:security',
  writeUsersSecurity: 'write:users:security',
  readRoles: 'read:roles',
  writeRoles: 'write:roles',
  readApplications: 'read:applications',
  readApplicationsSensitive: 'read:applications:sensitive',
  writeApplications: 'write:applications',
  readOrganizations: 'read:organizations',
  writeOrganizations: 'write:organizations',
  readResources: 'read:resources',
  writeResources: 'write:resources',
  readLogs: 'read:logs',
  readLogsPayload: 'read:logs:payload',
  readConnectors: 'read:connectors',
  readHooks: 'read:hooks',
  writeHooks: 'write:hooks',
  profile: 'profile',
  bulkJobs: 'bulk:jobs',
  readBulkJobs: 'read:bulk-jobs',
} as const;

export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

export const PROFILE_SCOPE: Scope = SCOPES.profile;

/** What each scope allows: the README's table says the same (a test compares them). */
export const SCOPE_DESCRIPTIONS: Readonly<Record<Scope, string>> = {
  'read:users': 'Read users (`user`, `users`, organization members, relations to users) and their basic fields',
  'read:users:sensitive': "Read users' `customData`, `identities` and `profile` (address, birthdate, ...)",
  'write:users': 'Create, update, suspend and delete users; assign their roles',
  'read:users:security':
    "Read a user's security screen: sessions, grants, MFA verifications, linked identities, personal access tokens (never their values) and Logto config (tenant-wide only)",
  'write:users:security':
    "Revoke a user's sessions and grants, add and remove MFA verifications, link and unlink identities, manage personal access tokens, verify and expire passwords, update the Logto config (tenant-wide only)",
  'read:roles': 'Read tenant roles (`role`, `roles`, `User.roles`, `Application.roles`)',
  'write:roles': 'Create, update and delete roles; change their permissions',
  'read:applications': 'Read applications (never their secrets)',
  'read:applications:sensitive': "Read applications' `customData`",
  'write:applications': 'Create, update and delete applications',
  'read:organizations': 'Read organizations, their invitations, organization roles and scopes (organization tokens: their own organization only)',
  'write:organizations':
    "Manage organizations, members, members' organization roles and invitations (organization tokens: their own organization only). Adding any user of the tenant by id (`addOrganizationMembers`) needs it tenant-wide; an organization token brings new members in by invitation (email) and may name only users already in its organization, as members or as an inviter — any other id, unknown or someone else's, answers the same `NotFoundError`",
  'read:resources': 'Read API resources and their scopes (`resource`, `resources`, `scope`, `Role.scopes`)',
  'write:resources': 'Create, update and delete API resources and scopes',
  'read:logs': 'Read audit logs (`log`, `logs`, `User.logs`, `Application.logs`) without payloads',
  'read:logs:payload': "Read audit logs' `payload`, `errorMessage`, `ip` and `userAgent`",
  'read:connectors': 'Read the installed connectors (never their configuration)',
  'read:hooks': 'Read webhooks and their recent deliveries (never their signing keys)',
  'write:hooks': 'Create, update, test and delete webhooks; rotate their signing keys',
  profile: "Read and update the caller's **own** user through `me` and `updateMe` (user tokens only)",
  'bulk:jobs': 'Run bulk jobs (user imports, bulk role assignment, membership, suspension, deletion); each also needs the write permission of what it changes',
  'read:bulk-jobs': "Read every caller's bulk jobs (without it, a caller sees only its own)",
};

export const ALL_SCOPES: readonly Scope[] = Object.values(SCOPES);
