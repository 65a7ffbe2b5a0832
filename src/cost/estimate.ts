import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getNullableType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isListType,
  isObjectType,
  isInterfaceType,
  isUnionType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

import { logtoIdOfRepresentation, tryDecodeGlobalId } from '../global-id.js';
import { planPages } from '../logto/pagination.js';
import { type ConnectionArgs, planSlice } from '../resolvers/connection.js';
import { encodeCursor, peekCursorOffset } from '../resolvers/cursor.js';
import { type BatchKind, batchRequests, NODE_LOADERS, type UpstreamCost } from './rules.js';

/**
 * Lists whose length the schema does not bound (a member's organization roles, a user's
 * identities) are assumed to hold this many items when estimating what their children cost.
 */
const UNBOUNDED_LIST_ESTIMATE = 20;

type LoadGroup = { batch: BatchKind; count: number };

type Walk = {
  readonly schema: GraphQLSchema;
  readonly variables: Record<string, unknown>;
  readonly fragments: Record<string, FragmentDefinitionNode>;
  total: number;
};

export type CostEstimate = {
  /** Upper bound of upstream requests the operation will make. */
  readonly upstreamRequests: number;
};

function costOf(field: GraphQLField<unknown, unknown>): UpstreamCost | undefined {
  return (field.extensions as { upstreamCost?: UpstreamCost } | undefined)?.upstreamCost;
}

function included(walk: Walk, node: FieldNode | { directives?: FieldNode['directives'] }): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node as FieldNode, walk.variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node as FieldNode, walk.variables);
  return include?.if !== false;
}

/** Requests for one window of a paginated list, and how many items it returns. */
function windowCost(args: ConnectionArgs): { requests: number; items: number } {
  try {
    // Cursors are re-encoded for a neutral connection name: only their offsets matter here, and
    // execution validates them for real.
    const neutral = (cursor: string | null | undefined) => {
      if (cursor == null) return cursor;
      const offset = peekCursorOffset(cursor);
      return offset === undefined ? cursor : encodeCursor('estimate', offset);
    };
    const plan = planSlice('estimate', { ...args, after: neutral(args.after), before: neutral(args.before) });
    if (plan.kind === 'fromEnd') return { requests: 2, items: plan.count };
    const size = plan.end - plan.start;
    return { requests: planPages(plan.start, Math.max(size, 1)).length, items: size };
  } catch {
    // Invalid arguments fail at execution with BAD_USER_INPUT, before any upstream call.
    return { requests: 0, items: 0 };
  }
}

/** Walks one selection set; `multiplicity` is how many parent objects it runs for. */
function walkSelections(
  walk: Walk,
  selectionSet: SelectionSetNode,
  parentType: GraphQLNamedType,
  multiplicity: number,
  listItems: number,
): void {
  const groups = new Map<string, LoadGroup>();
  const fields = collectFields(walk, selectionSet, parentType);
  for (const { node, type } of fields) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const field = type.getFields()[node.name.value];
    if (!field) continue;
    const rule = costOf(field);
    const args = safeArgs(field, node, walk.variables);
    let childMultiplicity = multiplicity;
    let childListItems = UNBOUNDED_LIST_ESTIMATE;

    if (rule?.kind === 'list' || rule?.kind === 'wholeList') {
      const window = windowCost(args as ConnectionArgs);
      walk.total += multiplicity * (rule.kind === 'wholeList' ? 1 : window.requests);
      childListItems = window.items;
    } else if (rule?.kind === 'load' || rule?.kind === 'maybeLoad') {
      const group = groups.get(rule.loader) ?? { batch: rule.batch, count: 0 };
      group.count += multiplicity;
      groups.set(rule.loader, group);
    } else if (rule?.kind === 'write') {
      walk.total += multiplicity * rule.requests;
    } else if (rule?.kind === 'node') {
      const decoded = typeof args.id === 'string' ? tryDecodeGlobalId(args.id) : undefined;
      const loader = decoded ? NODE_LOADERS[decoded.typename] : undefined;
      if (loader) {
        const group = groups.get(loader.loader) ?? { batch: loader.batch, count: 0 };
        group.count += multiplicity;
        groups.set(loader.loader, group);
      }
    } else if (rule?.kind === 'nodes') {
      const ids = Array.isArray(args.ids) ? (args.ids as unknown[]) : [];
      for (const id of ids) {
        const decoded = typeof id === 'string' ? tryDecodeGlobalId(id) : undefined;
        const loader = decoded ? NODE_LOADERS[decoded.typename] : undefined;
        if (!loader) continue;
        const group = groups.get(loader.loader) ?? { batch: loader.batch, count: 0 };
        group.count += multiplicity;
        groups.set(loader.loader, group);
      }
      childListItems = ids.length;
    } else if (rule?.kind === 'entities') {
      walkEntities(walk, node, getNamedType(field.type), args.representations, multiplicity, groups);
      continue;
    }

    const returnType = getNullableType(field.type);
    if (isListType(returnType)) childMultiplicity = multiplicity * (rule?.kind === 'nodes' ? childListItems : listItems);
    if (node.selectionSet) {
      walkSelections(walk, node.selectionSet, getNamedType(field.type), childMultiplicity, childListItems);
    }
  }
  for (const group of groups.values()) walk.total += batchRequests(group.batch, group.count);
}

