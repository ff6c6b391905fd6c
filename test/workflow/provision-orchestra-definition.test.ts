import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reconcileGraces } from '../../shared/app/provisioning/reconcile-provisioning';
import { provisionOrchestraTasks } from '../../functions/workflow/provision-orchestra-tasks';
import { readWorkflowDefinition, substitutePlaceholders, workflowPlaceholders } from '../../infra/local/workflow-runner';

/** The ASL file's shape: what CDK must fill in and what every Task must do on failure. */
interface State {
  Type: string;
  Resource?: string;
  Next?: string;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
}

const definition = readWorkflowDefinition('provision-orchestra') as unknown as { StartAt: string; TimeoutSeconds: number; States: Record<string, State> };
const tasks = Object.entries(definition.States).filter(([, s]) => s.Type === 'Task');
const transientErrors = ['TransientError', 'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];
/**
 * Steps that stay right even when a retry runs while an earlier attempt still goes (which a States.Timeout
 * cannot rule out): Validate claims with ON CONFLICT, migrations take an advisory lock, Activate is one
 * UPDATE, InviteAdmin locks the orchestra row before it looks for the account. Not CreateDatabase (each run
 * sets a new password in login and secret), Seed (a restore replaces rows) or Compensate (drops race).
 */
const safeWhileAnotherRuns = ['Validate', 'Migrate', 'MigrateToLatest', 'Activate', 'InviteAdmin'];

describe('provision-orchestra.asl.json', () => {
  it('names exactly the placeholders that have a step and a Lambda entry file', () => {
    expect(workflowPlaceholders(definition).sort()).toEqual(Object.keys(provisionOrchestraTasks).sort());
    for (const { entry } of Object.values(provisionOrchestraTasks)) {
      expect(existsSync(join(import.meta.dirname, '../../functions/workflow', `${entry}.ts`))).toBe(true);
    }
    expect(() => substitutePlaceholders(definition, {})).toThrow(/placeholder \$\{\w+\} has no value/);
  });

  it('runs the steps in the order of SPEC §4', () => {
    const order: string[] = [];
    const route = definition.States[definition.StartAt] as State & { Default?: string };
    expect(route.Type).toBe('Choice');
    for (let name: string | undefined = route.Default; name && definition.States[name].Type === 'Task'; name = definition.States[name].Next) order.push(name);
    expect(order).toEqual(['Validate', 'CreateDatabase', 'Migrate', 'Seed', 'MigrateToLatest', 'Activate', 'InviteAdmin']);
  });

  it('migrates a restore only to its backup before Seed, and to the latest after, with the same function', () => {
    const { Migrate, Seed, MigrateToLatest } = definition.States as Record<string, State & { Parameters?: Record<string, string> }>;
    expect(Migrate.Parameters).toEqual({ 'orchestraId.$': '$.orchestra.orchestraId', 'restoreFrom.$': '$.orchestra.restoreFrom' });
    expect(Seed.Parameters).toEqual(Migrate.Parameters);
    expect(MigrateToLatest.Resource).toBe(Migrate.Resource);
    expect(MigrateToLatest.Parameters).toEqual({ 'orchestraId.$': '$.orchestra.orchestraId' });
  });

  it('retries transient errors in every Task and catches everything else', () => {
    for (const [, state] of tasks) {
      expect(state.Resource).toMatch(/^\$\{\w+FunctionArn\}$/);
      expect(state.Retry?.[0].ErrorEquals).toEqual(expect.arrayContaining(transientErrors));
      expect(state.Retry?.flatMap((r) => r.ErrorEquals)).not.toContain('States.ALL');
      expect(state.Catch?.[0].ErrorEquals).toEqual(['States.ALL']);
    }
  });

  it('retries a timeout once: Sandbox.Timedout (the function stopped) in every Task, States.Timeout only where a parallel run is harmless', () => {
    const retriers = (state: State) => (state.Retry ?? []) as { ErrorEquals: string[]; MaxAttempts?: number }[];
    for (const [name, state] of tasks) {
      const sandbox = retriers(state).find((r) => r.ErrorEquals.includes('Sandbox.Timedout'));
      expect(sandbox?.MaxAttempts, name).toBe(1);
      const onTimeout = retriers(state).filter((r) => r.ErrorEquals.includes('States.Timeout'));
      if (safeWhileAnotherRuns.includes(name)) expect(onTimeout.map((r) => r.MaxAttempts), name).toEqual([1]);
      else expect(onTimeout, name).toEqual([]);
    }
  });

  it('waits out a secret name still being deleted at CreateDatabase (Secrets Manager purges in the background)', () => {
    const retry = (definition.States.CreateDatabase.Retry ?? []) as { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number; MaxDelaySeconds?: number }[];
    const waiting = retry.find((r) => r.ErrorEquals.includes('SecretBeingDeleted'))!;
    // 5 + 10 + 20 + 40 + 60 s at most: minutes, not the seconds a passing fault gets.
    expect(waiting).toMatchObject({ IntervalSeconds: 5, MaxAttempts: 5, BackoffRate: 2, MaxDelaySeconds: 60 });
  });

  it('sends every step after Validate to the compensation, and Validate (which makes nothing) straight to a Fail', () => {
    for (const [name, state] of tasks) {
      const target = definition.States[state.Catch![0].Next];
      if (name === 'Validate') expect(target.Type).toBe('Fail');
      else if (name === 'Compensate' || name === 'RollBackInterrupted') expect(target.Type).toBe('Fail');
      else expect([target.Type, target.Next]).toEqual(['Pass', 'Compensate']);
    }
    expect(definition.States[definition.States.Compensate.Next!].Type).toBe('Fail');
  });

  it('sends a rollback-only input straight to the compensation, guarded by its own execution id', () => {
    const route = definition.States[definition.StartAt] as State & { Choices: { Variable: string; IsPresent: boolean; Next: string }[] };
    expect(route.Choices).toEqual([{ Variable: '$.rollBack', IsPresent: true, Next: 'RollBackInterrupted' }]);
    const rollBack = definition.States.RollBackInterrupted as State & { Parameters?: Record<string, unknown> };
    expect(rollBack.Resource).toBe(definition.States.Compensate.Resource);
    expect(rollBack.Parameters).toMatchObject({ 'orchestraId.$': '$.rollBack.orchestraId', 'onlyForExecution.$': '$.rollBack.executionId' });
    expect(definition.States[rollBack.Next!].Type).toBe('Fail');
  });

  it('ends every run before an orchestra with no recorded run counts as stranded', () => {
    expect(reconcileGraces.unrecordedMs).toBeGreaterThan(definition.TimeoutSeconds * 1000);
  });
});
