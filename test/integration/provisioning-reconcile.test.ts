import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProvisionOrchestraPlaceholder } from '../../functions/workflow/provision-orchestra-tasks';
import type { WorkflowStep } from '../../functions/workflow/workflow-step';
import { createLocalWorkflows, type LocalWorkflows } from '../../infra/local/local-workflows';
import {
  databaseExists,
  dropOrchestraDatabase,
  ensureOrchestraLogin,
  orchestraDatabaseName,
  orchestraLoginName,
  roleExists,
} from '../../shared/app/provisioning/orchestra-database-sql';
import { noGraces, reconcileProvisioning } from '../../shared/app/provisioning/reconcile-provisioning';
import type { Workflows } from '../../shared/ports/workflows';
import { startTestProduct, type TestProduct } from '../support/test-product';

const minute = 60_000;
const secretPrefix = 'test/orchestras/';

/**
 * Issue 14.11: a provisioning whose run is gone must not stay `provisioning` for ever (retry and archive
 * refused, subdomain taken, a login left behind). Through the superadmin API and the real provisioning
 * workflow on real PostgreSQL: a stop of the local twin in the middle of a step (simulated by a new local
 * Workflows adapter over the same control database and data folder, as `npm start` makes one), a run that
 * ended without updating the registry (as an aborted or timed-out Step Functions execution), and a start
 * that failed or was lost after the registry row was written.
 */
