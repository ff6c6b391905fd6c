import * as z from 'zod';
import { idSchema } from './ids';
import { pageQuery } from './paging';

/** Requests of /api/instruments and /api/positions, shared with the web app. */

const name = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
  .trim()
  .min(1, { message: 'is required' })
  .max(100, { message: 'must be at most 100 characters' });

const includeArchived = z.stringbool({ error: 'must be true or false' }).default(false);

/** Every id of the order exactly once, first = top; the use case checks it against what exists. */
const order = (noun: string) =>
  z.array(idSchema, { error: `must be a list of ${noun} ids` }).min(1, { message: `must name at least one ${noun}` }).max(1000, { message: 'is too long' });

export const instrumentsQuery = pageQuery.extend({ includeArchived });
export const instrumentBody = z.object({ name });
export const instrumentOrderBody = z.object({ instrumentIds: order('instrument') });

export const positionsQuery = pageQuery.extend({ instrumentId: idSchema.optional(), includeArchived });
export const positionCreateBody = z.object({ instrumentId: idSchema, name });
export const positionPatchBody = z.object({ name });
export const positionOrderBody = z.object({ positionIds: order('position') });

export type InstrumentsQuery = z.infer<typeof instrumentsQuery>;
export type PositionsQuery = z.infer<typeof positionsQuery>;
export type PositionCreateBody = z.infer<typeof positionCreateBody>;
