import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestDatabase } from '../helpers/chorus.js';
import { checkLive } from '../helpers/live-model.js';
import { type ChorusProcess, spawnChorus } from '../helpers/process.js';

// `npm run check:live -- --runs 200 --seed 7` runs the same checker longer (scripts/check-live.mjs).
const runs = Number(process.env.CHECK_LIVE_RUNS ?? 3);
const steps = Number(process.env.CHECK_LIVE_STEPS ?? 40);
const seed = Number(process.env.CHECK_LIVE_SEED ?? 20261204);

let databaseUrl: string;
const processes: ChorusProcess[] = [];

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  processes.push(...(await Promise.all([spawnChorus({ DATABASE_URL: databaseUrl }), spawnChorus({ DATABASE_URL: databaseUrl })])));
}, 60_000);
afterAll(async () => {
  await Promise.all(processes.map((running) => running.stop('SIGKILL')));
});

describe('the live core under random use (model-based)', () => {
  it(`holds every delivery, revocation and versioning promise over ${runs} seeded runs of ${steps} actions on two instances (seed ${seed})`, async () => {
    await checkLive({
      seed,
      runs,
      steps,
      instances: processes.map((running) => running.graphqlUrl),
      databaseUrl,
      path: process.env.CHECK_LIVE_PATH,
      log: (line) => console.error(line),
    });
  }, 30 * 60_000);
});
