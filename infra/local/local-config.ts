import { resolve } from 'node:path';
import * as z from 'zod/mini';
import { appConfigSchema, parseConfig } from '../../shared/config/app-config';
import { twinDatabaseServer, type TwinDatabaseServer } from './twin-database-server';

/** Settings of the local twin, each with a default (README "Quick start"). */
export const localConfigSchema = z.extend(appConfigSchema, {
  PORT: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(65535)), 3000),
  DATA_DIR: z._default(z.string().check(z.minLength(1)), '.data'),
  SUPERADMIN_EMAIL: z._default(z.email(), 'superadmin@example.org'),
  SUPERADMIN_PASSWORD: z.optional(z.string().check(z.minLength(10))),
  DEMO_ADMIN_EMAIL: z._default(z.email(), 'admin@demo.example.org'),
  DEMO_ADMIN_PASSWORD: z.optional(z.string().check(z.minLength(10))),
  /** How often the local tick (outbox delivery; reminders and timeouts later) runs. */
  TICK_SECONDS: z._default(z.coerce.number().check(z.positive()), 5),
  STAGE: z._default(z.string().check(z.minLength(1)), 'local'),
  LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']), 'WARN'),
  /** An existing PostgreSQL (a superuser) instead of the embedded one; its database name is the twin's control database. */
  DATABASE_URL: z.optional(z.string().check(z.minLength(1))),
});

export type LocalConfig = z.infer<typeof localConfigSchema> & {
  dataDir: string;
  /** DATABASE_URL read: the server, and the control database the twin keeps there. */
  externalPostgres?: TwinDatabaseServer;
};

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
  return {
    ...config,
    dataDir: resolve(config.DATA_DIR),
    ...(config.DATABASE_URL === undefined ? {} : { externalPostgres: twinDatabaseServer(config.DATABASE_URL) }),
  };
}

export const localSecretNames = {
  sessionKey: 'orchestra-system/local/session-key',
  orchestraPrefix: 'orchestra-system/local/orchestras/',
} as const;
