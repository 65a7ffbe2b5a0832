import type { ApplicationType } from './rows.js';

/**
 * The fixed part of the seed, modelled on the recorded Logto instance
 * (`logto-recorded/seed-summary.json` and the recorded bodies): names, roles, resources,
 * applications and organizations. `seed.ts` adds the generated part (users, links, logs).
 */

export const FIRST_NAMES = [
  'Alice', 'Amara', 'Bjorn', 'Bob', 'Carol', 'Chen', 'Chloé', 'Dmitri', 'Elif', 'Eve', 'Fatima', 'Frank',
  'Gustavo', 'Hana', 'Heidi', 'Isabella', 'Ivan', 'Jamal', 'José', 'Judy', 'Kenji', 'Lena', 'Mallory',
  'Mateo', 'Niaj', 'Nora', 'Omar', 'Peggy', 'Quinn', 'Rosa', 'Rupert', 'Søren', 'Sven', 'Sybil', 'Tariq',
  'Trent', 'Ulla', 'Uma', 'Victor', 'Vikram', 'Wen', 'Xena', 'Ximena', 'Yara', 'Yusuf', 'Zaid', 'Zoe',
] as const;

export const LAST_NAMES = [
  'Allen', 'Anderson', 'Clark', 'Davis', 'Flores', 'Gonzalez', 'Haddad', 'Hernandez', 'Ivanova', 'Jackson',
  'Jones', 'King', 'Larsen', 'Lee', 'Lewis', 'Lopez', 'Martin', 'Martinez', 'Miller', 'Moore', 'Müller',
  'Nguyen', "O'Brien", 'Okafor', 'Perez', 'Ramirez', 'Rodriguez', 'Sanchez', 'Scott', 'Smith', 'Tanaka',
  'Taylor', 'Thomas', 'Thompson', 'Torres', 'Walker', 'White', 'Williams', 'Wilson', 'Wright',
] as const;

/** Email domains and their weights: about two thirds `%example%`, an eighth `acme.test`, as recorded. */
export const EMAIL_DOMAINS = [
  ['example.com', 35],
  ['example.org', 25],
  ['mail.example.net', 14],
  ['acme.test', 13],
  ['globex.test', 13],
] as const;

export const DEPARTMENTS = ['Support', 'Marketing', 'Legal', 'Finance', 'Operations', 'HR', 'Sales', 'Engineering'] as const;
export const PLANS = ['free', 'pro', 'enterprise'] as const;
export const LOCALES = ['en', 'en-US', 'fr', 'de', 'ja', 'es', 'pt-BR', 'zh-CN'] as const;

export type ResourceSeed = {
  readonly key: string;
  readonly name: string;
  readonly indicator: string;
  readonly accessTokenTtl: number;
  readonly scopes: ReadonlyArray<readonly [name: string, description: string]>;
};

export const RESOURCES: readonly ResourceSeed[] = [
  {
    key: 'inventory',
    name: 'Inventory API',
    indicator: 'https://api.example.com/inventory',
    accessTokenTtl: 3600,
    scopes: [
      ['read:items', 'Read inventory items'],
      ['write:items', 'Create and update inventory items'],
      ['delete:items', 'Delete inventory items'],
      ['admin:inventory', 'Administer the inventory service'],
    ],
  },
  {
    key: 'billing',
    name: 'Billing API',
    indicator: 'https://billing.example.com/api',
    accessTokenTtl: 1800,
    scopes: [
      ['read:invoices', 'Read invoices'],
      ['write:invoices', 'Create invoices'],
      ['refund:payments', 'Refund payments'],
    ],
  },
  {
    key: 'analytics',
    name: 'Analytics API',
    indicator: 'https://analytics.example.com',
    accessTokenTtl: 7200,
    scopes: [
      ['read:reports', 'Read reports'],
      ['export:reports', 'Export reports as CSV'],
    ],
  },
];

export type RoleSeed = {
  readonly name: string;
  readonly description: string;
  readonly type: 'User' | 'MachineToMachine';
  /** Resource scope names the role grants. */
  readonly scopes: readonly string[];
  /** Users holding the role in a 1,200-user seed (scaled for other sizes). */
  readonly users?: number;
  /** Application names holding the role. */
  readonly applications?: readonly string[];
};

export const MANAGEMENT_ROLE_NAME = 'Logto Management API access';

