import {
  charLength,
  EMAIL_PATTERN,
  type FieldErrors,
  isHttpsUrl,
  normaliseEmail,
  normaliseUsername,
  USERNAME_PATTERN,
} from '../../shared/validation.js';

export const LIMITS = {
  passwordMin: 8,
  passwordMax: 256,
  nameMax: 100,
  bioMax: 500,
  emailMax: 254,
} as const;

/** Each returns the normalised value; problems are added to `errors` under the field's name. */
export const rules = {
  username(errors: FieldErrors, raw: string): string {
    const value = normaliseUsername(raw);
    errors.check('username', USERNAME_PATTERN.test(value), '3 to 32 characters: letters, digits or _');
    return value;
  },
  email(errors: FieldErrors, raw: string, field = 'email'): string {
    const value = normaliseEmail(raw);
    errors.check(field, value.length <= LIMITS.emailMax && EMAIL_PATTERN.test(value), 'must be a valid email address');
    return value;
  },
  password(errors: FieldErrors, raw: string, field = 'password'): string {
    const length = charLength(raw);
    errors.check(
      field,
      length >= LIMITS.passwordMin && length <= LIMITS.passwordMax,
      `must be ${LIMITS.passwordMin} to ${LIMITS.passwordMax} characters`,
    );
    return raw;
  },
  name(errors: FieldErrors, raw: string): string {
    const value = raw.trim();
    errors.check('name', value.length > 0 && charLength(value) <= LIMITS.nameMax, `must be 1 to ${LIMITS.nameMax} characters`);
    return value;
  },
  bio(errors: FieldErrors, raw: string): string {
    const value = raw.trim();
    errors.check('bio', charLength(value) <= LIMITS.bioMax, `must be at most ${LIMITS.bioMax} characters`);
    return value;
  },
  avatarUrl(errors: FieldErrors, raw: string): string | null {
    const value = raw.trim();
    if (value === '') return null;
    errors.check('avatarUrl', isHttpsUrl(value), 'must be an https URL');
    return value;
  },
};
