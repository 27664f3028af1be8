import { readFileSync } from 'node:fs';
import { buildSchema, Query, Resolver } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { assertEveryRootFieldMarked, chorusSchema, printSortedSchema, unmarkedRootFields } from '../../server/src/app/schema.js';
import { Public } from '../../server/src/auth/access.js';
import { openOrm } from '../../server/src/db/orm.js';
import { createTestDatabase } from '../helpers/chorus.js';

describe('schema.graphql', () => {
  it('matches the schema the code defines (run `npm run schema:emit`)', async () => {
    const committed = readFileSync('schema.graphql', 'utf8');
    expect(printSortedSchema(await chorusSchema())).toBe(committed);
  });
});

@Resolver()
class ForgottenResolver {
  @Public()
  @Query(() => String)
  marked(): string {
    return 'ok';
  }

  @Query(() => String)
  forgotten(): string {
    return 'leaks';
  }
}

describe('deny by default', () => {
  it('every root field of the real schema is marked public, signed-in or admin', async () => {
    expect(unmarkedRootFields(await chorusSchema())).toEqual([]);
  });

  it('refuses a schema with an unmarked root field', async () => {
    const schema = await buildSchema({ resolvers: [ForgottenResolver], validate: false, authChecker: () => true });
    expect(unmarkedRootFields(schema)).toEqual(['Query.forgotten']);
    expect(() => assertEveryRootFieldMarked(schema)).toThrow(/Query\.forgotten/);
  });
});

describe('migrations', () => {
  it('bring a database exactly to what the entities describe (no drift)', async () => {
    const orm = await openOrm(await createTestDatabase());
    try {
      expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
      const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
      expect(diff.trim()).toBe('');
      expect(await orm.getMigrator().checkMigrationNeeded()).toBe(false);
    } finally {
      await orm.close();
    }
  });
});
