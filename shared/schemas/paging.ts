import * as z from 'zod';

/** Query parameters every collection takes; collections answer `{ items, total }`. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1, { message: 'must be at least 1' }).max(500, { message: 'must be at most 500' }).default(50),
  offset: z.coerce.number().int().min(0, { message: 'must not be negative' }).default(0),
});

export type PageQuery = z.infer<typeof pageQuery>;

export interface Page<T> {
  items: T[];
  total: number;
}
