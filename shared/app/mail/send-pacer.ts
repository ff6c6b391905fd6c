/**
 * The account's sending rate as evenly spaced moments (not bursts), shared by everything one delivery sends, so
 * all its outboxes together stay under SES's per-second rate whatever their number. Each caller reserves the
 * next free moment and waits for it; time already spent since the previous send counts towards the wait.
 */
export interface SendPacer {
  /** Resolves at the caller's moment to send. */
  next(): Promise<void>;
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createSendPacer(options: { ratePerSecond: number; now?: () => number; sleep?: (ms: number) => Promise<void> }): SendPacer {
  if (!(options.ratePerSecond > 0)) throw new Error('the sending rate must be positive');
  const intervalMs = 1000 / options.ratePerSecond;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  let last: number | undefined;
  return {
    async next() {
      const at = now();
      const moment = last === undefined ? at : Math.max(at, last + intervalMs);
      last = moment;
      if (moment > at) await sleep(moment - at);
    },
  };
}
