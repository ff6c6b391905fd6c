import type { Plan } from '../../domain/plan-limits';
import type { Database } from '../../ports/database';
import type { MusicianCreateBody, MusicianPatchBody } from '../../schemas/musicians';
import { recordAudit, type Actor } from '../audit/record-audit';
import { assertEmailFree, withEmailRaceMapped } from './email-conflicts';
import { lockMusician } from './lock-musician';
import { assertPlanRoom } from './musician-plan';
import { checkQualifications, setQualifications } from './musician-qualifications';
import { getMusician, type MusicianView } from './read-musicians';

/** The fields an audit entry keeps of a musician (the erase later blanks them). */
function auditFields(m: MusicianView) {
  return {
    code: m.code,
    firstName: m.firstName,
    lastName: m.lastName,
    email: m.email,
    phone: m.phone,
    language: m.language,
    localResident: m.localResident,
    notes: m.notes,
    active: m.active,
    qualifications: m.qualifications.map((q) => q.positionId),
  };
}

/** Creates a musician with the next human code (MUS…, from a sequence: never reused). */
export async function createMusician(db: Database, actor: Actor, plan: Plan, body: MusicianCreateBody): Promise<MusicianView> {
  return withEmailRaceMapped(db, () => [body.email], () =>
    db.transaction(async (tx) => {
      await assertPlanRoom(tx, plan, 1);
      await assertEmailFree(tx, body.email);
      await checkQualifications(tx, body.qualifications);
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO musicians (first_name, last_name, email, phone, language, local_resident, notes, active)
         VALUES (:firstName, :lastName, :email, :phone, :language, :localResident, :notes, :active)
         RETURNING id`,
        {
          firstName: body.firstName,
          lastName: body.lastName,
          email: body.email,
          phone: body.phone,
          language: body.language,
          localResident: body.localResident,
          notes: body.notes,
          active: body.active,
        },
      );
      const id = rows[0].id;
      await setQualifications(tx, id, body.qualifications, []);
      const created = await getMusician(tx, id);
      await recordAudit(tx, { actor, action: 'musician.create', entityType: 'musician', entityId: id, after: auditFields(created) });
      return created;
    }),
  );
}

/**
 * Changes the given fields. A new address starts over as 'ok' (a bounce of the old one says nothing about
 * it); dropped qualifications take the musician off that position's lists, ranks closing up.
 */
export async function updateMusician(db: Database, actor: Actor, id: string, body: MusicianPatchBody): Promise<MusicianView> {
  return withEmailRaceMapped(db, () => (body.email ? [body.email] : []), () =>
    db.transaction(async (tx) => {
      await lockMusician(tx, id);
      const before = await getMusician(tx, id);
      if (body.email !== undefined) await assertEmailFree(tx, body.email, id);
      let removedFromLists: Awaited<ReturnType<typeof setQualifications>>['removedFromLists'] = [];
      if (body.qualifications !== undefined) {
        const held = before.qualifications.map((q) => q.positionId);
        await checkQualifications(tx, body.qualifications, held);
        ({ removedFromLists } = await setQualifications(tx, id, body.qualifications, held));
      }
      await tx.query(
        `UPDATE musicians
            SET first_name = coalesce(:firstName, first_name),
                last_name = coalesce(:lastName, last_name),
                email_status = CASE WHEN :email::text IS NOT NULL AND lower(:email::text) <> lower(email) THEN 'ok' ELSE email_status END,
                email_status_changed_at = CASE WHEN :email::text IS NOT NULL AND lower(:email::text) <> lower(email) AND email_status <> 'ok'
                                               THEN now() ELSE email_status_changed_at END,
                email = coalesce(:email, email),
                phone = CASE WHEN :phoneGiven::boolean THEN :phone ELSE phone END,
                language = coalesce(:language, language),
                local_resident = coalesce(:localResident::boolean, local_resident),
                notes = coalesce(:notes, notes),
                active = coalesce(:active::boolean, active),
                updated_at = now()
          WHERE id = :id::uuid`,
        {
          id,
          firstName: body.firstName ?? null,
          lastName: body.lastName ?? null,
          email: body.email ?? null,
          phoneGiven: body.phone !== undefined,
          phone: body.phone ?? null,
          language: body.language ?? null,
          localResident: body.localResident ?? null,
          notes: body.notes ?? null,
          active: body.active ?? null,
        },
      );
      const after = await getMusician(tx, id);
      const changed = (Object.keys(body) as (keyof MusicianPatchBody)[]).filter((k) => body[k] !== undefined);
      const pick = (m: MusicianView) => {
        const fields = auditFields(m) as Record<string, unknown>;
        return { code: m.code, ...Object.fromEntries(changed.map((k) => [k, fields[k]])) };
      };
      await recordAudit(tx, {
        actor,
        action: 'musician.update',
        entityType: 'musician',
        entityId: id,
        before: pick(before),
        after: removedFromLists.length > 0 ? { ...pick(after), removedFromLists } : pick(after),
      });
      return after;
    }),
  );
}
