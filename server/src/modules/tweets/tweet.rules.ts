import { charLength, type FieldErrors } from '../../shared/validation.js';

export const TWEET_LIMITS = { bodyMax: 280 } as const;

export const tweetRules = {
  /** Trimmed; 1 to 280 user-perceived characters, so whitespace alone is refused. */
  body(errors: FieldErrors, raw: string): string {
    const value = raw.trim();
    errors.check('body', value.length > 0 && charLength(value) <= TWEET_LIMITS.bodyMax, `must be 1 to ${TWEET_LIMITS.bodyMax} characters`);
    return value;
  },
};
