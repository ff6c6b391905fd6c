import { readFileSync } from 'node:fs';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createStepFunctionsWorkflows, stepEventsFromHistory } from '../../shared/adapters/aws/step-functions-workflows';
import { summarizeSteps } from '../../shared/domain/workflow-progress';
import {
  AccessDeniedError,
  localAccount,
  localRegion,
  type AwsCall,
  type Authorizer,
  type CredentialIssuer,
  type Credentials,
  type Decision,
  type InvocationResult,
  type Principal,
} from './support/contracts';
import { createStepFunctionsEndpoint, type StateMachineToServe, type StepFunctionsEndpoint } from './support/aws/step-functions-endpoint';

/**
 * The local Step Functions endpoint through the real SFNClient, running the synthesized state machines
 * (definitions read from the cloud assembly) with fake Lambda functions, a fake issuer and authorizer.
 */
const workflowsStack = 'orchestra-system-deployed-workflows';
const template = JSON.parse(readFileSync(`${inject('cloudAssembly')}/${workflowsStack}.template.json`, 'utf8')) as {
  Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
};

/** Function logical ids as ARNs: the placeholders' Fn::GetAtt resolved by hand, as the template reader would. */
const functionArn = (logicalId: string) => `arn:aws:lambda:${localRegion}:${localAccount}:function:${workflowsStack}-${logicalId}`;

/** A state machine of the template, and the function ARN behind each of its definition's placeholders. */
function stateMachineFromTemplate(logicalId: string): StateMachineToServe & { resources: Record<string, string> } {
  const properties = template.Resources[logicalId].Properties;
  const substitutions = properties.DefinitionSubstitutions as Record<string, { 'Fn::GetAtt': [string, string] }>;
  const resources = Object.fromEntries(Object.entries(substitutions).map(([key, value]) => [key, functionArn(value['Fn::GetAtt'][0])]));
  const definition = (properties.DefinitionString as string).replace(/\$\{([A-Za-z0-9_]+)\}/g, (_m, key: string) => resources[key]);
  return {
    resources,
    name: properties.StateMachineName,
    arn: `arn:aws:states:${localRegion}:${localAccount}:stateMachine:${properties.StateMachineName}`,
    roleArn: `arn:aws:iam::${localAccount}:role/${properties.RoleArn['Fn::GetAtt'][0]}`,
    definition,
  };
}

const provisioning = stateMachineFromTemplate('ProvisionOrchestraEAE320BC');
const migrateAll = stateMachineFromTemplate('MigrateAll63B5AC4D');
const provisioningFunctions = {
  Validate: provisioning.resources.ValidateFunctionArn,
  CreateDatabase: provisioning.resources.CreateDatabaseFunctionArn,
  Migrate: provisioning.resources.MigrateFunctionArn,
  Seed: provisioning.resources.SeedFunctionArn,
  Activate: provisioning.resources.ActivateFunctionArn,
  InviteAdmin: provisioning.resources.InviteAdminFunctionArn,
  Compensate: provisioning.resources.CompensateFunctionArn,
};

// --- fakes of the iam/ parts ---------------------------------------------------------------------------

const superadmin: Principal = {
  roleArn: `arn:aws:iam::${localAccount}:role/SuperadminFunctionRole`,
  arn: `arn:aws:iam::${localAccount}:role/SuperadminFunctionRole`,
  sessionTags: {},
  label: 'superadmin function',
};
const stranger: Principal = { ...superadmin, roleArn: `arn:aws:iam::${localAccount}:role/TickRole`, arn: `arn:aws:iam::${localAccount}:role/TickRole`, label: 'tick' };

function fakeIssuer(): CredentialIssuer {
  const byKey = new Map<string, { principal: Principal; credentials: Credentials }>();
  return {
    issue(principal) {
      const credentials = { accessKeyId: `AKIA${byKey.size}${principal.label.replace(/\W/g, '').toUpperCase()}`, secretAccessKey: 'secret' };
      byKey.set(credentials.accessKeyId, { principal, credentials });
      return credentials;
    },
    lookup: (key) => byKey.get(key),
  };
}

