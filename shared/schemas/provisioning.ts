import * as z from 'zod';
import { subdomainProblem } from '../domain/orchestra-subdomain';
import { emailSchema } from './auth';

/** Input of the provisioning workflow (SPEC §4): the new orchestra and its first admin. */
export const subdomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .superRefine((value, ctx) => {
    const problem = subdomainProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const planSchema = z.enum(['small', 'medium', 'institution']);

export const provisionOrchestraInput = z.object({
  name: z.string().trim().min(1, { message: 'is required' }).max(200),
  subdomain: subdomainSchema,
  contactEmail: emailSchema,
  plan: planSchema,
  /** The first admin, invited by email to set a password. */
  adminEmail: emailSchema,
  adminName: z.string().trim().max(200).optional(),
  /** A backup file (file store key): the new orchestra is filled from it instead of the standard seed. */
  restoreFrom: z.string().trim().min(1).max(500).optional(),
});

export type ProvisionOrchestraInput = z.infer<typeof provisionOrchestraInput>;
