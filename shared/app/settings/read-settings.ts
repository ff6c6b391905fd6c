import type { Queryable } from '../../ports/database';

export type ConflictMode = 'first_asked' | 'best_rank' | 'admin_choice';

export interface OrchestraSettings {
  orchestraName: string;
  /** The reminder goes out at this share of the response time. */
  reminderPercent: number;
  conflictMode: ConflictMode;
  timeZone: string;
  senderName: string;
  replyTo: string | null;
  /** Null while the orchestra still runs on the defaults (no settings row yet). */
  updatedAt: string | null;
}

/** The defaults of the settings table (SPEC §2), for an orchestra whose row was never written. */
export function defaultSettings(orchestraName: string): OrchestraSettings {
  return {
    orchestraName,
    reminderPercent: 75,
    conflictMode: 'first_asked',
    timeZone: 'Europe/Stockholm',
    senderName: orchestraName,
    replyTo: null,
    updatedAt: null,
  };
}

/** The settings row; `fallbackName` (the registry's name) stands in if provisioning never wrote one. */
export async function readSettings(db: Queryable, fallbackName: string, options: { forUpdate?: boolean } = {}): Promise<OrchestraSettings> {
  const { rows } = await db.query<{
    orchestra_name: string;
    reminder_percent: number;
    conflict_mode: ConflictMode;
    time_zone: string;
    sender_name: string;
    reply_to: string | null;
    updated_at: string;
  }>(
    `SELECT orchestra_name, reminder_percent, conflict_mode, time_zone, sender_name, reply_to, updated_at
       FROM settings ${options.forUpdate ? 'FOR UPDATE' : ''}`,
  );
  const row = rows[0];
  if (!row) return defaultSettings(fallbackName);
  return {
    orchestraName: row.orchestra_name,
    reminderPercent: row.reminder_percent,
    conflictMode: row.conflict_mode,
    timeZone: row.time_zone,
    senderName: row.sender_name,
    replyTo: row.reply_to,
    updatedAt: row.updated_at,
  };
}
