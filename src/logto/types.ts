/**
 * REST payload shapes of the Logto Management API, taken from the `@logto/api` package's
 * generated OpenAPI types (type-only import: nothing of it runs). `@logto/api` does not export its
 * `paths` interface by name, so it is recovered from the client factory's return type.
 */
import type { createApiClient } from '@logto/api/management';

type ManagementClient = ReturnType<typeof createApiClient>;
type PathsOf<C> = C extends import('openapi-fetch').Client<infer P extends object, infer _M extends `${string}/${string}`> ? P : never;

/** Every Management API path, as `@logto/api` declares it (e.g. `'/api/users/{userId}'`). */
export type ManagementPaths = PathsOf<ManagementClient>;

type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never;

/** The JSON body of a successful GET on `Path`. */
export type GetResponse<Path extends keyof ManagementPaths> = ManagementPaths[Path] extends {
  get: { responses: infer R };
}
  ? R extends { 200: infer OK }
    ? JsonOf<OK>
    : never
  : never;

/** The JSON body a POST/PATCH/PUT on `Path` accepts. */
export type RequestBody<
  Path extends keyof ManagementPaths,
  Method extends 'post' | 'patch' | 'put',
> = ManagementPaths[Path] extends Record<Method, { requestBody?: infer B }> ? JsonOf<NonNullable<B>> : never;

type Element<T> = T extends readonly (infer E)[] ? E : never;

/** One row of the list a GET on `Path` answers (what an entity's loader holds: `entity<ListRow<'/api/x'>>`). */
export type ListRow<Path extends keyof ManagementPaths> = Element<GetResponse<Path>>;

export type LogtoUser = Element<GetResponse<'/api/users'>>;
export type LogtoRole = Element<GetResponse<'/api/roles'>>;
export type LogtoApplication = Element<GetResponse<'/api/applications'>>;
export type LogtoOrganization = Element<GetResponse<'/api/organizations'>>;
export type LogtoOrganizationMember = Element<GetResponse<'/api/organizations/{id}/users'>>;
export type LogtoUserOrganization = Element<GetResponse<'/api/users/{userId}/organizations'>>;
export type LogtoOrganizationRole = Element<GetResponse<'/api/organization-roles'>>;
export type LogtoOrganizationScope = Element<GetResponse<'/api/organization-scopes'>>;
export type LogtoOrganizationInvitation = Element<GetResponse<'/api/organization-invitations'>>;
export type LogtoResource = Element<GetResponse<'/api/resources'>>;
export type LogtoScope = Element<GetResponse<'/api/resources/{resourceId}/scopes'>>;
export type LogtoLog = Element<GetResponse<'/api/logs'>>;
export type LogtoConnector = Element<GetResponse<'/api/connectors'>>;
/** A webhook; its `signingKey` is in every answer and must never reach a read field. */
export type LogtoHook = Element<GetResponse<'/api/hooks'>>;
