import type { Context } from '../context.js';
import { logtoIdFrom } from '../global-id.js';
import type { LogtoApplication } from '../logto/types.js';
import { NotFoundError } from '../mutation-errors.js';
import type { ApplicationTypeValue } from './applications.js';
import { type DeletedPayload, given, sendDelete, writeEntity } from './writes.js';

/** Fetch logic of the application mutations. */

export type CreateApplicationInput = {
  readonly name: string;
  readonly type: ApplicationTypeValue;
  readonly description?: string | null;
  readonly redirectUris?: readonly string[] | null;
  readonly postLogoutRedirectUris?: readonly string[] | null;
  readonly customData?: Record<string, unknown> | null;
  readonly isThirdParty?: boolean | null;
};

export type UpdateApplicationInput = {
  readonly id: string;
  readonly name?: string | null;
  readonly description?: string | null;
  readonly redirectUris?: readonly string[] | null;
  readonly postLogoutRedirectUris?: readonly string[] | null;
  readonly customData?: Record<string, unknown> | null;
};

export type CreateApplicationPayload = { readonly application: LogtoApplication; readonly clientSecret: string | null };
export type ApplicationPayload = { readonly application: LogtoApplication };

/** Types Logto gives a client secret (`hasSecrets`) among those `createApplication` accepts. */
const CONFIDENTIAL: readonly ApplicationTypeValue[] = ['MachineToMachine', 'Traditional'];

type SecretRow = { readonly name: string; readonly value: string; readonly expiresAt: number | null };

/**
 * `POST /api/applications` (200). Logto 1.42 no longer puts the secret in that answer (it keeps
 * an internal one on the row and the real one in `application_secrets`), so for a confidential
 * app a second request, `GET /api/applications/:id/secrets`, reads it — once, here, for the
 * payload. If that read fails the app exists anyway: the payload says so with a null secret
 * rather than an error that would invite a second create.
 */
export async function createApplication(ctx: Context, input: CreateApplicationInput): Promise<CreateApplicationPayload> {
  const uris = input.redirectUris || input.postLogoutRedirectUris;
  const body = given({
    name: input.name,
    type: input.type,
    description: input.description ?? undefined,
    isThirdParty: input.isThirdParty ?? undefined,
    customData: input.customData ?? undefined,
    oidcClientMetadata: uris ? { redirectUris: input.redirectUris ?? [], postLogoutRedirectUris: input.postLogoutRedirectUris ?? [] } : undefined,
  });
  const application = await writeEntity<LogtoApplication>(ctx, (loaders) => loaders.applications, { method: 'POST', route: '/api/applications', body });
  if (!CONFIDENTIAL.includes(application.type)) return { application, clientSecret: null };
  try {
    const secrets = (await ctx.upstream.request<SecretRow[]>({ method: 'GET', route: '/api/applications/:id/secrets', params: { id: application.id } })).body;
    return { application, clientSecret: secrets.find((secret) => secret.expiresAt === null)?.value ?? secrets[0]?.value ?? null };
  } catch (error) {
    ctx.logger.warn({ err: error, applicationId: application.id }, 'created an application but could not read its secret');
    return { application, clientSecret: null };
  }
}

/**
 * `PATCH /api/applications/:id` (200). Logto replaces `oidcClientMetadata` as a whole and needs
 * both URI lists in it, so changing one list reads the application first (one more request) to
 * keep the other list and the rest of the metadata.
 */
export async function updateApplication(ctx: Context, input: UpdateApplicationInput): Promise<ApplicationPayload> {
  const id = logtoIdFrom(input.id, 'Application');
  let oidcClientMetadata: Record<string, unknown> | undefined;
  if (input.redirectUris != null || input.postLogoutRedirectUris != null) {
    const current = await ctx.loaders.applications.load(id);
    if (!current) throw new NotFoundError(`The applications with ID \`${id}\` does not exist.`, 'id', null);
    oidcClientMetadata = {
      ...current.oidcClientMetadata,
      redirectUris: input.redirectUris ?? current.oidcClientMetadata.redirectUris,
      postLogoutRedirectUris: input.postLogoutRedirectUris ?? current.oidcClientMetadata.postLogoutRedirectUris,
    };
  }
  const body = given({
    name: input.name ?? undefined,
    description: input.description,
    customData: input.customData === null ? {} : input.customData,
    oidcClientMetadata,
  });
  const application = await writeEntity<LogtoApplication>(
    ctx,
    (loaders) => loaders.applications,
    { method: 'PATCH', route: '/api/applications/:id', params: { id }, body },
    { 'entity.not_exists_with_id': 'id' },
  );
  return { application };
}

/** `DELETE /api/applications/:id` (204): its secrets, roles and organization links go with it. */
export async function deleteApplication(ctx: Context, input: { readonly id: string }): Promise<DeletedPayload> {
  const id = logtoIdFrom(input.id, 'Application');
  await sendDelete(ctx, { route: '/api/applications/:id', params: { id } }, { 'entity.not_exists_with_id': 'id' });
  return { deletedId: id };
}
