import type { DeployedTemplates, ResolvedResource } from '../contracts.js';

/** Secrets Manager's GenerateSecretString, as the template gives it. */
export interface GenerateSecretString {
  SecretStringTemplate?: string;
  GenerateStringKey?: string;
  PasswordLength?: number;
  ExcludeCharacters?: string;
  ExcludeLowercase?: boolean;
  ExcludeNumbers?: boolean;
  ExcludePunctuation?: boolean;
  ExcludeUppercase?: boolean;
  IncludeSpace?: boolean;
  RequireEachIncludedType?: boolean;
}

/** What a SecretTargetAttachment writes into its secret's JSON once the database exists. */
export interface SecretTargetAttachmentFields {
  attachmentLogicalId: string;
  targetType: string;
  targetId: string;
  fields: Record<string, string | number>;
}

export interface SecretToCreate {
  stack: string;
  logicalId: string;
  name: string;
  arn: string;
  description?: string;
  kmsKeyId?: string;
  tags: Record<string, string>;
  secretString?: string;
  generateSecretString?: GenerateSecretString;
  targetAttachment?: SecretTargetAttachmentFields;
}

/** Secrets Manager's `engine` value for an RDS engine (Aurora engines are written without the `aurora-`). */
function secretEngine(engine: string): string {
  if (engine.includes('postgres')) return 'postgres';
  if (engine.includes('mysql')) return 'mysql';
  return engine.replace(/^aurora-/, '');
}

function attachmentFields(templates: DeployedTemplates, attachment: ResolvedResource): SecretTargetAttachmentFields {
  const targetType = String(attachment.properties.TargetType);
  const targetId = String(attachment.properties.TargetId);
  const target = templates.resourcesOfType(targetType).find((candidate) => candidate.ref === targetId);
  const fields: Record<string, string | number> = {};
  if (target) {
    const cluster =
      targetType === 'AWS::RDS::DBInstance' && target.properties.DBClusterIdentifier
        ? templates.resourcesOfType('AWS::RDS::DBCluster').find((candidate) => candidate.ref === target.properties.DBClusterIdentifier)
        : undefined;
    fields.engine = secretEngine(String(target.properties.Engine ?? cluster?.properties.Engine ?? ''));
    fields.host = target.attributes['Endpoint.Address'];
    fields.port = Number(target.attributes['Endpoint.Port']);
    if (targetType === 'AWS::RDS::DBCluster') fields.dbClusterIdentifier = target.ref;
    if (targetType === 'AWS::RDS::DBInstance') fields.dbInstanceIdentifier = target.ref;
  }
  return { attachmentLogicalId: attachment.logicalId, targetType, targetId, fields };
}

/** Every secret the stacks create, with what a local Secrets Manager needs to create it as AWS would. */
export function secretsToCreate(templates: DeployedTemplates): SecretToCreate[] {
  const attachments = templates.resourcesOfType('AWS::SecretsManager::SecretTargetAttachment');
  return templates.resourcesOfType('AWS::SecretsManager::Secret').map((secret) => {
    const properties = secret.properties;
    // The ARN is `…:secret:<name>-XXXXXX`.
    const name = String(properties.Name ?? secret.ref.slice(secret.ref.indexOf(':secret:') + ':secret:'.length, -7));
    const attachment = attachments.find((candidate) => candidate.ref === secret.ref);
    return {
      stack: secret.stack,
      logicalId: secret.logicalId,
      name,
      arn: secret.ref,
      ...(properties.Description !== undefined ? { description: String(properties.Description) } : {}),
      ...(properties.KmsKeyId !== undefined ? { kmsKeyId: String(properties.KmsKeyId) } : {}),
      tags: Object.fromEntries(((properties.Tags ?? []) as { Key: string; Value: string }[]).map((tag) => [tag.Key, String(tag.Value)])),
      ...(properties.SecretString !== undefined ? { secretString: String(properties.SecretString) } : {}),
      ...(properties.GenerateSecretString ? { generateSecretString: properties.GenerateSecretString as GenerateSecretString } : {}),
      ...(attachment ? { targetAttachment: attachmentFields(templates, attachment) } : {}),
    };
  });
}
