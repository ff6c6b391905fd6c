import { deadlineSlot } from '../../domain/delivery-time-values';
import { planProject } from '../../domain/engine/plan-project';
import type { ProjectPlan } from '../../domain/engine/planning-types';
import { fallbackTemplateLanguage } from '../../domain/template-variables';
import { notFound } from '../../http/errors';
import type { Clock } from '../../ports/clock';
import type { Queryable } from '../../ports/database';
import { enqueueEmails } from '../mail/enqueue-email';
import { lockProject } from '../projects/lock-project';
import { loadPlanningInput, type LoadedPlanning } from './load-planning-input';
import { describePlan, StalePlanError } from './preview-project';
import { attachmentsByNeed, needTemplateValues, renderEmail, templateCache } from './request-email';
import { newRequestToken } from './request-token';
import { writeRequests, type RequestToWrite } from './write-requests';

export interface TopUpDeps {
  clock: Clock;
  /** `https://<orchestra>.<domain>` (publicBaseUrl(config, subdomain)); links are `${base}/respond/${token}`. */
  orchestraBaseUrl: string;
  /**
   * The orchestra's admin addresses (they live in the control database), read only when a need becomes
   * exhausted. Without it the notice goes to the orchestra's reply-to address, if one is set.
   */
  adminEmails?: () => Promise<string[]>;
}

export interface TopUpOptions {
  /** Only these needs of the project (others still count for conflicts); default every need. */
  needIds?: string[];
  /** 'send': the admin's send (every need, or needIds). 'refill': after an answer, timeout, resume or quantity
   * change — only needs that were already sent (first_sent_at set) are touched. */
  mode: 'send' | 'refill';
  /** send only: the preview's fingerprint; a different plan now throws StalePlanError (409 with a fresh preview). */
  fingerprint?: string;
}

export interface TopUpResult {
  /** The requests written (their emails are in the outbox, same transaction). */
  requests: { id: string; code: string; needId: string; musicianId: string }[];
  /** Needs that became exhausted now (their admins' notice is in the outbox). */
  exhausted: string[];
  /** The plan acted on, for callers that report it. */
  plan: ProjectPlan;
}

/**
 * Plans the project and writes what the plan says, inside the caller's transaction (SPEC §3.2, §3.5): one
 * request and its email per ask, first_sent_at on a need's first send, an exhausted need's status and its
 * notice to the admins. The project row is locked first, so concurrent sends and refills of one project
 * run one after another and each plans on what the previous one wrote.
 */
