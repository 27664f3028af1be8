// Compares two V8 heap snapshots (bench control endpoint /heap-snapshot) by constructor: the
// self size and count added per unit (e.g. per subscriber), largest first.
//   node bench/heap-diff.mjs <before.heapsnapshot> <after.heapsnapshot> <units> [--top 30]
import { readFileSync } from 'node:fs';

const [beforeFile, afterFile, unitsArg] = process.argv.slice(2);
const top = Number(process.argv[process.argv.indexOf('--top') + 1]) || 30;
const units = Number(unitsArg) || 1;

function summarise(file) {
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const byName = new Map();
  const nodes = snapshot.nodes;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]];
    let name = type === 'object' || type === 'closure' ? snapshot.strings[nodes[i + nameAt]] : `(${type})`;
    if (type === 'closure') name = `closure ${name}`;
    const entry = byName.get(name) ?? { size: 0, count: 0 };
    entry.size += nodes[i + sizeAt];
    entry.count++;
    byName.set(name, entry);
  }
  return byName;
}

const before = summarise(beforeFile);
const after = summarise(afterFile);
const rows = [];
let total = 0;
for (const [name, entry] of after) {
  const old = before.get(name) ?? { size: 0, count: 0 };
  const size = (entry.size - old.size) / units;
  const count = (entry.count - old.count) / units;
  total += size;
  rows.push({ name, size, count });
}
rows.sort((a, b) => b.size - a.size);
console.log(`self size added per unit: ${(total / 1024).toFixed(2)} KB`);
for (const row of rows.slice(0, top)) console.log(`${row.size.toFixed(0).padStart(8)} B  ${row.count.toFixed(2).padStart(7)}×  ${row.name.slice(0, 90)}`);
