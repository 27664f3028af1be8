import { checkText, type FieldErrors, isBlank } from '../../shared/validation.js';

export const PROMPT_LIMITS = {
  titleMax: 120,
  contentMax: 4000,
  labelMax: 40,
} as const;

/** Each returns the normalised value; problems are added to `errors` under the field's name. */
export const promptRules = {
  title(errors: FieldErrors, raw: string): string {
    const value = raw.trim();
    checkText(errors, 'title', value, { required: true, max: PROMPT_LIMITS.titleMax });
    return value;
  },
  content(errors: FieldErrors, raw: string): string {
    const value = raw.trim();
    checkText(errors, 'content', value, { required: true, max: PROMPT_LIMITS.contentMax });
    return value;
  },
  /** Genre and tone: optional free text; blank means none. */
  label(errors: FieldErrors, field: 'genre' | 'tone', raw: string | null | undefined): string | null {
    const value = raw?.trim() ?? '';
    checkText(errors, field, value, { required: false, max: PROMPT_LIMITS.labelMax });
    return isBlank(value) ? null : value;
  },
};
