import { checkText, type FieldErrors } from '../../shared/validation.js';

export const TWEET_LIMITS = { bodyMax: 280 } as const;

export const tweetRules = {
  /** Trimmed; 1 to 280 user-perceived characters, so whitespace or zero-width characters alone are refused. */
  body(errors: FieldErrors, raw: string): string {
    const value = raw.trim();
    checkText(errors, 'body', value, { required: true, max: TWEET_LIMITS.bodyMax });
    return value;
  },
};
