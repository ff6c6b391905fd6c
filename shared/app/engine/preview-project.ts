import { planProject } from '../../domain/engine/plan-project';
import type { IdleReason, NeedStatus, ProjectPlan, RequestStatus, SkipReason, Strategy } from '../../domain/engine/planning-types';
import { AppError, notFound } from '../../http/errors';
import type { Queryable } from '../../ports/database';
import { loadPlanningInput, type LoadedPlanning } from './load-planning-input';

export interface PreviewMusician {
  musicianId: string;
  code: string;
  name: string;
  rank: number;
}

export interface ProjectPreview {
  projectId: string;
  projectCode: string;
  projectName: string;
  projectPaused: boolean;
  conflictMode: LoadedPlanning['settings']['conflictMode'];
  /** Send this back with the send; a different plan by then is refused with 409 and a fresh preview. */
  fingerprint: string;
  /** In send order (instrument, then position seniority). */
  needs: {
    needId: string;
    code: string;
    positionName: string;
    instrumentName: string;
    strategy: Strategy;
    status: NeedStatus;
    quantity: number;
    accepted: number;
    pending: number;
    asks: (PreviewMusician & { wave: number })[];
    skipped: (PreviewMusician & {
      reason: SkipReason;
      otherNeedId?: string;
      otherNeedCode?: string;
      otherPositionName?: string;
      requestStatus?: RequestStatus;
    })[];
    idle?: IdleReason;
    becomesExhausted: boolean;
  }[];
  /** Musicians on the lists of several open needs (SPEC §3.4), with the admin's pick in admin_choice mode. */
  conflicts: {
    musicianId: string;
    code: string;
    name: string;
    chosenNeedId?: string;
    needs: { needId: string; code: string; positionName: string; rank: number }[];
  }[];
}

/** 409 for a send whose preview is out of date; carries the fresh preview for the admin to look at again. */
export class StalePlanError extends AppError {
  constructor(readonly preview: ProjectPreview) {
    super(409, 'plan_changed', 'The plan changed since the preview (someone answered, or the project was edited). Check the fresh preview and send again.');
    this.name = 'StalePlanError';
  }
}

/** SPEC §3.3: exactly whom a send would ask now, and why everyone else on the lists is left out. */
export async function previewProject(db: Queryable, projectId: string, needId?: string): Promise<ProjectPreview> {
  const loaded = await loadPlanningInput(db, projectId);
  if (needId !== undefined && !loaded.needs.has(needId)) throw notFound('No such need in this project.');
  const plan = planProject({ ...loaded.input, onlyNeedIds: needId === undefined ? undefined : [needId] });
  return describePlan(loaded, plan);
}

/** The plan with the names an admin reads: musicians by name and code, needs by position. */
export function describePlan(loaded: LoadedPlanning, plan: ProjectPlan): ProjectPreview {
  const musician = (musicianId: string) => {
    const m = loaded.musicians.get(musicianId);
    return { musicianId, code: m?.code ?? '', name: m ? `${m.firstName} ${m.lastName}`.trim() : '' };
  };
  const strategies = new Map(loaded.input.needs.map((n) => [n.id, n.strategy]));
  return {
    projectId: loaded.project.id,
    projectCode: loaded.project.code,
    projectName: loaded.project.name,
    projectPaused: loaded.project.paused,
    conflictMode: loaded.settings.conflictMode,
    fingerprint: plan.fingerprint,
    needs: plan.needs.map((p) => {
      const need = loaded.needs.get(p.needId)!;
      return {
        needId: p.needId,
        code: need.code,
        positionName: need.positionName,
        instrumentName: need.instrumentName,
        strategy: strategies.get(p.needId)!,
        status: need.status,
        quantity: p.quantity,
        accepted: p.accepted,
        pending: p.pending,
        asks: p.asks.map((a) => ({ ...musician(a.musicianId), rank: a.rank, wave: a.wave })),
        skipped: p.skipped.map((s) => {
          const other = s.otherNeedId ? loaded.needs.get(s.otherNeedId) : undefined;
          return {
            ...musician(s.musicianId),
            rank: s.rank,
            reason: s.reason,
            ...(s.otherNeedId ? { otherNeedId: s.otherNeedId, otherNeedCode: other?.code, otherPositionName: other?.positionName } : {}),
            ...(s.requestStatus ? { requestStatus: s.requestStatus } : {}),
          };
        }),
        ...(p.idle ? { idle: p.idle } : {}),
        becomesExhausted: p.becomesExhausted,
      };
    }),
    conflicts: plan.conflicts.map((c) => ({
      ...musician(c.musicianId),
      ...(c.chosenNeedId ? { chosenNeedId: c.chosenNeedId } : {}),
      needs: c.needs.map((n) => {
        const need = loaded.needs.get(n.needId)!;
        return { needId: n.needId, code: need.code, positionName: need.positionName, rank: n.rank };
      }),
    })),
  };
}
