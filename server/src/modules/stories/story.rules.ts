import type { FieldErrors } from '../../shared/validation.js';

export const STORY_LIMITS = {
  maxWordsMin: 50,
  maxWordsMax: 2000,
  defaultMaxWords: 500,
  /** Stories one user may have GENERATING at once, across all server processes. */
  concurrentPerUser: 2,
} as const;

export const storyRules = {
  maxWords(errors: FieldErrors, raw: number | null | undefined): number {
    const value = raw ?? STORY_LIMITS.defaultMaxWords;
    errors.check(
      'maxWords',
      Number.isInteger(value) && value >= STORY_LIMITS.maxWordsMin && value <= STORY_LIMITS.maxWordsMax,
      `must be ${STORY_LIMITS.maxWordsMin} to ${STORY_LIMITS.maxWordsMax}`,
    );
    return value;
  },
};
