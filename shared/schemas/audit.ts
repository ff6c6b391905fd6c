import * as z from 'zod';
import { calendarDate } from './calendar-date';
import { pageQuery } from './paging';

/** Query of GET /api/audit, shared with the web app. Dates are calendar days in the orchestra's time zone. */

const text = (max: number) => z.string().trim().min(1, { message: 'must not be empty' }).max(max, { message: `must be at most ${max} characters` });

export const auditQuery = pageQuery
  .extend({
    /** e.g. `project`, `musician`, `file`. */
    entityType: text(100).optional(),
    /** The changed thing's id, e.g. a project's UUID. */
    entityId: text(200).optional(),
    /** Exact action, e.g. `project.update`. */
    action: text(100).optional(),
    /** Part of the acting admin's email, case-insensitive. */
    actor: text(254).optional(),
    /** From the start of this day. */
    from: calendarDate.optional(),
    /** Up to the end of this day. */
    to: calendarDate.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });

export type AuditQuery = z.infer<typeof auditQuery>;
