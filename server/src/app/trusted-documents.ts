import { readFileSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import { ConfigError, type Config } from '../config.js';

export type TrustedDocumentsMode = Config['trustedDocuments']['mode'];

/** What a client sent: a document's text, or its id from the manifest (or both). */
export interface DocumentRequest {
  query?: unknown;
  documentId?: unknown;
  extensions?: Record<string, unknown> | null;
}

const NOT_TRUSTED = 'This document is not trusted: the server runs only the documents in its persisted-documents manifest';

function notTrusted(): GraphQLError {
  return new GraphQLError(NOT_TRUSTED, { extensions: { code: 'FORBIDDEN', http: { status: 400 } } });
}

/** The id a request names: `documentId`, or Apollo's `extensions.persistedQuery.sha256Hash`. */
export function documentIdOf(request: DocumentRequest): string | undefined {
  if (typeof request.documentId === 'string' && request.documentId) return request.documentId;
  const persisted = request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  return typeof persisted?.sha256Hash === 'string' && persisted.sha256Hash ? persisted.sha256Hash : undefined;
}

/**
 * Trusted documents (persisted operations). The manifest is codegen's `persisted-documents.json`,
 * `{ "<hash>": "<document>" }`. `enforce`: only its documents run, named by id or sent as identical
 * text. `allow`: ids resolve from it, other text runs too. `off`: no manifest. Why: docs/decisions/028.
 */
export class TrustedDocuments {
  private readonly texts: ReadonlySet<string>;

  constructor(
    readonly mode: TrustedDocumentsMode,
    private readonly byId: ReadonlyMap<string, string> = new Map(),
  ) {
    this.texts = new Set(byId.values());
  }

  static load(config: Config['trustedDocuments']): TrustedDocuments {
    if (config.mode === 'off') return new TrustedDocuments('off');
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(config.manifestPath, 'utf8'));
    } catch (error) {
      throw new ConfigError(
        `TRUSTED_DOCUMENTS_MANIFEST must name a readable JSON manifest when TRUSTED_DOCUMENTS=${config.mode} (${config.manifestPath}: ${(error as Error).message})`,
      );
    }
    if (!manifest || typeof manifest !== 'object' || Object.values(manifest).some((text) => typeof text !== 'string')) {
      throw new ConfigError(`TRUSTED_DOCUMENTS_MANIFEST must be a JSON object of id → document (${config.manifestPath})`);
    }
    return new TrustedDocuments(config.mode, new Map(Object.entries(manifest as Record<string, string>)));
  }

  get enabled(): boolean {
    return this.mode !== 'off';
  }

  /**
   * The text to run for a request, or throws a GraphQL error. An id found in the manifest wins over
   * any text sent with it (the client's copy may differ, e.g. in `__typename`s).
   */
  resolve(request: DocumentRequest): string {
    const query = typeof request.query === 'string' && request.query ? request.query : undefined;
    if (this.mode === 'off') {
      // Clients send a document's hash beside its text; without a manifest only the text counts.
      if (query !== undefined) return query;
      throw new GraphQLError('This server runs documents by their text: send `query` (a hash alone names nothing here)', {
        extensions: { code: 'BAD_USER_INPUT', fields: { query: 'is required' }, http: { status: 400 } },
      });
    }
    const id = documentIdOf(request);
    const known = id === undefined ? undefined : this.byId.get(id);
    if (known !== undefined) return known;
    if (this.mode === 'enforce') {
      if (query !== undefined && this.texts.has(query)) return query;
      throw notTrusted();
    }
    if (query !== undefined) return query;
    // Apollo Client's persisted-query link answers this by sending the text.
    throw new GraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } } });
  }
}
