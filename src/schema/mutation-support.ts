import { ConflictError, NotFoundError, ValidationError, type ValidationIssue } from '../mutation-errors.js';
import { builder, type SchemaTypesDef } from './builder.js';

/** The field builder of a payload object type, for field helpers shared by several payloads. */
export type PayloadFieldBuilder<Payload> = PothosSchemaTypes.ObjectFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypesDef>, Payload>;

/**
 * The typed errors mutations return, following the errors plugin's "shared Error interface"
 * pattern: every error type implements `Error { message }`, so a client can always ask for
 * `... on Error { message }` and add fragments for the ones it handles specially.
 */

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'A failure the caller can act on, returned as a member of a mutation’s result union.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, in a sentence a UI can show.' }),
  }),
});

const ValidationIssueRef = builder.objectRef<ValidationIssue>('ValidationIssue').implement({
  description: 'One rule the input breaks.',
  fields: (t) => ({
    field: t.exposeString('field', {
      nullable: true,
      description: 'Dotted path of the input field inside `input` (e.g. `primaryEmail`, `roleIds.2`), or null for the input as a whole.',
    }),
    message: t.exposeString('message', { description: 'What is wrong with it.' }),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description:
    'The input breaks a rule: a format, a length, a value not allowed, or one of Logto’s own checks. Input rules are checked before anything is sent to Logto.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    field: t.string({
      nullable: true,
      description: 'The first offending field, as a dotted path inside `input`; null when the input as a whole is at fault.',
      resolve: (error) => error.field,
    }),
    issues: t.field({
      type: [ValidationIssueRef],
      description: 'Every rule the input breaks (the first is also in `field` and `message`).',
      resolve: (error) => error.issues,
    }),
    logtoCode: t.exposeString('logtoCode', {
      nullable: true,
      description: 'Logto’s error code when Logto refused the input (e.g. `guard.invalid_input`); null when we refused it first.',
    }),
  }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'Something in the input is already taken: a username, an email address, a phone number, a name, an API identifier.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    field: t.exposeString('field', { nullable: true, description: 'The input field holding the taken value.' }),
    // Nullable like the other error types' `logtoCode`: one selection across union members must agree.
    logtoCode: t.exposeString('logtoCode', { nullable: true, description: 'Logto’s error code, e.g. `user.username_already_in_use`.' }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'An id in the input names nothing (or nothing of the kind the field expects).',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    field: t.exposeString('field', {
      nullable: true,
      description: 'The input field holding the unknown id. For a list of ids Logto does not say which one.',
    }),
    logtoCode: t.exposeString('logtoCode', { nullable: true, description: 'Logto’s error code, e.g. `entity.not_exists_with_id`.' }),
  }),
});

type ErrorClass = typeof ValidationError | typeof ConflictError | typeof NotFoundError;

/**
 * The `errors` option of a mutation field: its result union `<Name>Result`, with the payload
 * directly inside it (the plugin's `directResult`).
 */
export function mutationResult(mutationName: string, types: readonly ErrorClass[]) {
  const name = `${mutationName.charAt(0).toUpperCase()}${mutationName.slice(1)}Result`;
  const members = types.map((type) => `\`${type.name}\``).join(', ');
  return {
    types: [...types],
    directResult: true,
    union: { name, description: `What \`${mutationName}\` returns: its payload, or one of ${members}.` },
  };
}
