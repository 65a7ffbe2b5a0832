import type { RouteDefinition } from '../router.js';
import { applicationConsentRoutes } from './application-consent.js';
import { applicationScreenRoutes } from './application-screen.js';
import { applicationWriteRoutes } from './application-writes.js';
import { applicationRoutes } from './applications.js';
import { hookRoutes } from './hooks.js';
import { logRoutes } from './logs.js';
import { organizationApplicationRoutes } from './organization-applications.js';
import { organizationInvitationRoutes } from './organization-invitations.js';
import { organizationJitRoutes } from './organization-jit.js';
import { organizationRoleLinkRoutes } from './organization-role-links.js';
import { organizationTemplateRoutes } from './organization-templates.js';
import { organizationWriteRoutes } from './organization-writes.js';
import { organizationRoutes } from './organizations.js';
import { resourceWriteRoutes } from './resource-writes.js';
import { roleResourceExtraRoutes } from './role-resource-extras.js';
import { resourceRoutes } from './resources.js';
import { roleWriteRoutes } from './role-writes.js';
import { roleRoutes } from './roles.js';
import { systemRoutes } from './system.js';
import { userWriteRoutes } from './user-writes.js';
import { userSecurityRoutes } from './user-security.js';
import { userRoutes } from './users.js';

/**
 * Every Management API route, relative to `/api`. Each family's writes live in a `*-writes.ts`
 * file next to its reads; the router matches by path, then method.
 */
export const managementApiRoutes: readonly RouteDefinition[] = [
  ...systemRoutes,
  ...userRoutes,
  ...userWriteRoutes,
  ...userSecurityRoutes,
  ...roleRoutes,
  ...applicationRoutes,
  ...organizationRoutes,
  ...organizationTemplateRoutes,
  ...organizationInvitationRoutes,
  ...resourceRoutes,
  ...logRoutes,
  ...roleWriteRoutes,
  ...applicationWriteRoutes,
  ...organizationWriteRoutes,
  ...resourceWriteRoutes,
  ...organizationApplicationRoutes,
  ...organizationJitRoutes,
  ...organizationRoleLinkRoutes,
  ...roleResourceExtraRoutes,
  ...applicationScreenRoutes,
  ...applicationConsentRoutes,
  ...hookRoutes,
];
