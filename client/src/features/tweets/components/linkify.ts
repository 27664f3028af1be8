/** A piece of a tweet's text: plain, or a web link to show as one. */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/**
 * Candidates: `http://` or `https://` (any case) not glued to a preceding letter or digit, up to
 * whitespace, a quote or an angle bracket. Nothing else can become a link: no `javascript:`,
 * `data:`, `www.` without a scheme, or mail addresses.
 */
const CANDIDATE = /(?<![\p{L}\p{N}])https?:\/\/[^\s"<>`\u201C\u201D\u2018\u2019\u00AB\u00BB\u300C\u300D]+/giu;
/** Sentence punctuation that ends a sentence rather than the address ("see https://x.org."). */
const TRAILING = /[.,;:!?'*_~\u3002\u3001\uFF0C\uFF01\uFF1F\u2026]+$/u;
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{', '\uFF09': '\uFF08' };

/** Drops trailing punctuation, and closing brackets the address did not open ("(see https://x.org/a)"). */
function trimEnd(candidate: string): string {
  let text = candidate;
  for (;;) {
    const trimmed = text.replace(TRAILING, '');
    const last = trimmed.at(-1) ?? '';
    const opener = CLOSERS[last];
    if (opener !== undefined && count(trimmed, last) > count(trimmed, opener)) {
      text = trimmed.slice(0, -1);
      continue;
    }
    return trimmed;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** The address as the browser will follow it, or null unless it is a plain http(s) address with a host. */
function safeHref(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // "https://bank.example@evil.example" shows one host and opens another: left as text.
  if (!url.hostname || url.username || url.password) return null;
  return url.href;
}

/** Splits text into plain parts and http(s) links, in order; joining every part's `text` gives the input back. */
export function linkify(input: string): TextPart[] {
  const parts: TextPart[] = [];
  let plain = '';
  let from = 0;
  for (const match of input.matchAll(CANDIDATE)) {
    const text = trimEnd(match[0]);
    const href = safeHref(text);
    if (!href) continue;
    plain += input.slice(from, match.index);
    if (plain) parts.push({ kind: 'text', text: plain });
    plain = '';
    parts.push({ kind: 'link', text, href });
    from = match.index + text.length;
  }
  plain += input.slice(from);
  if (plain) parts.push({ kind: 'text', text: plain });
  return parts;
}
