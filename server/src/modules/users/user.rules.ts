import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { isUploadedAvatarPath } from '../avatars/avatar.service.js';
import {
  checkText,
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
    // Not `required`: a password of spaces is unusual but not blank to the person who typed it.
    checkText(errors, field, raw, { required: false, min: LIMITS.passwordMin, max: LIMITS.passwordMax });
    return raw;
  },
  name(errors: FieldErrors, raw: string): string {
    const value = raw.trim();
    checkText(errors, 'name', value, { required: true, max: LIMITS.nameMax });
    return value;
  },
  bio(errors: FieldErrors, raw: string): string {
    const value = raw.trim();
    checkText(errors, 'bio', value, { required: false, max: LIMITS.bioMax });
    return value;
  },
  /**
   * An uploaded avatar's path passes here so that a form can send the profile back unchanged;
   * `updateProfile` accepts it only when it is already the member's own.
   */
  avatarUrl(errors: FieldErrors, raw: string): string | null {
    const value = raw.trim();
    if (value === '') return null;
    errors.check('avatarUrl', isHttpsUrl(value) || isUploadedAvatarPath(value), 'must be an https URL');
    return value;
  },
  /** International form only: a number without its country code means different things in different places. */
  phone(errors: FieldErrors, raw: string): string | null {
    const value = raw.trim();
    if (value === '') return null;
    // The full metadata ("max"): it knows which numbers each country actually assigns, not just their lengths.
    const parsed = value.length <= 40 && value.startsWith('+') ? parsePhoneNumberFromString(value) : undefined;
    const ok = parsed?.isValid() ?? false;
    errors.check('phone', ok, 'must be a valid phone number with its country code, e.g. +44 20 7946 0958');
    return ok ? parsed!.number : value;
  },
};
