import { alphabets } from '../deterministic-tokens.js';
import { isValidBucketName, nameRules, secretArnSuffix } from '../physical-names.js';
import { TemplateError } from '../template-error.js';
import { once, stringProperty, type ResourceContext, type ResourceModelFactory } from './resource-model.js';

/** The ARN Secrets Manager gives a secret of that name: the name plus `-` and six random characters. */
export function secretArn(r: Pick<ResourceContext, 'arn'>, secretName: string): string {
  return r.arn('secretsmanager', `secret:${secretName}-${secretArnSuffix(secretName)}`);
}

/** A SecretId given as a name or an ARN, as the secret's ARN. */
function secretIdAsArn(r: ResourceContext): string {
  const secretId = stringProperty(r, 'SecretId');
  if (!secretId) throw new TemplateError(`${r.stack}/${r.logicalId}: ${r.type} has no SecretId`);
  return secretId.startsWith('arn:') ? secretId : secretArn(r, secretId);
}

function defaultPort(engine: string | undefined): string {
  return engine && /mysql|maria/.test(engine) ? '3306' : '5432';
}

/** RDS host names carry one random part per account and region (`cluster-<that>` for cluster endpoints). */
function rdsAccountToken(r: ResourceContext): string {
  return r.token(`rds:${r.account}:${r.region}`, 12, alphabets.lowerAlnum);
}

function rdsIdentifier(r: ResourceContext, property: string): string {
  return r.nameOr(property, nameRules.lower(63)).toLowerCase();
}

export const storageModels: Record<string, ResourceModelFactory> = {
  'AWS::S3::Bucket': (r) => {
    const name = once(() => {
      const bucket = r.nameOr('BucketName', nameRules.lower(63)).toLowerCase();
      if (!isValidBucketName(bucket)) throw new TemplateError(`${r.stack}/${r.logicalId}: "${bucket}" is not a valid bucket name`);
      return bucket;
    });
    return {
      ref: name,
      attributes: {
        Arn: () => r.arn('s3', name(), { region: '', account: '' }),
        DomainName: () => `${name()}.s3.${r.urlSuffix}`,
        RegionalDomainName: () => `${name()}.s3.${r.region}.${r.urlSuffix}`,
        DualStackDomainName: () => `${name()}.s3.dualstack.${r.region}.${r.urlSuffix}`,
        WebsiteURL: () => `http://${name()}.s3-website.${r.region}.${r.urlSuffix}`,
      },
    };
  },
  'AWS::S3::BucketPolicy': (r) => ({
    ref: once(() => `${r.stack}-${r.logicalId}-${r.token('id', 12, alphabets.upperAlnum)}`),
    attributes: {},
  }),
  'AWS::SecretsManager::Secret': (r) => {
    const arn = once(() => secretArn(r, r.nameOr('Name', nameRules.logicalOnly(512))));
    return { ref: arn, attributes: { Id: arn } };
  },
  // Ref of an attachment, a rotation schedule or a resource policy is the secret's ARN.
  'AWS::SecretsManager::SecretTargetAttachment': (r) => {
    const arn = once(() => secretIdAsArn(r));
    return { ref: arn, attributes: { Id: arn } };
  },
  'AWS::SecretsManager::RotationSchedule': (r) => ({ ref: once(() => secretIdAsArn(r)), attributes: {} }),
  'AWS::SecretsManager::ResourcePolicy': (r) => {
    const arn = once(() => secretIdAsArn(r));
    return { ref: arn, attributes: { Id: arn } };
  },
  'AWS::RDS::DBCluster': (r) => {
    const id = once(() => rdsIdentifier(r, 'DBClusterIdentifier'));
    const port = () => stringProperty(r, 'Port') ?? defaultPort(stringProperty(r, 'Engine'));
    const arn = once(() => r.arn('rds', `cluster:${id()}`));
    return {
      ref: id,
      attributes: {
        'Endpoint.Address': () => `${id()}.cluster-${rdsAccountToken(r)}.${r.region}.rds.${r.urlSuffix}`,
        'Endpoint.Port': port,
        'ReadEndpoint.Address': () => `${id()}.cluster-ro-${rdsAccountToken(r)}.${r.region}.rds.${r.urlSuffix}`,
        DBClusterArn: arn,
        DBClusterResourceId: () => `cluster-${r.token('resource-id', 26, alphabets.upperAlnum)}`,
      },
    };
  },
  'AWS::RDS::DBInstance': (r) => {
    const id = once(() => rdsIdentifier(r, 'DBInstanceIdentifier'));
    return {
      ref: id,
      attributes: {
        'Endpoint.Address': () => `${id()}.${rdsAccountToken(r)}.${r.region}.rds.${r.urlSuffix}`,
        'Endpoint.Port': () => stringProperty(r, 'Port') ?? defaultPort(stringProperty(r, 'Engine')),
        DBInstanceArn: () => r.arn('rds', `db:${id()}`),
        DbiResourceId: () => `db-${r.token('resource-id', 26, alphabets.upperAlnum)}`,
      },
    };
  },
  'AWS::RDS::DBSubnetGroup': (r) => ({ ref: once(() => rdsIdentifier(r, 'DBSubnetGroupName')), attributes: {} }),
  'AWS::RDS::DBClusterParameterGroup': (r) => ({ ref: once(() => rdsIdentifier(r, 'DBClusterParameterGroupName')), attributes: {} }),
  'AWS::RDS::DBParameterGroup': (r) => ({ ref: once(() => rdsIdentifier(r, 'DBParameterGroupName')), attributes: {} }),
  'AWS::RDS::DBProxy': (r) => {
    const name = once(() => rdsIdentifier(r, 'DBProxyName'));
    return {
      ref: name,
      attributes: {
        DBProxyArn: () => r.arn('rds', `db-proxy:prx-${r.token('proxy', 17, alphabets.lowerHex)}`),
        Endpoint: () => `${name()}.proxy-${rdsAccountToken(r)}.${r.region}.rds.${r.urlSuffix}`,
      },
    };
  },
  'AWS::KMS::Key': (r) => {
    const id = once(() => r.uuid('key'));
    return { ref: id, attributes: { Arn: () => r.arn('kms', `key/${id()}`), KeyId: id } };
  },
  'AWS::KMS::Alias': (r) => ({ ref: () => stringProperty(r, 'AliasName') ?? `alias/${r.logicalId}`, attributes: {} }),
  'AWS::Logs::LogGroup': (r) => {
    const name = once(() => r.nameOr('LogGroupName', nameRules.mixed(512)));
    // The attribute ends in `:*`, unlike the ARN IAM policies name a log group by in most examples.
    return { ref: name, attributes: { Arn: () => r.arn('logs', `log-group:${name()}:*`) } };
  },
  'AWS::DynamoDB::Table': (r) => {
    const name = once(() => r.nameOr('TableName', nameRules.upper(255)));
    const arn = once(() => r.arn('dynamodb', `table/${name()}`));
    return { ref: name, attributes: { Arn: arn, StreamArn: () => `${arn()}/stream/2024-01-01T00:00:00.000` } };
  },
};
