import { alphabets } from '../deterministic-tokens.js';
import { nameRules } from '../physical-names.js';
import { once, stringProperty, type ResourceContext, type ResourceModelFactory } from './resource-model.js';

/** IAM ARNs have no region; a path (`/service-role/`) sits between the kind and the name. */
function iamArn(r: ResourceContext, kind: string, name: string): string {
  const path = stringProperty(r, 'Path') ?? '/';
  return r.arn('iam', `${kind}${path}${name}`, { region: '' });
}

/** Unique ids IAM gives principals and policies: a kind prefix and 17 upper-case characters. */
function iamUniqueId(r: ResourceContext, prefix: string): string {
  return prefix + r.token('unique-id', 17, alphabets.upperAlnum);
}

export const iamModels: Record<string, ResourceModelFactory> = {
  'AWS::IAM::Role': (r) => {
    const name = once(() => r.nameOr('RoleName', nameRules.upper(64)));
    return { ref: name, attributes: { Arn: () => iamArn(r, 'role', name()), RoleId: () => iamUniqueId(r, 'AROA') } };
  },
  'AWS::IAM::Policy': (r) => {
    const id = once(() => `${r.stack.slice(0, 20)}-${r.logicalId.slice(0, 5)}-${r.token('policy-id', 12, alphabets.upperAlnum)}`);
    return { ref: id, attributes: { Id: id } };
  },
  'AWS::IAM::RolePolicy': (r) => ({ ref: () => stringProperty(r, 'PolicyName') ?? r.logicalId, attributes: {} }),
  'AWS::IAM::ManagedPolicy': (r) => {
    const name = once(() => r.nameOr('ManagedPolicyName', nameRules.upper(128)));
    const arn = once(() => iamArn(r, 'policy', name()));
    return {
      ref: arn,
      attributes: {
        PolicyArn: arn,
        PolicyId: () => iamUniqueId(r, 'ANPA'),
        DefaultVersionId: () => 'v1',
      },
    };
  },
  'AWS::IAM::User': (r) => {
    const name = once(() => r.nameOr('UserName', nameRules.upper(64)));
    return { ref: name, attributes: { Arn: () => iamArn(r, 'user', name()) } };
  },
  'AWS::IAM::Group': (r) => {
    const name = once(() => r.nameOr('GroupName', nameRules.upper(128)));
    return { ref: name, attributes: { Arn: () => iamArn(r, 'group', name()) } };
  },
  'AWS::IAM::InstanceProfile': (r) => {
    const name = once(() => r.nameOr('InstanceProfileName', nameRules.upper(128)));
    return { ref: name, attributes: { Arn: () => iamArn(r, 'instance-profile', name()) } };
  },
};
