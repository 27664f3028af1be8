import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloClient, ApolloLink, InMemoryCache, type TypedDocumentNode } from '@apollo/client';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { firstValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import * as generated from '../../client/src/gql/graphql';
import { documentHashLink } from '../../client/src/lib/document-hash-link';
import { documentText } from '../../client/src/lib/document-text';

const manifest = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../client/src/gql/persisted-documents.json'), 'utf8'),
) as Record<string, string>;

type Operation = TypedDocumentNode<unknown, Record<string, unknown>> & { __meta__?: { hash?: string } };

const operations = Object.entries(generated)
  .filter(([, value]) => typeof value === 'object' && value !== null && (value as DocumentNode).kind === 'Document')
  .map(([name, value]) => [name, value as Operation] as const)
  .filter(([, document]) => document.definitions.some((definition) => definition.kind === 'OperationDefinition'));

describe('trusted documents (persisted-documents.json)', () => {
  it('has one manifest entry, keyed by its sha256, for every operation of the client', () => {
    expect(operations.length).toBeGreaterThan(10);
    for (const [name, document] of operations) {
      const hash = document.__meta__?.hash;
      expect(hash, name).toMatch(/^sha256:[0-9a-f]{64}$/);
      const text = manifest[hash!];
      expect(text, name).toBeDefined();
      expect(`sha256:${createHash('sha256').update(text!).digest('hex')}`).toBe(hash);
    }
    expect(Object.keys(manifest)).toHaveLength(operations.length);
  });

  it('is exactly the text Apollo Client sends for each operation (so TRUSTED_DOCUMENTS=enforce accepts it)', async () => {
    const sent = new Map<string, string>();
    const recorder = new ApolloLink((operation) => {
      sent.set(operation.operationName ?? '', documentText(operation.query));
      return of({ data: null });
    });
    const client = new ApolloClient({ cache: new InMemoryCache(), link: recorder });
    for (const [, document] of operations) {
      const definition = document.definitions.find((item): item is OperationDefinitionNode => item.kind === 'OperationDefinition')!;
      const run =
        definition.operation === 'query'
          ? client.query({ query: document, variables: {}, fetchPolicy: 'no-cache' })
          : definition.operation === 'mutation'
            ? client.mutate({ mutation: document, variables: {}, fetchPolicy: 'no-cache' })
            : firstValueFrom(client.subscribe({ query: document, variables: {}, fetchPolicy: 'no-cache' }));
      await run.catch(() => undefined);
      expect(sent.get(definition.name!.value), definition.name!.value).toBe(manifest[document.__meta__!.hash!]);
    }
  });

  it('sends each operation with its manifest hash beside the text', async () => {
    const sent = new Map<string, unknown>();
    const recorder = new ApolloLink((operation) => {
      sent.set(operation.operationName ?? '', operation.extensions.persistedQuery);
      return of({ data: null });
    });
    const client = new ApolloClient({ cache: new InMemoryCache(), link: ApolloLink.from([documentHashLink(), recorder]) });
    for (const [, document] of operations) {
      const definition = document.definitions.find((item): item is OperationDefinitionNode => item.kind === 'OperationDefinition')!;
      if (definition.operation === 'subscription') continue;
      const run =
        definition.operation === 'query'
          ? client.query({ query: document, variables: {}, fetchPolicy: 'no-cache' })
          : client.mutate({ mutation: document, variables: {}, fetchPolicy: 'no-cache' });
      await run.catch(() => undefined);
      expect(sent.get(definition.name!.value), definition.name!.value).toEqual({ version: 1, sha256Hash: document.__meta__!.hash });
    }
  });
});
