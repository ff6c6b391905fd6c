import { describe, expect, it } from 'vitest';
import { appConfigSchema, parseConfig } from '../../shared/config/app-config';
import { awsConfigSchema } from '../../shared/runtime/aws-runtime';

/** The environment parsed at cold start (zod's mini build): defaults, coercion, and messages an operator can act on. */
describe('parseConfig', () => {
  it('fills the defaults and coerces numbers and flags', () => {
    expect(parseConfig(appConfigSchema, { PUBLIC_PORT: '3000', COOKIE_SECURE: 'false', SESSION_HOURS: '12' })).toEqual({
      STAGE: 'local',
      BASE_DOMAIN: 'localhost',
      PUBLIC_SCHEME: 'https',
      PUBLIC_PORT: 3000,
      COOKIE_SECURE: false,
      SESSION_HOURS: 12,
      MAIL_FROM: 'Orchestra System <no-reply@localhost>',
      MAIL_RATE_PER_SECOND: 10,
      LOG_LEVEL: 'INFO',
    });
    expect(parseConfig(appConfigSchema, {}).COOKIE_SECURE).toBe(true);
  });

  it('names each bad variable and what is wrong with it', () => {
    expect(() => parseConfig(awsConfigSchema, { DB_CLUSTER_ARN: 'cluster', PUBLIC_SCHEME: 'ftp', SESSION_HOURS: '30' })).toThrow(
      /^invalid configuration: PUBLIC_SCHEME: Invalid option: expected one of "http"\|"https"; SESSION_HOURS: Too big: expected number to be <=24; DB_CLUSTER_ARN: Invalid string: must start with "arn:"; CONTROL_DB_SECRET_ARN: Invalid input: expected string, received undefined/,
    );
  });
});
