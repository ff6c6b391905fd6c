import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createStepFunctionsWorkflows } from '../../shared/adapters/aws/step-functions-workflows';

const sfn = mockClient(SFNClient);
const stateMachineArn = 'arn:aws:states:eu-north-1:000000000000:stateMachine:provision-orchestra';
const executionArn = 'arn:aws:states:eu-north-1:000000000000:execution:provision-orchestra:provision-uppsala-1';
const input = { name: 'Uppsala', subdomain: 'uppsala', contactEmail: 'a@u.se', plan: 'small' as const, adminEmail: 'admin@u.se' };

let clock = 0;
const t = () => new Date(Date.UTC(2026, 10, 25, 9, 0, clock++));
const entered = (name: string, type = 'TaskStateEntered'): HistoryEvent => ({ id: 0, type: type as HistoryEvent['type'], timestamp: t(), stateEnteredEventDetails: { name } });
const event = (type: string, details: Partial<HistoryEvent> = {}): HistoryEvent => ({ id: 0, type: type as HistoryEvent['type'], timestamp: t(), ...details });

describe('Step Functions Workflows adapter', () => {
  beforeEach(() => {
    sfn.reset();
    clock = 0;
  });

  it('starts the provisioning state machine with the input and a name from the subdomain', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn, startDate: new Date() });
    const workflows = createStepFunctionsWorkflows({ client: new SFNClient({}), provisioningStateMachineArn: stateMachineArn, now: () => new Date(1700000000000) });
    expect(await workflows.startProvisioning(input)).toEqual({ executionId: executionArn });
    const call = sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
    expect(call).toEqual({ stateMachineArn, name: 'provision-uppsala-1700000000000', input: JSON.stringify(input) });
  });

  it('reads progress step by step from the whole (paged) history: retries, failure, compensation', async () => {
    sfn.on(DescribeExecutionCommand).resolves({
      executionArn,
      stateMachineArn,
      status: 'FAILED',
      startDate: new Date('2026-11-25T09:00:00Z'),
      stopDate: new Date('2026-11-25T09:01:00Z'),
      error: 'ProvisioningFailed',
      cause: 'Error: permission denied',
    });
    sfn
      .on(GetExecutionHistoryCommand, { executionArn, maxResults: 1000, nextToken: undefined })
      .resolves({
        nextToken: 'page-2',
        events: [
          event('ExecutionStarted'),
          entered('Validate'),
          event('LambdaFunctionScheduled'),
          event('LambdaFunctionSucceeded'),
          event('TaskStateExited', { stateExitedEventDetails: { name: 'Validate' } }),
          entered('CreateDatabase'),
          event('LambdaFunctionScheduled'),
          event('LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error: 'TransientError', cause: '{"errorMessage":"resuming"}' } }),
        ],
      })
      .on(GetExecutionHistoryCommand, { executionArn, maxResults: 1000, nextToken: 'page-2' })
      .resolves({
        events: [
          event('LambdaFunctionScheduled'),
          event('LambdaFunctionSucceeded'),
          entered('Migrate'),
          event('LambdaFunctionScheduled'),
          event('LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error: 'SqlError', cause: '{"errorMessage":"permission denied"}' } }),
          entered('MigrateFailed', 'PassStateEntered'),
          entered('Compensate'),
          event('LambdaFunctionScheduled'),
          event('LambdaFunctionSucceeded'),
          entered('ProvisioningFailed', 'FailStateEntered'),
          event('ExecutionFailed'),
        ],
      });
    const workflows = createStepFunctionsWorkflows({ client: new SFNClient({}), provisioningStateMachineArn: stateMachineArn });
    const execution = (await workflows.describe(executionArn))!;
    expect(execution).toMatchObject({
      status: 'FAILED',
      startedAt: '2026-11-25T09:00:00.000Z',
      finishedAt: '2026-11-25T09:01:00.000Z',
      error: 'ProvisioningFailed',
      cause: 'Error: permission denied',
    });
    expect(execution.steps.map(({ step, status, attempts, error }) => ({ step, status, attempts, error }))).toEqual([
      { step: 'Validate', status: 'succeeded', attempts: 1, error: undefined },
      { step: 'CreateDatabase', status: 'succeeded', attempts: 2, error: undefined },
      { step: 'Migrate', status: 'failed', attempts: 1, error: 'SqlError' },
      { step: 'Compensate', status: 'succeeded', attempts: 1, error: undefined },
    ]);
  });

  it('answers null for an execution Step Functions does not know', async () => {
    sfn.on(DescribeExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'no such execution', $metadata: {} }));
    const workflows = createStepFunctionsWorkflows({ client: new SFNClient({}), provisioningStateMachineArn: stateMachineArn });
    expect(await workflows.describe(executionArn)).toBeNull();
  });
});
