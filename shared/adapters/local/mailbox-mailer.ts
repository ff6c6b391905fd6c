import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildMime } from '../../mail/build-mime';
import type { Mailer } from '../../ports/mailer';
import { systemClock, type Clock } from '../../ports/clock';

/**
 * The local Mailer: every message becomes a real `.eml` file under the mailbox directory, named
 * `<UTC timestamp>-<random>` so names sort by time. Beside it a `.json` sidecar holds what the
 * mailbox page shows (no MIME parser needed to read it back) and a `.files/` folder the attachment bytes.
 */
export interface MailboxMessageSummary {
  id: string;
  /** ISO 8601, UTC. */
  date: string;
  from: string;
  to: string[];
  subject: string;
  attachmentCount: number;
}

export interface MailboxAttachmentInfo {
  filename: string;
  contentType: string;
  size: number;
}

export interface MailboxMessage extends MailboxMessageSummary {
  replyTo?: string;
  /** The Message-ID header. */
  messageId: string;
  headers: Record<string, string>;
  text: string;
  html?: string;
  attachments: MailboxAttachmentInfo[];
}

export interface MailboxAttachment extends MailboxAttachmentInfo {
  content: Buffer;
}

/** What the mailbox page needs to read the mailbox. */
export interface MailboxReader {
  /** Newest first. */
  list(): Promise<MailboxMessageSummary[]>;
  read(id: string): Promise<MailboxMessage | null>;
  /** The `.eml` bytes. */
  readRaw(id: string): Promise<Buffer | null>;
  readAttachment(id: string, index: number): Promise<MailboxAttachment | null>;
}

export type MailboxMailer = Mailer & MailboxReader;

/** Ids are generated here; anything else (a `../` from a URL) is refused before it reaches the file system. */
const idPattern = /^\d{8}T\d{9}Z-[0-9a-f]{12}$/;

export function isMailboxId(id: string): boolean {
  return idPattern.test(id);
}

export function createMailboxMailer(options: { directory: string; clock?: Clock }): MailboxMailer {
  const { directory } = options;
  const clock = options.clock ?? systemClock;
  // Two messages in the same millisecond still get strictly increasing names, so "newest first" holds.
  let lastStamp = 0;

  const paths = (id: string) => ({
    eml: join(directory, `${id}.eml`),
    json: join(directory, `${id}.json`),
    files: join(directory, `${id}.files`),
  });

  async function readJson(id: string): Promise<MailboxMessage | null> {
    if (!isMailboxId(id)) return null;
    try {
      return JSON.parse(await readFile(paths(id).json, 'utf8')) as MailboxMessage;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  return {
    async send(email) {
      const date = clock.now();
      const stamp = Math.max(date.getTime(), lastStamp + 1);
      lastStamp = stamp;
      const id = `${compactTimestamp(new Date(stamp))}-${randomBytes(6).toString('hex')}`;
      const { raw, messageId } = await buildMime(email, { date });
      const attachments = email.attachments ?? [];
      const message: MailboxMessage = {
        id,
        date: date.toISOString(),
        from: email.from,
        to: email.to,
        ...(email.replyTo ? { replyTo: email.replyTo } : {}),
        subject: email.subject,
        messageId,
        headers: email.headers ?? {},
        text: email.text,
        ...(email.html !== undefined ? { html: email.html } : {}),
        attachmentCount: attachments.length,
        attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.content.length })),
      };

      const target = paths(id);
      await mkdir(directory, { recursive: true });
      if (attachments.length > 0) {
        await mkdir(target.files, { recursive: true });
        await Promise.all(attachments.map((a, index) => writeFile(join(target.files, String(index)), a.content)));
      }
      await writeFile(target.eml, raw);
      // The sidecar is what list() looks for, so it is written last and renamed into place:
      // a reader never sees a half-written message.
      await writeFile(`${target.json}.tmp`, JSON.stringify(message));
      await rename(`${target.json}.tmp`, target.json);
      return { messageId: id };
    },

    async list() {
      let names: string[];
      try {
        names = await readdir(directory);
      } catch (error) {
        if (isNotFound(error)) return [];
        throw error;
      }
      const ids = names
        .filter((name) => name.endsWith('.json'))
        .map((name) => name.slice(0, -'.json'.length))
        .filter(isMailboxId)
        .sort()
        .reverse();
      const messages = await Promise.all(ids.map(readJson));
      return messages
        .filter((m): m is MailboxMessage => m !== null)
        .map(({ id, date, from, to, subject, attachmentCount }) => ({ id, date, from, to, subject, attachmentCount }));
    },

    read: readJson,

    async readRaw(id) {
      if (!isMailboxId(id)) return null;
      try {
        return await readFile(paths(id).eml);
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },

    async readAttachment(id, index) {
      const message = await readJson(id);
      const info = Number.isInteger(index) ? message?.attachments[index] : undefined;
      if (!info) return null;
      return { ...info, content: await readFile(join(paths(id).files, String(index))) };
    },
  };
}

/** 2026-11-25T06:30:35.123Z → 20261125T063035123Z: sortable as text and safe in a file name and URL. */
function compactTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}
