import * as z from 'zod';
import { backupKeyPattern } from '../domain/backup-key';
import { emailSchema } from './auth';
import { idSchema } from './ids';
import { pageQuery } from './paging';
import { planSchema, subdomainSchema } from './provisioning';

/** Inputs of the superadmin API (SPEC §4): orchestras, their admins, migrations across orchestras. */
export const orchestraStatuses = ['provisioning', 'active', 'suspended', 'failed', 'archived'] as const;

export const createOrchestraBody = z.object({
  name: z.string().trim().min(1, { message: 'is required' }).max(200),
  subdomain: subdomainSchema,
  contactEmail: emailSchema,
  plan: planSchema,
  /** The first admin; the contact address when left out. */
  adminEmail: emailSchema.optional(),
  adminName: z.string().trim().max(200).optional(),
  /** Key of a backup file (POST …/{id}/backup answers it): the new orchestra is restored from it. */
  restoreFrom: z.string().trim().regex(backupKeyPattern, { message: 'must be the key of a backup file' }).optional(),
});

/**
 * Another provisioning attempt for a failed orchestra. What is left out is as the failed attempt had it
 * (the first admin, the backup restored); `restoreFrom: null` asks for the standard seed instead.
 */
export const retryProvisioningBody = createOrchestraBody
  .pick({ adminEmail: true, adminName: true })
  .extend({ restoreFrom: createOrchestraBody.shape.restoreFrom.unwrap().nullable().optional() })
  .default({});

export const orchestrasQuery = pageQuery.extend({
  /** Matches name, subdomain, code or contact address. */
  search: z.string().trim().max(200).optional(),
  status: z.enum(orchestraStatuses, { message: `must be one of ${orchestraStatuses.join(', ')}` }).optional(),
});

export const orchestraPatchBody = z
  .object({
    name: z.string().trim().min(1, { message: 'is required' }).max(200),
    contactEmail: emailSchema,
    plan: planSchema,
  })
  .partial()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'names nothing to change' });

export const inviteAdminBody = z.object({
  email: emailSchema,
  name: z.string().trim().max(200).optional(),
});

export const adminParams = z.object({ id: idSchema, userId: idSchema });

export type CreateOrchestraBody = z.infer<typeof createOrchestraBody>;
export type OrchestrasQuery = z.infer<typeof orchestrasQuery>;
export type OrchestraPatchBody = z.infer<typeof orchestraPatchBody>;
export type RetryProvisioningBody = z.infer<typeof retryProvisioningBody>;
export type InviteAdminBody = z.infer<typeof inviteAdminBody>;