/** Allows what `allow` says; records every decision like the real one. */
function fakeAuthorizer(allow: (call: AwsCall) => boolean): Authorizer {
  const decisions: Decision[] = [];
  return {
    decisions,
    denials: () => decisions.filter((d) => !d.allowed),
    async authorize(call) {
      const decision = { call, allowed: allow(call), explanation: 'fake policy' };
      decisions.push(decision);
      if (!decision.allowed) throw new AccessDeniedError(decision);
    },
  };
}

/** The superadmin may start and read executions; each state machine role may invoke its own functions. */
const defaultPolicy = (call: AwsCall) =>
  call.principal === superadmin ? call.action.startsWith('states:') : call.principal.roleArn !== superadmin.roleArn && call.action === 'lambda:InvokeFunction';

// --- fake functions ---------------------------------------------------------------------------------------

type FakeFunction = (event: any, attempt: number) => InvocationResult | Promise<InvocationResult>;
const ok = (payload: unknown): InvocationResult => ({ ok: true, payload, logs: '' });
const fail = (errorType: string, errorMessage: string): InvocationResult => ({ ok: false, error: { errorType, errorMessage, trace: [`${errorType}: ${errorMessage}`, '    at handler (index.mjs:1:1)'] }, logs: '' });

function fakeFunctions(overrides: Partial<Record<keyof typeof provisioningFunctions, FakeFunction>> = {}) {
  const calls: { functionArn: string; event: unknown }[] = [];
  const defaults: Record<keyof typeof provisioningFunctions, FakeFunction> = {
    Validate: (event) => ok({ orchestraId: `o-${event.subdomain}`, restoreFrom: null, adminEmail: event.adminEmail, adminName: 'Ada' }),
    CreateDatabase: (event) => ok({ database: `db_${event.orchestraId}` }),
    Migrate: () => ok({ version: 3 }),
    Seed: () => ok({ seeded: true }),
    Activate: () => ok({ active: true }),
    InviteAdmin: () => ok({ invited: true }),
    Compensate: (event) => ok({ cause: `rolled back after ${event.failedStep}: ${event.error.Error}` }),
  };
  const byArn = new Map(Object.entries(provisioningFunctions).map(([step, arn]) => [arn, overrides[step as keyof typeof provisioningFunctions] ?? defaults[step as keyof typeof provisioningFunctions]]));
  const attempts = new Map<string, number>();
  const invoke = async (arn: string, event: unknown): Promise<InvocationResult> => {
    calls.push({ functionArn: arn, event });
    const fn = byArn.get(arn);
    if (!fn) return fail('ResourceNotFoundException', `Function not found: ${arn}`);
    const attempt = (attempts.get(arn) ?? 0) + 1;
    attempts.set(arn, attempt);
    return fn(event, attempt);
  };
  return { invoke, calls };
}

// --- setup --------------------------------------------------------------------------------------------------

let endpoint: StepFunctionsEndpoint | undefined;
afterEach(async () => {
  await endpoint?.stop();
  endpoint = undefined;
});

async function setUp(options: { functions?: Parameters<typeof fakeFunctions>[0]; policy?: (call: AwsCall) => boolean; machines?: StateMachineToServe[]; invoke?: (arn: string, event: unknown) => Promise<InvocationResult> } = {}) {
  const issuer = fakeIssuer();
  const authorizer = fakeAuthorizer(options.policy ?? defaultPolicy);
  const functions = fakeFunctions(options.functions);
  endpoint = await createStepFunctionsEndpoint({
    stateMachines: options.machines ?? [provisioning, migrateAll],
    invoke: options.invoke ?? functions.invoke,
    issuer,
    authorizer,
    // Test-time acceleration: the ASL's Retry pauses (2 s × 2^n with jitter) become 0 ms.
    retryIntervalMs: 0,
  });
  const clientFor = (principal: Principal) =>
    new SFNClient({ region: localRegion, endpoint: endpoint!.url, credentials: issuer.issue(principal), maxAttempts: 1 });
  return { endpoint, authorizer, functions, client: clientFor(superadmin), clientFor };
}

async function fullHistory(client: SFNClient, executionArn: string, maxResults = 1000): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

