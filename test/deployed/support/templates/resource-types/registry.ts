import { computeModels } from './compute.js';
import { iamModels } from './iam.js';
import { messagingModels } from './messaging.js';
import { monitoringModels } from './monitoring.js';
import { ec2Model, networkModels } from './network.js';
import type { ResourceModelFactory } from './resource-model.js';
import { storageModels } from './storage.js';

const knownModels: Record<string, ResourceModelFactory> = {
  ...computeModels,
  ...iamModels,
  ...storageModels,
  ...networkModels,
  ...messagingModels,
  ...monitoringModels,
};

/** Custom resources: Ref and attributes come from the handler's response, which loading the templates never sees. */
const customResourceModel: ResourceModelFactory = (r) => ({
  ref: () => `${r.logicalId}-local`,
  attributes: {},
  unknownAttributes: 'error',
});

/**
 * Types this tier has no model for: Ref is `<logicalId>-local`, Arn is shaped by the service
 * (`arn:aws:<service>:<region>:<account>:<resource-type>/<logicalId>-local`), any other attribute a placeholder.
 */
const genericModel: ResourceModelFactory = (r) => {
  const [, service = 'unknown', kind = 'resource'] = r.type.split('::');
  const resourceKind = kind.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  const ref = `${r.logicalId}-local`;
  return {
    ref: () => ref,
    attributes: { Arn: () => r.arn(service.toLowerCase(), `${resourceKind}/${ref}`) },
    unknownAttributes: 'placeholder',
  };
};

export function isCustomResourceType(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

export function resourceModelFor(type: string): ResourceModelFactory {
  if (knownModels[type]) return knownModels[type];
  if (isCustomResourceType(type)) return customResourceModel;
  if (type.startsWith('AWS::EC2::')) return ec2Model(type);
  return genericModel;
}

/** Whether the type has a model of its own (an unknown attribute of it is then a template error). */
export function hasOwnModel(type: string): boolean {
  return type in knownModels || type.startsWith('AWS::EC2::');
}
