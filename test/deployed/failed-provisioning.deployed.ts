import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { firstDeployAndOperatorLogin } from './support/app/operator';
import { startDeployedApp, type DeployedApp } from './support/deployed-app';
import { deployedStage } from './support/synth-deployed-app';

/**
 * Provisioning that cannot succeed, as deployed: what is refused up front leaves nothing behind, and (open) a
 * step that fails for good is compensated — orchestra failed, database, login and secret dropped — with each
 * call allowed by IAM.
 */
describe('a provisioning that fails for good, as deployed', () => {
  let app: DeployedApp;
  const subdomain = 'brokenrestore';

  beforeAll(async () => {
    app = await startDeployedApp({ outdir: inject('cloudAssembly') });
    await firstDeployAndOperatorLogin(app, { email: deployedStage.superadminEmail, password: 'Operator-password-2027' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('refuses a restore from a backup that is not in the files bucket before anything is made (S3 answers 404: the role may list)', async () => {
    const missingBackup = 'orchestras/00000000-0000-4000-8000-000000000000/backups/2027-01-01T00-00-00Z.json';
    const created = await app.request(app.apex, '/api/superadmin/orchestras', {
      method: 'POST',
      json: { name: 'Broken Restore', subdomain, contactEmail: 'office@broken.example.org', plan: 'small', restoreFrom: missingBackup },
    });
    expect(created.status, created.text).toBe(400);
    expect(created.json()).toMatchObject({ error: { fields: [{ field: 'restoreFrom', message: 'no backup file has this key' }] } });
    expect(app.sfn.executions()).toEqual([]);
    const databases = await app.cluster.query('postgres', `SELECT datname FROM pg_database WHERE datname LIKE $1`, [`%${subdomain}%`]);
    expect(databases.rows).toEqual([]);
  });

  // Open (issue #13): a step that fails for good inside the state machine, then compensation leaves nothing behind.
  // The missing backup is caught by the API now, so the scenario needs another permanent failure the deployed
  // app can be given from outside (e.g. a cluster that refuses the orchestra's database).
  it.todo('a step that fails for good is rolled back: orchestra failed with step and cause, no database, login or secret left');

  it('makes no AWS call its caller may not make', () => {
    expect(app.denials().map((d) => d.explanation)).toEqual([]);
  });
});
