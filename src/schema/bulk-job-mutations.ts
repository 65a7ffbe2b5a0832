import { z } from 'zod';

import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { cost } from '../cost/rules.js';
import { logtoIdFrom } from '../global-id.js';
import { isMappingField } from '../jobs/import-rows.js';
import type { BulkJobRecord } from '../jobs/model.js';
import { ConflictError, NotFoundError, ValidationError } from '../mutation-errors.js';
import { controlJob, type JobControl, startBulkChange, type StartJobPayload, startUserImport } from '../resolvers/bulk-jobs.js';
import { BulkJobErrorRef, BulkJobRef } from './bulk-jobs.js';
import { builder } from './builder.js';
import { idOf, idRule } from './input-validation.js';
import { defineMutation, type MutationInputFieldBuilder } from './mutation-declaration.js';
import { mutationResult } from './mutation-support.js';

/**
 * Starting, pausing, resuming and cancelling bulk jobs. A start mutation makes no upstream
 * request itself (a dry run none at all): the job sends its rows later, as background requests
 * at the budget’s pace. Each needs the write permission of what the job changes plus `bulk:jobs`.
 */

/** yoga's `File` (GraphQL multipart request spec): the upload arrives as a web `File`. */
const FileScalar = builder.scalarType('File', {
  description: 'A file uploaded with the GraphQL multipart request spec (`multipart/form-data` with `operations` and `map`; send a CSRF header such as `x-graphql-yoga-csrf: 1`).',
  serialize: () => {
    throw new Error('File is an input-only scalar.');
  },
  parseValue: (value) => value as File,
});

const ImportFormatEnum = builder.enumType('ImportFormat', {
  description: 'How an import file is written.',
  values: {
    CSV: { description: 'Comma-separated values with a header row; `mapping` names the columns (default: columns named like the fields, or `email`, `phone`, `givenName`, `familyName`).' },
    NDJSON: { description: 'One JSON object a line; `mapping` names (dotted) keys.' },
    AUTH0_EXPORT: {
      description:
        'Auth0’s user export (NDJSON): `passwordHash` (bcrypt) or `custom_password_hash`, `username`, `email`, `phone_number`, `name`, `given_name`/`family_name`/`nickname` (profile), `picture` (avatar), `user_metadata` (customData), `user_id` and `app_metadata` (customData.auth0).',
    },
  } as const,
});

const ImportConflictEnum = builder.enumType('ImportConflict', {
  description: 'What an import does with a row whose username, email or phone is already in Logto.',
  values: {
    SKIP: { description: 'Leave the user as it is and report the row as `exists` (the default).' },
    UPDATE: { description: 'Update its profile fields from the row (a password digest is never replaced).' },
  } as const,
});

const ColumnMappingInput = builder.inputType('ImportColumnMappingInput', {
  description: 'One column (CSV) or dotted key (NDJSON) read into one user field.',
  fields: (t) => ({
    column: t.string({ required: true, description: 'The column’s header, or the dotted key.' }),
    field: t.string({
      required: true,
      description: '`username`, `primaryEmail`, `primaryPhone`, `name`, `avatar`, `passwordDigest`, `passwordAlgorithm`, `customData` (a JSON object), `customData.<key>` or `profile.<claim>`.',
    }),
  }),
});

const BulkJobDryRunRef = builder.objectRef<NonNullable<StartJobPayload['dryRun']>>('BulkJobDryRun').implement({
  description: 'What a job would do, found without any upstream request.',
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'Rows (or distinct users) in the input.' }),
    valid: t.exposeInt('valid', { description: 'Rows the job would send. For `startBulkDeletion`, the number `confirm` must repeat.' }),
    errors: t.field({ type: [BulkJobErrorRef], description: 'Every row that would fail, with its typed error.', resolve: (report) => report.errors }),
    estimatedDurationSeconds: t.int({
      description: 'How long the job would take at the current budget, if it had the budget to itself (it gets `BULK_BUDGET_SHARE` of it while interactive requests are about).',
      resolve: (report) => Math.ceil(report.estimatedDurationMs / 1000),
    }),
  }),
});

const startPayload = (mutation: string) =>
  builder.objectRef<StartJobPayload>(`${mutation.charAt(0).toUpperCase()}${mutation.slice(1)}Payload`).implement({
    description: `What \`${mutation}\` started, or (with \`dryRun: true\`) what it would do.`,
    fields: (t) => ({
      job: t.field({ type: BulkJobRef, nullable: true, description: 'The job; null for a dry run.', extensions: cost.given(), resolve: (payload) => payload.job }),
      dryRun: t.field({ type: BulkJobDryRunRef, nullable: true, description: 'The dry run’s report; null when a job was started.', resolve: (payload) => payload.dryRun }),
    }),
  });

