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
import { type BatchKind, batchRequests, type CostCaller, nodeLoad, type UpstreamCost, writeRequests } from './rules.js';

/**
 * Lists whose length the schema does not bound (a member's organization roles, a user's
 * identities) are assumed to hold this many items when estimating what their children cost.
 */
const UNBOUNDED_LIST_ESTIMATE = 20;

/**
 * The most steps (one per selection looked at, one per field costed) the estimate may take; an
 * operation that needs more is refused with QUERY_TOO_EXPENSIVE before anything runs.
 * Memoisation keeps the walk linear in the document, so an operation within the default armor
 * limits (`MAX_TOKENS` 2,000) needs a few thousand steps at most: this bounds the work left to
 * documents that raised limits let through, and to documents no validation has seen.
 */
export const MAX_ESTIMATE_STEPS = 20_000;

/**
 * Where estimates saturate: above any limit, yet small enough that the product of two stays
 * finite, so an estimate is never `Infinity` and `0 × multiplicity` never `NaN`.
 */
const SATURATED = Number.MAX_SAFE_INTEGER;

const saturate = (value: number): number => Math.min(value, SATURATED);

type LoadGroup = { batch: BatchKind; count: number };

/** One selection (merged as execution merges it) under `multiplicity` parent objects. */
type Task = {
  readonly sets: readonly SelectionSetNode[];
  readonly type: GraphQLNamedType;
  /** How many parent objects the selection runs for. */
  readonly multiplicity: number;
  /** How many items a list field directly below returns per parent. */
  readonly listItems: number;
  /**
   * Loaders whose complete rows these objects are (they came from that loader, or from a list
   * that returns and primes them): that loader's `maybeLoad` fields read nothing more.
   */
  readonly complete: readonly string[];
};

/** Fields with one response key (and type), merged as execution merges them. */
type FieldGroup = { readonly type: GraphQLNamedType; readonly nodes: FieldNode[] };

/** Ends the walk early: the operation is refused whatever it would cost. */
class WalkStopped extends Error {
  constructor(readonly reason: 'steps' | 'cycle') {
    super(`estimate stopped: ${reason}`);
  }
}

class Walk {
  steps = 0;
  /** What each task already walked costs, by `key(task)`. */
  readonly memo = new Map<string, number>();
  /** Tasks on the stack: meeting one of them again is a cycle (fragments that spread each other). */
  readonly open = new Set<string>();
  private readonly setIds = new Map<SelectionSetNode, number>();

  constructor(
    readonly schema: GraphQLSchema,
    readonly variables: Record<string, unknown>,
    readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly maxSteps: number,
    readonly caller: CostCaller,
  ) {}

  step(): void {
    this.steps += 1;
    if (this.steps > this.maxSteps) throw new WalkStopped('steps');
  }

  /** Two tasks with the same key cost the same: same selections, type, parents and list size. */
  key(task: Task): string {
    const ids = task.sets.map((set) => {
      let id = this.setIds.get(set);
      if (id === undefined) {
        id = this.setIds.size;
        this.setIds.set(set, id);
      }
      return id;
    });
    return `${ids.join(',')}|${task.type.name}|${task.multiplicity}|${task.listItems}|${task.complete.join(',')}`;
  }
}

export type CostEstimate =
  | {
      readonly kind: 'estimated';
      /** Upper bound of upstream requests the operation will make. */
      readonly upstreamRequests: number;
      readonly steps: number;
    }
  | {
      /** The walk stopped early (too many steps, or a fragment cycle): refuse the operation. */
      readonly kind: 'stopped';
      readonly reason: 'steps' | 'cycle';
      readonly steps: number;
    };

function costOf(field: GraphQLField<unknown, unknown>): UpstreamCost | undefined {
  return (field.extensions as { upstreamCost?: UpstreamCost } | undefined)?.upstreamCost;
}

function included(walk: Walk, node: FieldNode | { directives?: FieldNode['directives'] }): boolean {
  if (!node.directives || node.directives.length === 0) return true;
  const skip = getDirectiveValues(GraphQLSkipDirective, node as FieldNode, walk.variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node as FieldNode, walk.variables);
  return include?.if !== false;
}

/**
 * Requests for one window of a paginated list, and how many items it returns. Mirrors
 * `resolveOffsetConnection`: a range is one window (`planPages` requests); `last` without
 * `before` reads a window from `after` (or 0) and, when the list is longer than that, a second
 * window of `last` items ending at the total, which the estimate cannot know: any offset, so up
 * to two pages (one when `last` is 1).
 */
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
    if (plan.kind === 'fromEnd') {
      const tail = plan.count === 1 ? 1 : 2;
      return { requests: planPages(plan.start, plan.count).length + tail, items: plan.count };
    }
    // `after` at or past `before` is an empty window (execution still reads one item for the total).
    const size = Math.max(plan.end - plan.start, 0);
    return { requests: planPages(plan.start, Math.max(size, 1)).length, items: size };
  } catch {
    // Invalid arguments fail at execution with BAD_USER_INPUT, before any upstream call.
    return { requests: 0, items: 0 };
  }
}

