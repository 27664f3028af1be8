import 'reflect-metadata';
import { migrate } from '../db/orm.js';
import { withDatabase } from './cli-database.js';

await withDatabase(async (orm) => {
  const applied = await migrate(orm);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
}, { migrate: false });