/**
 * How many distinct entities the representations name, per `__typename`: a reference by `id` and
 * one by `logtoId` to the same object are one load (the DataLoader dedupes them), and gateways
 * send one representation per reference, repeats included.
 */
function countByTypename(representations: unknown): Map<string, number> {
  const keys = new Map<string, Set<string>>();
  for (const representation of Array.isArray(representations) ? (representations as unknown[]) : []) {
    if (!representation || typeof representation !== 'object') continue;
    const { __typename: typename } = representation as { __typename?: unknown };
    if (typeof typename !== 'string') continue;
    const logtoId = logtoIdOfRepresentation(representation, typename);
    if (logtoId === undefined) continue;
    const set = keys.get(typename) ?? new Set<string>();
    set.add(logtoId);
    keys.set(typename, set);
  }
  return new Map([...keys].map(([typename, set]) => [typename, set.size]));
}

/**
 * `_entities`: the representations of each entity type are one batched load of its node loader
 * in this wave, and what `... on T` selects runs once per representation of T. Representations
 * of types that are not entities are answered with an error, without a request.
 */
function walkEntities(
  walk: Walk,
  node: FieldNode,
  union: GraphQLNamedType,
  representations: unknown,
  multiplicity: number,
  groups: Map<string, LoadGroup>,
): void {
  const entityTypes = new Map(isUnionType(union) ? union.getTypes().map((type) => [type.name, type]) : []);
  for (const [typename, count] of countByTypename(representations)) {
    const type = entityTypes.get(typename);
    if (!type) continue;
    const loader = NODE_LOADERS[typename];
    if (loader) {
      const group = groups.get(loader.loader) ?? { batch: loader.batch, count: 0 };
      group.count += multiplicity * count;
      groups.set(loader.loader, group);
    }
    if (node.selectionSet) walkSelections(walk, node.selectionSet, type, multiplicity * count, UNBOUNDED_LIST_ESTIMATE);
  }
}

/** Whether a fragment on `condition` applies under `parentType`: not when both are distinct objects. */
function fragmentApplies(parentType: GraphQLNamedType, condition: GraphQLNamedType): boolean {
  return !(isObjectType(parentType) && isObjectType(condition) && parentType !== condition);
}

function safeArgs(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, variables);
  } catch {
    return {};
  }
}

/**
 * The fields a selection set selects, fragments expanded. A fragment on a more specific type
 * (`... on User` under `Node`) is read against that type.
 */
function collectFields(
  walk: Walk,
  selectionSet: SelectionSetNode,
  parentType: GraphQLNamedType,
  seenFragments: Set<string> = new Set(),
): { node: FieldNode; type: GraphQLNamedType }[] {
  const result: { node: FieldNode; type: GraphQLNamedType }[] = [];
  for (const selection of selectionSet.selections) {
    if (!included(walk, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) result.push({ node: selection, type: parentType });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? (walk.schema.getType(selection.typeCondition.name.value) ?? parentType) : parentType;
      // Under one entity type of `_entities`, the fragments on the other types do not run.
      if (!fragmentApplies(parentType, type)) continue;
      result.push(...collectFields(walk, selection.selectionSet, type, seenFragments));
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments[name];
      if (!fragment || seenFragments.has(name)) continue;
      const type = walk.schema.getType(fragment.typeCondition.name.value) ?? parentType;
      if (!fragmentApplies(parentType, type)) continue;
      result.push(...collectFields(walk, fragment.selectionSet, type, new Set([...seenFragments, name])));
    }
  }
  // Under an interface, concrete-type fragments are alternatives, not additions; counting them
  // all keeps the estimate an upper bound.
  return result;
}

/**
 * Estimates, before execution, an upper bound of the upstream requests an operation makes:
 * every connection window, every relation per parent, every batched load per wave (as the
 * DataLoaders batch them).
 */
export function estimateUpstreamRequests(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName?: string | null,
): CostEstimate {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  if (!operation) return { upstreamRequests: 0 };
  const rootType =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!rootType) return { upstreamRequests: 0 };
  const walk: Walk = { schema, variables: variables ?? {}, fragments, total: 0 };
  walkSelections(walk, operation.selectionSet, rootType, 1, UNBOUNDED_LIST_ESTIMATE);
  return { upstreamRequests: walk.total };
}
