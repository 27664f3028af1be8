// `npm run check:live -- --runs N --seed S [--steps K]`: the model-based checker of the live core
// (tests/server/live-model.test.ts), run longer than `npm test` runs it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '50' }, seed: { type: 'string' }, steps: { type: 'string', default: '40' } } });
const seed = values.seed ?? String(Date.now() % 1_000_000);
console.log(`check:live — ${values.runs} runs of ${values.steps} actions, seed ${seed}`);
const root = path.resolve(import.meta.dirname, '..');
const result = spawnSync(path.join(root, 'node_modules', '.bin', 'vitest'), ['run', 'tests/server/live-model.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CHECK_LIVE_RUNS: values.runs, CHECK_LIVE_SEED: seed, CHECK_LIVE_STEPS: values.steps },
});
process.exit(result.status ?? 1);
