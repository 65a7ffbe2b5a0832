import { ConflictError, NotFoundError, ValidationError, type ValidationIssue } from '../mutation-errors.js';
import { builder, type SchemaTypesDef } from './builder.js';

/** The field builder of a payload object type, for field helpers shared by several payloads. */
export type PayloadFieldBuilder<Payload> = PothosSchemaTypes.ObjectFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypesDef>, Payload>;

/**
 * The typed errors mutations return, following the errors plugin's "shared Error interface"
 * pattern: every error type implements `Error { message }`, so a client can always ask for
 * `... on Error { message }` and add fragments for the ones it handles specially.
 */

type MutationError = ValidationError | ConflictError | NotFoundError;

export const ErrorInterface = builder.interfaceRef<MutationError>('Error').implement({
  description:
    'A failure the caller can act on, returned as a member of a mutation’s result union. `... on Error { message field }` covers every one of them.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, in a sentence a UI can show.' }),
    field: t.string({
      nullable: true,
      description: 'The input field at fault, as a dotted path inside `input` (e.g. `primaryEmail`, `roleIds.2`); null when it is the input as a whole or Logto does not say.',
      resolve: (error) => error.field,
    }),
    logtoCode: t.string({
      nullable: true,
      description: 'Logto’s error code when Logto refused the request (e.g. `user.username_already_in_use`); null when this service refused the input before asking Logto.',
      resolve: (error) => error.logtoCode,
    }),
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
    'The input breaks a rule: a format, a length, a value not allowed, or one of Logto’s own checks. Input rules are checked before anything is sent to Logto; `field` and `message` describe the first broken rule.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    issues: t.field({
      type: [ValidationIssueRef],
      description: 'Every rule the input breaks (the first is also in `field` and `message`).',
      resolve: (error) => error.issues,
    }),
  }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description:
    'Something in the input is already taken: a username, an email address, a phone number, a name, an API identifier, an assignment that exists. `field` names it.',
  interfaces: [ErrorInterface],
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description:
    'An id in the input names nothing (or nothing of the kind the field expects). For a list of ids Logto does not say which one; for some relations not even which field (`field` is then null).',
  interfaces: [ErrorInterface],
});

export type ErrorClass = typeof ValidationError | typeof ConflictError | typeof NotFoundError;

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
