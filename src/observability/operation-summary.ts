import { getOperationAST, type ExecutionResult, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

import type { Context } from '../context.js';
import { requestIdOf } from '../http/request-id.js';

export type OperationType = 'query' | 'mutation' | 'subscription';
export type OperationOutcome = 'success' | 'partial' | 'error';

/** What one GraphQL request did, for the log line, the metrics and the cache headers. */
export type OperationSummary = {
  readonly requestId: string;
  readonly httpMethod: string;
  readonly httpStatus: number;
  /** From the executed document; undefined when it did not parse or names no operation. */
  readonly operationName: string | undefined;
  readonly operationType: OperationType | undefined;
  /** The persisted-operation id the caller sent, if any. */
  readonly persistedOperationId: string | undefined;
  readonly durationMs: number;
  /** Logto requests sent for this operation, retries included (undefined: execution never started). */
  readonly upstreamRequests: number | undefined;
  readonly upstreamWaves: number | undefined;
  readonly estimatedUpstreamRequests: number | undefined;
  readonly outcome: OperationOutcome;
  /** Distinct `extensions.code` values of the errors, in order of first appearance. */
  readonly errorCodes: readonly string[];
  /** Names only, never values: values may carry passwords, secrets or personal data. */
  readonly variableNames: readonly string[];
};

type State = {
  readonly startedAt: number;
  operationName?: string | undefined;
  operationType?: OperationType | undefined;
  persistedOperationId?: string | undefined;
  variableNames: string[];
  context?: Context | undefined;
  outcome?: OperationOutcome;
  errorCodes: string[];
  /** Some GraphQL handling happened (params parsed or a result produced): worth a summary. */
  graphql: boolean;
};

const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const MAX_VARIABLE_NAMES = 32;

/** Receives each summary with the response about to leave (headers may still be set on it). */
export type SummaryListener = (summary: OperationSummary, response: Response) => void;

const PERSISTED_ID = /^[A-Za-z0-9_:.-]{1,128}$/;

/** `documentId`, or Apollo's `extensions.persistedQuery.sha256Hash`; only when it looks like an id. */
function persistedIdOf(params: { readonly extensions?: unknown; readonly documentId?: unknown }): string | undefined {
  if (typeof params.documentId === 'string') return PERSISTED_ID.test(params.documentId) ? params.documentId : undefined;
  const extensions = params.extensions;
  if (!extensions || typeof extensions !== 'object') return undefined;
  const persisted = (extensions as Record<string, unknown>).persistedQuery;
  if (!persisted || typeof persisted !== 'object') return undefined;
  const hash = (persisted as Record<string, unknown>).sha256Hash;
  return typeof hash === 'string' && PERSISTED_ID.test(hash) ? hash : undefined;
}

function codesOf(errors: readonly GraphQLError[] | undefined): string[] {
  const codes: string[] = [];
  for (const error of errors ?? []) {
    const code = error.extensions?.code;
    const text = typeof code === 'string' ? code : 'UNCODED';
    if (!codes.includes(text)) codes.push(text);
  }
  return codes;
}

function outcomeOf(result: ExecutionResult): OperationOutcome {
  if (!result.errors || result.errors.length === 0) return 'success';
  return result.data ? 'partial' : 'error';
}

/**
 * Follows each GraphQL request from arrival to response and hands one `OperationSummary` to each
 * listener (log line, metrics, cache headers). Install it after the plugin that gives errors
 * their codes, so the codes it sees are the ones the client gets.
 */
export function useOperationSummary(listeners: readonly SummaryListener[]): Plugin<Context> {
  const states = new WeakMap<Request, State>();
  const stateOf = (request: Request): State => {
    let state = states.get(request);
    if (!state) {
      state = { startedAt: performance.now(), variableNames: [], errorCodes: [], graphql: false };
      states.set(request, state);
    }
    return state;
  };

  return {
    onRequest({ request }) {
      stateOf(request);
    },
    onParams({ request, params }) {
      const state = stateOf(request);
      state.graphql = true;
      state.persistedOperationId = persistedIdOf(params);
      const variables = params.variables;
      if (variables && typeof variables === 'object' && !Array.isArray(variables)) {
        state.variableNames = Object.keys(variables)
          .filter((name) => NAME.test(name))
          .slice(0, MAX_VARIABLE_NAMES);
      }
    },
    onParse({ context }) {
      return ({ result }) => {
        if (!context.request || result === null || result instanceof Error) return;
        const state = stateOf(context.request);
        const operation = getOperationAST(result, context.params?.operationName ?? undefined);
        state.operationType = operation?.operation as OperationType | undefined;
        state.operationName = operation?.name?.value;
      };
    },
    onExecute({ args }) {
      const state = stateOf(args.contextValue.request);
      state.context = args.contextValue;
    },
    onResultProcess({ request, result }) {
      // Streams and batches are not enabled on this server; a single result is all there is.
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      const state = stateOf(request);
      state.graphql = true;
      state.outcome = outcomeOf(result);
      state.errorCodes = codesOf(result.errors);
    },
    onResponse({ request, response }) {
      const state = states.get(request);
      if (!state?.graphql) return;
      const meter = state.context?.meter;
      const summary: OperationSummary = {
        requestId: requestIdOf(request),
        httpMethod: request.method,
        httpStatus: response.status,
        operationName: state.operationName,
        operationType: state.operationType,
        persistedOperationId: state.persistedOperationId,
        durationMs: performance.now() - state.startedAt,
        upstreamRequests: meter?.requestCount,
        upstreamWaves: meter?.waves,
        estimatedUpstreamRequests: state.context?.cost.estimatedUpstreamRequests,
        outcome: state.outcome ?? (response.status >= 400 ? 'error' : 'success'),
        errorCodes: state.errorCodes,
        variableNames: state.variableNames,
      };
      for (const listener of listeners) {
        try {
          listener(summary, response);
        } catch {
          // Observability never fails the request it observes.
        }
      }
    },
  };
}
