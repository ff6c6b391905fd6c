import type { Clock } from '../../ports/clock';
import type { Database } from '../../ports/database';
import type { Mailer } from '../../ports/mailer';
import { startMailDelivery } from './deliver-mail';

export interface DeliverOutboxDeps {
  mailer: Mailer;
  /** Sender, e.g. 'Orchestra System <no-reply@example.org>'. */
  from: string;
  replyTo?: string;
  clock: Clock;
  /** Reads an attachment's bytes by its storage key (the FileStore). Needed only for rows with attachments. */
  loadAttachment?: (storageKey: string) => Promise<Buffer>;
  /** Sending budget of this call, in messages per second (SES sending rate). */
  maxPerSecond: number;
  /** Stop after this many messages. Unlimited when not given. */
  maxMessages?: number;
  /** Asked before each claim: once true, no new rows are claimed (the rows already claimed are still sent). */
  outOfTime?: () => boolean;
  /** Pacing waits; measured on `clock` unless a wallClock is given. */
  sleep?: (ms: number) => Promise<void>;
  wallClock?: () => number;
  /** Tries per message before it is marked failed. */
  maxAttempts?: number;
  /** How long a claimed row belongs to this call; after that another deliverer may take it. */
  leaseSeconds?: number;
  /** The orchestra whose outbox this is (its request emails start their requests' time); none for the control outbox. */
  orchestraId?: string;
}

export interface DeliverOutboxResult {
  sent: number;
  failed: number;
  retried: number;
  /** Set when claiming stopped because outOfTime said so while mail was still due. */
  deferred?: true;
}

/**
 * Delivers the due rows of one outbox, one send at a time: the account-wide delivery (deliver-mail) with this
 * database alone. The tick delivers all outboxes together in one budget instead.
 */
export async function deliverOutbox(db: Database, deps: DeliverOutboxDeps): Promise<DeliverOutboxResult> {
  if (!(deps.maxPerSecond > 0)) throw new Error('maxPerSecond must be positive');
  const delivery = startMailDelivery({
    mailer: deps.mailer,
    clock: deps.clock,
    ratePerSecond: deps.maxPerSecond,
    maxMessages: deps.maxMessages,
    outOfTime: deps.outOfTime,
    wallClock: deps.wallClock ?? (() => deps.clock.now().getTime()),
    sleep: deps.sleep,
    maxAttempts: deps.maxAttempts,
    leaseSeconds: deps.leaseSeconds,
  });
  try {
    await delivery.add({
      name: 'outbox',
      db,
      orchestraId: deps.orchestraId,
      sender: async () => ({ from: deps.from, replyTo: deps.replyTo }),
      loadAttachment: deps.loadAttachment,
    });
  } finally {
    delivery.close();
  }
  const report = await delivery.done;
  if (report.errors.length > 0) throw new Error(report.errors[0].message);
  return { sent: report.sent, failed: report.failed, retried: report.retried, ...(report.deferred.length > 0 ? { deferred: true as const } : {}) };
}
