import type { RouteDefinition } from '../route.js';
import { applicationRoutes } from './applications.js';
import { logRoutes } from './logs.js';
import { organizationInvitationRoutes } from './organization-invitations.js';
import { organizationTemplateRoutes } from './organization-templates.js';
import { organizationRoutes } from './organizations.js';
import { resourceRoutes } from './resources.js';
import { roleRoutes } from './roles.js';
import { systemRoutes } from './system.js';
import { userRoutes, userWriteRoutes } from './users.js';

/**
 * Every Management API route, relative to `/api`. Write routes (a later issue) go into the same
 * family files with `method: 'POST' | 'PATCH' | 'DELETE'`; the server already reads JSON bodies.
 */
export const managementApiRoutes: readonly RouteDefinition[] = [
  ...systemRoutes,
  ...userRoutes,
  ...userWriteRoutes,
  ...roleRoutes,
  ...applicationRoutes,
  ...organizationRoutes,
  ...organizationTemplateRoutes,
  ...organizationInvitationRoutes,
  ...resourceRoutes,
  ...logRoutes,
];
