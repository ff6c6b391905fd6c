import { conflict } from '../../http/errors';
import { SqlError, SqlState, type Queryable } from '../../ports/database';

/**
 * Names are unique, case-insensitively, among live siblings (live instruments; live positions of one
 * instrument). Checked under the caller's lock so the 409 can name the holder; the unique index stays the
 * last word if anything slips past.
 */
export async function refuseTakenInstrumentName(tx: Queryable, name: string, exceptId: string | null): Promise<void> {
  const { rows } = await tx.query<{ code: string; name: string }>(
    `SELECT code, name FROM instruments
      WHERE lower(name) = lower(:name) AND archived_at IS NULL AND (:exceptId::uuid IS NULL OR id <> :exceptId::uuid)`,
    { name, exceptId },
  );
  if (rows[0]) throw conflict(`There is already an instrument named ${rows[0].name} (${rows[0].code}).`, 'name_taken');
}

export async function refuseTakenPositionName(
  tx: Queryable,
  instrument: { id: string; name: string },
  name: string,
  exceptId: string | null,
): Promise<void> {
  const { rows } = await tx.query<{ code: string; name: string }>(
    `SELECT code, name FROM positions
      WHERE instrument_id = :instrumentId::uuid AND lower(name) = lower(:name) AND archived_at IS NULL
        AND (:exceptId::uuid IS NULL OR id <> :exceptId::uuid)`,
    { instrumentId: instrument.id, name, exceptId },
  );
  if (rows[0]) throw conflict(`${instrument.name} already has a position named ${rows[0].name} (${rows[0].code}).`, 'name_taken');
}

/** A unique violation that raced past the checks above still reads as the conflict it is. */
export async function asNameConflict<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof SqlError && error.code === SqlState.uniqueViolation) throw conflict('That name is already used.', 'name_taken');
    throw error;
  }
}
