import 'reflect-metadata';
import { Role } from '../auth/role.js';
import { MODULES } from '../modules/index.js';
import { ensureAccount } from './accounts.js';
import { withDatabase } from './cli-database.js';

/** Demo data for the playground and the web client; safe to run again. */
export const DEMO_PASSWORD = 'chorus-demo-password';

const DEMO_USERS = [
  { username: 'admin', name: 'Ada Admin', role: Role.ADMIN },
  { username: 'alice', name: 'Alice Archer', role: Role.USER },
  { username: 'bob', name: 'Bob Baker', role: Role.USER },
  { username: 'carol', name: 'Carol Chen', role: Role.USER },
];

await withDatabase(async (orm) => {
  const users = [];
  for (const demo of DEMO_USERS) {
    const { user, created } = await ensureAccount(orm, {
      ...demo,
      email: `${demo.username}@demo.chorus.local`,
      password: DEMO_PASSWORD,
    });
    users.push(user);
    console.log(`${created ? 'created' : 'kept'} ${user.username}`);
  }
  for (const module of MODULES) {
    if (!module.seed) continue;
    const { label, added } = await module.seed(orm.em.fork(), users);
    console.log(`${label} added: ${added}`);
  }
  console.log(`demo users' password: ${DEMO_PASSWORD}`);
});
