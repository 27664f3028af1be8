import { describe, expect, it } from 'vitest';
import { TWEET_MAX_LENGTH, tweetLength } from '../../client/src/features/tweets/components/post-tweet-form';

const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';

describe('the tweet counter counts as the server does', () => {
  it('counts user-perceived characters: a family emoji is one', () => {
    expect(tweetLength(FAMILY.repeat(TWEET_MAX_LENGTH))).toBe(TWEET_MAX_LENGTH);
    expect(tweetLength(`  ${FAMILY}e\u0301  `)).toBe(2);
  });

  it('finds a body of whitespace and zero-width characters empty', () => {
    expect(tweetLength(' \u200B\u200D\u2060\u00AD\uFE0F\n')).toBe(0);
  });
});
