import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { migrationsList } from '../../../migrations/index.js';
import { ENTITIES } from './entities.js';

export interface OrmOptions {
  /** Receives every SQL statement; used by tests that count statements. */
  onQuery?: (sql: string) => void;
  poolSize?: number;
}

export function ormOptions(clientUrl: string, options: OrmOptions = {}): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    discovery: { disableDynamicFileAccess: true },
    pool: { min: 0, max: options.poolSize ?? 10 },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    ...(options.onQuery
      ? { debug: ['query'], logger: (message: string) => options.onQuery!(message), colors: false }
      : {}),
    migrations: {
      migrationsList,
      path: 'migrations',
      pathTs: 'migrations',
      snapshot: true,
      snapshotName: '.snapshot-chorus',
      transactional: true,
      allOrNothing: true,
      emit: 'ts',
      silent: true,
    },
  };
}

export async function openOrm(clientUrl: string, options: OrmOptions = {}): Promise<MikroORM> {
  return MikroORM.init(ormOptions(clientUrl, options));
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}

export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  return (await orm.getMigrator().getPendingMigrations()).map((migration) => migration.name);
}
