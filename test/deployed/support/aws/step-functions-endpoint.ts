import { randomUUID } from 'node:crypto';
import { AccessDeniedError, type Authorizer, type CredentialIssuer, type LocalEndpoint, type Principal } from '../contracts';
import { callerAccessKey } from './caller-key';
import { serveEndpoint, type EndpointRequest, type EndpointResponse } from './endpoint-server';
import { sfnErrors, StepFunctionsApiError } from './sfn-api-error';
import type { ExecutionHistory } from './sfn-execution-history';
import { prepareStateMachine, runExecution, type ExecutionOutcome, type ExecutionStatus, type PreparedStateMachine, type RunTimeOptions } from './sfn-execution-run';
import type { InvokeFunction } from './sfn-lambda-task';
import { executionArnOf, isExecutionArn, isValidExecutionName, parseStateMachineArn } from './sfn-names';

/**
 * A local Step Functions endpoint (awsJson1_0, `X-Amz-Target: AWSStepFunctions.<Action>`) for the product's
 * bundled SFNClient through AWS_ENDPOINT_URL_SFN. It serves what the product calls — StartExecution,
 * DescribeExecution, GetExecutionHistory (paged) — and StopExecution; each call is authorized for the
 * signing principal (`states:<Action>` on the state machine or execution ARN). Executions run in this
 * process with aws-local-stepfunctions, each Task invoking its Lambda function as the state machine's role.
 */
export interface StateMachineToServe {
  name: string;
  arn: string;
  roleArn: string;
  /** The ASL text with DefinitionSubstitutions applied. */
  definition: string;
}

export interface StepFunctionsEndpointOptions extends RunTimeOptions {
  stateMachines: StateMachineToServe[];
  invoke: InvokeFunction;
  issuer: CredentialIssuer;
  authorizer: Authorizer;
}

export interface ExecutionSummary {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  startDate: Date;
  stopDate?: Date;
}

export type StepFunctionsEndpoint = LocalEndpoint & {
  executions(): ExecutionSummary[];
  /** Resolves with the outcome when the execution ends; rejects after timeoutMs with the history so far. */
  waitForExecution(executionArn: string, timeoutMs: number): Promise<ExecutionOutcome>;
  /** The recorded history (the same events GetExecutionHistory pages through). */
  history(executionArn: string): ExecutionHistory;
};

interface Execution extends ExecutionSummary {
  outcome?: ExecutionOutcome;
  settled: Promise<ExecutionOutcome>;
  history: ExecutionHistory;
  abort(): void;
}

const targetPrefix = 'AWSStepFunctions.';

