import { describe, expect, it } from 'vitest';
import { tweetLength } from '../../client/src/features/tweets/components/post-tweet-form';
import { TWEET_LIMITS } from '../../shared/rules';

const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';

describe('the tweet counter counts as the server does', () => {
  it('counts user-perceived characters: a family emoji is one', () => {
    expect(tweetLength(FAMILY.repeat(TWEET_LIMITS.bodyMax))).toBe(TWEET_LIMITS.bodyMax);
    expect(tweetLength(`  ${FAMILY}e\u0301  `)).toBe(2);
  });

  it('finds a body of whitespace and zero-width characters empty', () => {
    expect(tweetLength(' \u200B\u200D\u2060\u00AD\uFE0F\n')).toBe(0);
  });
});
