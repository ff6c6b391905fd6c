import type { DeployedTemplates, ResolvedResource } from '../contracts.js';
import { readCloudAssembly } from './cloud-assembly.js';
import { TemplateError } from './template-error.js';

export interface FunctionAssociation {
  eventType: string;
  functionArn: string;
  /** The CloudFront Function's name, runtime and code (FunctionCode of its AWS::CloudFront::Function). */
  name: string;
  runtime: string;
  code: string;
}

export interface CacheBehavior {
  /** Absent for the default behaviour. */
  pathPattern?: string;
  targetOriginId: string;
  viewerProtocolPolicy: string;
  allowedMethods: string[];
  cachedMethods: string[];
  compress: boolean;
  cachePolicyId?: string;
  originRequestPolicyId?: string;
  responseHeadersPolicyId?: string;
  /** The ResponseHeadersPolicyConfig when the policy is one of the templates' own (managed policies: id only). */
  responseHeadersPolicy?: Record<string, any>;
  functionAssociations: FunctionAssociation[];
  lambdaFunctionAssociations: { eventType: string; lambdaFunctionArn: string; includeBody: boolean }[];
}

export interface DistributionOrigin {
  id: string;
  domainName: string;
  originPath: string;
  kind: 's3' | 'custom';
  originAccessControlId?: string;
  customHeaders: Record<string, string>;
  /** For custom origins: http-only, https-only, match-viewer. */
  protocolPolicy?: string;
  /** The templates' bucket an S3 origin serves, when it is one of theirs. */
  bucketName?: string;
}

/** A `Custom::CDKBucketDeployment`: which asset folders it copies into which bucket. */
export interface BucketDeployment {
  stack: string;
  logicalId: string;
  destinationBucketName: string;
  destinationKeyPrefix: string;
  /** The assets' folders in the cloud assembly (or a .zip file, for a file asset). */
  assetDirs: string[];
  prune: boolean;
  extract: boolean;
  distributionId?: string;
  distributionPaths?: string[];
}

export interface DistributionSpec {
  stack: string;
  logicalId: string;
  id: string;
  domainName: string;
  aliases: string[];
  defaultRootObject?: string;
  origins: DistributionOrigin[];
  defaultBehavior: CacheBehavior;
  /** In the template's order, which is the order CloudFront matches path patterns in. */
  behaviors: CacheBehavior[];
  customErrorResponses: { errorCode: number; responseCode?: number; responsePagePath?: string; errorCachingMinTtl?: number }[];
  /** The asset folders deployed into the distribution's S3 origin buckets: the web app's files. */
  webAssetDirs: string[];
  deployments: BucketDeployment[];
  /** The whole DistributionConfig, resolved. */
  config: Record<string, any>;
}

function cloudFrontFunction(templates: DeployedTemplates, functionArn: string, where: string): ResolvedResource {
  const resource = templates.resourcesOfType('AWS::CloudFront::Function').find((candidate) => candidate.attributes.FunctionARN === functionArn);
  if (!resource) throw new TemplateError(`${where}: no AWS::CloudFront::Function has the ARN ${functionArn}`);
  return resource;
}

function behaviorOf(templates: DeployedTemplates, raw: Record<string, any>, where: string): CacheBehavior {
  const responseHeadersPolicy = raw.ResponseHeadersPolicyId
    ? templates
        .resourcesOfType('AWS::CloudFront::ResponseHeadersPolicy')
        .find((policy) => policy.ref === raw.ResponseHeadersPolicyId)?.properties.ResponseHeadersPolicyConfig
    : undefined;
  return {
    ...(raw.PathPattern !== undefined ? { pathPattern: String(raw.PathPattern) } : {}),
    targetOriginId: String(raw.TargetOriginId),
    viewerProtocolPolicy: String(raw.ViewerProtocolPolicy),
    // CloudFront's defaults when AllowedMethods / CachedMethods are left out.
    allowedMethods: raw.AllowedMethods ?? ['GET', 'HEAD'],
    cachedMethods: raw.CachedMethods ?? ['GET', 'HEAD'],
    compress: raw.Compress === true,
    ...(raw.CachePolicyId ? { cachePolicyId: String(raw.CachePolicyId) } : {}),
    ...(raw.OriginRequestPolicyId ? { originRequestPolicyId: String(raw.OriginRequestPolicyId) } : {}),
    ...(raw.ResponseHeadersPolicyId ? { responseHeadersPolicyId: String(raw.ResponseHeadersPolicyId) } : {}),
    ...(responseHeadersPolicy ? { responseHeadersPolicy } : {}),
    functionAssociations: ((raw.FunctionAssociations ?? []) as Record<string, any>[]).map((association, index) => {
      const functionArn = String(association.FunctionARN);
      const fn = cloudFrontFunction(templates, functionArn, `${where}.FunctionAssociations[${index}]`);
      return {
        eventType: String(association.EventType),
        functionArn,
        name: String(fn.properties.Name),
        runtime: String(fn.properties.FunctionConfig?.Runtime ?? 'cloudfront-js-1.0'),
        code: String(fn.properties.FunctionCode),
      };
    }),
    lambdaFunctionAssociations: ((raw.LambdaFunctionAssociations ?? []) as Record<string, any>[]).map((association) => ({
      eventType: String(association.EventType),
      lambdaFunctionArn: String(association.LambdaFunctionARN),
      includeBody: association.IncludeBody === true,
    })),
  };
}

