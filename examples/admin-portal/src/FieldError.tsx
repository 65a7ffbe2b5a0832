/** A typed error (`... on Error { message field }`) from a mutation, keyed by its `field`. */
export type TypedError = { readonly message: string; readonly field: string | null | undefined };

/**
 * Which input a typed error belongs to: `field` is the path inside the mutation's `input`
 * (`username`, `userIds.0`), so the first segment names the form field. Anything else is shown
 * for the form as a whole.
 */
export function errorFor(error: TypedError | null, fields: readonly string[]): { field: string | null; message: string } | null {
  if (!error) return null;
  const head = error.field?.split('.')[0] ?? null;
  return { field: head && fields.includes(head) ? head : null, message: error.message };
}

/** The message under its input, announced to screen readers. */
export function FieldError({ id, message }: { id: string; message: string | null | undefined }) {
  if (!message) return null;
  return (
    <span className="field-error" id={id} role="alert">
      {message}
    </span>
  );
}
