/**
 * Asked before each new piece of tick work (an orchestra, a reminder batch, a project refill, an outbox claim):
 * true once the tick's wall-clock time is up. Work already started finishes; nothing new starts.
 */
export type OutOfTime = () => boolean;

/**
 * The deadline is wall-clock epoch ms (the Lambda's limit is wall time), never the business clock, which
 * tests move freely. No deadline: never out of time.
 */
export function outOfTimeAt(deadline: number | undefined, wallClock: () => number = Date.now): OutOfTime {
  return deadline === undefined ? () => false : () => wallClock() >= deadline;
}
