import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate, openOrm } from '../db/orm.js';

/** For command-line tools: the same database `npm start` uses, migrated, closed after `work`. */
export async function withDatabase<T>(work: (orm: MikroORM) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    const orm = await openOrm(database.url);
    try {
      if (options.migrate !== false) await migrate(orm);
      return await work(orm);
    } finally {
      await orm.close();
    }
  } finally {
    await database.stop();
  }
}
