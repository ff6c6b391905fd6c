import { fillDeadlineSlot } from '../../domain/delivery-time-values';
import { formatDeadline } from '../../domain/engine/format-for-email';
import type { Clock } from '../../ports/clock';
import type { Database } from '../../ports/database';
import { MailDeliveryError, type EmailAttachment, type Mailer } from '../../ports/mailer';
import type { OutboxAttachment } from './enqueue-email';
import { claimDueRows, markFailed, markForRetry, markSent, mostUrgentDue, type ClaimedRow, type DeliveredRequest, type OutboxKind } from './outbox-rows';
import { createSendPacer } from './send-pacer';

/** One outbox taking part in a delivery: an orchestra's database, or the control database. */
export interface MailSource {
  /** Names the outbox in errors: the orchestra's subdomain, '(control)'. */
  name: string;
  db: Database;
  /** The orchestra whose outbox this is, sent as a provider tag so bounces come back to it; none for the control outbox. */
  orchestraId?: string;
  /** From and Reply-To of its messages, asked once and only if it has mail due. */
  sender(): Promise<{ from: string; replyTo?: string }>;
  /** Reads an attachment's bytes by its storage key (the FileStore). Needed only for rows with attachments. */
  loadAttachment?: (storageKey: string) => Promise<Buffer>;
}

export interface MailDeliveryOptions {
  mailer: Mailer;
  /** Business time: what is due, leases, sent_at and the deadlines set at delivery. */
  clock: Clock;
  /** The account's sending budget in messages per second (SES sending rate), shared by every outbox. */
  ratePerSecond: number;
  /** Sends in flight at once, each paced by the one budget (a send waits on SES and the database). Default 1. */
  workers?: number;
  /** Stop after this many messages in all. Unlimited when not given. */
  maxMessages?: number;
  /** Asked before each claim: once true, no new rows are claimed (the rows already claimed are still sent). */
  outOfTime?: () => boolean;
  /** The clock the pacing waits are measured on (wall time); tests pass their own with their sleep. */
  wallClock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Tries per message before it is marked failed. */
  maxAttempts?: number;
  /** How long a claimed row belongs to this delivery; after that another deliverer may take it. */
  leaseSeconds?: number;
}

export interface OutboxDeliveryResult {
  sent: number;
  failed: number;
  retried: number;
}

export interface MailDeliveryReport extends OutboxDeliveryResult {
  /** Outboxes that still had mail due when the time ran out; the next delivery picks it up. */
  deferred: string[];
  errors: { source: string; message: string }[];
  bySource: Map<string, OutboxDeliveryResult>;
}

export interface MailDelivery {
  /** Adds an outbox: its due mail competes with the others', the most urgent first. */
  add(source: MailSource): Promise<void>;
  /** Starts sending, with the outboxes added so far (those added later join in). close() starts it too. */
  start(): void;
  /** No outbox will be added any more: the delivery ends once the due mail is sent, or the time is up. */
  close(): void;
  /** Resolves once every worker has ended (after close). */
  done: Promise<MailDeliveryReport>;
}

const defaultMaxAttempts = 6;
const defaultLeaseSeconds = 300;
const firstRetryMs = 60_000;
const maxRetryMs = 60 * 60_000;

/** Delay before try number `attempts + 1`: 1 min, 2, 4, 8 … capped at an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(firstRetryMs * 2 ** Math.max(0, attempts - 1), maxRetryMs);
}

interface ActiveSource {
  source: MailSource;
  kind: OutboxKind;
  /** Respond-by time (epoch ms) of its most urgent due row as last seen; null: nothing due. */
  head: number | null;
  sender?: Promise<{ from: string; replyTo?: string }>;
  result: OutboxDeliveryResult;
  dropped: boolean;
}

/**
 * Delivers the due mail of many outboxes within one sending budget (SPEC §3.6; ARCHITECTURE rule 17): whichever
 * outbox holds the most urgent message (outbox-rows: respondBy) sends next, so one orchestra with all the mail
 * gets the whole rate and several share it by urgency. Rows are claimed a few at a time, never one less urgent
 * than another outbox's most urgent, and sent on the shared pacer's moments; the mailer is called outside any
 * transaction. A crash after the claim leaves the row 'sending' until the lease runs out, then it is claimed
 * again: delivery is at least once.
 */
