/**
 * The string as one flat sequence of characters. Concatenation (`+`, template literals,
 * `replaceAll`) leaves a rope of its parts — ~32 bytes a node — and a string kept for as long as a
 * socket is open is worth flattening once (W5 in bench/ANALYSIS.md: memory per idle subscriber).
 * Through UTF-8 and back: for well-formed text only (a lone surrogate would become U+FFFD) — ids,
 * trace ids and JSON, which escapes them.
 */
export function flatString(text: string): string {
  return Buffer.from(text).toString();
}
