import { useState } from 'react';

/**
 * A form's text values and the server's per-field messages (`extensions.fields`): `field(name)` gives
 * a Mantine input its name, value, error and change handler.
 */
export function useFormFields<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const field = (name: keyof T & string) => ({
    name,
    value: values[name],
    error: errors[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setValues((previous) => ({ ...previous, [name]: value }));
    },
  });
  const reset = () => setValues(initial);
  return { values, setErrors, field, reset };
}
