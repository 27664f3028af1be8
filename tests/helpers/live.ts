/** What `untilLive` needs of a stream: the raw `collect()` one (chorus.ts) and the SDK's `stream()` (sdk.ts) both are. */
export interface LiveStream {
  readonly received: readonly unknown[];
  readonly error: unknown;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
}

/**
 * A stream without a cursor starts when the server has processed the subscribe message, which a
 * client cannot observe: `poke` (make a change the stream will see) until something arrives. A
 * stream that failed stops the wait with its error.
 */
export async function untilLive(stream: LiveStream, poke: (attempt: number) => Promise<unknown>): Promise<void> {
  const before = stream.received.length;
  for (let attempt = 0; attempt < 50 && stream.received.length === before; attempt++) {
    await poke(attempt);
    await stream.waitFor(() => stream.received.length > before, 200).catch((error: unknown) => {
      if (stream.error !== undefined) throw error;
    });
  }
  if (stream.received.length === before) throw new Error('subscription never became live');
}
