/** Milliseconds since `started` (a `process.hrtime.bigint()`), for duration fields in log lines. */
export function millisecondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}
