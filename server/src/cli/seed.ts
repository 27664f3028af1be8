import 'reflect-metadata';
import { Role } from '../auth/role.js';
import { seedPrompts } from '../modules/stories/prompt.seed.js';
import { seedTasks } from '../modules/tasks/task.seed.js';
import { seedTweets } from '../modules/tweets/tweet.seed.js';
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
  console.log(`tasks added: ${await seedTasks(orm.em.fork(), users)}`);
  console.log(`tweets added: ${await seedTweets(orm.em.fork(), users)}`);
  console.log(`story prompts added: ${await seedPrompts(orm.em.fork(), users)}`);
  console.log(`demo users' password: ${DEMO_PASSWORD}`);
});
