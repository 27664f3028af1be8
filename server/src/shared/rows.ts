/**
 * Rows read with `em.execute` carry timestamps as text: the driver leaves parsing them to
 * MikroORM's hydration. Statements that change thousands of rows read them back as plain rows
 * (building an entity each costs far more), and this parses their timestamp columns as the
 * hydration would. The caller's column list (`as "camelCase"` aliases) gives the rows their shape.
 */
export function withDates<T extends object>(rows: Record<string, unknown>[], timestamps: readonly (keyof T & string)[]): T[] {
  for (const row of rows) {
    for (const key of timestamps) {
      const value = row[key];
      if (typeof value === 'string') row[key] = new Date(value);
    }
  }
  return rows as T[];
}