export const ROLES: readonly RoleSeed[] = [
  { name: 'Admin', description: 'Full administrative access', type: 'User', users: 8, scopes: ['read:items', 'write:items', 'delete:items', 'admin:inventory', 'read:invoices', 'write:invoices', 'refund:payments', 'read:reports', 'export:reports'] },
  { name: 'Editor', description: 'Can edit inventory', type: 'User', users: 120, scopes: ['read:items', 'write:items'] },
  { name: 'Viewer', description: 'Read-only access', type: 'User', users: 482, scopes: ['read:items', 'read:invoices', 'read:reports'] },
  { name: 'Billing Manager', description: 'Manages invoices and refunds', type: 'User', users: 15, scopes: ['read:invoices', 'write:invoices', 'refund:payments'] },
  { name: 'Support Agent', description: 'Helps customers', type: 'User', users: 60, scopes: ['read:items', 'read:invoices'] },
  { name: 'Developer', description: 'Builds integrations', type: 'User', users: 90, scopes: ['read:items', 'write:items', 'read:reports'] },
  { name: 'Auditor', description: 'Reviews activity', type: 'User', users: 6, scopes: ['read:items', 'read:invoices', 'read:reports'] },
  { name: 'Moderator', description: 'Moderates content', type: 'User', users: 25, scopes: ['read:items'] },
  { name: 'Content Creator', description: 'Creates content', type: 'User', users: 140, scopes: ['read:items', 'write:items'] },
  { name: 'Analyst', description: 'Analyses data', type: 'User', users: 30, scopes: ['read:reports', 'export:reports'] },
  { name: 'HR Manager', description: 'Manages people data', type: 'User', users: 4, scopes: ['read:reports'] },
  { name: 'Guest', description: 'Minimal access for guests', type: 'User', users: 5, scopes: [] },
  { name: 'Inventory Sync', description: 'Service role for the inventory sync worker', type: 'MachineToMachine', scopes: ['read:items', 'write:items'], applications: ['Inventory Sync Worker'] },
  { name: 'Reporting Service', description: 'Service role for scheduled reports', type: 'MachineToMachine', scopes: ['read:reports', 'export:reports'], applications: ['Reporting Cron'] },
  { name: 'Billing Webhook', description: 'Service role for payment provider webhooks', type: 'MachineToMachine', scopes: ['read:invoices', 'write:invoices'], applications: ['Reporting Cron', 'Payments Webhook Handler'] },
];

export type ApplicationSeed = {
  readonly name: string;
  readonly description: string;
  readonly type: ApplicationType;
  readonly redirectUris?: readonly string[];
  readonly postLogoutRedirectUris?: readonly string[];
  readonly isThirdParty?: boolean;
  readonly protectedApp?: { readonly host: string; readonly origin: string };
};

/** In creation order (the list answers newest first). */
export const APPLICATIONS: readonly ApplicationSeed[] = [
  { name: 'Customer Portal', description: 'React single-page app for customers', type: 'SPA', redirectUris: ['http://localhost:5173/callback', 'https://portal.example.com/callback'], postLogoutRedirectUris: ['https://portal.example.com'] },
  { name: 'Admin Dashboard', description: 'Internal admin dashboard', type: 'SPA', redirectUris: ['https://admin.example.com/callback'] },
  { name: 'Marketing Site', description: 'Next.js marketing website', type: 'Traditional', redirectUris: ['https://www.example.com/api/auth/callback'], postLogoutRedirectUris: ['https://www.example.com'] },
  { name: 'Partner Portal', description: 'Server-rendered partner portal', type: 'Traditional', redirectUris: ['https://partners.example.com/callback'] },
  { name: 'Example Analytics (third party)', description: 'Third-party app using Logto as IdP', type: 'Traditional', redirectUris: ['https://analytics-partner.example.net/oauth/callback'], isThirdParty: true },
  { name: 'iOS App', description: 'Swift iOS app', type: 'Native', redirectUris: ['io.example.app://callback'] },
  { name: 'Android App', description: 'Kotlin Android app', type: 'Native', redirectUris: ['io.example.android://callback'] },
  { name: 'Inventory Sync Worker', description: 'Nightly inventory synchronisation', type: 'MachineToMachine' },
  { name: 'Reporting Cron', description: 'Generates weekly reports', type: 'MachineToMachine' },
  { name: 'Payments Webhook Handler', description: 'Receives payment provider webhooks', type: 'MachineToMachine' },
  { name: 'Docs Portal', description: 'Internal docs behind a protected app', type: 'Protected', protectedApp: { host: 'docs-portal.protected.app', origin: 'https://docs.example.com' } },
  { name: 'Salesforce SSO', description: 'SAML service provider', type: 'SAML' },
  { name: 'Partner Widget (third party)', description: 'Embeddable widget from a partner', type: 'SPA', redirectUris: ['https://widget.partner.example.net/callback'], isThirdParty: true },
];

