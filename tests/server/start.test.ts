import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnChorus } from '../helpers/process.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'chorus-start-'));
chmodSync(dataDir, 0o755);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function postmasterRunning(): boolean {
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function graphql(url: string, query: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return (await response.json()) as { data?: any; errors?: any[] };
}

function run(command: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('start with the embedded database', () => {
  it('starts, serves, stops cleanly on SIGINT and keeps the data for the next start', async () => {
    const env = { DATA_DIR: dataDir, JWT_SECRET: '', NODE_ENV: 'development' };
    const first = await spawnChorus(env, 120_000);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    const registered = await graphql(
      first.graphqlUrl,
      `mutation { register(input: { username: "keeper", email: "keeper@example.com", password: "password123", name: "Keeper" }) { user { id } } }`,
    );
    expect(registered.errors).toBeUndefined();
    expect(postmasterRunning()).toBe(true);
    expect(await first.stop('SIGINT')).toBe(0);
    expect(postmasterRunning()).toBe(false);

    // The development JWT secret was generated once into DATA_DIR and is reused.
    const secret = readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8');
    const admin = await run(process.execPath, ['--import', '@swc-node/register/esm-register', 'server/src/cli/admin-create.ts', '--username', 'boss', '--email', 'boss@example.com', '--password', 'boss password'], env);
    expect(admin.output).toContain('created admin boss');
    expect(admin.code).toBe(0);

    // The demo data set: users with tasks, tweets and story prompts; a second run adds nothing.
    const seedArgs = ['--import', '@swc-node/register/esm-register', 'server/src/cli/seed.ts'];
    const seeded = await run(process.execPath, seedArgs, env);
    expect(seeded.code).toBe(0);
    expect(seeded.output).toMatch(/tasks added: [1-9]/);
    expect(seeded.output).toMatch(/tweets added: [1-9]/);
    expect(seeded.output).toMatch(/story prompts added: [1-9]/);
    const reseeded = await run(process.execPath, seedArgs, env);
    expect(reseeded.code).toBe(0);
    for (const what of ['tasks', 'tweets', 'story prompts']) expect(reseeded.output).toContain(`${what} added: 0`);

    const second = await spawnChorus(env, 120_000);
    const login = await graphql(second.graphqlUrl, `mutation { login(input: { usernameOrEmail: "keeper", password: "password123" }) { user { username } } }`);
    expect(login.data?.login.user.username).toBe('keeper');
    const bossLogin = await graphql(second.graphqlUrl, `mutation { login(input: { usernameOrEmail: "boss", password: "boss password" }) { user { role } } }`);
    expect(bossLogin.data?.login.user.role).toBe('ADMIN');
    const demo = await graphql(second.graphqlUrl, `mutation { login(input: { usernameOrEmail: "alice", password: "chorus-demo-password" }) { user { username } } }`);
    expect(demo.data?.login.user.username).toBe('alice');
    expect(readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8')).toBe(secret);
    expect(await second.stop('SIGTERM')).toBe(0);
    expect(postmasterRunning()).toBe(false);
  }, 180_000);

  it('stops the database last on Ctrl-C at a terminal, which sends SIGINT to the whole process group', async () => {
    const groupDataDir = mkdtempSync(path.join(os.tmpdir(), 'chorus-start-group-'));
    chmodSync(groupDataDir, 0o755);
    try {
      const chorus = await spawnChorus({ DATA_DIR: groupDataDir, JWT_SECRET: '', NODE_ENV: 'development' }, 120_000, { processGroup: true });
      const shown = chorus.output().length;
      const exited = new Promise<number | null>((resolve) => chorus.process.once('exit', resolve));
      process.kill(-chorus.process.pid!, 'SIGINT');
      expect(await exited).toBe(0);
      // A database stopped under the server cuts its connections while it finishes its work.
      expect(chorus.output().slice(shown)).not.toContain('terminating connection');
    } finally {
      rmSync(groupDataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
