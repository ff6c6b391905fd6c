import type { DeployedTemplates } from '../contracts.js';

export interface RuleTarget {
  id: string;
  arn: string;
  /** The JSON text EventBridge sends instead of the event, when set. */
  input?: string;
  inputPath?: string;
  inputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
  retryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  deadLetterArn?: string;
  roleArn?: string;
}

/** An EventBridge rule: on a schedule, or matching an event pattern, and where it sends. */
export interface ScheduledRule {
  stack: string;
  logicalId: string;
  name: string;
  arn: string;
  scheduleExpression?: string;
  eventPattern?: Record<string, unknown>;
  /** ENABLED unless the template says otherwise (a DISABLED rule never fires). */
  state: string;
  targets: RuleTarget[];
}

export function scheduleTargets(templates: DeployedTemplates): ScheduledRule[] {
  return templates.resourcesOfType('AWS::Events::Rule').map((rule) => {
    const properties = rule.properties;
    return {
      stack: rule.stack,
      logicalId: rule.logicalId,
      name: rule.ref.split('|').pop()!,
      arn: rule.attributes.Arn,
      ...(properties.ScheduleExpression ? { scheduleExpression: String(properties.ScheduleExpression) } : {}),
      ...(properties.EventPattern ? { eventPattern: properties.EventPattern } : {}),
      state: String(properties.State ?? 'ENABLED'),
      targets: ((properties.Targets ?? []) as Record<string, any>[]).map((target) => ({
        id: String(target.Id),
        arn: String(target.Arn),
        ...(target.Input !== undefined ? { input: String(target.Input) } : {}),
        ...(target.InputPath !== undefined ? { inputPath: String(target.InputPath) } : {}),
        ...(target.InputTransformer ? { inputTransformer: target.InputTransformer } : {}),
        ...(target.RetryPolicy ? { retryPolicy: target.RetryPolicy } : {}),
        ...(target.DeadLetterConfig?.Arn ? { deadLetterArn: String(target.DeadLetterConfig.Arn) } : {}),
        ...(target.RoleArn ? { roleArn: String(target.RoleArn) } : {}),
      })),
    };
  });
}
