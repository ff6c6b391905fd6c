import * as z from 'zod';
import { maxQuantity } from '../domain/need-rules';
import { idSchema } from './ids';
import { pageQuery } from './paging';

/** Admin controls of the request engine (SPEC §3.5): pause/resume, withdraw, quantity, resend, group email, log. */

export const quantityBody = z.object({
  quantity: z
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(1, { message: 'must be at least 1' })
    .max(maxQuantity, { message: `must be at most ${maxQuantity}` }),
});

export const messagesQuery = pageQuery.extend({
  requestId: idSchema.optional(),
  status: z.enum(['pending', 'sending', 'sent', 'failed'], { message: 'must be pending, sending, sent or failed' }).optional(),
});

const subject = z.string().trim().min(1, { message: 'is required' }).max(300, { message: 'must be at most 300 characters' });
const body = z.string().trim().min(1, { message: 'is required' }).max(20000, { message: 'must be at most 20000 characters' });

export const groupEmailBody = z.object({
  subject,
  body,
  instrumentId: idSchema.optional(),
  positionId: idSchema.optional(),
  fileIds: z.array(idSchema).max(20, { message: 'at most 20 files' }).default([]),
});

export const groupEmailsQuery = pageQuery;

export type QuantityBody = z.infer<typeof quantityBody>;
export type MessagesQuery = z.infer<typeof messagesQuery>;
export type GroupEmailBody = z.infer<typeof groupEmailBody>;