export const SANDBOX_APPLICATION_NAME = 'GraphQL facade (M2M)';
export const SANDBOX_APPLICATION_DESCRIPTION =
  'Machine-to-machine app used by the GraphQL facade to call the Management API';

/** Organizations in creation order with their member counts in a 1,200-user seed. */
export const ORGANIZATIONS: ReadonlyArray<readonly [name: string, members: number]> = [
  ['Acme Corp', 320], ['Globex', 120], ['Initech', 35], ['Umbrella', 30], ['Hooli', 26],
  ['Stark Industries', 41], ['Wayne Enterprises', 4], ['Wonka Industries', 27], ['Cyberdyne Systems', 10],
  ['Soylent', 41], ['Tyrell Corporation', 28], ['Aperture Science', 20], ['Black Mesa', 7],
  ['Vandelay Industries', 28], ['Pied Piper', 41], ['Dunder Mifflin', 18], ['Monsters Inc', 5],
  ['Oscorp', 21], ['Gringotts', 4], ['Bluth Company', 18], ['Prestige Worldwide', 37],
  ['Sterling Cooper', 12], ['Los Pollos Hermanos', 8], ['Krusty Krab', 22], ['Nakatomi Trading', 0],
];

export const REGIONS = ['us-east', 'eu-west', 'ap-south'] as const;

/** Organization scopes in creation order. */
export const ORGANIZATION_SCOPES: ReadonlyArray<readonly [name: string, description: string]> = [
  ['read:members', 'Read organization members'],
  ['invite:members', 'Invite members'],
  ['remove:members', 'Remove members'],
  ['manage:billing', 'Manage organization billing'],
  ['edit:projects', 'Edit projects'],
  ['view:projects', 'View projects'],
];

export type OrganizationRoleSeed = {
  readonly name: string;
  readonly description: string;
  readonly scopes: readonly string[];
  readonly resourceScopes: readonly string[];
};

export const ORGANIZATION_ROLES: readonly OrganizationRoleSeed[] = [
  { name: 'owner', description: 'Organization owner', scopes: ['read:members', 'invite:members', 'remove:members', 'manage:billing', 'edit:projects', 'view:projects'], resourceScopes: ['admin:inventory'] },
  { name: 'admin', description: 'Organization administrator', scopes: ['read:members', 'invite:members', 'remove:members', 'edit:projects', 'view:projects'], resourceScopes: ['read:items', 'write:items'] },
  { name: 'member', description: 'Regular member', scopes: ['read:members', 'edit:projects', 'view:projects'], resourceScopes: ['read:items'] },
  { name: 'billing', description: 'Billing contact', scopes: ['read:members', 'manage:billing'], resourceScopes: ['read:invoices'] },
  { name: 'viewer', description: 'Read-only member', scopes: ['view:projects'], resourceScopes: [] },
];

export type InvitationSeed = {
  readonly organization: string;
  readonly invitee: string;
  readonly roles: readonly string[];
  readonly status: 'Pending' | 'Revoked';
};

/** In creation order. The inviter is the organization's owner. */
export const INVITATIONS: readonly InvitationSeed[] = [
  { organization: 'Acme Corp', invitee: 'new.hire1@example.com', roles: ['member'], status: 'Pending' },
  { organization: 'Acme Corp', invitee: 'contractor@acme.test', roles: ['viewer'], status: 'Pending' },
  { organization: 'Globex', invitee: 'cfo@globex.test', roles: ['admin', 'billing'], status: 'Pending' },
  { organization: 'Initech', invitee: 'dev.lead@example.org', roles: ['admin'], status: 'Pending' },
  { organization: 'Umbrella', invitee: 'intern@example.com', roles: [], status: 'Pending' },
  { organization: 'Acme Corp', invitee: 'revoked.person@example.com', roles: ['member'], status: 'Revoked' },
];

/** Audit log keys and their weights; `TriggerHook.*` are webhook logs, which `/api/logs` leaves out. */
export const LOG_KEYS = [
  ['Interaction.Create', 14],
  ['Interaction.SignIn.Identifier.Password.Submit', 14],
  ['Interaction.SignIn.Submit', 10],
  ['Interaction.Register.Submit', 4],
  ['Interaction.End', 10],
  ['ExchangeTokenBy.AuthorizationCode', 14],
  ['ExchangeTokenBy.RefreshToken', 16],
  ['ExchangeTokenBy.ClientCredentials', 10],
  ['RevokeToken', 3],
  ['TriggerHook.PostSignIn', 4],
] as const;

export const BROWSER_USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
] as const;
