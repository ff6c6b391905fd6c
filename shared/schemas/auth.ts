import * as z from 'zod';

/** Request bodies of /api/auth/*, shared with the web app. */
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email({ message: 'must be an email address' })).pipe(z.string().max(254));

export const newPasswordSchema = z
  .string()
  .min(10, { message: 'must be at least 10 characters' })
  .max(200, { message: 'must be at most 200 characters' });

export const loginBody = z.object({
  email: emailSchema,
  password: z.string().min(1, { message: 'is required' }).max(200),
});

export const passwordResetRequestBody = z.object({ email: emailSchema });

export const passwordResetConfirmBody = z.object({
  token: z.string().min(20, { message: 'is not a valid link token' }).max(200),
  password: newPasswordSchema,
});

export type LoginBody = z.infer<typeof loginBody>;
