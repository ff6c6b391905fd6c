import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { localAccount, localRegion, type InvocationResult } from '../contracts';
import type { LambdaPermission } from './lambda-permissions';
import { assertServiceMayInvoke, isLambdaArn, type InvokeFunction, type TemplateResource } from './service-invocation';

export interface ScheduleTargetRun {
  targetId: string;
  functionArn: string;
  event: unknown;
  result: InvocationResult;
}

export interface ScheduleOptions {
  /** The time the schedule fired (default now); EventBridge's `time` is that minute, to the second. */
  at?: Date;
  /** When given, a target whose function grants events.amazonaws.com no invoke permission is refused. */
  lambdaPermissions?: readonly LambdaPermission[];
}

/** `2019-12-03T17:24:00Z`: EventBridge's event time, whole seconds. */
function eventTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function ruleArn(rule: TemplateResource): string {
  return rule.attributes?.Arn ?? `arn:aws:events:${localRegion}:${localAccount}:rule/${rule.ref ?? rule.properties.Name ?? rule.logicalId}`;
}

/**
 * One firing of an AWS::Events::Rule schedule: each Lambda target receives the event EventBridge sends
 * (the Scheduled Event, or the target's constant Input). A DISABLED rule fires nothing.
 */
export async function runSchedule(rule: TemplateResource, invoke: InvokeFunction, options: ScheduleOptions = {}): Promise<ScheduleTargetRun[]> {
  const properties = rule.properties;
  if (!properties.ScheduleExpression) throw new Error(`rule ${rule.logicalId}: not a schedule`);
  if (properties.State === 'DISABLED') return [];
  const arn = ruleArn(rule);
  const at = options.at ?? new Date();
  const scheduled: ScheduledEvent = {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: localAccount,
    time: eventTime(new Date(Math.floor(at.getTime() / 60_000) * 60_000)),
    region: localRegion,
    resources: [arn],
    detail: {},
  };
  const runs: ScheduleTargetRun[] = [];
  for (const target of (properties.Targets ?? []) as { Id: string; Arn: string; Input?: string; InputPath?: string; InputTransformer?: unknown }[]) {
    if (!isLambdaArn(target.Arn)) throw new Error(`rule ${rule.logicalId}: target ${target.Id} is not a Lambda function (${target.Arn}); not emulated`);
    if (target.InputPath || target.InputTransformer) throw new Error(`rule ${rule.logicalId}: target ${target.Id}: InputPath/InputTransformer are not emulated`);
    assertServiceMayInvoke(options.lambdaPermissions, { functionArn: target.Arn, principal: 'events.amazonaws.com', sourceArn: arn, sourceAccount: localAccount });
    const event = target.Input !== undefined ? JSON.parse(target.Input) : scheduled;
    runs.push({ targetId: target.Id, functionArn: target.Arn, event, result: await invoke(target.Arn, event) });
  }
  return runs;
}