async function describeUntilDone(client: SFNClient, executionArn: string) {
  for (let i = 0; i < 200; i++) {
    const description = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (description.status !== 'RUNNING') return description;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${executionArn} did not end`);
}

const input = { subdomain: 'brass', name: 'Brass Band', adminEmail: 'admin@brass.test' };

// --- tests ---------------------------------------------------------------------------------------------------

/** The Validate task's TimeoutSeconds as the synthesized definition sets it (Step Functions reports it per scheduled task). */
const validateTimeoutSeconds = (JSON.parse(provisioning.definition) as { States: Record<string, { TimeoutSeconds: number }> }).States.Validate!.TimeoutSeconds;

describe('the local Step Functions endpoint', () => {
  it('runs the provisioning state machine to SUCCEEDED and records its history as Step Functions does', async () => {
    const { client, functions, authorizer } = await setUp();
    const started = await client.send(new StartExecutionCommand({ stateMachineArn: provisioning.arn, name: 'provision-brass-1', input: JSON.stringify(input) }));
    expect(started.executionArn).toBe(`arn:aws:states:eu-north-1:111111111111:execution:${provisioning.name}:provision-brass-1`);
    expect(started.startDate).toBeInstanceOf(Date);

    const description = await describeUntilDone(client, started.executionArn!);
    expect(description).toMatchObject({ status: 'SUCCEEDED', name: 'provision-brass-1', stateMachineArn: provisioning.arn, input: JSON.stringify(input) });
    expect(description.stopDate!.getTime()).toBeGreaterThanOrEqual(description.startDate!.getTime());
    const output = JSON.parse(description.output!);
    expect(output.orchestra).toEqual({ orchestraId: 'o-brass', restoreFrom: null, adminEmail: input.adminEmail, adminName: 'Ada' });
    expect(output.results.CreateDatabase).toEqual({ database: 'db_o-brass' });
    // Parameters applied: CreateDatabase got only the orchestra id.
    expect(functions.calls.find((c) => c.functionArn === provisioningFunctions.CreateDatabase)?.event).toEqual({ orchestraId: 'o-brass' });

    const history = await fullHistory(client, started.executionArn!);
    expect(history.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      // Route: a provisioning input (no rollBack) goes on to Validate.
      'ChoiceStateEntered',
      'ChoiceStateExited',
      ...['Validate', 'CreateDatabase', 'Migrate', 'Seed', 'MigrateToLatest', 'Activate', 'InviteAdmin'].flatMap(() => [
        'TaskStateEntered',
        'LambdaFunctionScheduled',
        'LambdaFunctionStarted',
        'LambdaFunctionSucceeded',
        'TaskStateExited',
      ]),
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(history.map((e) => e.id)).toEqual(history.map((_, i) => i + 1));
    expect(history.map((e) => e.previousEventId)).toEqual(history.map((_, i) => i));
    expect(history[0].executionStartedEventDetails).toMatchObject({ input: JSON.stringify(input), roleArn: provisioning.roleArn });
    expect(history[1].stateEnteredEventDetails).toMatchObject({ name: 'Route', input: JSON.stringify(input) });
    expect(history[3].stateEnteredEventDetails).toMatchObject({ name: 'Validate', input: JSON.stringify(input) });
    expect(history[4].lambdaFunctionScheduledEventDetails).toMatchObject({ resource: provisioningFunctions.Validate, timeoutInSeconds: validateTimeoutSeconds });
    expect(history.at(-1)!.executionSucceededEventDetails!.output).toBe(description.output);
    for (let i = 1; i < history.length; i++) expect(history[i].timestamp!.getTime()).toBeGreaterThanOrEqual(history[i - 1].timestamp!.getTime());
    // Each Task invoked its function as the state machine's role.
    const invokes = authorizer.decisions.filter((d) => d.call.action === 'lambda:InvokeFunction');
    expect(invokes).toHaveLength(7);
    expect(invokes[0].call.principal).toEqual({ roleArn: provisioning.roleArn, arn: provisioning.roleArn, sessionTags: {}, label: `state machine ${provisioning.name}` });
    expect(authorizer.decisions.filter((d) => d.call.action.startsWith('states:')).map((d) => [d.call.action, d.call.resource])[0]).toEqual(['states:StartExecution', provisioning.arn]);
  });

  it('retries a transient failure, then compensates a step that fails for good; the product sees the steps in order', async () => {
    const { client, endpoint, functions } = await setUp({
      functions: { CreateDatabase: (_event, attempt) => (attempt === 1 ? fail('TransientError', 'connection reset') : fail('DatabaseCreationFailed', 'database exists')) },
    });
    const workflows = createStepFunctionsWorkflows({ client, provisioningStateMachineArn: provisioning.arn });
    const { executionId } = await workflows.startProvisioning(input as never);
    const outcome = await endpoint.waitForExecution(executionId, 10_000);

    // The ASL's Fail state after Compensate decides the execution's error and cause.
    expect(outcome).toEqual({ status: 'FAILED', error: 'ProvisioningFailed', cause: 'rolled back after CreateDatabase: DatabaseCreationFailed' });
    const compensation = functions.calls.find((c) => c.functionArn === provisioningFunctions.Compensate)!.event as any;
    expect(compensation.failedStep).toBe('CreateDatabase');
    expect(compensation.error.Error).toBe('DatabaseCreationFailed');
    // The Cause a Catch sees is the function's error payload as JSON, as Step Functions passes it on.
    expect(JSON.parse(compensation.error.Cause)).toEqual({ errorType: 'DatabaseCreationFailed', errorMessage: 'database exists', trace: expect.any(Array) });

    const history = await fullHistory(client, executionId);
    const createDatabase = history.slice(history.findIndex((e) => e.stateEnteredEventDetails?.name === 'CreateDatabase'));
    expect(createDatabase.slice(0, 8).map((e) => e.type)).toEqual([
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
      'TaskStateExited',
    ]);
    expect(createDatabase[3].lambdaFunctionFailedEventDetails!.error).toBe('TransientError');
    expect(history.at(-2)!.type).toBe('FailStateEntered');
    expect(history.at(-1)!.executionFailedEventDetails).toEqual({ error: 'ProvisioningFailed', cause: outcome.cause });

    const steps = summarizeSteps(stepEventsFromHistory(history));
    expect(steps.map((s) => [s.step, s.status, s.attempts])).toEqual([
      ['Validate', 'succeeded', 1],
      ['CreateDatabase', 'failed', 2],
      ['Compensate', 'succeeded', 1],
    ]);
    expect(steps[1].error).toBe('DatabaseCreationFailed');

    // And the product's own describe(), paging the same history.
    const described = await workflows.describe(executionId);
    expect(described).toMatchObject({ status: 'FAILED', error: 'ProvisioningFailed', steps });
  });

  it('pages GetExecutionHistory with nextToken, also in reverse, and refuses a foreign token', async () => {
    const { client, endpoint } = await setUp();
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: provisioning.arn, name: 'paging', input: JSON.stringify(input) }));
    await endpoint.waitForExecution(executionArn!, 10_000);
    const all = await fullHistory(client, executionArn!);
    expect(all.length).toBe(41);
    const paged = await fullHistory(client, executionArn!, 4);
    expect(paged).toEqual(all);
    const first = await client.send(new GetExecutionHistoryCommand({ executionArn: executionArn!, maxResults: 5, reverseOrder: true }));
    expect(first.events!.map((e) => e.id)).toEqual([41, 40, 39, 38, 37]);
    await expect(client.send(new GetExecutionHistoryCommand({ executionArn: executionArn!, nextToken: first.nextToken }))).rejects.toMatchObject({ name: 'InvalidToken' });
    const withoutData = await client.send(new GetExecutionHistoryCommand({ executionArn: executionArn!, maxResults: 1, includeExecutionData: false }));
    expect(withoutData.events![0].executionStartedEventDetails).toEqual({ inputDetails: { truncated: false }, roleArn: provisioning.roleArn });
    await expect(client.send(new GetExecutionHistoryCommand({ executionArn: executionArn!, maxResults: 1001 }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('denies StartExecution to a principal IAM does not allow, before anything runs', async () => {
    const { clientFor, endpoint, authorizer } = await setUp();
    const error = await clientFor(stranger)
      .send(new StartExecutionCommand({ stateMachineArn: provisioning.arn, input: '{}' }))
      .catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    expect((error as Error).message).toContain(`is not authorized to perform: states:StartExecution on resource: ${provisioning.arn}`);
    expect(endpoint.executions()).toEqual([]);
    expect(authorizer.denials().map((d) => d.call.principal.label)).toEqual(['tick']);
  });

  it('fails a Task whose role may not invoke its function as Lambda does, retried and caught by the ASL', async () => {
    const { client, endpoint } = await setUp({
      policy: (call) => defaultPolicy(call) && call.resource !== provisioningFunctions.Migrate,
    });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: provisioning.arn, input: JSON.stringify(input) }));
    const outcome = await endpoint.waitForExecution(executionArn!, 10_000);
    expect(outcome.status).toBe('FAILED');
    const history = await fullHistory(client, executionArn!);
    const startFailures = history.filter((e) => e.type === 'LambdaFunctionStartFailed');
    // Lambda.AWSLambdaException is in the ASL's Retry list: 1 attempt + MaxAttempts 4.
    expect(startFailures).toHaveLength(5);
    expect(startFailures[0].lambdaFunctionStartFailedEventDetails!.error).toBe('Lambda.AWSLambdaException');
    expect(startFailures[0].lambdaFunctionStartFailedEventDetails!.cause).toContain(`not authorized to perform: lambda:InvokeFunction on resource: ${provisioningFunctions.Migrate}`);
    const steps = summarizeSteps(stepEventsFromHistory(history));
    expect(steps.find((s) => s.step === 'Migrate')).toMatchObject({ status: 'failed', attempts: 5, error: 'Lambda.AWSLambdaException' });
  });

  it('answers the API errors the product and AWS rely on', async () => {
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const { client, endpoint } = await setUp({ functions: { Validate: async (event) => (await blocked, ok({ orchestraId: `o-${event.subdomain}`, restoreFrom: null, adminEmail: event.adminEmail, adminName: 'Ada' })) } });
    const start = (name: string, body = JSON.stringify(input), stateMachineArn = provisioning.arn) =>
      client.send(new StartExecutionCommand({ stateMachineArn, name, input: body }));

    const first = await start('same-name');
    // Idempotent while running with the same input; the name is taken for any other input.
    expect((await start('same-name')).executionArn).toBe(first.executionArn);
    await expect(start('same-name', '{"other":true}')).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await expect(start('has space')).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(start('x'.repeat(81))).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(start('bad-input', '{not json')).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    await expect(start('nowhere', '{}', `arn:aws:states:${localRegion}:${localAccount}:stateMachine:missing`)).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(client.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' }))).rejects.toMatchObject({ name: 'InvalidArn' });
    const workflows = createStepFunctionsWorkflows({ client, provisioningStateMachineArn: provisioning.arn });
    expect(await workflows.describe(`arn:aws:states:${localRegion}:${localAccount}:execution:${provisioning.name}:unknown`)).toBeNull();

    const unknownCaller = new SFNClient({ region: localRegion, endpoint: endpoint.url, credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' }, maxAttempts: 1 });
    await expect(unknownCaller.send(new DescribeExecutionCommand({ executionArn: first.executionArn }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });

    const running = await client.send(new DescribeExecutionCommand({ executionArn: first.executionArn }));
    expect(running.status).toBe('RUNNING');
    expect(running.stopDate).toBeUndefined();
    release();
    await endpoint.waitForExecution(first.executionArn!, 10_000);
    // Closed now: even the same input is refused.
    await expect(start('same-name')).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('times a Task out after its TimeoutSeconds (LambdaFunctionTimedOut, States.Timeout retried)', async () => {
    const fn = `arn:aws:lambda:${localRegion}:${localAccount}:function:slow`;
    const machine: StateMachineToServe = {
      name: 'timeouts',
      arn: `arn:aws:states:${localRegion}:${localAccount}:stateMachine:timeouts`,
      roleArn: `arn:aws:iam::${localAccount}:role/TimeoutsRole`,
      definition: JSON.stringify({
        StartAt: 'Slow',
        States: {
          Slow: { Type: 'Task', Resource: fn, TimeoutSeconds: 1, Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 1 }], Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }], End: true },
          Caught: { Type: 'Pass', End: true },
        },
      }),
    };
    let calls = 0;
    const { client, endpoint } = await setUp({
      machines: [machine],
      invoke: async () => {
        calls++;
        // The first attempt outlives the Task's timeout; the second answers in time.
        if (calls === 1) await new Promise((resolve) => setTimeout(resolve, 1_300));
        return ok({ calls });
      },
    });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: machine.arn, input: '{}' }));
    const outcome = await endpoint.waitForExecution(executionArn!, 10_000);
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: '{"calls":2}' });
    const history = await fullHistory(client, executionArn!);
    expect(history.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionTimedOut',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(history[4].lambdaFunctionTimedOutEventDetails).toEqual({ error: 'States.Timeout' });
    const steps = summarizeSteps(stepEventsFromHistory(history));
    expect(steps).toMatchObject([{ step: 'Slow', status: 'succeeded', attempts: 2 }]);
  });

  it('runs migrate-all page by page with its Map state: a failed orchestra is caught and recorded, the others go on, the run fails as the ASL says', async () => {
    const listArn = migrateAll.resources.ListOrchestrasFunctionArn;
    const migrateArn = migrateAll.resources.MigrateOrchestraFunctionArn;
    const reportArn = migrateAll.resources.RecordReportFunctionArn;
    const pages: unknown[] = [];
    const recordedFailures: { orchestraId: string; error: string }[] = [];
    const { client, endpoint } = await setUp({
      invoke: async (arn, event: any) => {
        if (arn === listArn) {
          pages.push(event);
          return ok(event.after === null ? { orchestraIds: ['a', 'b'], next: 'b' } : { orchestraIds: ['c'], next: null });
        }
        if (arn === migrateArn) return event.orchestraId === 'b' ? fail('MigrationFailed', 'syntax error') : ok({ orchestraId: event.orchestraId, status: 'migrated' });
        if (arn === reportArn && event.orchestraId) {
          recordedFailures.push({ orchestraId: event.orchestraId, error: event.error.Error });
          return ok({ recorded: true });
        }
        if (arn === reportArn) return ok({ failed: recordedFailures.length });
        return fail('ResourceNotFoundException', arn);
      },
    });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: migrateAll.arn, name: 'migrate-all-run1', input: '{"runId":"run1"}' }));
    const outcome = await endpoint.waitForExecution(executionArn!, 10_000);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'OrchestrasNotMigrated' });
    expect(pages).toEqual([{ runId: 'run1', after: null }, { runId: 'run1', after: 'b' }]);
    expect(recordedFailures).toEqual([{ orchestraId: 'b', error: 'MigrationFailed' }]);

    const history = await fullHistory(client, executionArn!);
    const types = history.map((e) => e.type ?? '');
    expect(types.filter((t) => t.startsWith('Map'))).toEqual(expect.arrayContaining(['MapStateEntered', 'MapStateStarted', 'MapIterationStarted', 'MapIterationSucceeded', 'MapStateSucceeded', 'MapStateExited']));
    expect(history.filter((e) => e.type === 'MapStateStarted').map((e) => e.mapStateStartedEventDetails)).toEqual([{ length: 2 }, { length: 1 }]);
    // The failed orchestra's iteration succeeds too: its error was caught and recorded inside it.
    expect(types.filter((t) => t === 'MapIterationSucceeded')).toHaveLength(3);
    expect(types.indexOf('MapStateExited')).toBeGreaterThan(types.indexOf('MapIterationSucceeded'));
    expect(history.filter((e) => e.lambdaFunctionFailedEventDetails?.error === 'MigrationFailed')).toHaveLength(1);
    expect(types.slice(-3)).toEqual(['ChoiceStateExited', 'FailStateEntered', 'ExecutionFailed']);
  });

  it('fails the execution at once with States.Runtime when the tier cannot invoke a function (no retry, no compensation)', async () => {
    const invoked: string[] = [];
    const { client, endpoint } = await setUp({
      invoke: async (arn) => {
        invoked.push(arn);
        throw new Error('the Lambda host is gone');
      },
    });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: provisioning.arn, input: JSON.stringify(input) }));
    const outcome = await endpoint.waitForExecution(executionArn!, 10_000);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime', cause: expect.stringContaining('the Lambda host is gone') });
    expect(invoked).toEqual([provisioningFunctions.Validate]);
  });
});
