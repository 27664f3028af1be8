import { addTypenameToDocument } from '@apollo/client/utilities';
import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for the web client, from the committed `schema.graphql` (never a running server).
 * Operations are written with `graphql(...)` next to the feature that uses them; Apollo Client 4's
 * `useQuery` / `useMutation` / `useSubscription` infer result and variable types from these documents.
 * `tests/client/codegen.test.ts` fails when `client/src/gql/` is stale.
 *
 * It also writes `persisted-documents.json` (hash → text), the manifest the server uses with
 * TRUSTED_DOCUMENTS=allow|enforce. The documents get their `__typename`s here, as Apollo Client would add
 * them, and the client prints each one as the manifest does, so what it sends is the manifest's text.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: true,
  generates: {
    'client/src/gql/': {
      // Per target: codegen adds root-level documents to every target, and the SDK has its own.
      documents: ['client/src/**/*.{ts,tsx}', '!client/src/gql/**'],
      preset: 'client',
      documentTransforms: [
        {
          transform: ({ documents }) =>
            documents.map((source) => ({ ...source, document: source.document && addTypenameToDocument(source.document) })),
        },
      ],
      presetConfig: {
        // Apollo Client 4 has its own data masking; plain fragments keep the cache code simple.
        fragmentMasking: false,
        // No barrel file: features import `graphql` from `gql/gql` and types from `gql/graphql`.
        skipIndexFile: true,
        persistedDocuments: { hashAlgorithm: 'sha256' },
      },
      config: {
        useTypeImports: true,
        // Apollo adds `__typename` to every selection set it sends: the types say so too.
        nonOptionalTypename: true,
        skipTypeNameForRoot: true,
        strictScalars: true,
        scalars: { ID: 'string', DateTime: 'string', JSONObject: 'Record<string, unknown>' },
      },
    },
    // The Node SDK (sdk/README.md): typed documents for the operations in sdk/operations/.
    // `tests/sdk/codegen.test.ts` fails when `sdk/src/generated/` is stale.
    'sdk/src/generated/': {
      documents: ['sdk/operations/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false, skipIndexFile: true },
      config: {
        useTypeImports: true,
        // Node ESM: relative imports carry `.js`.
        emitLegacyCommonJSImports: false,
        skipTypename: true,
        strictScalars: true,
        scalars: { ID: 'string', DateTime: 'string', JSONObject: 'Record<string, unknown>' },
      },
    },
  },
};

export default config;
