import 'reflect-metadata';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureDatabase, startEmbeddedPostgres } from '../../server/src/db/embedded-postgres.js';
import { migrate, openOrm } from '../../server/src/db/orm.js';
import pg from 'pg';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Maintenance-database URL of the PostgreSQL server the tests use. */
    pgAdminUrl: string;
    /** A migrated database each test server copies (CREATE DATABASE ... TEMPLATE). */
    templateDatabase: string;
  }
}

const TEMPLATE = `chorus_template_${process.pid}`;

/**
 * One PostgreSQL per test run: embedded (fresh, in a temp dir) unless TEST_DATABASE_URL names a
 * server to use. Migrations are applied once, to a template database.
 */
export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stop: () => Promise<void> = async () => {};
  if (process.env.TEST_DATABASE_URL) {
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = '/postgres';
    adminUrl = url.toString();
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'chorus-test-pg-'));
    // When run as root the server runs as the `postgres` user, who must be able to enter the folder.
    chmodSync(dir, 0o755);
    const server = await startEmbeddedPostgres(dir, { fast: true });
    adminUrl = server.adminUrl;
    stop = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE}`);
  await admin.end();
  await ensureDatabase(adminUrl, TEMPLATE);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE}`;
  const orm = await openOrm(templateUrl.toString());
  await migrate(orm);
  await orm.close();

  project.provide('pgAdminUrl', adminUrl);
  project.provide('templateDatabase', TEMPLATE);

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 || '%'`,
      [TEMPLATE],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await client.end();
    await stop();
  };
}
