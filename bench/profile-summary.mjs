// Summarises a V8 .cpuprofile (from `npm run bench -- --profile`): self time by function and by
// package, and inclusive time of the functions matching --focus.
//   node bench/profile-summary.mjs <file.cpuprofile> [--top 25] [--focus regex] [--from seconds] [--to seconds]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' }, focus: { type: 'string' }, from: { type: 'string', default: '0' }, to: { type: 'string' } } });
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
const top = Number(values.top);
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

// --from <seconds>: ignore the first seconds (start-up) of the profile; --to: and what follows
// (one workload of several: the runner logs when each starts).
const from = Number(values.from) * 1e6;
const to = values.to === undefined ? Infinity : Number(values.to) * 1e6;
const selfTime = new Map();
let elapsed = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  elapsed += dt;
  if (elapsed < from || elapsed > to) continue;
  selfTime.set(profile.samples[i], (selfTime.get(profile.samples[i]) ?? 0) + dt);
}
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);

function where(frame) {
  const url = frame.url || '';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.includes('/server/src/')) return 'chorus:' + url.split('/server/src/')[1];
  if (url.startsWith('node:')) return url;
  return url ? url.split('/').slice(-2).join('/') : `(${frame.functionName || 'native'})`;
}

const byFunction = new Map();
const byPackage = new Map();
for (const [id, time] of selfTime) {
  const frame = nodes.get(id).callFrame;
  const key = `${frame.functionName || '(anonymous)'}  ${where(frame)}:${frame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + time);
  const pkg = where(frame).replace(/^chorus:.*/, 'chorus (server/src)');
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + time);
}
const show = (title, map) => {
  console.log(`\n${title}`);
  for (const [key, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((time / total) * 100).toFixed(1).padStart(5)} %  ${(time / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  }
};
console.log(`total sampled ${(total / 1e6).toFixed(2)} s`);
show('self time by package', byPackage);
show('self time by function', byFunction);

if (values.focus) {
  // Inclusive time: a sample counts for every matching frame on its stack (once per stack).
  const focus = new RegExp(values.focus);
  const inclusive = new Map();
  for (const [id, time] of selfTime) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const frame = nodes.get(at).callFrame;
      const key = `${frame.functionName || '(anonymous)'}  ${where(frame)}:${frame.lineNumber + 1}`;
      if (focus.test(key) && !seen.has(key)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + time);
      }
    }
  }
  show(`inclusive time of frames matching /${values.focus}/`, inclusive);
}
