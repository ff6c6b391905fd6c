import { conflict } from '../../http/errors';
import { planRefusal, type LimitedResource, type Plan } from '../../domain/plan-limits';
import type { Database, Queryable } from '../../ports/database';
import type { OrchestraRecord } from '../../tenancy/orchestra-registry';
import { countPlanMusicians } from '../musicians/musician-plan';
import { countActiveProjects } from '../projects/count-active-projects';
import type { OrchestraPatchBody } from '../../schemas/superadmin';
import type { Actor } from '../audit/record-audit';
import { revokeOrchestraSessions } from './orchestra-sessions';
import { recordControlAudit } from './control-audit';
import { orchestraRecordOf, requireOrchestraRow, type OrchestraRow } from './orchestra-rows';

/**
 * Why the orchestra does not fit the plan it would change to (the plan's own words), or undefined. Only
 * a live orchestra has a database to count in; admins are counted in the control database.
 */
async function planChangeRefusal(
  deps: { control: Queryable; orchestraDatabase(o: OrchestraRecord): Promise<Database>; now: Date },
  id: string,
  plan: Plan,
): Promise<string | undefined> {
  const { rows } = await deps.control.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND orchestra_id = :id::uuid AND active`, { id });
  const used: Partial<Record<LimitedResource, number>> = { admins: rows[0].n };
  const record = await orchestraRecordOf(deps.control, id);
  if (record.status === 'active' || record.status === 'suspended') {
    const db = await deps.orchestraDatabase(record);
    used.musicians = await countPlanMusicians(db);
    used.activeProjects = await countActiveProjects(db, deps.now);
  }
  for (const [resource, n] of Object.entries(used) as [LimitedResource, number][]) {
    const refusal = planRefusal(plan, resource, n, 0);
    if (refusal) return refusal;
  }
  return undefined;
}

/** Edits name, contact and plan of an orchestra (a smaller plan only when the orchestra fits it); audited. */
export async function updateOrchestra(
  deps: { control: Database; orchestraDatabase(o: OrchestraRecord): Promise<Database>; now: Date },
  actor: Actor,
  id: string,
  body: OrchestraPatchBody,
): Promise<OrchestraRow> {
  const { control, now } = deps;
  return control.transaction(async (tx) => {
    const before = await requireOrchestraRow(tx, id, { forUpdate: true });
    if (body.plan && body.plan !== before.plan) {
      const refusal = await planChangeRefusal({ ...deps, control: tx }, id, body.plan);
      if (refusal) throw conflict(`${before.name} does not fit the ${body.plan} plan. ${refusal}`, 'plan_limit');
    }
    await tx.query(
      `UPDATE orchestras
          SET name = coalesce(:name, name), contact_email = coalesce(:contactEmail, contact_email), plan = coalesce(:plan, plan), updated_at = :now
        WHERE id = :id::uuid`,
      { id, name: body.name ?? null, contactEmail: body.contactEmail ?? null, plan: body.plan ?? null, now },
    );
    const after = await requireOrchestraRow(tx, id);
    await recordControlAudit(tx, {
      actor,
      action: 'orchestra.update',
      entityType: 'orchestra',
      entityId: id,
      before: { name: before.name, contactEmail: before.contactEmail, plan: before.plan },
      after: { name: after.name, contactEmail: after.contactEmail, plan: after.plan },
    });
    return after;
  });
}

type Transition = 'suspend' | 'resume' | 'archive';

const transitions: Record<Transition, { from: OrchestraRow['status'][]; to: OrchestraRow['status'] }> = {
  suspend: { from: ['active'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'active' },
  // A failed orchestra has nothing left behind (its provisioning was rolled back): archiving retires it.
  archive: { from: ['active', 'suspended', 'failed'], to: 'archived' },
};

/**
 * Suspend, resume, archive. A suspended orchestra's host answers 423 and an archived one's 404 (the
 * request chain checks the registry), and their admins' sessions end with the change.
 */
export async function changeOrchestraStatus(control: Database, actor: Actor, id: string, transition: Transition, now: Date): Promise<OrchestraRow> {
  const { from, to } = transitions[transition];
  return control.transaction(async (tx) => {
    const before = await requireOrchestraRow(tx, id, { forUpdate: true });
    if (!from.includes(before.status)) {
      throw conflict(`${before.name} is ${before.status}; only an orchestra that is ${from.join(' or ')} can be ${transition === 'resume' ? 'resumed' : `${transition}ed`}.`, 'wrong_status');
    }
    await tx.query(`UPDATE orchestras SET status = :to, updated_at = :now WHERE id = :id::uuid`, { id, to, now });
    if (to !== 'active') await revokeOrchestraSessions(tx, id, now);
    await recordControlAudit(tx, { actor, action: `orchestra.${transition}`, entityType: 'orchestra', entityId: id, before: { status: before.status }, after: { status: to } });
    return requireOrchestraRow(tx, id);
  });
}
