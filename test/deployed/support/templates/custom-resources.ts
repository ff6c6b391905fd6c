import { localAccount, localRegion, type DeployedTemplates } from '../contracts.js';
import { isCustomResourceType } from './resource-types/registry.js';
import { stackIdOf } from './stack-ids.js';
import { TemplateError } from './template-error.js';

/** A custom resource as CloudFormation calls its provider on Create, Update and Delete. */
export interface CustomResourceSpec {
  stack: string;
  /** For the event's StackId. */
  stackId: string;
  logicalId: string;
  /** The event's ResourceType (`Custom::OrchestraControlDatabase`). */
  type: string;
  /** The ARN CloudFormation invokes (a Lambda function or an SNS topic). */
  serviceToken: string;
  /** The event's ResourceProperties: ServiceToken included, every scalar a string, as CloudFormation sends them. */
  properties: Record<string, unknown>;
}

/** CloudFormation passes custom resource properties with numbers and booleans turned into strings. */
export function asCloudFormationSendsThem(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asCloudFormationSendsThem);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asCloudFormationSendsThem(item)]));
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

export function customResources(templates: DeployedTemplates): CustomResourceSpec[] {
  return Object.values(templates.stacks)
    .flatMap((stack) => Object.values(stack.resources))
    .filter((resource) => isCustomResourceType(resource.type))
    .map((resource) => {
      const serviceToken = resource.properties.ServiceToken;
      if (typeof serviceToken !== 'string') throw new TemplateError(`${resource.stack}/${resource.logicalId}: a custom resource needs a ServiceToken`);
      return {
        stack: resource.stack,
        stackId: stackIdOf(resource.stack, { partition: 'aws', region: localRegion, account: localAccount }),
        logicalId: resource.logicalId,
        type: resource.type,
        serviceToken,
        properties: asCloudFormationSendsThem(resource.properties) as Record<string, unknown>,
      };
    });
}
