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
import { createStepFunctionsWorkflows, stepEventsFromHistory } from '../../shared/adapters/aws/step-functions-workflows';
import { summarizeSteps } from '../../shared/domain/workflow-progress';

const sfn = mockClient(SFNClient);
const stateMachineArn = 'arn:aws:states:eu-north-1:000000000000:stateMachine:provision-orchestra';
const executionArn = 'arn:aws:states:eu-north-1:000000000000:execution:provision-orchestra:provision-uppsala-1';
const input = { name: 'Uppsala', subdomain: 'uppsala', contactEmail: 'a@u.se', plan: 'small' as const, adminEmail: 'admin@u.se' };

let clock = 0;
let lastId = 0;
const t = () => new Date(Date.UTC(2026, 10, 25, 9, 0, clock++));
/** Events numbered as Step Functions numbers them; a sequential run's previousEventId is the event before. */
const entered = (name: string, type = 'TaskStateEntered'): HistoryEvent => event(type, { stateEnteredEventDetails: { name } });
const event = (type: string, details: Partial<HistoryEvent> = {}): HistoryEvent => {
  lastId += 1;
  return { id: lastId, previousEventId: lastId - 1, type: type as HistoryEvent['type'], timestamp: t(), ...details };
};
/** An event of a Map iteration: its previousEventId is the event before it in its own iteration, not in the history. */
const after = (previous: HistoryEvent, type: string, details: Partial<HistoryEvent> = {}): HistoryEvent => ({ ...event(type, details), previousEventId: previous.id });

