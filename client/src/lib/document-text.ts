import { printExecutableGraphQLDocument } from '@graphql-tools/documents';
import type { ASTNode, DocumentNode } from 'graphql';

/**
 * The text sent for a document: printed exactly as codegen printed it into the persisted-documents
 * manifest (sorted, whitespace normalised), so a server that runs only trusted documents
 * (TRUSTED_DOCUMENTS=enforce) recognises every operation of this client.
 */
export function documentText(document: ASTNode): string {
  return printExecutableGraphQLDocument(document as DocumentNode);
}
