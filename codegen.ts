import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * graphql-codegen's client preset over the example operations: typed documents
 * (`TypedDocumentNode`) that graphql-request, urql or Apollo Client accept as they are.
 * `npm run print-schema` rewrites `examples/operations/gql/` after the schema files; a test fails
 * when it is stale.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['examples/operations/*.graphql'],
  emitLegacyCommonJSImports: false,
  generates: {
    'examples/operations/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // Only the types the operations use: a schema change elsewhere leaves the output alone.
        onlyOperationTypes: true,
        // Every custom scalar says what it is on the wire; a new one fails generation until it does.
        strictScalars: true,
        scalars: { DateTime: 'string', EmailAddress: 'string', URL: 'string', JSONObject: 'Record<string, unknown>', File: 'File' },
      },
    },
  },
};

export default config;
