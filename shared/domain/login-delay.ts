/**
 * How long a login must wait after failed attempts (SPEC §5): a counter's first failures are free, then
 * each further attempt waits a delay that doubles with every failure, from one minute up to a quarter of
 * an hour. A growing delay rather than a lock: whoever fails on purpose can slow an account, never shut it.
 */
export const firstDelaySeconds = 60;
export const maxDelaySeconds = 15 * 60;

/** Seconds to wait after the latest failure, given the failures counted and how many are free. */
export function loginDelaySeconds(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(firstDelaySeconds * 2 ** (failures - freeFailures), maxDelaySeconds);
}

/** Whole seconds still to wait at `now`, or 0 when an attempt may go ahead. */
export function loginWaitSeconds(counter: { failures: number; latestFailureAt: Date | null }, freeFailures: number, now: Date): number {
  const delay = loginDelaySeconds(counter.failures, freeFailures);
  if (delay === 0 || !counter.latestFailureAt) return 0;
  const remainingMs = counter.latestFailureAt.getTime() + delay * 1000 - now.getTime();
  return remainingMs > 0 ? Math.ceil(remainingMs / 1000) : 0;
}
