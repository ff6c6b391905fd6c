import * as z from 'zod';
import { idSchema } from './ids';
import { pageQuery } from './paging';

/** Requests of /api/ranking-lists and /api/projects/{id}/custom-lists, shared with the web app. */
export const rankingListsQuery = pageQuery.extend({
  positionId: idSchema.optional(),
  /** Adds this project's custom lists to the standard A/B/C lists. */
  projectId: idSchema.optional(),
  /** Adds every project's custom lists (e.g. to copy an earlier one into a new project). */
  allCustom: z.stringbool({ error: 'must be true or false' }).default(false),
  includeArchived: z.stringbool({ error: 'must be true or false' }).default(false),
});

export const rankingListParams = z.object({ id: idSchema });
export const rankingListEntryParams = z.object({ id: idSchema, musicianId: idSchema });

export const rankingListPatchBody = z.object({
  description: z.string().trim().max(1000, { message: 'must be at most 1000 characters' }),
});

export const addEntryBody = z.object({
  musicianId: idSchema,
  /** 1 = top; others move down. Empty = at the end. */
  rank: z.number().int({ message: 'must be a whole number' }).min(1, { message: 'must be at least 1' }).optional(),
});

export const reorderBody = z.object({
  /** Every musician on the list, exactly once, top first. */
  musicianIds: z.array(idSchema).max(5000, { message: 'is longer than any list' }),
});

export const customListBody = z.object({
  positionId: idSchema,
  /** An A/B/C list of the position or an earlier custom list of it; empty = start empty. */
  copyFromListId: idSchema.optional().nullable(),
  description: z.string().trim().max(1000, { message: 'must be at most 1000 characters' }).optional(),
});

export type RankingListsQuery = z.infer<typeof rankingListsQuery>;
export type AddEntryBody = z.infer<typeof addEntryBody>;
export type CustomListBody = z.infer<typeof customListBody>;
