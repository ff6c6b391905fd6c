import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrchestraSystemStacks } from '../../infra/orchestra-system';
import { removeSynthOutput, synthesizedApp } from './synth-app';

/**
 * Step Functions gives up on a Task after its TimeoutSeconds (States.Timeout) while the Lambda it invoked may
 * still be running; a retry then runs the step a second time alongside the first. So every Task must wait
 * longer than its function can run, plus Lambda's init phase (up to 10 s on a cold start). Read from the
 * synthesized template: the deployed definition and the deployed functions, not the numbers in the source.
 */
const lambdaInitSeconds = 10;

interface State {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  Iterator?: { States: Record<string, State> };
  ItemProcessor?: { States: Record<string, State> };
  Branches?: { States: Record<string, State> }[];
}

function tasks(states: Record<string, State>): [string, State][] {
  return Object.entries(states).flatMap(([name, s]) => [
    ...(s.Type === 'Task' ? [[name, s] as [string, State]] : []),
    ...[s.Iterator, s.ItemProcessor, ...(s.Branches ?? [])].filter((m) => m !== undefined).flatMap((m) => tasks(m.States)),
  ]);
}

let stacks: OrchestraSystemStacks[];

beforeAll(() => {
  const app = synthesizedApp();
  stacks = [app.dev, app.prod];
});

afterAll(() => removeSynthOutput());

describe('workflow task timeouts', () => {
  it('give every Task of every state machine longer than its Lambda may run (timeout plus a cold start)', () => {
    const checked: string[] = [];
    const tooShort: string[] = [];
    for (const { workflows } of stacks) {
      const template = Template.fromStack(workflows);
      const functions = template.findResources('AWS::Lambda::Function') as Record<string, { Properties: { Timeout?: number } }>;
      const machines = template.findResources('AWS::StepFunctions::StateMachine') as Record<string, { Properties: { StateMachineName: string; DefinitionString: string; DefinitionSubstitutions: Record<string, { 'Fn::GetAtt': [string, string] }> } }>;
      expect(Object.keys(machines)).toHaveLength(2);
      for (const machine of Object.values(machines)) {
        const { StateMachineName: name, DefinitionString: definition, DefinitionSubstitutions: substitutions } = machine.Properties;
        for (const [state, task] of tasks((JSON.parse(definition) as { States: Record<string, State> }).States)) {
          const placeholder = /^\$\{(\w+)\}$/.exec(task.Resource ?? '')![1];
          const fn = functions[substitutions[placeholder]['Fn::GetAtt'][0]];
          // Lambda's default is 3 s when a function names no Timeout.
          const functionSeconds = fn.Properties.Timeout ?? 3;
          checked.push(`${name}/${state}`);
          if (task.TimeoutSeconds === undefined || task.TimeoutSeconds < functionSeconds + lambdaInitSeconds) {
            tooShort.push(`${name}/${state}: Task ${task.TimeoutSeconds ?? 'none'} s, function ${functionSeconds} s`);
          }
        }
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(2 * 12);
    expect(tooShort).toEqual([]);
  });
});
