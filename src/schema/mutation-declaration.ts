import type { InputFieldMap, InputShapeFromFields, ObjectRef } from '@pothos/core';
import { z } from 'zod';

import type { Requirement } from '../auth/policy.js';
import type { Context } from '../context.js';
import { cost, describeWriteRequests, type WriteRequests } from '../cost/rules.js';
import { entityOf } from '../entities.js';
import { encodeGlobalId } from '../global-id.js';
import type { DeletedPayload, WriteMethod } from '../resolvers/writes.js';
import { builder, type SchemaTypesDef } from './builder.js';
import { idOf, idRule } from './input-validation.js';
import { type ErrorClass, mutationResult, type PayloadFieldBuilder } from './mutation-support.js';

/**
 * A mutation, declared once. `defineMutation` turns the declaration into everything the schema
 * holds about it: the `<Name>Input` type with its validation (one zod object, checked by the
 * validation plugin before anything is sent), the root field with its `authScopes`, its result
 * union `<Name>Result` (the errors plugin), its cost rule (`extensions.upstreamCost`, read by the
 * estimator) and its description, which states the route and the request count from the same
 * values the code uses — so the prose cannot drift from them.
 */

type Types = PothosSchemaTypes.ExtendDefaultTypes<SchemaTypesDef>;
type InputFields = PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>;
/** The `t` of an input's `fields`, for input helpers shared by several declarations. */
export type MutationInputFieldBuilder = InputFields;

export type MutationDeclaration<Fields extends InputFieldMap, Payload> = {
  /** What it does, as the description's opening: `Creates an organization`. */
  readonly does: string;
  /** The Logto route it writes to, as `METHOD /api/...`. */
  readonly route: `${WriteMethod} /api/${string}`;
  /** Upstream requests it makes at most (default 1); stated in the description from this value. */
  readonly requests?: WriteRequests;
  /** Prose after the route and count, for what a client must know (never a count: that is `requests`). */
  readonly details?: string;
  readonly input: {
    /** The input type's description. */
    readonly description: string;
    /** The `input` argument's description. */
    readonly argument: string;
    readonly fields: (t: InputFields) => Fields;
    /** The input's rules as one zod object (`input-validation.ts`), so a form gets every broken rule at once. */
    readonly validate: z.ZodType;
  };
  /**
   * The typed errors Logto's route can give (test/mutations/typed-errors.test.ts checks them), in
   * its result union `<Name>Result`; or `{ topLevel: why }` for a mutation that returns its
   * payload itself and answers every failure as a top-level error (src/errors.ts maps typed ones
   * to BAD_USER_INPUT / NOT_FOUND).
   */
  readonly errors: readonly ErrorClass[] | { readonly topLevel: string };
  /** The permission and organization scope (`requires.*`), fixed or read from the input. */
  readonly requires: Requirement | ((input: InputShapeFromFields<Fields>) => Requirement);
  readonly payload: ObjectRef<Types, Payload>;
  readonly resolve: (ctx: Context, input: InputShapeFromFields<Fields>) => Promise<Payload>;
};

const capitalized = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

/** The field's description: `<does> (\`<route>\`; <n upstream requests>). <details>` */
export function mutationDescription(declaration: Pick<MutationDeclaration<InputFieldMap, unknown>, 'does' | 'route' | 'requests' | 'details'>): string {
  const facts = `(\`${declaration.route}\`; ${describeWriteRequests(declaration.requests ?? 1)})`;
  return `${declaration.does} ${facts}.${declaration.details ? ` ${declaration.details}` : ''}`;
}

export function defineMutation<Fields extends InputFieldMap, Payload>(name: string, declaration: MutationDeclaration<Fields, Payload>): void {
  const Input = builder.inputType(`${capitalized(name)}Input`, {
    description: declaration.input.description,
    fields: declaration.input.fields,
    // The plugin types `validate` by the input's shape; a zod object of the same fields is one.
    validate: declaration.input.validate as never,
  });
  const { requires } = declaration;
  // Pothos cannot resolve its argument and result types for a generic `Fields`/`Payload`; the
  // declaration's own signature states them, so the field reads `input` through this cast.
  const inputOf = (args: unknown) => (args as { input: InputShapeFromFields<Fields> }).input;
  builder.mutationField(name, (t) =>
    t.field({
      type: declaration.payload,
      nullable: true,
      description: mutationDescription(declaration),
      args: { input: t.arg({ type: Input, required: true, description: declaration.input.argument }) },
      authScopes: typeof requires === 'function' ? (_root, args) => requires(inputOf(args)) : requires,
      ...('topLevel' in declaration.errors ? {} : { errors: mutationResult(name, declaration.errors) }),
      extensions: cost.write(declaration.requests ?? 1),
      resolve: (_root, args, ctx) => declaration.resolve(ctx, inputOf(args)) as never,
    }),
  );
}

/** The human name of an entity type, for descriptions: `OrganizationRole` → `organization role`. */
export const entityName = (typename: string) => typename.replace(/(?<!^)([A-Z])/g, ' $1').toLowerCase();

/**
 * The input of a mutation that only names its object (a deletion), by the object's type name:
 * `idOnlyInput('OrganizationRole', '…')` checks the id with `idOf('OrganizationRole')` (a
 * malformed or foreign id is a ValidationError on `id`, before any request). The older form
 * with a human name (`idOnlyInput('OrganizationRole', '…')`) still works, with the untyped rule.
 */
export const idOnlyInput = (type: string, description: string) => {
  const entry = entityOf(type);
  const entity = entry ? entityName(entry.typename) : type;
  return {
    description,
    argument: `The ${entity}.`,
    fields: (t: InputFields) => ({ id: t.id({ required: true, description: `Global id or Logto id of the ${entity}.` }) }),
    validate: z.object({ id: entry ? idOf(entry.typename) : idRule }),
  };
};

/** The payload of a deletion: the global id of what is gone, in `field`. */
export const deletedPayload = <Payload extends DeletedPayload = DeletedPayload>(
  mutation: string,
  deleted: { readonly typename: string; readonly entity: string; readonly field: string; readonly note?: string },
  more?: (t: PayloadFieldBuilder<Payload>) => Record<string, ReturnType<PayloadFieldBuilder<Payload>['field']>>,
) =>
  builder.objectRef<Payload>(`${capitalized(mutation)}Payload`).implement({
    description: `What \`${mutation}\` removed.`,
    fields: (t) => ({
      [deleted.field]: t.id({
        description: `Global id of the deleted ${deleted.entity}${deleted.note ? ` ${deleted.note}` : ''}.`,
        resolve: (payload) => encodeGlobalId(deleted.typename, payload.deletedId),
      }),
      ...more?.(t),
    }),
  });

/** The one field of a `givenPayload`: the object the write answered. */
export type GivenField<Payload, Shape> = {
  readonly name: string;
  readonly type: ObjectRef<Types, Shape>;
  readonly description: string;
  readonly resolve: (payload: Payload) => Shape;
};

/** The payload of a write whose answer is the object itself: one field holding it, at no cost. */
export function givenPayload<Payload, Shape>(mutation: string, description: string, field: GivenField<Payload, Shape>) {
  return builder.objectRef<Payload>(`${capitalized(mutation)}Payload`).implement({
    description,
    fields: (t) => ({
      [field.name]: t.field({ type: field.type, nullable: true, description: field.description, extensions: cost.given(), resolve: (payload) => field.resolve(payload) as never }),
    }),
  });
}
