import type { DocumentNode } from 'graphql';

/**
 * Parsed documents by their exact text (so error locations stay right), least recently used first
 * out. A subscription lives for hours and graphql-ws holds the operation it runs until it ends: with
 * this, every socket subscribing with the same text holds one shared document instead of its own
 * parse, with its locations and tokens (W5 in bench/ANALYSIS.md), and skips the parse. Only
 * documents that passed every check are kept (`keep`), so refused text never fills it.
 */
export class DocumentCache {
  private readonly byText = new Map<string, DocumentNode>();

  constructor(private readonly max: number) {}

  get(text: string): DocumentNode | undefined {
    const document = this.byText.get(text);
    if (document) {
      this.byText.delete(text);
      this.byText.set(text, document);
    }
    return document;
  }

  keep(text: string, document: DocumentNode): void {
    if (this.byText.has(text)) return;
    this.byText.set(text, document);
    if (this.byText.size > this.max) this.byText.delete(this.byText.keys().next().value!);
  }
}
