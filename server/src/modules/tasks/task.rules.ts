import { charLength, type FieldErrors } from '../../shared/validation.js';

export const TASK_LIMITS = { titleMax: 200, notesMax: 5000 } as const;

/** Each returns the value to store; problems are added to `errors` under the field's name. */
export const taskRules = {
  title(errors: FieldErrors, raw: string): string {
    const value = raw.trim();
    errors.check('title', value.length > 0 && charLength(value) <= TASK_LIMITS.titleMax, `must be 1 to ${TASK_LIMITS.titleMax} characters`);
    return value;
  },
  notes(errors: FieldErrors, raw: string): string {
    errors.check('notes', charLength(raw) <= TASK_LIMITS.notesMax, `must be at most ${TASK_LIMITS.notesMax} characters`);
    return raw;
  },
  dueAt(errors: FieldErrors, value: Date): Date {
    errors.check('dueAt', !Number.isNaN(value.getTime()), 'must be a valid date and time');
    return value;
  },
};
