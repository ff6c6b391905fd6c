import * as z from 'zod';

/** Requests of /api/settings, shared with the web app. */

export const conflictModes = ['first_asked', 'best_rank', 'admin_choice'] as const;

/** IANA zone names the runtime knows (PostgreSQL knows the same database), plus plain UTC. */
const knownTimeZones = new Set<string>([...Intl.supportedValuesOf('timeZone'), 'UTC']);

const text = (max: number) =>
  z.string({ message: 'must be text' }).trim().max(max, { message: `must be at most ${max} characters` });

export const settingsPatchBody = z
  .object({
    orchestraName: text(200).min(1, { message: 'is required' }),
    reminderPercent: z
      .number({ message: 'must be a number' })
      .int({ message: 'must be a whole number' })
      .min(1, { message: 'must be from 1 to 99' })
      .max(99, { message: 'must be from 1 to 99' }),
    conflictMode: z.enum(conflictModes, { message: `must be one of ${conflictModes.join(', ')}` }),
    timeZone: z
      .string({ message: 'must be text' })
      .refine((zone) => knownTimeZones.has(zone), { message: 'must be an IANA time zone such as Europe/Stockholm' }),
    /** The From display name of the orchestra's email: one line, as a header carries it. */
    senderName: text(200).regex(/^\P{Cc}*$/u, { message: 'must be one line' }),
    /** An address for answers to land in; empty or null for none. */
    replyTo: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
      text(254).pipe(z.email({ message: 'must be an email address' })).nullable(),
    ),
  })
  .partial()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'names nothing to change' });

export type SettingsPatchBody = z.infer<typeof settingsPatchBody>;
