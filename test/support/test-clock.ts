import type { Clock } from '../../shared/ports/clock';

/**
 * A clock tests move by hand. Without a start it follows the real time (plus whatever the test advanced),
 * because the database stamps rows with its own now() (e.g. an outbox row's next_attempt_at) and the two
 * must agree. Given a start, or after set(), it stands still until moved.
 */
export class TestClock implements Clock {
  private frozenAt: number | undefined;
  private offsetMs = 0;

  constructor(start?: Date) {
    if (start) this.frozenAt = start.getTime();
  }
  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }
  set(date: Date | string): void {
    this.frozenAt = new Date(date).getTime();
  }
  /** Back to following the real time, with no offset. */
  useRealTime(): void {
    this.frozenAt = undefined;
    this.offsetMs = 0;
  }
  advance(ms: number): void {
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
  }
}
