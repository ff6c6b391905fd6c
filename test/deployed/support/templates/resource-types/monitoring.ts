import { nameRules } from '../physical-names.js';
import { once, type ResourceModelFactory } from './resource-model.js';

/** CloudWatch alarms and dashboards. */
export const monitoringModels: Record<string, ResourceModelFactory> = {
  'AWS::CloudWatch::Alarm': (r) => {
    const name = once(() => r.nameOr('AlarmName', nameRules.upper(255)));
    return { ref: name, attributes: { Arn: () => r.arn('cloudwatch', `alarm:${name()}`) } };
  },
  'AWS::CloudWatch::CompositeAlarm': (r) => {
    const name = once(() => r.nameOr('AlarmName', nameRules.upper(255)));
    return { ref: name, attributes: { Arn: () => r.arn('cloudwatch', `alarm:${name()}`) } };
  },
  'AWS::CloudWatch::Dashboard': (r) => ({ ref: once(() => r.nameOr('DashboardName', nameRules.logicalOnly(255))), attributes: {} }),
};
