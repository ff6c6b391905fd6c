import * as z from 'zod';

/** Ids in paths and bodies are UUIDs; anything else is a 400 naming the field, never a database error. */
export const idSchema = z.uuid({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be an id (UUID)') });

/** Path parameters `{id}`. */
export const idParams = z.object({ id: idSchema });
