import { describe, expect, it } from 'vitest';
import { linkify, type TextPart } from '../../client/src/features/tweets/components/linkify';

const links = (text: string) => linkify(text).filter((part): part is Extract<TextPart, { kind: 'link' }> => part.kind === 'link');
const joined = (text: string) => linkify(text).map((part) => part.text).join('');

describe('linkify: web links in tweets', () => {
  it('finds http and https links among words and gives the text back whole', () => {
    const text = 'Read https://example.org/a?b=1&c=2#d and HTTP://Example.com/X today';
    expect(linkify(text)).toEqual([
      { kind: 'text', text: 'Read ' },
      { kind: 'link', text: 'https://example.org/a?b=1&c=2#d', href: 'https://example.org/a?b=1&c=2#d' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'HTTP://Example.com/X', href: 'http://example.com/X' },
      { kind: 'text', text: ' today' },
    ]);
    expect(joined(text)).toBe(text);
    expect(linkify('no links here')).toEqual([{ kind: 'text', text: 'no links here' }]);
    expect(linkify('')).toEqual([]);
  });

  it('never links a script, data or other scheme, however it is spelled', () => {
    for (const hostile of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(document.cookie)',
      'java\tscript:alert(1)',
      ' javascript://example.org/%0Aalert(1)',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://example.org/x',
      'mailto:a@example.org',
      'www.example.org',
      'xhttps://example.org',
      'javascript:https://example.org',
    ]) {
      const found = links(hostile);
      expect(found.every((link) => /^https?:\/\/example\.org\//.test(link.href)), hostile).toBe(true);
      expect(joined(hostile)).toBe(hostile);
    }
    expect(links('javascript:alert(1)')).toEqual([]);
    expect(links('xhttps://example.org')).toEqual([]);
  });

  it('ends a link at quotes and angle brackets, so markup cannot ride along', () => {
    expect(links('https://example.org/"onmouseover="alert(1)').map((link) => link.href)).toEqual(['https://example.org/']);
    expect(links("<a href='https://example.org/x'>hi</a>").map((link) => link.text)).toEqual(['https://example.org/x']);
    expect(links('“https://example.org/q”').map((link) => link.text)).toEqual(['https://example.org/q']);
  });

  it('leaves trailing punctuation and unopened brackets out of the link', () => {
    expect(links('See https://example.org.').map((link) => link.text)).toEqual(['https://example.org']);
    expect(links('(see https://example.org/a), then https://example.org/b!?').map((link) => link.text)).toEqual([
      'https://example.org/a',
      'https://example.org/b',
    ]);
    expect(links('https://en.wikipedia.org/wiki/Pipe_(Unix).').map((link) => link.text)).toEqual(['https://en.wikipedia.org/wiki/Pipe_(Unix)']);
    expect(links('読んで https://example.org/記事。').map((link) => link.text)).toEqual(['https://example.org/記事']);
  });

  it('links unicode hosts and paths by their encoded address, showing them as written', () => {
    const [link] = links('Café: https://bücher.example/straße?q=ü');
    expect(link).toEqual({ kind: 'link', text: 'https://bücher.example/straße?q=ü', href: 'https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%BC' });
  });

  it('leaves addresses without a host, or with credentials that disguise the host, as text', () => {
    expect(links('https:// and http://')).toEqual([]);
    expect(links('https://bank.example@evil.example/login')).toEqual([]);
    expect(joined('https://bank.example@evil.example/login')).toBe('https://bank.example@evil.example/login');
  });
});
