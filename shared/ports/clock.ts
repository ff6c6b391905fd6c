/** Time, injected so that deadlines, reminders and sessions are testable. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
