import { conflict, notFound } from '../../http/errors';
import type { Queryable } from '../../ports/database';

export interface LockedMusician {
  id: string;
  code: string;
  name: string;
  email: string | null;
  archived: boolean;
  erased: boolean;
}

/**
 * Every change to a musician locks the row first, so two admins editing the same musician run one after
 * the other. An erased musician has nothing left to change: refused unless the caller allows it.
 */
export async function lockMusician(tx: Queryable, id: string, options: { allowErased?: boolean } = {}): Promise<LockedMusician> {
  const { rows } = await tx.query<{ id: string; code: string; name: string; email: string | null; archived: boolean; erased: boolean }>(
    `SELECT id, code, first_name || ' ' || last_name AS name, email,
            archived_at IS NOT NULL AS archived, erased_at IS NOT NULL AS erased
       FROM musicians WHERE id = :id::uuid FOR UPDATE`,
    { id },
  );
  const musician = rows[0];
  if (!musician) throw notFound('No such musician.');
  if (musician.erased && !options.allowErased) {
    throw conflict(`${musician.code} was erased; an erased musician cannot be changed.`, 'musician_erased');
  }
  return musician;
}
