import type { Database } from '../ports/database';
import { defaultEmailTemplates } from './default-email-templates';
import { standardOrchestra, standardRankingLists } from './standard-orchestra';

export interface SeedOrchestraOptions {
  orchestraName: string;
  senderName?: string;
  replyTo?: string;
}

/**
 * Fills a freshly migrated orchestra database with the standard orchestra (SPEC §2): instruments,
 * positions, empty A/B/C lists per position, the default email templates and the settings row.
 *
 * Idempotent, because the provisioning workflow may re-run the step: everything runs in one transaction,
 * and each insert skips what is already there (matched by name, or by type and language), so a second
 * run changes nothing and uses up no human codes. Rows are inserted in score and seniority order so that
 * INST001, POS001 … follow the orchestra's order.
 */
export async function seedOrchestra(db: Database, options: SeedOrchestraOptions): Promise<void> {
  const instruments = standardOrchestra.map((instrument, index) => ({ name: instrument.name, sort_order: (index + 1) * 10 }));
  const positions = standardOrchestra.flatMap((instrument) =>
    instrument.positions.map((name, index) => ({ instrument: instrument.name, name, sort_order: (index + 1) * 10 })),
  );
  const templates = defaultEmailTemplates.map(({ type, language, subject, body }) => ({ type, language, subject, body }));

  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO instruments (name, sort_order)
       SELECT r.name, r.sort_order
         FROM jsonb_to_recordset(:rows::jsonb) AS r(name text, sort_order integer)
        WHERE NOT EXISTS (SELECT 1 FROM instruments i WHERE lower(i.name) = lower(r.name))
        ORDER BY r.sort_order`,
      { rows: instruments },
    );

    await tx.query(
      `INSERT INTO positions (instrument_id, name, sort_order)
       SELECT i.id, r.name, r.sort_order
         FROM jsonb_to_recordset(:rows::jsonb) AS r(instrument text, name text, sort_order integer)
         JOIN instruments i ON lower(i.name) = lower(r.instrument) AND i.archived_at IS NULL
        WHERE NOT EXISTS (SELECT 1 FROM positions p WHERE p.instrument_id = i.id AND lower(p.name) = lower(r.name))
        ORDER BY i.sort_order, r.sort_order`,
      { rows: positions },
    );

    // Every live position gets its A, B and C list, also positions an earlier run or an admin added.
    await tx.query(
      `INSERT INTO ranking_lists (position_id, kind, description)
       SELECT p.id, k.kind, k.description
         FROM positions p
         JOIN instruments i ON i.id = p.instrument_id
        CROSS JOIN jsonb_to_recordset(:kinds::jsonb) AS k(kind text, description text)
        WHERE p.archived_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM ranking_lists l WHERE l.position_id = p.id AND l.kind = k.kind)
        ORDER BY i.sort_order, p.sort_order, k.kind`,
      { kinds: standardRankingLists.map(({ kind, description }) => ({ kind, description })) },
    );

    await tx.query(
      `INSERT INTO email_templates (type, language, subject, body)
       SELECT r.type, r.language, r.subject, r.body
         FROM jsonb_to_recordset(:rows::jsonb) AS r(type text, language text, subject text, body text)
       ON CONFLICT (type, language) DO NOTHING`,
      { rows: templates },
    );

    await tx.query(
      `INSERT INTO settings (id, orchestra_name, sender_name, reply_to)
       VALUES (true, :orchestraName, :senderName, :replyTo)
       ON CONFLICT (id) DO NOTHING`,
      {
        orchestraName: options.orchestraName,
        senderName: options.senderName ?? options.orchestraName,
        replyTo: options.replyTo ?? null,
      },
    );
  });
}
