/**
 * Every input field's rule, written once: the API's services apply them (and throw BAD_USER_INPUT),
 * the web client's forms apply them before sending (and show the message under the field). Each rule
 * returns the value to store; a problem is added to `errors` under the field's name.
 */
import { checkText, EMAIL_PATTERN, type FieldProblems, isBlank, isHttpsUrl, normaliseEmail, normaliseUsername, USERNAME_PATTERN } from './validation.js';

export const TWEET_LIMITS = { bodyMax: 280 } as const;

export const tweetRules = {
  /** Trimmed; 1 to 280 user-perceived characters, so whitespace or zero-width characters alone are refused. */
  body(errors: FieldProblems, raw: string): string {
    const value = raw.trim();
    checkText(errors, 'body', value, { required: true, max: TWEET_LIMITS.bodyMax });
    return value;
  },
};

export const TASK_LIMITS = { titleMax: 200, notesMax: 5000 } as const;

export const taskRules = {
  title(errors: FieldProblems, raw: string): string {
    const value = raw.trim();
    checkText(errors, 'title', value, { required: true, max: TASK_LIMITS.titleMax });
    return value;
  },
  notes(errors: FieldProblems, raw: string): string {
    checkText(errors, 'notes', raw, { required: false, max: TASK_LIMITS.notesMax });
    return raw;
  },
  dueAt(errors: FieldProblems, value: Date): Date {
    errors.check('dueAt', !Number.isNaN(value.getTime()), 'must be a valid date and time');
    return value;
  },
};

export const PROMPT_LIMITS = {
  titleMax: 120,
  contentMax: 4000,
  labelMax: 40,
} as const;

export const promptRules = {
  title(errors: FieldProblems, raw: string): string {
    const value = raw.trim();
    checkText(errors, 'title', value, { required: true, max: PROMPT_LIMITS.titleMax });
    return value;
  },
  content(errors: FieldProblems, raw: string): string {
    const value = raw.trim();
    checkText(errors, 'content', value, { required: true, max: PROMPT_LIMITS.contentMax });
    return value;
  },
  /** Genre and tone: optional free text; blank means none. */
  label(errors: FieldProblems, field: 'genre' | 'tone', raw: string | null | undefined): string | null {
    const value = raw?.trim() ?? '';
    checkText(errors, field, value, { required: false, max: PROMPT_LIMITS.labelMax });
    return isBlank(value) ? null : value;
  },
};

export const STORY_LIMITS = {
  maxWordsMin: 50,
  maxWordsMax: 2000,
  defaultMaxWords: 500,
  /** Stories one user may have GENERATING at once, across all server processes. */
  concurrentPerUser: 2,
} as const;

export const storyRules = {
  maxWords(errors: FieldProblems, raw: number | null | undefined): number {
    const value = raw ?? STORY_LIMITS.defaultMaxWords;
    errors.check(
      'maxWords',
      Number.isInteger(value) && value >= STORY_LIMITS.maxWordsMin && value <= STORY_LIMITS.maxWordsMax,
      `must be ${STORY_LIMITS.maxWordsMin} to ${STORY_LIMITS.maxWordsMax}`,
    );
    return value;
  },
};

export const ACCOUNT_LIMITS = {
  passwordMin: 8,
  passwordMax: 256,
  nameMax: 100,
  bioMax: 500,
  emailMax: 254,
} as const;

/** What a phone rule needs from a phone-number parser: the server passes libphonenumber's full metadata, the client its small one. */
export type ParsePhone = (value: string) => { isValid(): boolean; number: string } | undefined;

export const accountRules = {
  username(errors: FieldProblems, raw: string): string {
    const value = normaliseUsername(raw);
    errors.check('username', USERNAME_PATTERN.test(value), '3 to 32 characters: letters, digits or _');
    return value;
  },
  email(errors: FieldProblems, raw: string, field = 'email'): string {
    const value = normaliseEmail(raw);
    errors.check(field, value.length <= ACCOUNT_LIMITS.emailMax && EMAIL_PATTERN.test(value), 'must be a valid email address');
    return value;
  },
  password(errors: FieldProblems, raw: string, field = 'password'): string {
    // Not `required`: a password of spaces is unusual but not blank to the person who typed it.
    checkText(errors, field, raw, { required: false, min: ACCOUNT_LIMITS.passwordMin, max: ACCOUNT_LIMITS.passwordMax });
    return raw;
  },
  name(errors: FieldProblems, raw: string): string {
    const value = raw.trim();
    checkText(errors, 'name', value, { required: true, max: ACCOUNT_LIMITS.nameMax });
    return value;
  },
  bio(errors: FieldProblems, raw: string): string {
    const value = raw.trim();
    checkText(errors, 'bio', value, { required: false, max: ACCOUNT_LIMITS.bioMax });
    return value;
  },
  /**
   * An https address, or (when `isOwnUpload` says so) the path of a picture uploaded here, so that a
   * form can send the profile back unchanged. Empty removes the picture.
   */
  avatarUrl(errors: FieldProblems, raw: string, isOwnUpload: (path: string) => boolean = () => false): string | null {
    const value = raw.trim();
    if (value === '') return null;
    errors.check('avatarUrl', isHttpsUrl(value) || isOwnUpload(value), 'must be an https URL');
    return value;
  },
  /** International form only: a number without its country code means different things in different places. Empty removes it. */
  phone(errors: FieldProblems, raw: string, parse: ParsePhone): string | null {
    const value = raw.trim();
    if (value === '') return null;
    const parsed = value.length <= 40 && value.startsWith('+') ? parse(value) : undefined;
    const ok = parsed?.isValid() ?? false;
    errors.check('phone', ok, 'must be a valid phone number with its country code, e.g. +44 20 7946 0958');
    return ok ? parsed!.number : value;
  },
};
