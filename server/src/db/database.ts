import type { Config } from '../config.js';
import { ensureDatabase, type RunningPostgres, startEmbeddedPostgres } from './embedded-postgres.js';

export interface Database {
  url: string;
  /** Where the database came from, for the start-up message. */
  description: string;
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'chorus';

/** `DATABASE_URL` when set; otherwise a real PostgreSQL embedded under `DATA_DIR`, stopped with the process. */
export async function openDatabase(config: Config, onLog?: (line: string) => void): Promise<Database> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, description: 'PostgreSQL from DATABASE_URL', stop: async () => {} };
  }
  const server: RunningPostgres = await startEmbeddedPostgres(config.dataDir, { onLog });
  try {
    await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url: server.urlFor(EMBEDDED_DATABASE),
    description: `embedded PostgreSQL in ${server.databaseDir}`,
    stop: () => server.stop(),
  };
}
