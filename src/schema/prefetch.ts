import { getArgumentValues, getNamedType, type GraphQLResolveInfo, isObjectType } from 'graphql';
// graphql-js's own field collection (fragments, @skip/@include, type conditions), as execution
// runs it; not re-exported from the package root in v16.
import { collectSubfields } from 'graphql/execution/collectFields.js';

import type { Context } from '../context.js';

/**
 * Marks a field whose resolver reads nothing of its parent but `parent.id` (its upstream request
 * is keyed by that id alone). Under a field that names its object by an argument
 * (`user(id:)`), such a field can start in the same wave as its parent: see `prefetchChildren`.
 */
export const keyedByParentId = { keyedByParentId: true } as const;

function isKeyedByParentId(extensions: Readonly<Record<string, unknown>> | null | undefined): boolean {
  return extensions?.keyedByParentId === true;
}

/**
 * The planning step that brings waves down to the dependency floor (issue 19). A root field that
 * reads one object by its id argument knows that object's id before it has loaded it; the
 * children selected under it that are `keyedByParentId` need only that id, so they are started
 * now, through their own resolvers (auth gates included), on a parent that holds just the id.
 * Their loads land in the operation's loaders (windows, whole lists), so when execution reaches
 * them with the loaded parent they find their answer there: the same requests, one wave earlier.
 * What they answer (or throw) here is dropped; a parent that turns out not to exist leaves them
 * unused (the estimate counts them anyway, as it assumes the parent exists).
 */
export function prefetchChildren(parentId: string, ctx: Context, info: GraphQLResolveInfo): void {
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return;
  const fields = type.getFields();
  const selected = collectSubfields(info.schema, info.fragments, info.variableValues, type, info.fieldNodes);
  for (const [responseKey, fieldNodes] of selected) {
    const fieldNode = fieldNodes[0];
    const field = fieldNode ? fields[fieldNode.name.value] : undefined;
    if (!fieldNode || !field?.resolve || !isKeyedByParentId(field.extensions)) continue;
    const childInfo: GraphQLResolveInfo = {
      ...info,
      fieldName: field.name,
      fieldNodes,
      returnType: field.type,
      parentType: type,
      path: { prev: info.path, key: responseKey, typename: type.name },
    };
    try {
      const args = getArgumentValues(field, fieldNode, info.variableValues);
      // Unawaited on purpose: execution awaits the same loads when it reaches the field.
      void Promise.resolve(field.resolve({ id: parentId }, args, ctx, childInfo)).catch(() => undefined);
    } catch {
      // Bad arguments or a refused gate: execution reaches the field and reports it there.
    }
  }
}