export function bucketDeployments(templates: DeployedTemplates): BucketDeployment[] {
  const assetsByStack = new Map(readCloudAssembly(templates.outdir).map((stack) => [stack.name, stack.assetSourcesByObjectKey]));
  return templates.resourcesOfType('Custom::CDKBucketDeployment').map((deployment) => {
    const properties = deployment.properties;
    const assets = assetsByStack.get(deployment.stack) ?? new Map<string, string>();
    const assetDirs = ((properties.SourceObjectKeys ?? []) as string[]).map((objectKey) => {
      const source = assets.get(objectKey);
      if (!source) throw new TemplateError(`${deployment.stack}/${deployment.logicalId}: no asset of the stack is published as ${objectKey}`);
      return source;
    });
    return {
      stack: deployment.stack,
      logicalId: deployment.logicalId,
      destinationBucketName: String(properties.DestinationBucketName),
      destinationKeyPrefix: String(properties.DestinationBucketKeyPrefix ?? ''),
      assetDirs,
      prune: properties.Prune !== false,
      extract: properties.Extract !== false,
      ...(properties.DistributionId ? { distributionId: String(properties.DistributionId) } : {}),
      ...(properties.DistributionPaths ? { distributionPaths: properties.DistributionPaths } : {}),
    };
  });
}

/** The (only, or the named) CloudFront distribution, its behaviours with their functions' code, and the web app's files. */
export function distribution(templates: DeployedTemplates, logicalId?: string): DistributionSpec {
  const all = templates.resourcesOfType('AWS::CloudFront::Distribution');
  const candidates = logicalId ? all.filter((resource) => resource.logicalId === logicalId) : all;
  if (candidates.length !== 1) {
    throw new TemplateError(`expected one CloudFront distribution${logicalId ? ` ${logicalId}` : ''}, found ${candidates.length}`);
  }
  const resource = candidates[0];
  const where = `${resource.stack}/${resource.logicalId}.Properties.DistributionConfig`;
  const config = resource.properties.DistributionConfig as Record<string, any>;
  const buckets = templates.resourcesOfType('AWS::S3::Bucket');
  const origins: DistributionOrigin[] = ((config.Origins ?? []) as Record<string, any>[]).map((origin) => {
    const domainName = String(origin.DomainName);
    const bucket = buckets.find((candidate) => [candidate.attributes.RegionalDomainName, candidate.attributes.DomainName].includes(domainName));
    return {
      id: String(origin.Id),
      domainName,
      originPath: String(origin.OriginPath ?? ''),
      kind: origin.S3OriginConfig ? 's3' : 'custom',
      ...(origin.OriginAccessControlId ? { originAccessControlId: String(origin.OriginAccessControlId) } : {}),
      customHeaders: Object.fromEntries(
        ((origin.OriginCustomHeaders ?? []) as { HeaderName: string; HeaderValue: string }[]).map((header) => [header.HeaderName, header.HeaderValue]),
      ),
      ...(origin.CustomOriginConfig ? { protocolPolicy: String(origin.CustomOriginConfig.OriginProtocolPolicy) } : {}),
      ...(bucket ? { bucketName: bucket.ref } : {}),
    };
  });
  const deployments = bucketDeployments(templates);
  const originBuckets = new Set(origins.flatMap((origin) => (origin.kind === 's3' && origin.bucketName ? [origin.bucketName] : [])));
  return {
    stack: resource.stack,
    logicalId: resource.logicalId,
    id: resource.ref,
    domainName: resource.attributes.DomainName,
    aliases: config.Aliases ?? [],
    ...(config.DefaultRootObject ? { defaultRootObject: String(config.DefaultRootObject) } : {}),
    origins,
    defaultBehavior: behaviorOf(templates, config.DefaultCacheBehavior, `${where}.DefaultCacheBehavior`),
    behaviors: ((config.CacheBehaviors ?? []) as Record<string, any>[]).map((behavior, index) =>
      behaviorOf(templates, behavior, `${where}.CacheBehaviors[${index}]`),
    ),
    customErrorResponses: ((config.CustomErrorResponses ?? []) as Record<string, any>[]).map((response) => ({
      errorCode: Number(response.ErrorCode),
      ...(response.ResponseCode !== undefined ? { responseCode: Number(response.ResponseCode) } : {}),
      ...(response.ResponsePagePath !== undefined ? { responsePagePath: String(response.ResponsePagePath) } : {}),
      ...(response.ErrorCachingMinTTL !== undefined ? { errorCachingMinTtl: Number(response.ErrorCachingMinTTL) } : {}),
    })),
    webAssetDirs: deployments.filter((deployment) => originBuckets.has(deployment.destinationBucketName)).flatMap((deployment) => deployment.assetDirs),
    deployments,
    config,
  };
}
