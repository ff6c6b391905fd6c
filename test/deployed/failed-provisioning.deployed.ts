import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orchestraDatabaseName, orchestraLoginName } from '../../shared/app/provisioning/orchestra-database-sql';
import { backupFormat, type OrchestraBackup } from '../../shared/app/superadmin/orchestra-backup';
import { backupKey } from '../../shared/domain/backup-key';
import { firstDeployAndOperatorLogin } from './support/app/operator';
import { startDeployedApp, type DeployedApp } from './support/deployed-app';
import { deployedStage } from './support/synth-deployed-app';

/**
 * Provisioning that cannot succeed, as deployed: what is refused up front leaves nothing behind, and a step
 * that fails for good inside the state machine is compensated — orchestra failed with its step and cause,
 * database, login and secret dropped — with each call allowed by IAM.
 */
describe('a provisioning that fails for good, as deployed', () => {
  let app: DeployedApp;
  const subdomain = 'brokenrestore';
  const rolledBack = 'rolledback';

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

  it('rolls back a restore that fails for good inside the state machine: orchestra failed with step and cause, no database, login or secret left', async () => {
    // A backup made by a later release (a schema version this deployment does not know): the file is there, so
    // the API accepts it, and only the Migrate step, after the database, login and secret exist, finds it out.
    const filesBucket = app.functionNamed('SuperadminFunction').environment.FILES_BUCKET;
    const backupFromLaterRelease = backupKey('11111111-1111-4111-8111-111111111111', new Date('2027-03-01T10:00:00Z'));
    const backup: OrchestraBackup = {
      format: backupFormat,
      formatVersion: 1,
      orchestra: { id: '11111111-1111-4111-8111-111111111111', code: 'ORCH901', name: 'Later', subdomain: 'later', plan: 'small' },
      schemaVersion: '9999',
      createdAt: '2027-03-01T10:00:00.000Z',
      tables: [],
      sequences: [],
    };
    app.s3.putLocal(filesBucket, backupFromLaterRelease, JSON.stringify(backup), 'application/json');

    const created = await app.request(app.apex, '/api/superadmin/orchestras', {
      method: 'POST',
      json: { name: 'Rolled Back', subdomain: rolledBack, contactEmail: 'office@rolledback.example.org', plan: 'small', restoreFrom: backupFromLaterRelease },
    });
    expect(created.status, created.text).toBe(202);
    const { orchestra, execution } = created.json<{ orchestra: { id: string }; execution: { executionId: string } }>();
    const outcome = await app.sfn.waitForExecution(execution.executionId, 240_000);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'ProvisioningFailed' });

    const detail = await app.request(app.apex, `/api/superadmin/orchestras/${orchestra.id}`);
    expect(detail.status, detail.text).toBe(200);
    const shown = detail.json<{
      status: string;
      failedStep: string;
      failureCause: string;
      provisioning: { status: string; steps: { step: string; status: string }[] };
    }>();
    // The superadmin sees, from the execution's history, that the database was made before Migrate failed and
    // the compensation ran.
    expect(shown.provisioning.status).toBe('FAILED');
    expect(shown.provisioning.steps.map(({ step, status }) => `${step} ${status}`)).toEqual(
      expect.arrayContaining(['CreateDatabase succeeded', 'Migrate failed', 'Compensate succeeded']),
    );
    expect(shown).toMatchObject({ status: 'failed', failedStep: 'Migrate' });
    expect(shown.failureCause).toMatch(/^BackupNotRestorable: .*schema version 9999 is newer than the latest migration this code has/);

    const database = orchestraDatabaseName(rolledBack);
    const login = orchestraLoginName(rolledBack);
    expect((await app.cluster.query('postgres', `SELECT 1 FROM pg_database WHERE datname = $1`, [database])).rows).toEqual([]);
    expect((await app.cluster.query('postgres', `SELECT 1 FROM pg_roles WHERE rolname = $1`, [login])).rows).toEqual([]);
    const secretPrefix = app.functionNamed('SystemFunction').environment.ORCHESTRA_SECRET_PREFIX;
    expect(app.secrets.all().filter((secret) => secret.name.startsWith(secretPrefix))).toEqual([]);
  });

  it('makes no AWS call its caller may not make', () => {
    expect(app.denials().map((d) => d.explanation)).toEqual([]);
  });
});
