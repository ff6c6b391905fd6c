import type { ApiRoute as TemplateApiRoute } from '../templates/api-routes';
import type { CustomResourceSpec } from '../templates/custom-resources';
import type { DistributionSpec } from '../templates/distribution';
import type { LambdaPermission as TemplateLambdaPermission } from '../templates/lambda-permissions';
import type { ScheduledRule } from '../templates/schedule-targets';
import type { SnsSubscription } from '../templates/sns-subscriptions';
import type { ApiRoute } from './api-route-matching';
import type { CloudFrontOptions } from './cloudfront';
import type { CloudFrontDistribution, DistributionConfig } from './cloudfront-distribution';
import type { LambdaPermission } from './lambda-permissions';
import type { ResponseHeadersPolicyConfig } from './response-headers-policy';
import type { TemplateResource } from './service-invocation';

/** The templates reader's shapes → the edge's inputs (which keep the templates' own CloudFormation shapes). */

export function edgeApiRoutes(routes: readonly TemplateApiRoute[]): ApiRoute[] {
  return routes.map((r) => {
    if (!r.functionArn) throw new Error(`route ${r.routeKey}: ${r.integrationType} integrations are not emulated`);
    const isDefault = r.routeKey === '$default';
    return { method: isDefault ? '' : r.method, path: isDefault ? '' : r.path, routeKey: r.routeKey, functionArn: r.functionArn, payloadFormatVersion: r.payloadFormatVersion, apiId: r.apiId };
  });
}

export function edgeLambdaPermissions(permissions: readonly TemplateLambdaPermission[]): LambdaPermission[] {
  return permissions.map((p) => ({
    Action: p.action,
    FunctionName: p.functionArn,
    Principal: p.principal,
    ...(p.sourceArn !== undefined ? { SourceArn: p.sourceArn } : {}),
    ...(p.sourceAccount !== undefined ? { SourceAccount: p.sourceAccount } : {}),
  }));
}

/** The distribution, its response headers policies, its functions' code and the site folder, for createCloudFront. */
export function edgeDistribution(spec: DistributionSpec): Pick<CloudFrontOptions, 'distribution' | 'functionCode' | 'siteFiles'> {
  const responseHeadersPolicies: Record<string, ResponseHeadersPolicyConfig> = {};
  const functionCode: CloudFrontOptions['functionCode'] = {};
  for (const behavior of [spec.defaultBehavior, ...spec.behaviors]) {
    if (behavior.responseHeadersPolicyId && behavior.responseHeadersPolicy) {
      responseHeadersPolicies[behavior.responseHeadersPolicyId] = behavior.responseHeadersPolicy as ResponseHeadersPolicyConfig;
    } else if (behavior.responseHeadersPolicyId) throw new Error(`managed response headers policy ${behavior.responseHeadersPolicyId} is not emulated`);
    for (const a of behavior.functionAssociations) functionCode[a.functionArn] = { code: a.code, runtime: a.runtime };
  }
  if (spec.webAssetDirs.length !== 1) throw new Error(`distribution ${spec.logicalId}: expected one web asset folder, found ${spec.webAssetDirs.length}`);
  const distribution: CloudFrontDistribution = { id: spec.id, domainName: spec.domainName, config: spec.config as DistributionConfig, responseHeadersPolicies };
  return { distribution, functionCode, siteFiles: spec.webAssetDirs[0]! };
}

export function edgeRule(rule: ScheduledRule): TemplateResource {
  return {
    stack: rule.stack,
    logicalId: rule.logicalId,
    ref: rule.name,
    attributes: { Arn: rule.arn },
    properties: {
      ScheduleExpression: rule.scheduleExpression,
      State: rule.state,
      Targets: rule.targets.map((t) => ({ Id: t.id, Arn: t.arn, Input: t.input, InputPath: t.inputPath, InputTransformer: t.inputTransformer })),
    },
  };
}

export function edgeSubscriptions(subscriptions: readonly SnsSubscription[]): TemplateResource[] {
  return subscriptions.map((s) => ({
    stack: s.stack,
    logicalId: s.logicalId,
    properties: { TopicArn: s.topicArn, Protocol: s.protocol, Endpoint: s.endpoint, FilterPolicy: s.filterPolicy, RawMessageDelivery: s.rawMessageDelivery || undefined },
  }));
}

/** Its properties are already stringified by the reader; stringifying again changes nothing. */
export function edgeCustomResource(spec: CustomResourceSpec): TemplateResource {
  return { stack: spec.stack, logicalId: spec.logicalId, type: spec.type, properties: { ...spec.properties, ServiceToken: spec.serviceToken } };
}