describe('Step Functions Workflows adapter', () => {
  beforeEach(() => {
    sfn.reset();
    clock = 0;
    lastId = 0;
  });

  it('starts the provisioning state machine with the input and a name from the subdomain', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn, startDate: new Date() });
    const workflows = createStepFunctionsWorkflows({ client: new SFNClient({}), provisioningStateMachineArn: stateMachineArn, now: () => new Date(1700000000000) });
    expect(await workflows.startProvisioning(input)).toEqual({ executionId: executionArn });
    const call = sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
    expect(call).toEqual({ stateMachineArn, name: 'provision-uppsala-1700000000000', input: JSON.stringify(input) });
  });

  it('starts under a given name whose execution ARN is known before the start, as Step Functions forms it', async () => {
    const workflows = createStepFunctionsWorkflows({ client: new SFNClient({}), provisioningStateMachineArn: stateMachineArn });
    const expected = workflows.provisioningExecutionId('provision-uppsala-1');
    expect(expected).toBe(executionArn);
    sfn.on(StartExecutionCommand).resolves({ executionArn: expected, startDate: new Date() });
    const rollBack = { rollBack: { orchestraId: '00000000-0000-4000-8000-000000000001', failedStep: 'Seed', cause: 'aborted', executionId: expected } };
    expect(await workflows.startProvisioning(rollBack, { executionName: 'provision-uppsala-1' })).toEqual({ executionId: expected });
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input).toEqual({ stateMachineArn, name: 'provision-uppsala-1', input: JSON.stringify(rollBack) });
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

  it('attributes each event of a Map to its own iteration and state, though parallel iterations interleave', () => {
    // migrate-all's Map over two orchestras, as Step Functions records it: iteration 0 is retried once and
    // succeeds after iteration 1 has failed, been caught and recorded its failure.
    const history: HistoryEvent[] = [event('ExecutionStarted'), entered('ListOrchestras')];
    history.push(event('LambdaFunctionScheduled'), event('LambdaFunctionStarted'), event('LambdaFunctionSucceeded'), event('TaskStateExited', { stateExitedEventDetails: { name: 'ListOrchestras' } }));
    const map = event('MapStateEntered', { stateEnteredEventDetails: { name: 'MigrateEach' } });
    const started = event('MapStateStarted', { mapStateStartedEventDetails: { length: 2 } });
    const it0 = after(started, 'MapIterationStarted', { mapIterationStartedEventDetails: { name: 'MigrateEach', index: 0 } });
    const it1 = after(started, 'MapIterationStarted', { mapIterationStartedEventDetails: { name: 'MigrateEach', index: 1 } });
    const in0 = after(it0, 'TaskStateEntered', { stateEnteredEventDetails: { name: 'MigrateOrchestra' } });
    const in1 = after(it1, 'TaskStateEntered', { stateEnteredEventDetails: { name: 'MigrateOrchestra' } });
    const s0 = after(in0, 'LambdaFunctionScheduled');
    const s1 = after(in1, 'LambdaFunctionScheduled');
    const st0 = after(s0, 'LambdaFunctionStarted');
    const st1 = after(s1, 'LambdaFunctionStarted');
    const f1 = after(st1, 'LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error: 'SqlError', cause: '{"errorMessage":"relation exists"}' } });
    const f0 = after(st0, 'LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error: 'TransientError', cause: '{"errorMessage":"resuming"}' } });
    const retry0 = after(f0, 'LambdaFunctionScheduled');
    const record1 = after(f1, 'TaskStateEntered', { stateEnteredEventDetails: { name: 'RecordOrchestraFailure' } });
    const rs1 = after(record1, 'LambdaFunctionScheduled');
    const rst1 = after(rs1, 'LambdaFunctionStarted');
    const rok1 = after(rst1, 'LambdaFunctionSucceeded');
    const rx1 = after(rok1, 'TaskStateExited', { stateExitedEventDetails: { name: 'RecordOrchestraFailure' } });
    const done1 = after(rx1, 'MapIterationSucceeded', { mapIterationSucceededEventDetails: { name: 'MigrateEach', index: 1 } });
    const rst0 = after(retry0, 'LambdaFunctionStarted');
    const ok0 = after(rst0, 'LambdaFunctionSucceeded');
    const x0 = after(ok0, 'TaskStateExited', { stateExitedEventDetails: { name: 'MigrateOrchestra' } });
    const done0 = after(x0, 'MapIterationSucceeded', { mapIterationSucceededEventDetails: { name: 'MigrateEach', index: 0 } });
    const mapDone = after(done0, 'MapStateSucceeded');
    const mapExit = after(mapDone, 'MapStateExited', { stateExitedEventDetails: { name: 'MigrateEach' } });
    const report = after(mapExit, 'TaskStateEntered', { stateEnteredEventDetails: { name: 'RecordReport' } });
    history.push(map, started, it0, it1, in0, in1, s0, s1, st0, st1, f1, f0, retry0, record1, rs1, rst1, rok1, rx1, done1, rst0, ok0, x0, done0, mapDone, mapExit, report);
    history.push(after(report, 'LambdaFunctionScheduled'));
    history.push(event('LambdaFunctionStarted'), event('LambdaFunctionSucceeded'));

    const steps = summarizeSteps(stepEventsFromHistory(history));
    expect(steps.map(({ step, iteration, status, attempts, error }) => ({ step, iteration, status, attempts, error }))).toEqual([
      { step: 'ListOrchestras', iteration: undefined, status: 'succeeded', attempts: 1, error: undefined },
      { step: 'MigrateOrchestra', iteration: 0, status: 'succeeded', attempts: 2, error: undefined },
      { step: 'MigrateOrchestra', iteration: 1, status: 'failed', attempts: 1, error: 'SqlError' },
      { step: 'RecordOrchestraFailure', iteration: 1, status: 'succeeded', attempts: 1, error: undefined },
      { step: 'RecordReport', iteration: undefined, status: 'succeeded', attempts: 1, error: undefined },
    ]);
  });

  it('answers null for an execution Step Functions does not know', async () => {
    sfn.on(DescribeExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'no such execution', $metadata: {} }));
    const workflows = createStepFunctionsWorkflows({ client: new SFNClient({}), provisioningStateMachineArn: stateMachineArn });
    expect(await workflows.describe(executionArn)).toBeNull();
  });
});
