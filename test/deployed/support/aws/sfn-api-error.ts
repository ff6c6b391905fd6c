/**
 * A Step Functions API error as the awsJson1_0 protocol sends it: HTTP 400 with `__type` and `message`, the
 * type also in `x-amzn-errortype`; the SDK turns the type into the exception's name
 * (ExecutionDoesNotExist, ExecutionAlreadyExists, …), which is what the product matches on.
 */
export class StepFunctionsApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export const sfnErrors = {
  stateMachineDoesNotExist: (arn: string) => new StepFunctionsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`),
  executionDoesNotExist: (arn: string) => new StepFunctionsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`),
  executionAlreadyExists: (arn: string) => new StepFunctionsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`),
  invalidArn: (arn: string) => new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${arn}'`),
  invalidName: (name: string) => new StepFunctionsApiError('InvalidName', `Invalid Name: '${name}'`),
  invalidExecutionInput: (reason: string) => new StepFunctionsApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${reason}'`),
  invalidToken: (token: string) => new StepFunctionsApiError('InvalidToken', `Invalid Token: '${token}'`),
  validation: (message: string) => new StepFunctionsApiError('ValidationException', `1 validation error detected: ${message}`),
};
