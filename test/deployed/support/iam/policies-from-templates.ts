import { createHash } from 'node:crypto';
import type { ResolvedResource } from '../contracts.js';
import { awsManagedPolicies } from './aws-managed-policies.js';
import { lambdaInvokePermissions } from './lambda-invoke-permissions.js';
import type { NamedPolicy, PolicyDocument, PolicySource, RolePolicies } from './policy-source.js';

/**
 * The policies IAM would hold after the stacks deploy, read from their resolved resources: each role's inline
 * policies, the AWS::IAM::Policy / AWS::IAM::RolePolicy resources naming it, the managed policies attached to it
 * (from a template, or AWS managed by ARN) and its trust policy; bucket, secret and KMS key policies; the
 * functions' AWS::Lambda::Permission statements.
 */
export function policiesFromTemplates(resources: ResolvedResource[]): PolicySource {
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const managedPolicies = ofType('AWS::IAM::ManagedPolicy');

  const roles = new Map<string, RolePolicies>();
  for (const role of ofType('AWS::IAM::Role')) {
    const built = rolePolicies(role, resources, managedPolicies);
    roles.set(built.roleArn, built);
  }

  const resourcePolicies = resourceBasedPolicies(resources);
  const lambdaInvokeAllowed = lambdaInvokePermissions(resources);

  return {
    role(roleArn) {
      return roles.get(roleArn) ?? [...roles.values()].find((r) => r.roleName === roleArn.split('/').pop() && sameAccount(r.roleArn, roleArn));
    },
    resourcePolicy(resourceArn) {
      return resourcePolicies.find((p) => p.governs(resourceArn))?.policy;
    },
    lambdaInvokeAllowed,
  };
}

function rolePolicies(role: ResolvedResource, all: ResolvedResource[], managedPolicies: ResolvedResource[]): RolePolicies {
  const roleName = role.ref;
  const roleArn = role.attributes.Arn;
  if (!roleArn) throw new Error(`IAM role ${role.stack}/${role.logicalId} has no resolved Arn attribute`);
  const label = `${role.stack}/${role.logicalId}`;
  const namesRole = (r: ResolvedResource) => [r.properties.Roles ?? []].flat().some((name: unknown) => name === roleName || name === roleArn);

  const identityPolicies: NamedPolicy[] = [];
  for (const inline of (role.properties.Policies ?? []) as { PolicyName: string; PolicyDocument: PolicyDocument }[]) {
    identityPolicies.push({ name: inline.PolicyName, description: `inline policy ${inline.PolicyName} of role ${roleName}`, document: inline.PolicyDocument });
  }
  for (const policy of all.filter((r) => r.type === 'AWS::IAM::Policy' && namesRole(r))) {
    const name = String(policy.properties.PolicyName ?? policy.logicalId);
    identityPolicies.push({ name, description: `policy ${name} (${policy.stack}/${policy.logicalId})`, document: policy.properties.PolicyDocument });
  }
  for (const policy of all.filter((r) => r.type === 'AWS::IAM::RolePolicy' && (r.properties.RoleName === roleName || r.properties.RoleName === roleArn))) {
    const name = String(policy.properties.PolicyName);
    identityPolicies.push({ name, description: `role policy ${name} (${policy.stack}/${policy.logicalId})`, document: policy.properties.PolicyDocument });
  }

  const unresolvedManagedPolicyArns: string[] = [];
  const attachedArns = new Set<string>((role.properties.ManagedPolicyArns ?? []) as string[]);
  for (const policy of managedPolicies.filter(namesRole)) attachedArns.add(managedPolicyArn(policy));
  for (const arn of attachedArns) {
    const fromTemplate = managedPolicies.find((p) => managedPolicyArn(p) === arn);
    const document = fromTemplate?.properties.PolicyDocument ?? awsManagedPolicies[arn];
    if (!document) {
      unresolvedManagedPolicyArns.push(arn);
      continue;
    }
    const where = fromTemplate ? ` (${fromTemplate.stack}/${fromTemplate.logicalId})` : '';
    identityPolicies.push({ name: arn, description: `managed policy ${arn}${where}`, document });
  }

  return {
    roleArn,
    roleName,
    roleId: role.attributes.RoleId ?? 'AROA' + createHash('sha256').update(roleArn).digest('hex').slice(0, 17).toUpperCase(),
    label,
    tags: Object.fromEntries(((role.properties.Tags ?? []) as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value])),
    identityPolicies,
    unresolvedManagedPolicyArns,
    trustPolicy: role.properties.AssumeRolePolicyDocument,
  };
}

/** Ref of a managed policy is its ARN; the PolicyArn attribute says the same. */
function managedPolicyArn(policy: ResolvedResource): string {
  return policy.attributes.PolicyArn ?? policy.ref;
}

interface GoverningPolicy {
  policy: NamedPolicy;
  governs(resourceArn: string): boolean;
}

function resourceBasedPolicies(resources: ResolvedResource[]): GoverningPolicy[] {
  const governing: GoverningPolicy[] = [];
  for (const r of resources) {
    if (r.type === 'AWS::S3::BucketPolicy') {
      const bucket = String(r.properties.Bucket);
      governing.push({
        policy: { name: `${bucket} bucket policy`, description: `bucket policy of ${bucket} (${r.stack}/${r.logicalId})`, document: r.properties.PolicyDocument },
        // The bucket's policy governs the bucket and every object in it.
        governs: (arn) => arn === `arn:aws:s3:::${bucket}` || arn.startsWith(`arn:aws:s3:::${bucket}/`),
      });
    }
    if (r.type === 'AWS::SecretsManager::ResourcePolicy') {
      const secretId = String(r.properties.SecretId);
      governing.push({
        policy: { name: `${secretId} resource policy`, description: `resource policy of secret ${secretId} (${r.stack}/${r.logicalId})`, document: r.properties.ResourcePolicy },
        governs: (arn) => arn === secretId || (!secretId.startsWith('arn:') && secretNameOf(arn) === secretId),
      });
    }
    if (r.type === 'AWS::KMS::Key' && r.properties.KeyPolicy) {
      const keyArn = r.attributes.Arn;
      governing.push({
        policy: { name: `${r.ref} key policy`, description: `key policy of KMS key ${r.ref} (${r.stack}/${r.logicalId})`, document: r.properties.KeyPolicy },
        governs: (arn) => arn === keyArn || arn.endsWith(`:key/${r.ref}`),
      });
    }
  }
  return governing;
}

/** `arn:aws:secretsmanager:r:a:secret:<name>-AbCdEf` → `<name>` (Secrets Manager appends six random characters). */
function secretNameOf(arn: string): string | undefined {
  const match = /:secret:(.+)-[A-Za-z0-9]{6}$/.exec(arn);
  return match?.[1];
}

function sameAccount(a: string, b: string): boolean {
  return a.split(':')[4] === b.split(':')[4];
}
