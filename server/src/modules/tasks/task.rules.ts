import { checkText, type FieldErrors } from '../../shared/validation.js';

export const TASK_LIMITS = { titleMax: 200, notesMax: 5000 } as const;

/** Each returns the value to store; problems are added to `errors` under the field's name. */
export const taskRules = {
  title(errors: FieldErrors, raw: string): string {
    const value = raw.trim();
    checkText(errors, 'title', value, { required: true, max: TASK_LIMITS.titleMax });
    return value;
  },
  notes(errors: FieldErrors, raw: string): string {
    checkText(errors, 'notes', raw, { required: false, max: TASK_LIMITS.notesMax });
    return raw;
  },
  dueAt(errors: FieldErrors, value: Date): Date {
    errors.check('dueAt', !Number.isNaN(value.getTime()), 'must be a valid date and time');
    return value;
  },
};