function addLoad(groups: Map<string, LoadGroup>, loader: string, batch: BatchKind, count: number): void {
  const group = groups.get(loader) ?? { batch, count: 0 };
  group.count = saturate(group.count + count);
  groups.set(loader, group);
}

/**
 * What one task costs by itself (lists, writes, the batched loads of this wave), and the tasks
 * below it. Fields of a task run in one wave, so its loads batch together.
 */
function costTask(walk: Walk, task: Task): { own: number; children: Task[] } {
  const { multiplicity, listItems } = task;
  const loads = new Map<string, LoadGroup>();
  const children: Task[] = [];
  let own = 0;
  for (const { nodes, type } of collectFields(walk, task.sets, task.type).values()) {
    walk.step();
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const node = nodes[0]!;
    const field = type.getFields()[node.name.value];
    if (!field) continue;
    const rule = costOf(field);
    // Read only by the rules that need them, so the estimate's cache (`estimate-cache.ts`) is not
    // keyed by variables that cannot change it (`user(id: $id)`).
    let argsRead: Record<string, unknown> | undefined;
    const args = (): Record<string, unknown> => (argsRead ??= safeArgs(field, node, walk.variables));
    const sets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
    let childListItems = UNBOUNDED_LIST_ESTIMATE;
    // Fields without a rule (`nodes`, `edges`, `node`) hand their parent's rows down.
    let complete: readonly string[] = rule ? [] : task.complete;

    if (rule?.kind === 'list' || rule?.kind === 'wholeList') {
      const window = windowCost(args() as ConnectionArgs);
      own = saturate(own + multiplicity * (rule.kind === 'wholeList' ? 1 : window.requests));
      childListItems = window.items;
      if (rule.kind === 'list' && rule.complete) complete = [rule.complete];
    } else if (rule?.kind === 'load') {
      addLoad(loads, rule.loader, rule.batch, multiplicity);
      complete = [rule.loader];
    } else if (rule?.kind === 'maybeLoad') {
      if (!task.complete.includes(rule.loader)) addLoad(loads, rule.loader, rule.batch, multiplicity);
    } else if (rule?.kind === 'write') {
      own = saturate(own + multiplicity * writeRequests(rule.requests, args().input, walk.caller));
    } else if (rule?.kind === 'node') {
      const { id } = args();
      const decoded = typeof id === 'string' ? tryDecodeGlobalId(id) : undefined;
      const loader = decoded ? nodeLoad(decoded.typename) : undefined;
      if (loader) {
        addLoad(loads, loader.loader, loader.batch, multiplicity);
        complete = [loader.loader];
      }
    } else if (rule?.kind === 'nodes') {
      const { ids: given } = args();
      const ids = Array.isArray(given) ? (given as unknown[]) : [];
      const loaders = new Set<string>();
      for (const id of ids) {
        const decoded = typeof id === 'string' ? tryDecodeGlobalId(id) : undefined;
        const loader = decoded ? nodeLoad(decoded.typename) : undefined;
        if (!loader) continue;
        addLoad(loads, loader.loader, loader.batch, multiplicity);
        loaders.add(loader.loader);
      }
      childListItems = ids.length;
      complete = [...loaders].sort();
    } else if (rule?.kind === 'entities') {
      costEntities(walk, sets, getNamedType(field.type), args().representations, multiplicity, loads, children);
      continue;
    }

    if (sets.length === 0) continue;
    const returnType = getNullableType(field.type);
    const childMultiplicity = isListType(returnType)
      ? saturate(multiplicity * (rule?.kind === 'nodes' ? childListItems : listItems))
      : multiplicity;
    children.push({ sets, type: getNamedType(field.type), multiplicity: childMultiplicity, listItems: childListItems, complete });
  }
  for (const group of loads.values()) own = saturate(own + batchRequests(group.batch, group.count));
  return { own, children };
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
function costEntities(
  walk: Walk,
  sets: readonly SelectionSetNode[],
  union: GraphQLNamedType,
  representations: unknown,
  multiplicity: number,
  loads: Map<string, LoadGroup>,
  children: Task[],
): void {
  const entityTypes = new Map(isUnionType(union) ? union.getTypes().map((type) => [type.name, type]) : []);
  for (const [typename, count] of countByTypename(representations)) {
    walk.step();
    const type = entityTypes.get(typename);
    if (!type) continue;
    const loader = nodeLoad(typename);
    if (loader) addLoad(loads, loader.loader, loader.batch, saturate(multiplicity * count));
    if (sets.length > 0) {
      const complete = loader ? [loader.loader] : [];
      children.push({ sets, type, multiplicity: saturate(multiplicity * count), listItems: UNBOUNDED_LIST_ESTIMATE, complete });
    }
  }
}

/** Whether a fragment on `condition` applies under `parentType`: not when both are distinct objects. */
function fragmentApplies(parentType: GraphQLNamedType, condition: GraphQLNamedType): boolean {
  return !(isObjectType(parentType) && isObjectType(condition) && parentType !== condition);
}

/**
 * The type a fragment's fields are read against: the parent when it is an object (execution
 * merges everything selected on that object), else the fragment's own, more specific type
 * (`... on User` under `Node`).
 */
function narrowed(walk: Walk, parentType: GraphQLNamedType, condition: string | undefined): GraphQLNamedType {
  if (isObjectType(parentType) || condition === undefined) return parentType;
  return walk.schema.getType(condition) ?? parentType;
}

function safeArgs(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, variables);
  } catch {
    return {};
  }
}

