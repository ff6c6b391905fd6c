import * as z from 'zod';

/**
 * Configuration both runtimes share. Environment variables carry names and ARNs only (ARCHITECTURE rule 6);
 * secrets are read through the Secrets port. Parsed once at cold start; a bad value stops the start with a
 * message naming the variable.
 */
export const appConfigSchema = z.object({
  STAGE: z.string().min(1).default('local'),
  /** Apex domain: orchestras live at <subdomain>.<BASE_DOMAIN>, the superadmin at the apex or admin.<apex>. */
  BASE_DOMAIN: z.string().min(1).default('localhost'),
  /** Scheme and port of public links in emails (`http` and `:3000` locally). */
  PUBLIC_SCHEME: z.enum(['http', 'https']).default('https'),
  PUBLIC_PORT: z.coerce.number().int().positive().optional(),
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  SESSION_HOURS: z.coerce.number().positive().max(24).default(8),
  MAIL_FROM: z.string().min(3).default('Orchestra System <no-reply@localhost>'),
  MAIL_RATE_PER_SECOND: z.coerce.number().positive().default(10),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
});

export type AppConfig = z.infer<typeof appConfigSchema>;

export function parseConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return result.data;
}

/** The public base URL of an orchestra (or of the apex when subdomain is omitted). */
export function publicBaseUrl(config: AppConfig, subdomain?: string): string {
  const host = subdomain ? `${subdomain}.${config.BASE_DOMAIN}` : config.BASE_DOMAIN;
  const port = config.PUBLIC_PORT ? `:${config.PUBLIC_PORT}` : '';
  return `${config.PUBLIC_SCHEME}://${host}${port}`;
}
