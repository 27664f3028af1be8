import { charLength, type FieldErrors } from '../../shared/validation.js';

export const PROMPT_LIMITS = {
  titleMax: 120,
  contentMax: 4000,
  labelMax: 40,
} as const;

/** Each returns the normalised value; problems are added to `errors` under the field's name. */
export const promptRules = {
  title(errors: FieldErrors, raw: string): string {
    const value = raw.trim();
    const length = charLength(value);
    errors.check('title', length > 0 && length <= PROMPT_LIMITS.titleMax, `must be 1 to ${PROMPT_LIMITS.titleMax} characters`);
    return value;
  },
  content(errors: FieldErrors, raw: string): string {
    const value = raw.trim();
    const length = charLength(value);
    errors.check('content', length > 0 && length <= PROMPT_LIMITS.contentMax, `must be 1 to ${PROMPT_LIMITS.contentMax} characters`);
    return value;
  },
  /** Genre and tone: optional free text; empty means none. */
  label(errors: FieldErrors, field: 'genre' | 'tone', raw: string | null | undefined): string | null {
    const value = raw?.trim() ?? '';
    errors.check(field, charLength(value) <= PROMPT_LIMITS.labelMax, `must be at most ${PROMPT_LIMITS.labelMax} characters`);
    return value === '' ? null : value;
  },
};