export async function createStepFunctionsEndpoint(options: StepFunctionsEndpointOptions): Promise<StepFunctionsEndpoint> {
  const machines = new Map<string, PreparedStateMachine>(options.stateMachines.map((spec) => [spec.arn, prepareStateMachine(spec)]));
  const executions = new Map<string, Execution>();

  const authorize = async (principal: Principal, action: string, resource: string) => {
    try {
      await options.authorizer.authorize({ principal, action: `states:${action}`, resource, context: {} });
    } catch (error) {
      if (error instanceof AccessDeniedError) throw new StepFunctionsApiError('AccessDeniedException', error.message);
      throw error;
    }
  };

  const knownExecution = (arn: unknown): Execution => {
    if (typeof arn !== 'string' || !isExecutionArn(arn)) throw sfnErrors.invalidArn(String(arn));
    const execution = executions.get(arn);
    if (!execution) throw sfnErrors.executionDoesNotExist(arn);
    return execution;
  };

  const actions: Record<string, (principal: Principal, body: Record<string, any>) => Promise<unknown>> = {
    async StartExecution(principal, body) {
      const stateMachineArn = String(body.stateMachineArn ?? '');
      if (!parseStateMachineArn(stateMachineArn)) throw sfnErrors.invalidArn(stateMachineArn);
      await authorize(principal, 'StartExecution', stateMachineArn);
      const prepared = machines.get(stateMachineArn);
      if (!prepared) throw sfnErrors.stateMachineDoesNotExist(stateMachineArn);
      const name = body.name === undefined ? randomUUID() : String(body.name);
      if (!isValidExecutionName(name)) throw sfnErrors.invalidName(name);
      const inputText = body.input === undefined ? '{}' : String(body.input);
      let input: unknown;
      try {
        input = JSON.parse(inputText);
      } catch (error) {
        throw sfnErrors.invalidExecutionInput((error as Error).message);
      }
      const executionArn = executionArnOf(stateMachineArn, name);
      const existing = executions.get(executionArn);
      if (existing) {
        // Idempotent for a running execution started with the same input; otherwise the name is taken.
        if (existing.status === 'RUNNING' && existing.input === inputText) return { executionArn, startDate: existing.startDate.getTime() / 1000 };
        throw sfnErrors.executionAlreadyExists(executionArn);
      }
      const startDate = new Date();
      const run = runExecution(prepared, { executionArn, name, input, startedAt: startDate }, options, options);
      const execution: Execution = {
        executionArn,
        stateMachineArn,
        name,
        status: 'RUNNING',
        input: inputText,
        startDate,
        history: run.history,
        abort: run.abort,
        settled: run.outcome.then((outcome) => {
          execution.outcome = outcome;
          execution.status = outcome.status;
          execution.stopDate = new Date(Math.max(Date.now(), run.history.events.at(-1)?.timestamp ?? 0));
          return outcome;
        }),
      };
      executions.set(executionArn, execution);
      return { executionArn, startDate: startDate.getTime() / 1000 };
    },

    async DescribeExecution(principal, body) {
      const arn = String(body.executionArn ?? '');
      if (!isExecutionArn(arn)) throw sfnErrors.invalidArn(arn);
      await authorize(principal, 'DescribeExecution', arn);
      const execution = knownExecution(arn);
      const outcome = execution.outcome;
      return {
        executionArn: execution.executionArn,
        stateMachineArn: execution.stateMachineArn,
        name: execution.name,
        status: execution.status,
        startDate: execution.startDate.getTime() / 1000,
        ...(execution.stopDate ? { stopDate: execution.stopDate.getTime() / 1000 } : {}),
        input: execution.input,
        inputDetails: { included: true },
        ...(outcome?.output !== undefined ? { output: outcome.output, outputDetails: { included: true } } : {}),
        ...(outcome?.error !== undefined ? { error: outcome.error } : {}),
        ...(outcome?.cause !== undefined ? { cause: outcome.cause } : {}),
      };
    },

    async GetExecutionHistory(principal, body) {
      const arn = String(body.executionArn ?? '');
      if (!isExecutionArn(arn)) throw sfnErrors.invalidArn(arn);
      await authorize(principal, 'GetExecutionHistory', arn);
      const execution = knownExecution(arn);
      return execution.history.page(arn, body);
    },

    async StopExecution(principal, body) {
      const arn = String(body.executionArn ?? '');
      if (!isExecutionArn(arn)) throw sfnErrors.invalidArn(arn);
      await authorize(principal, 'StopExecution', arn);
      const execution = knownExecution(arn);
      if (execution.status === 'RUNNING') {
        execution.abort();
        await execution.settled;
      }
      return { stopDate: (execution.stopDate ?? new Date()).getTime() / 1000 };
    },
  };

  const answer = async (request: EndpointRequest): Promise<EndpointResponse> => {
    try {
      const target = String(request.headers['x-amz-target'] ?? '');
      const action = target.startsWith(targetPrefix) ? actions[target.slice(targetPrefix.length)] : undefined;
      if (request.method !== 'POST' || !action) throw new StepFunctionsApiError('UnknownOperationException', `Unknown operation ${target}`);
      const accessKey = callerAccessKey(request);
      if (!accessKey) throw new StepFunctionsApiError('MissingAuthenticationTokenException', 'Missing Authentication Token');
      const caller = options.issuer.lookup(accessKey);
      if (!caller) throw new StepFunctionsApiError('UnrecognizedClientException', 'The security token included in the request is invalid.');
      let body: Record<string, any>;
      try {
        body = request.body.length === 0 ? {} : (JSON.parse(request.body.toString('utf8')) as Record<string, any>);
      } catch {
        throw new StepFunctionsApiError('SerializationException', 'Start of structure or map found where not expected.');
      }
      const result = await action(caller.principal, body);
      return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify(result) };
    } catch (error) {
      if (!(error instanceof StepFunctionsApiError)) throw error;
      return {
        status: error.status,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': error.type },
        body: JSON.stringify({ __type: error.type, message: error.message }),
      };
    }
  };

  const endpoint = await serveEndpoint('SFN', answer);
  const summary = (e: Execution): ExecutionSummary => ({
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    input: e.input,
    startDate: e.startDate,
    ...(e.stopDate ? { stopDate: e.stopDate } : {}),
  });

  return {
    ...endpoint,
    executions: () => [...executions.values()].map(summary),
    history: (arn) => knownExecution(arn).history,
    async waitForExecution(arn, timeoutMs) {
      const execution = knownExecution(arn);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const recent = execution.history.events.slice(-8).map((e) => `${e.id} ${e.type} ${JSON.stringify(e.details ?? {})}`);
          reject(new Error(`execution ${arn} still ${execution.status} after ${timeoutMs} ms; its last events:\n${recent.join('\n')}`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([execution.settled, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async stop() {
      for (const execution of executions.values()) if (execution.status === 'RUNNING') execution.abort();
      await Promise.allSettled([...executions.values()].map((e) => e.settled));
      await endpoint.stop();
    },
  };
}
