import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

const definition = readWorkflowDefinition('provision-orchestra') as unknown as { StartAt: string; States: Record<string, State> };
const tasks = Object.entries(definition.States).filter(([, s]) => s.Type === 'Task');
const transientErrors = ['TransientError', 'States.Timeout', 'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

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
    for (let name: string | undefined = definition.StartAt; name && definition.States[name].Type === 'Task'; name = definition.States[name].Next) order.push(name);
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

  it('sends every step after Validate to the compensation, and Validate (which makes nothing) straight to a Fail', () => {
    for (const [name, state] of tasks) {
      const target = definition.States[state.Catch![0].Next];
      if (name === 'Validate') expect(target.Type).toBe('Fail');
      else if (name === 'Compensate') expect(target.Type).toBe('Fail');
      else expect([target.Type, target.Next]).toEqual(['Pass', 'Compensate']);
    }
    expect(definition.States[definition.States.Compensate.Next!].Type).toBe('Fail');
  });
});