/** Both permissions: the write permission of what the job changes, and `bulk:jobs`. */
const withBulk = (requirement: object) => ({ $all: { ...requirement, permission: SCOPES.bulkJobs } });
const userWritersWithBulk = withBulk(requires.tenant(SCOPES.writeUsers));
const userIds = z.array(idOf('User')).min(1, 'Give at least one user id.').max(10_000, 'Give at most 10,000 user ids.');
const dryRun = (t: MutationInputFieldBuilder) =>
  t.boolean({ description: 'Check the input and report what the job would do, with 0 upstream requests; no job is started.' });
const userIdsField = (t: MutationInputFieldBuilder) => t.idList({ required: true, description: 'Global ids or Logto ids of the users (1–10,000; repeats count once).' });
const JOB_DETAILS = 'The job runs after the mutation answers, one upstream request per row, queued behind interactive requests; follow it with `bulkJob(id:)`.';

defineMutation('startUserImport', {
  does: 'Starts a job that creates users from an uploaded file, password digests included',
  route: 'POST /api/users',
  requests: 0,
  details: `${JOB_DETAILS} Every row is checked first by Logto’s rules, for duplicates inside the file and for the password digest’s format (Logto accepts any string as a digest); bad rows are reported, never sent.`,
  input: {
    description: 'A file of users to import.',
    argument: 'The file and how to read it.',
    fields: (t) => ({
      file: t.field({ type: FileScalar, required: true, description: 'The file (multipart upload), at most MAX_BODY_BYTES.' }),
      format: t.field({ type: ImportFormatEnum, required: true, description: 'How it is written.' }),
      mapping: t.field({ type: [ColumnMappingInput], description: 'CSV and NDJSON: which column goes to which field.' }),
      dryRun: dryRun(t),
      onConflict: t.field({ type: ImportConflictEnum, description: 'A user already in Logto: `SKIP` (default) or `UPDATE`.' }),
    }),
    validate: z.object({
      // yoga hands over its fetch implementation's File, which need not be this realm's Blob.
      file: z.custom<File>((value) => typeof value === 'object' && value !== null && typeof (value as Partial<File>).text === 'function', 'Upload the file as a multipart request.'),
      format: z.enum(['CSV', 'NDJSON', 'AUTH0_EXPORT']),
      mapping: z
        .array(z.object({ column: z.string().min(1).max(256), field: z.string().refine(isMappingField, 'Not a field an import can set.') }))
        .max(64)
        .nullish(),
      dryRun: z.boolean().nullish(),
      onConflict: z.enum(['SKIP', 'UPDATE']).nullish(),
    }),
  },
  errors: [ValidationError, ConflictError, NotFoundError],
  requires: userWritersWithBulk,
  payload: startPayload('startUserImport'),
  resolve: (ctx, input) => startUserImport(ctx, input) as Promise<StartJobPayload>,
});

defineMutation('startBulkRoleAssignment', {
  does: 'Starts a job that assigns roles to many users',
  route: 'POST /api/users/:userId/roles',
  requests: 0,
  details: JOB_DETAILS,
  input: {
    description: 'Users and the roles to give each of them.',
    argument: 'The users and the roles.',
    fields: (t) => ({
      userIds: userIdsField(t),
      roleIds: t.idList({ required: true, description: 'Global ids or Logto ids of user roles (1–100).' }),
      dryRun: dryRun(t),
    }),
    validate: z.object({ userIds, roleIds: z.array(idOf('Role')).min(1).max(100), dryRun: z.boolean().nullish() }),
  },
  errors: [ValidationError, NotFoundError, ConflictError],
  requires: userWritersWithBulk,
  payload: startPayload('startBulkRoleAssignment'),
  resolve: (ctx, input) => {
    const roleIds = input.roleIds.map((id) => logtoIdFrom(id, 'Role'));
    return startBulkChange(ctx, 'ROLE_ASSIGNMENT', input, { kind: 'ROLE_ASSIGNMENT', roleIds }) as Promise<StartJobPayload>;
  },
});

defineMutation('startBulkOrganizationMembership', {
  does: 'Starts a job that adds many users to an organization, or removes them',
  route: 'POST /api/organizations/:id/users',
  requests: 0,
  details: `${JOB_DETAILS} Removing uses \`DELETE /api/organizations/:id/users/:userId\`. Adding needs \`write:organizations\` tenant-wide (as \`addOrganizationMembers\` does for any user of the tenant); an organization token may remove members of its own organization.`,
  input: {
    description: 'An organization and users to add or remove.',
    argument: 'The organization and the users.',
    fields: (t) => ({
      organizationId: t.id({ required: true, description: 'Global id or Logto id of the organization.' }),
      userIds: userIdsField(t),
      remove: t.boolean({ description: 'Remove the users instead of adding them.' }),
      dryRun: dryRun(t),
    }),
    validate: z.object({ organizationId: idOf('Organization'), userIds, remove: z.boolean().nullish(), dryRun: z.boolean().nullish() }),
  },
  errors: [ValidationError, NotFoundError, ConflictError],
  requires: (input) =>
    input.remove ? withBulk(requires.organization(SCOPES.writeOrganizations, input.organizationId)) : withBulk(requires.tenant(SCOPES.writeOrganizations)),
  payload: startPayload('startBulkOrganizationMembership'),
  resolve: (ctx, input) => {
    const organizationId = logtoIdFrom(input.organizationId, 'Organization');
    const params = { kind: 'ORGANIZATION_MEMBERSHIP', organizationId, remove: input.remove ?? false } as const;
    return startBulkChange(ctx, 'ORGANIZATION_MEMBERSHIP', input, params, organizationId) as Promise<StartJobPayload>;
  },
});

