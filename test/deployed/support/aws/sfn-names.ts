import { localAccount, localRegion } from '../contracts';

/**
 * Step Functions names and ARNs: `arn:aws:states:<region>:<account>:stateMachine:<name>` and its executions
 * `…:execution:<state machine name>:<execution name>`.
 */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  const machine = parseStateMachineArn(stateMachineArn);
  if (!machine) throw new Error(`not a state machine ARN: ${stateMachineArn}`);
  return `arn:aws:states:${machine.region}:${machine.account}:execution:${machine.name}:${executionName}`;
}

export function parseStateMachineArn(arn: string): { region: string; account: string; name: string } | undefined {
  const match = /^arn:aws:states:([a-z0-9-]+):(\d{12}):stateMachine:([^:]+)$/.exec(arn);
  return match ? { region: match[1], account: match[2], name: match[3] } : undefined;
}

export function isExecutionArn(arn: string): boolean {
  return /^arn:aws:states:[a-z0-9-]+:\d{12}:execution:[^:]+:[^:]+$/.test(arn);
}

/**
 * StartExecution's rule for names: 1–80 characters, none of whitespace, brackets `< > { } [ ]`, wildcards
 * `? *`, `" # % \ ^ | ~ \` $ & , ; : /` or control characters (U+0000–001F, U+007F–009F).
 */
export function isValidExecutionName(name: string): boolean {
  if (name.length < 1 || name.length > 80) return false;
  return !/[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/.test(name);
}

/** A Lambda function given by name (the `lambda:invoke` integration allows one) as the ARN IAM judges. */
export function lambdaFunctionArn(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn : `arn:aws:lambda:${localRegion}:${localAccount}:function:${nameOrArn}`;
}