export async function topUpNeeds(tx: Queryable, deps: TopUpDeps, projectId: string, options: TopUpOptions): Promise<TopUpResult> {
  const lockedProject = await lockProject(tx, projectId, { allowArchived: options.mode === 'refill' });
  const empty: TopUpResult = { requests: [], exhausted: [], plan: { needs: [], conflicts: [], fingerprint: '' } };
  if (lockedProject.archived) return empty;

  const loaded = await loadPlanningInput(tx, projectId);
  for (const id of options.needIds ?? []) {
    if (!loaded.needs.has(id)) throw notFound('No such need in this project.');
  }
  let onlyNeedIds = options.needIds;
  if (options.mode === 'refill') {
    const sent = [...loaded.needs.values()].filter((n) => n.firstSentAt !== null).map((n) => n.id);
    onlyNeedIds = onlyNeedIds ? sent.filter((id) => onlyNeedIds!.includes(id)) : sent;
    if (onlyNeedIds.length === 0) return empty;
  }

  const plan = planProject({ ...loaded.input, onlyNeedIds });
  if (options.mode === 'send' && options.fingerprint !== undefined && options.fingerprint !== plan.fingerprint) {
    throw new StalePlanError(describePlan(loaded, plan));
  }

  const now = deps.clock.now();
  const template = templateCache(tx);
  const result: TopUpResult = { requests: [], exhausted: [], plan };
  const toWrite: RequestToWrite[] = [];
  const asking = plan.needs.filter((p) => p.asks.length > 0);
  const attachments = asking.length > 0 ? await attachmentsByNeed(tx, projectId, 'request') : () => [];
  for (const needPlan of asking) {
    const need = loaded.needs.get(needPlan.needId)!;
    const windowMs = need.responseHours * 3_600_000;
    // As if sent now; delivery moves both by the time the email waited in the outbox.
    const deadlineAt = new Date(now.getTime() + windowMs);
    const remindAt = new Date(now.getTime() + Math.round((windowMs * loaded.settings.reminderPercent) / 100));
    for (const ask of needPlan.asks) {
      const musician = loaded.musicians.get(ask.musicianId)!;
      const { token, tokenHash } = newRequestToken();
      const values = {
        ...needTemplateValues({
          settings: loaded.settings,
          project: loaded.project,
          need,
          language: musician.language,
          musician,
          responseUrl: `${deps.orchestraBaseUrl}/respond/${token}`,
        }),
        // The deadline runs from the email's delivery (SPEC §3.5), which writes it in then.
        deadline: deadlineSlot,
      };
      const email = renderEmail(await template('request', musician.language), values);
      toWrite.push({
        needId: need.id,
        musicianId: musician.id,
        tokenHash,
        wave: ask.wave,
        rank: ask.rank,
        deadlineAt,
        remindAt,
        email: { to: musician.email!, ...email, attachments: attachments(need.id) },
      });
    }
  }
  if (toWrite.length > 0) {
    result.requests = await writeRequests(tx, projectId, now, toWrite);
    // An exhausted need that has someone new to ask (a longer list, a lapsed reservation) is active again.
    await tx.query(
      `UPDATE needs
          SET first_sent_at = COALESCE(first_sent_at, :now),
              status = CASE WHEN status = 'exhausted' THEN 'active' ELSE status END,
              status_changed_at = CASE WHEN status = 'exhausted' THEN :now ELSE status_changed_at END
        WHERE id IN (SELECT jsonb_array_elements_text(:needIds::jsonb)::uuid)`,
      { needIds: asking.map((p) => p.needId), now },
    );
  }
  const exhausting = plan.needs.filter((p) => p.becomesExhausted).map((p) => p.needId);
  if (exhausting.length > 0) {
    const { rows } = await tx.query<{ id: string }>(
      `UPDATE needs SET status = 'exhausted', status_changed_at = :now, first_sent_at = COALESCE(first_sent_at, :now)
        WHERE id IN (SELECT jsonb_array_elements_text(:needIds::jsonb)::uuid) AND status = 'active'
        RETURNING id`,
      { needIds: exhausting, now },
    );
    const changed = new Set(rows.map((r) => r.id));
    result.exhausted = exhausting.filter((id) => changed.has(id));
  }
  if (result.exhausted.length > 0) await notifyExhausted(tx, deps, loaded, result.exhausted, template);
  return result;
}

/** SPEC §3.2: a used-up list is never a silent stall — the admins get one email per exhausted need. */
async function notifyExhausted(
  tx: Queryable,
  deps: TopUpDeps,
  loaded: LoadedPlanning,
  needIds: string[],
  template: ReturnType<typeof templateCache>,
): Promise<void> {
  const recipients = deps.adminEmails ? await deps.adminEmails() : [];
  if (recipients.length === 0 && loaded.settings.replyTo) recipients.push(loaded.settings.replyTo);
  // Admin accounts carry no language; the orchestra's templates fall back to Swedish like every message.
  const loadedTemplate = await template('exhausted', fallbackTemplateLanguage);
  const emails = needIds.flatMap((needId) => {
    const need = loaded.needs.get(needId)!;
    const values = needTemplateValues({ settings: loaded.settings, project: loaded.project, need, language: loadedTemplate.language });
    const email = renderEmail(loadedTemplate, values);
    return [...new Set(recipients)].map((to) => ({ kind: 'exhausted', to, ...email }));
  });
  await enqueueEmails(tx, emails);
}
