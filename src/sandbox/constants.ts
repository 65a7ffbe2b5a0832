/** Names Logto itself fixes, shared by the seed, the routes and the token endpoint. */

/** The single tenant of a Logto OSS instance. */
export const TENANT_ID = 'default';

/** Roles whose name starts with this are Logto's own: `/api/roles` never lists them. */
export const INTERNAL_ROLE_PREFIX = '#internal:';

/** The role that marks an application as a tenant admin (`isAdmin` on `GET /applications/:id`). */
export const INTERNAL_ADMIN_ROLE_NAME = `${INTERNAL_ROLE_PREFIX}admin`;

/** The built-in Management API resource of an OSS tenant, with its fixed ids. */
export const MANAGEMENT_API_INDICATOR = 'https://default.logto.app/api';
export const MANAGEMENT_API_RESOURCE_ID = 'management-api';
export const MANAGEMENT_API_SCOPE_ID = 'management-api-all';
