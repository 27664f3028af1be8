/**
 * Delays for a loop that retries a failing connection: exponential from `baseMs`, capped, with
 * jitter so that instances that lost the database together do not all come back at one instant.
 * "Equal jitter": each delay is between half and all of its ceiling, so it never collapses to 0.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly baseMs = 500,
    private readonly capMs = 30_000,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt; each call doubles the ceiling up to the cap. */
  next(): number {
    const ceiling = Math.min(this.capMs, this.baseMs * 2 ** this.attempt);
    if (ceiling < this.capMs) this.attempt++;
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  /** After a success the next failure starts from `baseMs` again. */
  reset(): void {
    this.attempt = 0;
  }
}
