import { conflict, type AppError } from '../../http/errors';
import { SqlError, SqlState, type Queryable } from '../../ports/database';

/** The musician (other than `exceptId`) who already has this address, compared case-insensitively. */
export async function emailHolder(db: Queryable, email: string, exceptId: string | null = null): Promise<{ id: string; code: string; name: string } | undefined> {
  const { rows } = await db.query<{ id: string; code: string; name: string }>(
    `SELECT id, code, first_name || ' ' || last_name AS name FROM musicians
      WHERE lower(email) = lower(:email) AND (:exceptId::uuid IS NULL OR id <> :exceptId::uuid)`,
    { email, exceptId },
  );
  return rows[0];
}

export function emailTaken(holder: { code: string; name: string }): AppError {
  return conflict(`Email already used by ${holder.name} (${holder.code})`, 'email_taken');
}

/** Refuses an address another musician has (archived ones included, so a restore never collides). */
export async function assertEmailFree(tx: Queryable, email: string, exceptId: string | null = null): Promise<void> {
  const holder = await emailHolder(tx, email, exceptId);
  if (holder) throw emailTaken(holder);
}

/**
 * Runs a write; when another transaction took the same address between our check and our insert, the
 * unique index refuses it and the admin gets the same 409 (the holder is looked up after the rollback).
 */
export async function withEmailRaceMapped<T>(db: Queryable, emails: () => string[], write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof SqlError && error.code === SqlState.uniqueViolation && error.constraint === 'musicians_email_unique') {
      for (const email of emails()) {
        const holder = await emailHolder(db, email);
        if (holder) throw emailTaken(holder);
      }
      throw conflict('Email already used by another musician', 'email_taken');
    }
    throw error;
  }
}