/**
 * The fields the selection sets select, fragments expanded, grouped as graphql-js's
 * `collectFields` groups them: one group per response key (and type), and each named fragment
 * expanded once per type however often it is spread. That is what keeps a fragment bomb
 * (`fragment F0 { ...F1 ...F1 }`, …) linear. Iterative, so a long chain of fragments cannot
 * overflow the stack. Under an interface, concrete-type fragments are alternatives, not
 * additions; counting them all keeps the estimate an upper bound.
 */
function collectFields(walk: Walk, sets: readonly SelectionSetNode[], parentType: GraphQLNamedType): Map<string, FieldGroup> {
  const groups = new Map<string, FieldGroup>();
  const expanded = new Set<string>();
  const pending = sets.map((set) => ({ set, type: parentType }));
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { set, type } = next;
    for (const selection of set.selections) {
      walk.step();
      if (!included(walk, selection)) continue;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const key = `${type.name}.${(selection.alias ?? selection.name).value}`;
        const group = groups.get(key);
        if (group) group.nodes.push(selection);
        else groups.set(key, { type, nodes: [selection] });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : undefined;
        // Under one entity type of `_entities`, the fragments on the other types do not run.
        if (condition && !fragmentApplies(type, condition)) continue;
        pending.push({ set: selection.selectionSet, type: narrowed(walk, type, condition?.name) });
      } else {
        const fragment = walk.fragments[selection.name.value];
        if (!fragment) continue;
        const condition = walk.schema.getType(fragment.typeCondition.name.value);
        if (condition && !fragmentApplies(type, condition)) continue;
        const fragmentType = narrowed(walk, type, condition?.name);
        const once = `${selection.name.value}@${fragmentType.name}`;
        if (expanded.has(once)) continue;
        expanded.add(once);
        pending.push({ set: fragment.selectionSet, type: fragmentType });
      }
    }
  }
  return groups;
}

/**
 * What the root task costs, children included. Depth-first with an explicit stack (a deep
 * document cannot overflow the call stack), memoised by task: a selection reached again under
 * the same number of parents (a fragment spread many times) is costed once.
 */
function costTree(walk: Walk, root: Task): number {
  type Frame = { readonly key: string; sum: number; readonly children: Task[]; next: number };
  const stack: Frame[] = [];
  /** The task's cost when already known; else pushes its frame and answers undefined. */
  const enter = (task: Task): number | undefined => {
    const key = walk.key(task);
    const known = walk.memo.get(key);
    if (known !== undefined) return known;
    if (walk.open.has(key)) throw new WalkStopped('cycle');
    walk.open.add(key);
    const { own, children } = costTask(walk, task);
    stack.push({ key, sum: own, children, next: 0 });
    return undefined;
  };
  let total = enter(root) ?? 0;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const child = frame.children[frame.next];
    if (child) {
      frame.next += 1;
      const known = enter(child);
      if (known !== undefined) frame.sum = saturate(frame.sum + known);
      continue;
    }
    stack.pop();
    walk.open.delete(frame.key);
    walk.memo.set(frame.key, frame.sum);
    const parent = stack[stack.length - 1];
    if (parent) parent.sum = saturate(parent.sum + frame.sum);
    else total = frame.sum;
  }
  return total;
}

/**
 * Estimates, before execution, an upper bound of the upstream requests an operation makes:
 * every connection window, every relation per parent, every batched load per wave (as the
 * DataLoaders batch them). The walk takes at most `maxSteps` steps; past that, or on a fragment
 * cycle (which validation refuses first), it stops and the operation is to be refused. Some
 * writes cost more for an organization token; without a `caller` the estimate assumes the worst.
 */
export function estimateUpstreamRequests(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName?: string | null,
  maxSteps: number = MAX_ESTIMATE_STEPS,
  caller: CostCaller = 'unknown',
): CostEstimate {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  const fragments: Record<string, FragmentDefinitionNode> = Object.create(null) as Record<string, FragmentDefinitionNode>;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  if (!operation) return { kind: 'estimated', upstreamRequests: 0, steps: 0 };
  const rootType =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!rootType) return { kind: 'estimated', upstreamRequests: 0, steps: 0 };
  const walk = new Walk(schema, variables ?? {}, fragments, maxSteps, caller);
  try {
    const upstreamRequests = costTree(walk, {
      sets: [operation.selectionSet],
      type: rootType,
      multiplicity: 1,
      listItems: UNBOUNDED_LIST_ESTIMATE,
      complete: [],
    });
    return { kind: 'estimated', upstreamRequests, steps: walk.steps };
  } catch (error) {
    if (error instanceof WalkStopped) return { kind: 'stopped', reason: error.reason, steps: walk.steps };
    throw error;
  }
}
