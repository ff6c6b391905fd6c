import type { ResponseHeadersPolicyConfig } from './response-headers-policy';

/** The parts of an AWS::CloudFront::Distribution's DistributionConfig this tier acts on, resolved. */
export interface CacheBehavior {
  PathPattern?: string;
  TargetOriginId: string;
  AllowedMethods?: string[];
  CachePolicyId?: string;
  OriginRequestPolicyId?: string;
  ResponseHeadersPolicyId?: string;
  FunctionAssociations?: { EventType: string; FunctionARN: string }[];
  LambdaFunctionAssociations?: unknown[];
  ViewerProtocolPolicy: string;
}

export interface DistributionOrigin {
  Id: string;
  DomainName: string;
  OriginPath?: string;
  S3OriginConfig?: unknown;
  CustomOriginConfig?: unknown;
  OriginCustomHeaders?: { HeaderName: string; HeaderValue: string }[];
}

export interface DistributionConfig {
  Aliases?: string[];
  CacheBehaviors?: CacheBehavior[];
  DefaultCacheBehavior: CacheBehavior;
  DefaultRootObject?: string;
  Origins: DistributionOrigin[];
  CustomErrorResponses?: unknown[];
}

export interface CloudFrontDistribution {
  /** The distribution id (what `Ref` gives). */
  id: string;
  /** `d…cloudfront.net` */
  domainName: string;
  config: DistributionConfig;
  /** The AWS::CloudFront::ResponseHeadersPolicy configs by their id (what the behaviours' ResponseHeadersPolicyId holds). */
  responseHeadersPolicies: Record<string, ResponseHeadersPolicyConfig>;
}

/** AWS's managed cache policies (by id): what of the viewer request they put in the cache key, hence forward. */
export const managedCachePolicies: Record<string, string> = {
  '658327ea-f89d-4fab-a63d-7e88639e58f6': 'CachingOptimized',
  '4135ea2d-6df8-44a3-9df3-4b5a84be39ad': 'CachingDisabled',
};

/** AWS's managed origin request policies (by id) this tier emulates. */
export const managedOriginRequestPolicies: Record<string, { name: string; forwardsHost: boolean }> = {
  // All viewer headers, cookies and query strings; the Host is the origin's own domain.
  'b689b0a8-53d0-40ab-baf2-68738e2966ac': { name: 'AllViewerExceptHostHeader', forwardsHost: false },
  '216adef6-5c7f-47e4-b989-5492eafa07d3': { name: 'AllViewer', forwardsHost: true },
};

/** CloudFront path patterns: `*` any run of characters, `?` one; case-sensitive; matched against the URI path. */
export function pathPatternMatches(pattern: string, path: string): boolean {
  const normalized = pattern.startsWith('/') ? pattern : `/${pattern}`;
  const source = normalized.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(path);
}

/** An alternate domain name, `*.example.com` covering one label. */
export function aliasMatches(alias: string, host: string): boolean {
  const a = alias.toLowerCase();
  if (!a.startsWith('*.')) return a === host;
  const suffix = a.slice(1);
  return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.') && host.length > suffix.length;
}
