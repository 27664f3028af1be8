import { FieldProblems } from '../../../shared/validation.js';
import { badInput } from './errors.js';

// The field rules' building blocks live in the top-level shared/ folder, which the web client imports too.
export {
  charLength,
  checkText,
  CODE_UNITS_PER_CHARACTER,
  EMAIL_PATTERN,
  isBlank,
  isHttpsUrl,
  normaliseEmail,
  normaliseUsername,
  USERNAME_PATTERN,
} from '../../../shared/validation.js';

/** Collects per-field messages and throws one BAD_USER_INPUT listing them all. */
export class FieldErrors extends FieldProblems {
  throwIfAny(): void {
    const names = Object.keys(this.fields);
    if (names.length) throw badInput(this.fields, `Invalid ${names.join(', ')}: ${Object.values(this.fields).join('; ')}`);
  }
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are opaque to clients; one that cannot be ours names nothing. */
export function isEntityId(id: string): boolean {
  return UUID_PATTERN.test(id);
}

/** `%` and `_` in user text are literal characters in a LIKE pattern. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