export function startMailDelivery(options: MailDeliveryOptions): MailDelivery {
  const clock = options.clock;
  const maxAttempts = options.maxAttempts ?? defaultMaxAttempts;
  const leaseMs = (options.leaseSeconds ?? defaultLeaseSeconds) * 1000;
  const limit = options.maxMessages ?? Number.POSITIVE_INFINITY;
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  // About one second's worth per claim across the workers: leases stay short and urgency is weighed often.
  const batchSize = Math.max(1, Math.floor(options.ratePerSecond / workers));
  const pacer = createSendPacer({ ratePerSecond: options.ratePerSecond, now: options.wallClock, sleep: options.sleep });

  const sources: ActiveSource[] = [];
  const report: MailDeliveryReport = { sent: 0, failed: 0, retried: 0, deferred: [], errors: [], bySource: new Map() };
  let started = 0;
  /** Claims under way: until they answer, an outbox that looks empty may not be. */
  let claiming = 0;
  let sending = false;
  let closed = false;
  let timeUp = false;
  let wake: (() => void)[] = [];
  const wakeAll = () => {
    const waiting = wake;
    wake = [];
    for (const resolve of waiting) resolve();
  };
  const changed = () => new Promise<void>((resolve) => wake.push(resolve));

  const drop = (active: ActiveSource, error: unknown) => {
    active.dropped = true;
    report.errors.push({ source: active.source.name, message: (error as Error).message });
  };

  /** The outbox holding the most urgent due mail, and how urgent the next best outbox's is. */
  const mostUrgent = (): { active: ActiveSource; notAfter: number | null } | undefined => {
    let best: ActiveSource | undefined;
    let second: number | null = null;
    for (const s of sources) {
      if (s.dropped || s.head === null) continue;
      if (!best || s.head < best.head!) {
        if (best) second = second === null ? best.head : Math.min(second, best.head!);
        best = s;
      } else {
        second = second === null ? s.head : Math.min(second, s.head);
      }
    }
    return best ? { active: best, notAfter: second } : undefined;
  };

  async function deliverRow(active: ActiveSource, row: ClaimedRow): Promise<void> {
    const { source } = active;
    active.sender ??= source.sender();
    const { from, replyTo } = await active.sender;
    const handedAt = clock.now();
    const request = row.request ? deliveredRequest(row, handedAt) : undefined;
    const outcome = await sendOne(row, { from, replyTo, request, mailer: options.mailer, source });
    if (outcome.ok) {
      await markSent(source.db, { id: row.id, now: clock.now(), providerMessageId: outcome.messageId, request });
      active.result.sent += 1;
      report.sent += 1;
    } else if (outcome.transient && row.attempts < maxAttempts) {
      const nextAttemptAt = new Date(clock.now().getTime() + retryDelayMs(row.attempts));
      await markForRetry(source.db, { id: row.id, attempts: row.attempts, error: outcome.error, nextAttemptAt });
      active.result.retried += 1;
      report.retried += 1;
    } else {
      await markFailed(source.db, { id: row.id, attempts: row.attempts, error: outcome.error });
      active.result.failed += 1;
      report.failed += 1;
    }
  }

  async function worker(): Promise<void> {
    for (;;) {
      if (started >= limit) return;
      if (options.outOfTime?.()) {
        timeUp = true;
        return;
      }
      const pick = mostUrgent();
      if (!pick) {
        // Nothing due anywhere as far as is known; a claim under way may still find more.
        if (closed && claiming === 0) return;
        await changed();
        continue;
      }
      const { active, notAfter } = pick;
      let claimed;
      claiming += 1;
      try {
        claimed = await claimDueRows(active.source.db, active.kind, {
          now: clock.now(),
          limit: Math.min(batchSize, limit - started),
          notAfter,
          leaseMs,
        });
        active.head = claimed.nextRespondBy;
      } catch (error) {
        drop(active, error);
        continue;
      } finally {
        claiming -= 1;
        // Idle workers may take this outbox's next rows meanwhile, or end.
        wakeAll();
      }
      started += claimed.rows.length;
      try {
        for (const row of claimed.rows) {
          await pacer.next();
          await deliverRow(active, row);
        }
      } catch (error) {
        // The database (or the sender's settings) failed us: the rows left stay leased and go out once it expires.
        drop(active, error);
      }
    }
  }

  const until = (condition: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (condition() ? resolve() : void changed().then(check));
      check();
    });
  const done = (async () => {
    await until(() => sending || closed);
    await Promise.all(Array.from({ length: workers }, worker));
    // Workers that stopped for time leave later outboxes to be counted as deferred, so wait for the last of them.
    await until(() => closed);
    for (const s of sources) {
      report.bySource.set(s.source.name, s.result);
      if (timeUp && !s.dropped && s.head !== null) report.deferred.push(s.source.name);
    }
    return report;
  })();

  return {
    async add(source) {
      const kind: OutboxKind = source.orchestraId ? 'orchestra' : 'control';
      const head = await mostUrgentDue(source.db, kind, clock.now());
      sources.push({ source, kind, head, result: { sent: 0, failed: 0, retried: 0 }, dropped: false });
      wakeAll();
    },
    start() {
      sending = true;
      wakeAll();
    },
    close() {
      closed = true;
      wakeAll();
    },
    done,
  };
}

