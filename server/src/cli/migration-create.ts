import 'reflect-metadata';
import { readdirSync, writeFileSync } from 'node:fs';
import { withDatabase } from './cli-database.js';

/** Creates a migration for the difference between the entities and the migrated database, and lists it. */
const name = process.argv[2];
await withDatabase(async (orm) => {
  const result = await orm.getMigrator().createMigration('migrations', false, false, name);
  if (!result.fileName) {
    console.log('entities and migrations agree: nothing to create');
    return;
  }
  console.log(`created migrations/${result.fileName}`);
});

const files = readdirSync('migrations')
  .filter((file) => /^Migration\d+.*\.ts$/.test(file))
  .sort();
const imports = files.map((file, i) => `import { ${file.replace(/\.ts$/, '').replace(/[^A-Za-z0-9_]/g, '_')} as m${i} } from './${file.replace(/\.ts$/, '.js')}';`);
const entries = files.map((file, i) => `  { name: '${file.replace(/\.ts$/, '')}', class: m${i} },`);
writeFileSync(
  'migrations/index.ts',
  `import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
${imports.join('\n')}

/** Every migration, oldest first. \`npm run migration:create\` rewrites this list. */
export const migrationsList: { name: string; class: Constructor<Migration> }[] = [
${entries.join('\n')}
];
`,
);
