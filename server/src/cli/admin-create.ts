import 'reflect-metadata';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { withDatabase } from './cli-database.js';
import { ensureAccount } from './accounts.js';
import { Role } from '../auth/role.js';

/** `npm run admin:create -- --username U --email E [--password P] [--name N]`; idempotent. */
const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    email: { type: 'string' },
    password: { type: 'string' },
    name: { type: 'string' },
  },
});
if (!values.username || !values.email) {
  console.error('usage: npm run admin:create -- --username U --email E [--password P] [--name N]');
  process.exit(2);
}
let password = values.password;
if (!password) {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  password = await prompt.question('Password for the new admin: ');
  prompt.close();
}
try {
  await withDatabase(async (orm) => {
    const { user, created } = await ensureAccount(orm, {
      username: values.username!,
      email: values.email!,
      password: password!,
      name: values.name ?? values.username!,
      role: Role.ADMIN,
    });
    console.log(created ? `created admin ${user.username}` : `${user.username} exists; made sure it is an admin`);
  });
} catch (error) {
  console.error(`admin:create failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
