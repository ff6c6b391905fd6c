import type { Database, Queryable } from '../../ports/database';
import type { SettingsPatchBody } from '../../schemas/settings';
import { recordAudit, type Actor } from '../audit/record-audit';
import { readSettings } from './read-settings';
import { settingsView, type SettingsOrchestra, type SettingsView } from './settings-view';

/** Changes the settings named in the body; the audit entry holds only the fields that changed. */
export async function updateSettings(
  db: Database,
  actor: Actor,
  control: Queryable,
  orchestra: SettingsOrchestra,
  body: SettingsPatchBody,
  now: Date,
): Promise<SettingsView> {
  return db.transaction(async (tx) => {
    const before = await readSettings(tx, orchestra.name, { forUpdate: true });
    const next = { ...before, ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) };
    // Upsert: an orchestra whose provisioning never wrote the row gets it now, from the defaults.
    await tx.query(
      `INSERT INTO settings (id, orchestra_name, reminder_percent, conflict_mode, time_zone, sender_name, reply_to, updated_at)
       VALUES (true, :orchestraName, :reminderPercent::int, :conflictMode, :timeZone, :senderName, :replyTo, now())
       ON CONFLICT (id) DO UPDATE
         SET orchestra_name = excluded.orchestra_name, reminder_percent = excluded.reminder_percent,
             conflict_mode = excluded.conflict_mode, time_zone = excluded.time_zone,
             sender_name = excluded.sender_name, reply_to = excluded.reply_to, updated_at = now()`,
      {
        orchestraName: next.orchestraName,
        reminderPercent: next.reminderPercent,
        conflictMode: next.conflictMode,
        timeZone: next.timeZone,
        senderName: next.senderName,
        replyTo: next.replyTo,
      },
    );
    const changed = (Object.keys(body) as (keyof SettingsPatchBody)[]).filter((k) => body[k] !== undefined && body[k] !== before[k]);
    await recordAudit(tx, {
      actor,
      action: 'settings.update',
      entityType: 'settings',
      entityId: null,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, next[k]])),
    });
    return settingsView(tx, control, orchestra, now);
  });
}
