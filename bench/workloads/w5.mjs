// W5 memory: server RSS and heap after forced GC with S.w5Level's subscribers idle (10,000 in the
// full run, issue 16), minus the same before any subscriber, per subscriber. Measured inside W4
// (bench/workloads/w4.mjs: the same subscribers), before that level's posting phase.
import { control } from '../lib/measure.mjs';
import { fmt } from '../lib/util.mjs';

/** Memory after GC (a heap snapshot too with --heap) before any subscriber connects. */
export async function w5Before(chorus, { flags }) {
  return control(chorus, flags.heap ? 'heap-snapshot' : 'gc');
}

/** With `level` idle subscribers: fills `w5` against `baseline` (w5Before's answer). */
export async function w5Measure(w5, baseline, level, chorus, { flags, log }) {
  const idle = await control(chorus, flags.heap ? 'heap-snapshot' : 'gc');
  if (flags.heap) log(`W5 heap snapshots: node bench/heap-diff.mjs ${baseline.file} ${idle.file} ${level}`);
  w5.idle = idle.memory;
  w5.serverSubscribers = idle.subscribers;
  w5.rssPerSubscriberKB = (idle.memory.rss - baseline.memory.rss) / level / 1024;
  w5.heapPerSubscriberKB = (idle.memory.heapUsed - baseline.memory.heapUsed) / level / 1024;
  log(`W5: ${fmt.kb(w5.rssPerSubscriberKB)} RSS, ${fmt.kb(w5.heapPerSubscriberKB)} heap per idle subscriber at ${level}`);
}

export function w5Rows(w5, { row, failed, verdict }) {
  if (w5.rssPerSubscriberKB == null) return failed('W5 memory per idle subscriber', w5.error ?? 'not measured');
  const name = `W5 memory per idle subscriber (${fmt.int(w5.subscribers)}, after GC)`;
  row(name, 'RSS', fmt.kb(w5.rssPerSubscriberKB), '', '', '≤ 10 KB', verdict(w5.rssPerSubscriberKB <= 10));
  row(name, 'JS heap', fmt.kb(w5.heapPerSubscriberKB), '', '', '', '');
}

export function w5Details(w5) {
  if (!w5.idle) return [];
  const mib = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;
  return [`- W5 server after GC: before subscribers RSS ${mib(w5.baseline.rss)}, heap ${mib(w5.baseline.heapUsed)}; with ${w5.serverSubscribers} idle subscribers RSS ${mib(w5.idle.rss)}, heap ${mib(w5.idle.heapUsed)}, external ${mib(w5.idle.external)}.`];
}
