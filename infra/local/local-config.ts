import { resolve } from 'node:path';
import * as z from 'zod';
import { appConfigSchema, parseConfig } from '../../shared/config/app-config';

/** Settings of the local twin, each with a default (README "Quick start"). */
export const localConfigSchema = appConfigSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('.data'),
  SUPERADMIN_EMAIL: z.email().default('superadmin@example.org'),
  SUPERADMIN_PASSWORD: z.string().min(10).optional(),
  DEMO_ADMIN_EMAIL: z.email().default('admin@demo.example.org'),
  DEMO_ADMIN_PASSWORD: z.string().min(10).optional(),
  /** How often the local tick (outbox delivery; reminders and timeouts later) runs. */
  TICK_SECONDS: z.coerce.number().positive().default(5),
  STAGE: z.string().min(1).default('local'),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('WARN'),
});

export type LocalConfig = z.infer<typeof localConfigSchema> & { dataDir: string };

export function readLocalConfig(env: Record<string, string | undefined>): LocalConfig {
  const port = env.PORT ?? '3000';
  const config = parseConfig(localConfigSchema, {
    BASE_DOMAIN: 'localhost',
    PUBLIC_SCHEME: 'http',
    PUBLIC_PORT: port,
    COOKIE_SECURE: 'false',
    MAIL_FROM: 'Orchestra System <no-reply@localhost>',
    ...env,
  });
  return { ...config, dataDir: resolve(config.DATA_DIR) };
}

export const localSecretNames = {
  sessionKey: 'orchestra-system/local/session-key',
  orchestraPrefix: 'orchestra-system/local/orchestras/',
} as const;
