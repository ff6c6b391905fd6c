import { alphabets } from '../deterministic-tokens.js';
import { nameRules } from '../physical-names.js';
import { once, stringProperty, type ResourceModelFactory } from './resource-model.js';

/** Lambda, Step Functions, EventBridge. */
export const computeModels: Record<string, ResourceModelFactory> = {
  'AWS::Lambda::Function': (r) => {
    const name = once(() => r.nameOr('FunctionName', nameRules.mixed(64)));
    const arn = () => r.arn('lambda', `function:${name()}`);
    return { ref: name, attributes: { Arn: arn } };
  },
  'AWS::Lambda::Permission': (r) => ({
    ref: once(() => `${r.stack}-${r.logicalId}-${r.token('statement', 12, alphabets.upperAlnum)}`.slice(0, 100)),
    attributes: {},
  }),
  'AWS::Lambda::LayerVersion': (r) => {
    const arn = once(() => r.arn('lambda', `layer:${r.nameOr('LayerName', nameRules.logicalOnly(140))}:1`));
    return { ref: arn, attributes: { LayerVersionArn: arn } };
  },
  'AWS::Lambda::Version': (r) => {
    const arn = once(() => `${functionArn(r.arn('lambda', 'function:'), stringProperty(r, 'FunctionName') ?? '')}:1`);
    return { ref: arn, attributes: { Version: () => '1', FunctionArn: arn } };
  },
  'AWS::Lambda::Alias': (r) => {
    const arn = once(
      () => `${functionArn(r.arn('lambda', 'function:'), stringProperty(r, 'FunctionName') ?? '')}:${stringProperty(r, 'Name')}`,
    );
    return { ref: arn, attributes: { AliasArn: arn } };
  },
  'AWS::Lambda::Url': (r) => {
    const url = once(() => `https://${r.token('url', 32, alphabets.lowerAlnum)}.lambda-url.${r.region}.on.aws/`);
    return {
      ref: url,
      attributes: {
        FunctionUrl: url,
        FunctionArn: () => functionArn(r.arn('lambda', 'function:'), stringProperty(r, 'TargetFunctionArn') ?? ''),
      },
    };
  },
  'AWS::Lambda::EventSourceMapping': (r) => {
    const id = once(() => r.uuid('mapping'));
    return { ref: id, attributes: { Id: id } };
  },
  'AWS::StepFunctions::StateMachine': (r) => {
    const name = once(() => r.nameOr('StateMachineName', nameRules.logicalOnly(80)));
    const arn = once(() => r.arn('states', `stateMachine:${name()}`));
    return { ref: arn, attributes: { Arn: arn, Name: name, StateMachineRevisionId: arn } };
  },
  'AWS::StepFunctions::Activity': (r) => {
    const name = once(() => stringProperty(r, 'Name') ?? r.logicalId);
    const arn = once(() => r.arn('states', `activity:${name()}`));
    return { ref: arn, attributes: { Arn: arn, Name: name } };
  },
  'AWS::Events::Rule': (r) => {
    const name = once(() => r.nameOr('Name', nameRules.upper(64)));
    const bus = () => {
      const value = stringProperty(r, 'EventBusName');
      // A bus given by ARN is named by its last segment.
      return value && value !== 'default' ? value.replace(/^arn:.*:event-bus\//, '') : undefined;
    };
    return {
      // CloudFormation documents `bus|rule` for a rule on a custom bus.
      ref: () => (bus() ? `${bus()}|${name()}` : name()),
      attributes: { Arn: () => r.arn('events', bus() ? `rule/${bus()}/${name()}` : `rule/${name()}`) },
    };
  },
  'AWS::Events::EventBus': (r) => {
    const name = once(() => stringProperty(r, 'Name') ?? r.logicalId);
    return { ref: name, attributes: { Name: name, Arn: () => r.arn('events', `event-bus/${name()}`) } };
  },
  'AWS::Scheduler::Schedule': (r) => {
    const name = once(() => r.nameOr('Name', nameRules.upper(64)));
    return {
      ref: name,
      attributes: { Arn: () => r.arn('scheduler', `schedule/${stringProperty(r, 'GroupName') ?? 'default'}/${name()}`) },
    };
  },
};

/** A function's ARN from what a template may give as its FunctionName: a name, a partial or a full ARN. */
function functionArn(functionArnPrefix: string, nameOrArn: string): string {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  return `${functionArnPrefix}${nameOrArn}`;
}
