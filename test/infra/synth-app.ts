import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { addOrchestraSystem, type OrchestraSystemStacks } from '../../infra/orchestra-system';
import { type StageConfig, validateStageConfig } from '../../infra/stage-config';

/** A throwaway stage without a domain: the defaults `cdk synth` uses (deletion protection off). */
export const devConfig: StageConfig = validateStageConfig({
  stage: 'dev',
  mailFrom: 'no-reply@example.com',
  mailRatePerSecond: 1,
  auroraMinCapacity: 0.5,
  auroraMaxCapacity: 4,
  deletionProtection: false,
  backupRetentionDays: 1,
  logLevel: 'INFO',
});

/** A production-like stage: custom domain with DNS, protected data, SES configuration set, built web app. */
export const prodConfig: StageConfig = validateStageConfig({
  stage: 'prod',
  domainName: 'orchestras.example.org',
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  hostedZoneName: 'example.org',
  mailFrom: 'Orchestra System <no-reply@orchestras.example.org>',
  mailRatePerSecond: 14,
  sesConfigurationSet: 'orchestra-system-prod',
  auroraMinCapacity: 0.5,
  auroraMaxCapacity: 16,
  deletionProtection: true,
  backupRetentionDays: 21,
  logLevel: 'WARN',
  superadminEmail: 'ops@orchestras.example.org',
  alarmEmail: 'alarms@orchestras.example.org',
});

export interface SynthesizedApp {
  app: App;
  outdir: string;
  dev: OrchestraSystemStacks;
  prod: OrchestraSystemStacks;
}

let synthesized: SynthesizedApp | undefined;

/**
 * Both stages in one app, synthesized once per test file and shared by every assertion. Bundling is off
 * (`aws:cdk:bundling-stacks` = []), so NodejsFunction skips esbuild and the run needs no handler code.
 */
export function synthesizedApp(): SynthesizedApp {
  if (synthesized) return synthesized;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'orchestra-infra-'));
  const webAssets = path.join(outdir, 'web-app');
  fs.mkdirSync(webAssets);
  fs.writeFileSync(path.join(webAssets, 'index.html'), '<!doctype html><title>Orchestra System</title>');

  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  const dev = addOrchestraSystem(app, devConfig);
  const prod = addOrchestraSystem(app, prodConfig, { webAssetsPath: webAssets });
  app.synth();
  synthesized = { app, outdir, dev, prod };
  return synthesized;
}

/** Deletes the cloud assembly of the shared synth (call from afterAll). */
export function removeSynthOutput(): void {
  if (synthesized) fs.rmSync(synthesized.outdir, { recursive: true, force: true });
}