/**
 * A request email's delivery starts its request's time (SPEC §3.5): deadline and reminder move by the time the
 * email waited, counted from now, and the deadline is written into the slot its parts were rendered with.
 */
function deliveredRequest(row: ClaimedRow, handedAt: Date): DeliveredRequest {
  const r = row.request!;
  const queuedAt = Date.parse(r.sentAt);
  const sentAt = new Date(Math.max(handedAt.getTime(), queuedAt));
  const waited = sentAt.getTime() - queuedAt;
  const deadlineAt = new Date(Date.parse(r.deadlineAt) + waited);
  const remindAt = r.remindAt === null ? null : new Date(Date.parse(r.remindAt) + waited);
  const deadline = formatDeadline(deadlineAt, r.timeZone, r.language);
  return {
    requestId: r.requestId,
    subject: fillDeadlineSlot(row.subject, deadline, 'text'),
    text: fillDeadlineSlot(row.text_body, deadline, 'text'),
    html: row.html_body === null ? null : fillDeadlineSlot(row.html_body, deadline, 'html'),
    sentAt,
    deadlineAt,
    remindAt,
  };
}

type SendOutcome = { ok: true; messageId: string } | { ok: false; transient: boolean; error: string };

async function sendOne(
  row: ClaimedRow,
  args: { from: string; replyTo?: string; request?: DeliveredRequest; mailer: Mailer; source: MailSource },
): Promise<SendOutcome> {
  let attachments: EmailAttachment[];
  try {
    attachments = await loadAttachments(row.attachments ?? [], args.source.loadAttachment);
  } catch (error) {
    if (error instanceof MailDeliveryError) return { ok: false, transient: error.transient, error: error.message };
    // A storage hiccup is worth another try; a file that is truly gone fails after the last attempt.
    return { ok: false, transient: true, error: `attachment could not be loaded: ${describe(error)}` };
  }
  const html = args.request ? args.request.html : row.html_body;
  try {
    const { messageId } = await args.mailer.send({
      from: args.from,
      to: [row.to_address],
      ...(args.replyTo ? { replyTo: args.replyTo } : {}),
      subject: args.request?.subject ?? row.subject,
      text: args.request?.text ?? row.text_body,
      ...(html !== null ? { html } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
      headers: { 'X-Orchestra-Outbox-Id': row.id },
      tags: { outbox_id: row.id, ...(args.source.orchestraId ? { orchestra_id: args.source.orchestraId } : {}) },
    });
    return { ok: true, messageId };
  } catch (error) {
    if (error instanceof MailDeliveryError) return { ok: false, transient: error.transient, error: error.message };
    // An unclassified error gave no verdict on the message: retry, bounded by maxAttempts.
    return { ok: false, transient: true, error: describe(error) };
  }
}

async function loadAttachments(list: OutboxAttachment[], load: MailSource['loadAttachment']): Promise<EmailAttachment[]> {
  if (list.length === 0) return [];
  return Promise.all(
    list.map(async (a) => {
      if ('contentBase64' in a) return { filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') };
      if (!load) throw new MailDeliveryError('message has attachments but no attachment loader is configured', false);
      return { filename: a.filename, contentType: a.contentType, content: await load(a.storageKey) };
    }),
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
