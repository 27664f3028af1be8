import { useState } from 'react';
import { FieldProblems } from '../../../shared/validation';
import { fieldErrors } from './graphql-errors';

/** Applies a form's rules (from shared/rules.ts, the server's own) to its values. */
export type FormRules<T> = (values: T, problems: FieldProblems) => void;

function problemsOf<T>(rules: FormRules<T> | undefined, values: T): Record<string, string> {
  const problems = new FieldProblems();
  rules?.(values, problems);
  return problems.messages();
}

/**
 * A form's text values and their messages, shown under the fields (Mantine sets `aria-invalid` and
 * `aria-describedby`): `field(name)` gives an input its name, value, error and change handler.
 * `validate` applies the shared rules before anything is sent; `showServerErrors` puts a refusal
 * that names this form's fields under those fields.
 */
export function useFormFields<T extends Record<string, string>>(initial: T, rules?: FormRules<T>) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const field = (name: keyof T & string) => ({
    name,
    value: values[name],
    error: errors[name],
    // Mantine's PasswordInput does not set it itself.
    'aria-invalid': Boolean(errors[name]),
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setValues((previous) => ({ ...previous, [name]: value }));
      // A field showing a message is checked again as it is corrected; others wait for the next submit.
      if (errors[name]) setErrors((previous) => ({ ...withoutField(previous, name), ...pick(problemsOf(rules, { ...values, [name]: value }), name) }));
    },
  });
  const reset = () => setValues(initial);

  /** True when every rule passes; otherwise shows the messages and focuses the first field at fault in `form`. */
  const validate = (form?: HTMLFormElement | null): boolean => {
    const found = problemsOf(rules, values);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) form?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
    return first === undefined;
  };

  /** True when the server's refusal named only fields of this form (they now show its messages). */
  const showServerErrors = (error: unknown): boolean => {
    const found = fieldErrors(error);
    const names = Object.keys(found);
    if (!names.length || !names.every((name) => name in initial)) return false;
    setErrors(found);
    return true;
  };

  return { values, errors, setErrors, field, reset, validate, showServerErrors };
}

function withoutField(errors: Record<string, string>, name: string): Record<string, string> {
  const { [name]: _removed, ...rest } = errors;
  return rest;
}

function pick(errors: Record<string, string>, name: string): Record<string, string> {
  return errors[name] ? { [name]: errors[name] } : {};
}
