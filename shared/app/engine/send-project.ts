import { whyNobodyAsked, type NobodyAsked } from '../../domain/engine/nobody-asked';
import { conflict } from '../../http/errors';
import { SqlError, SqlState, type Database } from '../../ports/database';
import { recordAudit, type Actor } from '../audit/record-audit';
import { topUpNeeds, type TopUpDeps } from './top-up-needs';

export interface SendOutcome {
  /** The requests written now, in send order; their emails are in the outbox. */
  requests: { id: string; code: string; needId: string; musicianId: string }[];
  /** Needs that became exhausted with this send. */
  exhausted: string[];
  /** The fingerprint of the plan that was sent. */
  fingerprint: string;
  /** Null when someone was asked; otherwise why nobody was, with the needs and the skips counted by reason. */
  nobodyAsked: NobodyAsked | null;
}

/** A second live request would break the one-request-per-project index: a race the project lock should rule out. */
function isRetryable(error: unknown): boolean {
  return (
    error instanceof SqlError &&
    (error.code === SqlState.uniqueViolation || error.code === SqlState.serializationFailure || error.code === SqlState.deadlockDetected)
  );
}

/**
 * The admin's send (SPEC §3.3, §3.5): the whole project or one need, everything in one transaction with its
 * audit row. Tried twice when the database reports a race; after that the admin gets a 409, never a 500.
 */
export async function sendProject(
  db: Database,
  deps: TopUpDeps,
  actor: Actor,
  projectId: string,
  body: { needId?: string; fingerprint?: string },
): Promise<SendOutcome> {
  const attempt = () =>
    db.transaction(async (tx) => {
      const result = await topUpNeeds(tx, deps, projectId, {
        mode: 'send',
        needIds: body.needId === undefined ? undefined : [body.needId],
        fingerprint: body.fingerprint,
      });
      await recordAudit(tx, {
        actor,
        action: 'project.send',
        entityType: 'project',
        entityId: projectId,
        after: {
          needId: body.needId ?? null,
          fingerprint: result.plan.fingerprint,
          requests: result.requests.map((r) => ({ code: r.code, needId: r.needId, musicianId: r.musicianId })),
          exhausted: result.exhausted,
        },
      });
      return { requests: result.requests, exhausted: result.exhausted, fingerprint: result.plan.fingerprint, nobodyAsked: whyNobodyAsked(result.plan) };
    });
  try {
    return await attempt();
  } catch (error) {
    if (!isRetryable(error)) throw error;
    try {
      return await attempt();
    } catch (again) {
      if (!isRetryable(again)) throw again;
      throw conflict('Someone else sent requests for this project at the same moment. Look at the preview again and send once more.', 'send_conflict');
    }
  }
}