defineMutation('startBulkSuspension', {
  does: 'Starts a job that suspends (or reactivates) many users',
  route: 'PATCH /api/users/:userId/is-suspended',
  requests: 0,
  details: JOB_DETAILS,
  input: {
    description: 'Users to suspend or reactivate.',
    argument: 'The users.',
    fields: (t) => ({
      userIds: userIdsField(t),
      suspended: t.boolean({ description: '`true` (default) suspends, `false` reactivates.' }),
      dryRun: dryRun(t),
    }),
    validate: z.object({ userIds, suspended: z.boolean().nullish(), dryRun: z.boolean().nullish() }),
  },
  errors: [ValidationError, NotFoundError],
  requires: userWritersWithBulk,
  payload: startPayload('startBulkSuspension'),
  resolve: (ctx, input) => startBulkChange(ctx, 'SUSPENSION', input, { kind: 'SUSPENSION', suspended: input.suspended ?? true }) as Promise<StartJobPayload>,
});

defineMutation('startBulkDeletion', {
  does: 'Starts a job that deletes many users',
  route: 'DELETE /api/users/:userId',
  requests: 0,
  details: `${JOB_DETAILS} Run it with \`dryRun: true\` first: \`confirm\` must repeat the count it reported.`,
  input: {
    description: 'Users to delete.',
    argument: 'The users and the confirmation.',
    fields: (t) => ({
      userIds: userIdsField(t),
      dryRun: dryRun(t),
      confirm: t.int({ description: 'The number of users the dry run reported (`dryRun.valid`); required unless `dryRun: true`.' }),
    }),
    validate: z.object({ userIds, dryRun: z.boolean().nullish(), confirm: z.number().int().min(0).nullish() }),
  },
  errors: [ValidationError, NotFoundError],
  requires: userWritersWithBulk,
  payload: startPayload('startBulkDeletion'),
  resolve: (ctx, input) => startBulkChange(ctx, 'DELETION', input, { kind: 'DELETION' }) as Promise<StartJobPayload>,
});

/** Pause, resume, cancel: no upstream request and no Logto route, so declared here rather than with `defineMutation`. */
const CONTROLS: readonly [JobControl, string, string][] = [
  ['pause', 'Pauses a bulk job between two rows; `resumeBulkJob` goes on from the next one.', 'PAUSED'],
  ['resume', 'Resumes a paused bulk job from the row after the last one it confirmed.', 'QUEUED, then RUNNING'],
  ['cancel', 'Cancels a bulk job for good: rows in flight finish, no other row is sent, and its uploaded file is dropped.', 'CANCELLED'],
];

for (const [action, does, status] of CONTROLS) {
  const name = `${action}BulkJob`;
  const Name = `${action.charAt(0).toUpperCase()}${action.slice(1)}BulkJob`;
  const Input = builder.inputType(`${Name}Input`, {
    description: `The job to ${action}.`,
    fields: (t) => ({ id: t.id({ required: true, description: 'The job’s id.' }) }),
    validate: z.object({ id: idRule }) as never,
  });
  const Payload = builder.objectRef<{ job: BulkJobRecord }>(`${Name}Payload`).implement({
    description: `The job \`${name}\` changed (status ${status}, or as it was when there was nothing to change).`,
    fields: (t) => ({ job: t.field({ type: BulkJobRef, description: 'The job.', resolve: (payload) => payload.job }) }),
  });
  builder.mutationField(name, (t) =>
    t.field({
      type: Payload,
      nullable: true,
      description: `${does} Costs no upstream request. Your own jobs, or anyone’s with \`read:bulk-jobs\`; needs \`bulk:jobs\`.`,
      args: { input: t.arg({ type: Input, required: true, description: `The job to ${action}.` }) },
      authScopes: { permission: SCOPES.bulkJobs },
      errors: mutationResult(name, [ValidationError, NotFoundError]),
      extensions: cost.write(0),
      resolve: async (_root, args, ctx) => {
        const result = await controlJob(ctx, String((args.input as { id: string }).id), action);
        if (result instanceof NotFoundError) throw result;
        return result;
      },
    }),
  );
}
