import type { DocumentNode, GraphQLSchema } from 'graphql';

import { type CostEstimate, estimateUpstreamRequests } from './estimate.js';
import type { CostCaller } from './rules.js';

/** Estimates kept per document and operation: one per distinct value of the variables they read. */
const ENTRIES_PER_OPERATION = 32;

type Entry = { readonly read: readonly string[]; readonly values: string; readonly estimate: CostEstimate };

/**
 * The variables the estimate looked at, and only those: `user(id: $id)` reads none (a by-id load
 * costs the same whatever the id), `users(first: $n)` reads `n`, `nodes(ids: $ids)` reads `ids`.
 */
function recordingReads(variables: Readonly<Record<string, unknown>>): { proxy: Record<string, unknown>; read: Set<string> } {
  const read = new Set<string>();
  const proxy = new Proxy(variables as Record<string, unknown>, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      if (typeof key === 'string') read.add(key);
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === 'string') read.add(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      // Enumerating means every variable may matter.
      for (const key of Object.keys(target)) read.add(key);
      return Reflect.ownKeys(target);
    },
  });
  return { proxy, read };
}

/** The read variables' values as a key; undefined for values JSON cannot hold (nested too deep: never cached). */
function valuesOf(variables: Readonly<Record<string, unknown>>, read: readonly string[]): string | undefined {
  try {
    return JSON.stringify(read.map((key) => variables[key] ?? null));
  } catch {
    return undefined;
  }
}

/**
 * The cost estimate, computed once per document (yoga's parser cache hands the same
 * `DocumentNode` to every request with the same text), operation, kind of caller and values of
 * the variables the estimate read (issue 19: it was recomputed on every request). The estimate
 * is a pure function of exactly those, so a hit is the same answer. Documents are held weakly.
 */
export function createEstimateCache(): (
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  operationName: string | null | undefined,
  caller: CostCaller,
) => CostEstimate {
  const cache = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, Entry[]>>>();
  return (schema, document, variables = {}, operationName, caller) => {
    let documents = cache.get(schema);
    if (!documents) cache.set(schema, (documents = new WeakMap()));
    let operations = documents.get(document);
    if (!operations) documents.set(document, (operations = new Map()));
    const key = `${operationName ?? ''}\n${caller}`;
    const entries = operations.get(key) ?? [];
    for (const entry of entries) {
      if (entry.values === valuesOf(variables, entry.read)) return entry.estimate;
    }
    const { proxy, read } = recordingReads(variables);
    const estimate = estimateUpstreamRequests(schema, document, proxy, operationName, undefined, caller);
    const readKeys = [...read].sort();
    const values = valuesOf(variables, readKeys);
    if (values === undefined) return estimate;
    if (entries.length >= ENTRIES_PER_OPERATION) entries.shift();
    entries.push({ read: readKeys, values, estimate });
    operations.set(key, entries);
    return estimate;
  };
}
