import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { accountRules } from '../../../../shared/rules.js';
import type { FieldErrors } from '../../shared/validation.js';
import { isUploadedAvatarPath } from '../avatars/api.js';

/**
 * The account rules of shared/rules.ts (the web client's forms apply the same ones), with what only
 * the server knows: which avatar paths are uploads, and the full phone metadata ("max": it knows which
 * numbers each country actually assigns, not just their lengths).
 */
export const rules = {
  ...accountRules,
  avatarUrl: (errors: FieldErrors, raw: string) => accountRules.avatarUrl(errors, raw, isUploadedAvatarPath),
  phone: (errors: FieldErrors, raw: string) => accountRules.phone(errors, raw, (value) => parsePhoneNumberFromString(value)),
};
