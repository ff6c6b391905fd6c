import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { firstDeployAndOperatorLogin } from './support/app/operator';
import { startDeployedApp, type DeployedApp } from './support/deployed-app';
import { deployedStage } from './support/synth-deployed-app';

/**
 * Provisioning that fails for good, as deployed: a restore from a backup that is not in the files bucket
 * fails its Seed step on every try; the state machine's compensation marks the orchestra failed and drops
 * what the earlier steps made — database, login and secret — with each call allowed by IAM.
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

  it('is rolled back: the orchestra is failed with its step and cause, and nothing is left behind', async () => {
    const missingBackup = 'orchestras/00000000-0000-4000-8000-000000000000/backups/2027-01-01T00-00-00Z.json';
    const created = await app.request(app.apex, '/api/superadmin/orchestras', {
      method: 'POST',
      json: { name: 'Broken Restore', subdomain, contactEmail: 'office@broken.example.org', plan: 'small', restoreFrom: missingBackup },
    });
    expect(created.status, created.text).toBe(202);
    const { orchestra, execution } = created.json<{ orchestra: { id: string }; execution: { executionId: string } }>();
    const outcome = await app.sfn.waitForExecution(execution.executionId, 240_000);
    expect(outcome.status, JSON.stringify(outcome)).toBe('FAILED');

    const detail = await app.request(app.apex, `/api/superadmin/orchestras/${orchestra.id}`);
    expect(detail.status, detail.text).toBe(200);
    const shown = detail.json<{ status: string; failedStep: string | null; provisioning: { steps: { step: string; status: string }[] } }>();
    expect(shown.status).toBe('failed');
    expect(JSON.stringify(shown)).toMatch(/Seed/);

    const databases = await app.cluster.query('postgres', `SELECT datname FROM pg_database WHERE datname LIKE $1`, [`%${subdomain}%`]);
    expect(databases.rows).toEqual([]);
    const logins = await app.cluster.query('postgres', `SELECT rolname FROM pg_roles WHERE rolname LIKE $1`, [`%${subdomain}%`]);
    expect(logins.rows).toEqual([]);
    const secrets = app.secrets.all().filter((s) => s.name.includes(subdomain) && s.deletionDate === undefined);
    expect(secrets.map((s) => s.name)).toEqual([]);
    // No invitation went out for an orchestra that does not exist.
    await app.tick();
    expect(app.ses.messages().filter((m) => m.destinations.includes('office@broken.example.org'))).toEqual([]);
  });

  it('makes no AWS call its caller may not make', () => {
    expect(app.denials().map((d) => d.explanation)).toEqual([]);
  });
});
