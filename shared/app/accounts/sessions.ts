import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../ports/database';

export interface SessionUser {
  sessionId: string;
  userId: string;
  email: string;
  name: string;
  role: 'superadmin' | 'admin';
  orchestraId: string | null;
  expiresAt: string;
}

export async function createSession(
  db: Queryable,
  input: { userId: string; orchestraId: string | null; now: Date; lifetimeHours: number },
): Promise<{ sessionId: string; expiresAt: Date }> {
  const sessionId = randomUUID();
  const expiresAt = new Date(input.now.getTime() + input.lifetimeHours * 3_600_000);
  await db.query(
    `INSERT INTO sessions (id, user_id, orchestra_id, created_at, expires_at)
     VALUES (:sessionId::uuid, :userId::uuid, :orchestraId::uuid, :now, :expiresAt)`,
    { sessionId, userId: input.userId, orchestraId: input.orchestraId, now: input.now, expiresAt },
  );
  return { sessionId, expiresAt };
}

/** The session row behind a verified cookie, or null when revoked, expired or its user deactivated. */
export async function findLiveSession(db: Queryable, sessionId: string, now: Date): Promise<SessionUser | null> {
  const { rows } = await db.query<SessionUser>(
    `SELECT s.id::text AS "sessionId", u.id::text AS "userId", u.email, u.name, u.role,
            s.orchestra_id::text AS "orchestraId", s.expires_at AS "expiresAt"
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = :sessionId::uuid AND s.revoked_at IS NULL AND s.expires_at > :now AND u.active`,
    { sessionId, now },
  );
  return rows[0] ?? null;
}

export async function revokeSession(db: Queryable, sessionId: string, now: Date): Promise<void> {
  await db.query(`UPDATE sessions SET revoked_at = :now WHERE id = :sessionId::uuid AND revoked_at IS NULL`, { sessionId, now });
}

export async function revokeUserSessions(db: Queryable, userId: string, now: Date): Promise<void> {
  await db.query(`UPDATE sessions SET revoked_at = :now WHERE user_id = :userId::uuid AND revoked_at IS NULL`, { userId, now });
}
