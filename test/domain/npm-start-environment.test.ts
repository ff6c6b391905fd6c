import { describe, expect, it } from 'vitest';
import { readLocalConfig } from '../../infra/local/local-config';
import { npmStartEnvironment } from '../e2e/support/npm-start-environment';

/**
 * The end-to-end tier starts `npm start` with an environment of its own (test/e2e/support/local-product.ts):
 * a developer's PORT, DATA_DIR, account or database variables must not reach the product the tests drive.
 */
describe('the environment of npm start in the end-to-end tier', () => {
  const hostile = {
    PATH: '/usr/local/bin:/usr/bin',
    HOME: '/home/dev',
    PORT: '4000',
    DATA_DIR: '/home/dev/orchestra-data',
    SUPERADMIN_EMAIL: 'me@dev.example',
    SUPERADMIN_PASSWORD: 'my-own-password',
    DEMO_ADMIN_EMAIL: 'boss@dev.example',
    DEMO_ADMIN_PASSWORD: 'boss-password',
    DATABASE_URL: 'postgres://me:secret@db.dev.example:5432/orchestra',
    BASE_DOMAIN: 'orchestra.dev.example',
    PUBLIC_SCHEME: 'https',
    COOKIE_SECURE: 'true',
    TICK_SECONDS: '600',
    LOG_LEVEL: 'DEBUG',
    STAGE: 'dev',
    NODE_OPTIONS: '--inspect',
    AWS_PROFILE: 'production',
  };
  const settings = { PORT: '51234', DATA_DIR: '/tmp/orchestra-e2e-x', TICK_SECONDS: '1', SUPERADMIN_PASSWORD: 'e2e-superadmin-password', DEMO_ADMIN_PASSWORD: 'e2e-demo-admin-password' };

  it('is the settings of the tier plus what npm and node need, nothing else of the caller', () => {
    expect(npmStartEnvironment(hostile, settings)).toEqual({ PATH: hostile.PATH, HOME: hostile.HOME, ...settings });
  });

  it('gives the product its defaults wherever the tier sets nothing', () => {
    const config = readLocalConfig(npmStartEnvironment(hostile, settings));
    expect(config).toMatchObject({
      PORT: 51234,
      DATA_DIR: '/tmp/orchestra-e2e-x',
      SUPERADMIN_EMAIL: 'superadmin@example.org',
      DEMO_ADMIN_EMAIL: 'admin@demo.example.org',
      BASE_DOMAIN: 'localhost',
      PUBLIC_SCHEME: 'http',
      COOKIE_SECURE: false,
      LOG_LEVEL: 'WARN',
      STAGE: 'local',
    });
    expect(config).not.toHaveProperty('DATABASE_URL');
  });

  it('keeps locale and temporary folder settings a child needs to run at all', () => {
    const env = npmStartEnvironment({ ...hostile, TMPDIR: '/var/tmp', LANG: 'sv_SE.UTF-8', LC_ALL: 'C.UTF-8' }, settings);
    expect(env).toMatchObject({ TMPDIR: '/var/tmp', LANG: 'sv_SE.UTF-8', LC_ALL: 'C.UTF-8' });
  });
});
