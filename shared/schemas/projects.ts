import * as z from 'zod';
import { needSettingsViolations, needStrategies, responseHoursLimits } from '../domain/need-rules';
import { calendarDate } from './calendar-date';
import { idSchema } from './ids';
import { pageQuery } from './paging';

/** Requests of /api/projects and /api/projects/{id}/needs, shared with the web app. */

const longText = z.string().max(10000, { message: 'must be at most 10000 characters' });

/** A calendar date `YYYY-MM-DD`; the ISO week is derived from it, never sent. */
const startDate = calendarDate.refine((d) => d >= '2000-01-01' && d <= '2199-12-31', { message: 'must be between 2000 and 2199' });

export const projectsQuery = pageQuery.extend({
  when: z.enum(['upcoming', 'past', 'all'], { message: 'must be upcoming, past or all' }).default('all'),
  includeArchived: z.stringbool({ error: 'must be true or false' }).default(false),
  search: z.string().trim().max(200).optional(),
});

export const projectParams = z.object({ id: idSchema });

const projectFields = {
  name: z.string().trim().min(1, { message: 'is required' }).max(200, { message: 'must be at most 200 characters' }),
  startDate,
  rehearsalSchedule: longText,
  concertInfo: longText,
  notes: longText,
};

export const projectCreateBody = z.object({
  ...projectFields,
  rehearsalSchedule: longText.default(''),
  concertInfo: longText.default(''),
  notes: longText.default(''),
});

export const projectPatchBody = z
  .object(projectFields)
  .partial()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'names nothing to change' });

export const needParams = z.object({ id: idSchema, needId: idSchema });

export const needsQuery = pageQuery.extend({
  includeArchived: z.stringbool({ error: 'must be true or false' }).default(false),
});

const needFields = {
  positionId: idSchema,
  listId: idSchema,
  quantity: z.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }),
  strategy: z.enum(needStrategies, { message: `must be one of ${needStrategies.join(', ')}` }),
  maxRecipients: z.number({ message: 'must be a number or empty' }).int({ message: 'must be a whole number' }).nullable(),
  responseHours: z.number({ message: 'must be a number' }).int({ message: 'must be a whole number of hours' }),
  localResidentsOnly: z.boolean({ message: 'must be true or false' }),
};

/** A new need; the SPEC §3.2 rules come from the domain so the web app and the API agree. */
export const needCreateBody = z
  .object({
    ...needFields,
    maxRecipients: needFields.maxRecipients.default(null),
    responseHours: needFields.responseHours.default(responseHoursLimits.default),
    localResidentsOnly: needFields.localResidentsOnly.default(false),
  })
  .superRefine((need, ctx) => {
    for (const v of needSettingsViolations(need)) ctx.addIssue({ code: 'custom', path: [v.field], message: v.message });
  });

/** A change to a need: only the fields given; the merged need is checked against the rules by the use case. */
export const needPatchBody = z
  .object(needFields)
  .partial()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'names nothing to change' });

export type ProjectsQuery = z.infer<typeof projectsQuery>;
export type ProjectCreateBody = z.infer<typeof projectCreateBody>;
export type ProjectPatchBody = z.infer<typeof projectPatchBody>;
export type NeedCreateBody = z.infer<typeof needCreateBody>;
export type NeedPatchBody = z.infer<typeof needPatchBody>;
