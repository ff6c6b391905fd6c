import * as z from 'zod/mini';
import { en } from 'zod/locales';

// The mini build loads no messages of its own: the English ones, so that a bad variable says what is wrong.
z.config(en());

/**
 * Configuration both runtimes share. Environment variables carry names and ARNs only (ARCHITECTURE rule 6);
 * secrets are read through the Secrets port. Parsed once at cold start; a bad value stops the start with a
 * message naming the variable. Written with zod's mini build: the tick, the mail feedback and the workflow
 * steps parse nothing else, and the full build would be a third of their own code (`npm run bench`).
 */
export const appConfigSchema = z.object({
  STAGE: z._default(z.string().check(z.minLength(1)), 'local'),
  /** Apex domain: orchestras live at <subdomain>.<BASE_DOMAIN>, the superadmin at the apex or admin.<apex>. */
  BASE_DOMAIN: z._default(z.string().check(z.minLength(1)), 'localhost'),
  /** Scheme and port of public links in emails (`http` and `:3000` locally). */
  PUBLIC_SCHEME: z._default(z.enum(['http', 'https']), 'https'),
  PUBLIC_PORT: z.optional(z.coerce.number().check(z.int(), z.positive())),
  COOKIE_SECURE: z.pipe(
    z._default(z.enum(['true', 'false']), 'true'),
    z.transform((v) => v === 'true'),
  ),
  SESSION_HOURS: z._default(z.coerce.number().check(z.positive(), z.lte(24)), 8),
  MAIL_FROM: z._default(z.string().check(z.minLength(3)), 'Orchestra System <no-reply@localhost>'),
  MAIL_RATE_PER_SECOND: z._default(z.coerce.number().check(z.positive()), 10),
  LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']), 'INFO'),
});

export type AppConfig = z.infer<typeof appConfigSchema>;

export function parseConfig<S extends z.ZodMiniType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
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
