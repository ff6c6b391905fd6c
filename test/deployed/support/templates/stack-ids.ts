import { deterministicUuid } from './deterministic-tokens.js';

/** `AWS::StackId`: the stack's ARN, with the UUID CloudFormation gives it at creation (stable per name here). */
export function stackIdOf(stackName: string, scope: { partition: string; region: string; account: string }): string {
  return `arn:${scope.partition}:cloudformation:${scope.region}:${scope.account}:stack/${stackName}/${deterministicUuid(`stack:${stackName}`)}`;
}
