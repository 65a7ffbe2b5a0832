import { readFileSync } from 'node:fs';

import { parse } from 'graphql';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLParams, Plugin } from 'graphql-yoga';

/** id → document text. */
export type PersistedOperations = ReadonlyMap<string, string>;

/**
 * Reads PERSISTED_OPERATIONS_FILE: a JSON object mapping ids to documents, the shape
 * graphql-codegen's client preset writes (`persisted-documents.json`, `{ "<sha256>": "query …" }`).
 * Every document must parse; a bad file stops the start with one line naming the problem.
 */
export function loadPersistedOperations(file: string): PersistedOperations {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`PERSISTED_OPERATIONS_FILE: cannot read ${file} as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`PERSISTED_OPERATIONS_FILE: ${file} must hold a JSON object of { "<id>": "<GraphQL document>" }`);
  }
  const operations = new Map<string, string>();
  for (const [id, document] of Object.entries(raw)) {
    if (typeof document !== 'string') throw new Error(`PERSISTED_OPERATIONS_FILE: the value for "${id}" is not a string`);
    try {
      parse(document);
    } catch (error) {
      throw new Error(`PERSISTED_OPERATIONS_FILE: the document "${id}" does not parse (${error instanceof Error ? error.message : String(error)})`);
    }
    operations.set(id, document);
  }
  return operations;
}

/** `documentId` (GraphQL-over-HTTP's persisted documents) or Apollo's `extensions.persistedQuery.sha256Hash`. */
function persistedIdOf(params: GraphQLParams): string | null {
  const documentId = (params as GraphQLParams & { documentId?: unknown }).documentId;
  if (typeof documentId === 'string' && documentId !== '') return documentId;
  const persisted = params.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  if (persisted && typeof persisted === 'object' && typeof persisted.sha256Hash === 'string') return persisted.sha256Hash;
  return null;
}

const badInput = (message: string, status: number) => ({ message, extensions: { code: 'BAD_USER_INPUT', http: { status } } });

/**
 * Runs operations by id from the loaded file. With `only`, a request carrying its own `query` is
 * refused: in production the server then runs exactly the operations the frontend shipped.
 * Messages keep Apollo's wording so Apollo clients recognise them.
 */
export function usePersistedOperationStore(operations: PersistedOperations, options: { readonly only: boolean }): Plugin {
  const store = usePersistedOperations({
    getPersistedOperation: (id) => operations.get(id) ?? null,
    allowArbitraryOperations: !options.only,
    extractPersistedOperationId: persistedIdOf,
    customErrors: {
      notFound: badInput('PersistedQueryNotFound', 400),
      keyNotFound: badInput('PersistedQueryKeyNotFound: send a persisted-operation id (documentId or extensions.persistedQuery.sha256Hash)', 400),
      persistedQueryOnly: badInput('PersistedQueryOnly: this server runs persisted operations only', 400),
    },
  });
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(useDocumentIdFromQueryString());
      addPlugin(store);
    },
  };
}

/**
 * yoga's GET parser reads only `query`, `operationName`, `variables` and `extensions`, so
 * `GET /graphql?documentId=…` — the cacheable form of a persisted operation, what CDNs keep —
 * arrived without its id. This carries `documentId` over from the query string.
 */
function useDocumentIdFromQueryString(): Plugin {
  return {
    onRequestParse({ request, url }) {
      if (request.method !== 'GET') return undefined;
      const documentId = url.searchParams.get('documentId');
      if (!documentId) return undefined;
      return {
        onRequestParseDone({ requestParserResult, setRequestParserResult }) {
          if (!Array.isArray(requestParserResult)) setRequestParserResult({ ...requestParserResult, documentId } as GraphQLParams);
        },
      };
    },
  };
}