describe.each(['pg', 'data-api'] as const)('provisioning left without its run (%s adapter)', (adapter) => {
  let product: TestProduct;
  let cookie: string;
  const created: string[] = [];

  beforeAll(async () => {
    product = await startTestProduct({ adapter });
    await product.addSuperadmin('reconcile-root@example.org', 'super-secret-password');
    const res = await product.call('POST', '/api/auth/login', { host: product.apexHost, body: { email: 'reconcile-root@example.org', password: 'super-secret-password' } });
    cookie = (res.headers['set-cookie'] as string[])[0].split(';')[0];
  });
  afterAll(async () => {
    if (!product) return;
    product.clock.useRealTime();
    for (const subdomain of created) {
      await dropOrchestraDatabase(product.runtime.admin, orchestraDatabaseName(subdomain), orchestraLoginName(subdomain)).catch(() => undefined);
    }
    await product.close();
  });

  const api = (method: string, path: string, body?: unknown) => product.call(method, `/api/superadmin${path}`, { host: product.apexHost, cookie, body });
  const freshWorkflows = (wrapStep?: (p: ProvisionOrchestraPlaceholder, step: WorkflowStep) => WorkflowStep) =>
    createLocalWorkflows(product.runtime, { secretPrefix, retryIntervalMs: 0, wrapStep: wrapStep as never });
  const body = (name: string) => {
    const subdomain = product.subdomain(name);
    created.push(subdomain);
    return { name: `Orkester ${name}`, subdomain, contactEmail: `office@${name}.example.org`, plan: 'small' };
  };
  const leftovers = async (subdomain: string) => ({
    database: await databaseExists(product.runtime.admin, orchestraDatabaseName(subdomain)),
    login: await roleExists(product.runtime.admin, orchestraLoginName(subdomain)),
  });

  /** Runs provisioning with a step that does `before` and then never returns, as a process that stops there. */
  function cutOffIn(placeholder: ProvisionOrchestraPlaceholder, before: (deps: Parameters<WorkflowStep>[1], input: unknown) => Promise<unknown>) {
    let reached!: () => void;
    const there = new Promise<void>((resolve) => (reached = resolve));
    const workflows = freshWorkflows((p, step) =>
      p !== placeholder
        ? step
        : async (input, deps) => {
            await before(deps, input);
            reached();
            return new Promise(() => undefined);
          },
    );
    return { workflows, there };
  }

  it('after a restart in CreateDatabase, the orchestra is failed there, its login dropped, and it provisions again', async () => {
    const b = body('restarted');
    const login = orchestraLoginName(b.subdomain);
    const { workflows: before, there } = cutOffIn('CreateDatabaseFunctionArn', (deps) => ensureOrchestraLogin(deps.admin, login, 'a-password-of-the-lost-run'));
    product.runtime.workflows = before;
    const res = await api('POST', '/orchestras', b);
    expect(res.status).toBe(202);
    const id = res.json.orchestra.id as string;
    await there;
    expect(await leftovers(b.subdomain)).toEqual({ database: false, login: true });

    // The twin starts again: a new adapter over the same control database and data folder; main.ts reconciles.
    const after = freshWorkflows();
    product.runtime.workflows = after;
    await vi.waitFor(async () => expect((await after.describe(res.json.execution.executionId))?.steps.map((s) => s.step)).toContain('CreateDatabase'));
    const reconciled = await reconcileProvisioning({ control: product.runtime.control, workflows: after, now: product.clock.now() }, { graces: noGraces });
    expect(reconciled).toEqual([expect.objectContaining({ orchestraId: id, failedStep: 'CreateDatabase', rollBackExecutionId: expect.any(String) })]);
    await after.settled(reconciled[0].rollBackExecutionId!);

    const detail = (await api('GET', `/orchestras/${id}`)).json;
    expect(detail).toMatchObject({ status: 'failed', failedStep: 'CreateDatabase' });
    expect(detail.failureCause).toMatch(/^ProvisioningInterrupted: .*local twin stopped while this execution ran \(in CreateDatabase\)/);
    expect(detail.provisioning.steps.map((s: { step: string; status: string }) => `${s.step}:${s.status}`)).toEqual(['RollBackInterrupted:succeeded']);
    expect(await leftovers(b.subdomain)).toEqual({ database: false, login: false });

    const retry = await api('POST', `/orchestras/${id}/retry-provisioning`);
    expect(retry.status).toBe(202);
    await after.settled(retry.json.execution.executionId);
    expect((await api('GET', `/orchestras/${id}`)).json).toMatchObject({ status: 'active', failedStep: null, failureCause: null });
  });

  it('a run that ended without updating the registry (aborted) is failed at its step and rolled back when the superadmin looks', async () => {
    const b = body('aborted');
    const { workflows: running, there } = cutOffIn('MigrateFunctionArn', async () => undefined);
    product.runtime.workflows = running;
    const res = await api('POST', '/orchestras', b);
    const id = res.json.orchestra.id as string;
    await there;
    expect(await leftovers(b.subdomain)).toEqual({ database: true, login: true });
    // While the run goes on, looking changes nothing.
    expect((await api('GET', '/orchestras?status=provisioning')).json.items.map((o: { id: string }) => o.id)).toContain(id);
    expect((await api('POST', `/orchestras/${id}/archive`)).status).toBe(409);

    // Step Functions as it reports an aborted execution: FAILED overall, the step it was in never finished.
    const aborted = res.json.execution.executionId as string;
    const workflows: LocalWorkflows = {
      ...running,
      async describe(executionId) {
        const real = await running.describe(executionId);
        return executionId === aborted && real ? { ...real, status: 'FAILED', error: 'ABORTED', finishedAt: new Date().toISOString() } : real;
      },
    };
    product.runtime.workflows = workflows;
    const list = await api('GET', '/orchestras');
    expect(list.json.items.find((o: { id: string }) => o.id === id)).toMatchObject({ status: 'failed', failedStep: 'Migrate' });
    const detail = (await api('GET', `/orchestras/${id}`)).json;
    expect(detail.failureCause).toMatch(/ended without rolling back \(ABORTED\)/);
    await workflows.settled(detail.provisioningExecutionId);
    expect(await leftovers(b.subdomain)).toEqual({ database: false, login: false });
    expect((await api('POST', `/orchestras/${id}/archive`)).json).toMatchObject({ status: 'archived' });
  });

  it('a start that failed after the row was written leaves the orchestra failed at Start, and retry works', async () => {
    const b = body('unstarted');
    const real = freshWorkflows();
    product.runtime.workflows = { ...real, startProvisioning: async () => Promise.reject(new Error('Rate exceeded')) } satisfies Workflows;
    const res = await api('POST', '/orchestras', b);
    expect(res.status).toBe(500);
    product.runtime.workflows = real;
    const { rows } = await product.runtime.control.query<{ id: string }>(`SELECT id::text AS id FROM orchestras WHERE subdomain = :s`, { s: b.subdomain });
    const detail = (await api('GET', `/orchestras/${rows[0].id}`)).json;
    expect(detail).toMatchObject({ status: 'failed', failedStep: 'Start', failureCause: 'The provisioning workflow did not start: Rate exceeded' });
    const retry = await api('POST', `/orchestras/${rows[0].id}/retry-provisioning`);
    expect(retry.status).toBe(202);
    await real.settled(retry.json.execution.executionId);
    expect((await api('GET', `/orchestras/${rows[0].id}`)).json).toMatchObject({ status: 'active' });
  });

  it('a start whose answer was lost is found running: 202, one run, active', async () => {
    const b = body('lost-answer');
    const real = freshWorkflows();
    product.runtime.workflows = {
      ...real,
      async startProvisioning(input, options) {
        await real.startProvisioning(input, options);
        throw new Error('socket hang up');
      },
    } satisfies Workflows;
    const res = await api('POST', '/orchestras', b);
    product.runtime.workflows = real;
    expect(res.status).toBe(202);
    await real.settled(res.json.execution.executionId);
    expect((await api('GET', `/orchestras/${res.json.orchestra.id}`)).json).toMatchObject({ status: 'active', provisioning: { status: 'SUCCEEDED' } });
  });

  it('a run recorded but never started (the request died before StartExecution) is failed at Start once the start is overdue', async () => {
    const b = body('never-started');
    const real = freshWorkflows();
    // The request stops for good between writing the row and starting the run: it never answers.
    let stopped!: () => void;
    const atStart = new Promise<void>((resolve) => (stopped = resolve));
    product.runtime.workflows = { ...real, startProvisioning: () => (stopped(), new Promise(() => undefined)) } satisfies Workflows;
    void api('POST', '/orchestras', b);
    await atStart;
    product.runtime.workflows = real;
    const { rows } = await product.runtime.control.query<{ id: string }>(`SELECT id::text AS id FROM orchestras WHERE subdomain = :s`, { s: b.subdomain });
    const id = rows[0].id;
    // Within the grace the start may still come: left alone.
    product.clock.advance(2 * minute);
    expect((await api('GET', `/orchestras/${id}`)).json).toMatchObject({ status: 'provisioning' });
    product.clock.advance(4 * minute);
    const detail = (await api('GET', `/orchestras/${id}`)).json;
    expect(detail).toMatchObject({ status: 'failed', failedStep: 'Start' });
    expect(detail.failureCause).toMatch(/never started/);
    await real.settled(detail.provisioningExecutionId);
    product.clock.useRealTime();
    const retry = await api('POST', `/orchestras/${id}/retry-provisioning`);
    expect(retry.status).toBe(202);
    await real.settled(retry.json.execution.executionId);
    expect((await api('GET', `/orchestras/${id}`)).json).toMatchObject({ status: 'active' });
  });
});
