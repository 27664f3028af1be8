import { badInput } from './errors.js';

/** Collects per-field messages and throws one BAD_USER_INPUT listing them all. */
export class FieldErrors {
  private readonly fields: Record<string, string> = {};

  add(field: string, message: string): this {
    this.fields[field] ??= message;
    return this;
  }

  check(field: string, ok: boolean, message: string): this {
    if (!ok) this.add(field, message);
    return this;
  }

  throwIfAny(): void {
    const names = Object.keys(this.fields);
    if (names.length) throw badInput(this.fields, `Invalid ${names.join(', ')}: ${Object.values(this.fields).join('; ')}`);
  }
}

export const USERNAME_PATTERN = /^[a-z0-9_]{3,32}$/;
// Deliberately simple: one @, no spaces, a dot in the domain. Real verification is by mail.
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

export function isHttpsUrl(raw: string): boolean {
  try {
    return new URL(raw).protocol === 'https:' && raw.length <= 2048;
  } catch {
    return false;
  }
}

/** Length in user-perceived characters, so an emoji counts as one. */
export function charLength(text: string): number {
  return [...text].length;
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
