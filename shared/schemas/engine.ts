import * as z from 'zod';
import { idSchema } from './ids';

/** Requests of the request engine's admin routes (preview, send, status, conflict choices), shared with the web app. */

export const previewQuery = z.object({ needId: idSchema.optional() });

export const sendBody = z.object({
  /** Send one need only; without it every need of the project. */
  needId: idSchema.optional(),
  /** The preview's fingerprint: when the plan changed since, the send is refused with 409 and a fresh preview. */
  fingerprint: z
    .string()
    .regex(/^[0-9a-f]{32}$/, { message: 'must be the fingerprint of a preview' })
    .optional(),
});

export const statusQuery = z.object({
  /** The cursor of the previous poll. */
  since: z.iso.datetime({ offset: true, message: 'must be the cursor of a previous status (an ISO date-time)' }).optional(),
});

export const conflictChoicesBody = z.object({
  choices: z
    .array(
      z.object({
        musicianId: idSchema,
        /** The need the musician may be asked for; null removes the choice. */
        needId: idSchema.nullable(),
      }),
    )
    .min(1, { message: 'must name at least one musician' })
    .max(1000, { message: 'must have at most 1000 entries' })
    .refine((choices) => new Set(choices.map((c) => c.musicianId)).size === choices.length, {
      message: 'must name each musician once',
    }),
});
export type ConflictChoicesBody = z.infer<typeof conflictChoicesBody>;
