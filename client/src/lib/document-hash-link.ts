import { ApolloLink } from '@apollo/client';
import { concatMap, from } from 'rxjs';
import { documentText } from './document-text';

const hashes = new Map<string, Promise<string | null>>();

/** `sha256:<hex>` of the text — the key codegen gives the document in persisted-documents.json. */
export function documentHash(text: string): Promise<string | null> {
  let hash = hashes.get(text);
  if (!hash) {
    // WebCrypto exists only in secure contexts (https, localhost); elsewhere the text alone is sent.
    const subtle = globalThis.crypto?.subtle;
    hash = subtle
      ? subtle.digest('SHA-256', new TextEncoder().encode(text)).then((digest) => {
          const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
          return `sha256:${hex}`;
        })
      : Promise.resolve(null);
    hashes.set(text, hash);
  }
  return hash;
}

/**
 * Sends each operation's manifest hash (`extensions.persistedQuery.sha256Hash`) beside its text:
 * a server with TRUSTED_DOCUMENTS=enforce runs the manifest's document for that hash; one without a
 * manifest uses the text.
 */
export function documentHashLink(): ApolloLink {
  return new ApolloLink((operation, forward) =>
    from(documentHash(documentText(operation.query))).pipe(
      concatMap((sha256Hash) => {
        if (sha256Hash) Object.assign(operation.extensions, { persistedQuery: { version: 1, sha256Hash } });
        return forward(operation);
      }),
    ),
  );
}
