// The benchmark's PostgreSQL: an embedded one under the work directory (with pg_stat_statements
// preloaded, so SQL statements per request can be counted for every peer alike), or the server
// behind DATABASE_URL when it is given.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/** The server's own embedded PostgreSQL (TypeScript, loaded through the swc hook the runner uses for its servers). */
async function embeddedPostgres() {
  await import('@swc-node/register/esm-register');
  return import('../../server/src/db/embedded-postgres.ts');
}

/** Settings of the benchmark cluster; written into RESULTS.md. */
export const POSTGRES_SETTINGS = {
  synchronous_commit: 'off',
  shared_preload_libraries: 'pg_stat_statements',
  max_connections: '300',
};

/**
 * Returns `{ adminUrl, urlFor(db), description, stop() }`. `synchronous_commit=off` (fsync stays
 * on): commits do not wait for this VM's disk, so write workloads measure CPU, not the disk.
 */
export async function startPostgres(workDir, log = () => {}) {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    const adminUrl = url.toString();
    return {
      adminUrl,
      urlFor(database) {
        const u = new URL(adminUrl);
        u.pathname = `/${database}`;
        return u.toString();
      },
      description: 'PostgreSQL from DATABASE_URL',
      embedded: false,
      postmasterPid: () => null,
      stop: async () => {},
    };
  }
  mkdirSync(workDir, { recursive: true });
  const { startEmbeddedPostgres } = await embeddedPostgres();
  const server = await startEmbeddedPostgres(workDir, { settings: POSTGRES_SETTINGS, onLog: (line) => log(String(line)) });
  return {
    ...server,
    description: `embedded PostgreSQL in ${path.relative(process.cwd(), server.databaseDir)}`,
    embedded: true,
  };
}

export async function withClient(url, run) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Counts statements run in one database with pg_stat_statements (null when it is not loaded). */
export class StatementCounter {
  constructor(adminUrl, database) {
    this.adminUrl = adminUrl;
    this.database = database;
    this.available = null;
  }

  async #query(sql, params) {
    return withClient(this.adminUrl, (client) => client.query(sql, params));
  }

  async reset() {
    if (this.available === false) return;
    try {
      await this.#query('select pg_stat_statements_reset()');
      this.available = true;
    } catch {
      this.available = false;
    }
  }

  /**
   * Statements (calls) since the last reset in the benchmark database, with the top ones by calls
   * and by execution time (ms, the backends' own clock).
   */
  async read() {
    if (!this.available) return null;
    const { rows } = await this.#query(
      `select s.calls::int as calls, round(s.total_exec_time::numeric, 1)::float as "execMs",
              left(regexp_replace(s.query, '\\s+', ' ', 'g'), 120) as query
       from pg_stat_statements s join pg_database d on d.oid = s.dbid
       where d.datname = $1 order by s.calls desc`,
      [this.database],
    );
    const byTime = [...rows].sort((a, b) => b.execMs - a.execMs).slice(0, 8);
    return { total: rows.reduce((sum, row) => sum + row.calls, 0), top: rows.slice(0, 8), byTime };
  }
}
