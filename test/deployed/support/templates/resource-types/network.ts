import { alphabets } from '../deterministic-tokens.js';
import { nameRules } from '../physical-names.js';
import { once, stringProperty, type ResourceContext, type ResourceModelFactory } from './resource-model.js';

/** EC2 ids: a kind prefix and 17 hex digits (`vpc-0a1b…`). */
function ec2Id(r: ResourceContext, prefix: string): string {
  return `${prefix}-${r.token('ec2-id', 17, alphabets.lowerHex)}`;
}

/** Id prefixes EC2 uses, by resource type; any other AWS::EC2 type gets one made from its name's capitals. */
const ec2Prefixes: Record<string, string> = {
  VPC: 'vpc',
  Subnet: 'subnet',
  SecurityGroup: 'sg',
  SecurityGroupIngress: 'sgr',
  SecurityGroupEgress: 'sgr',
  RouteTable: 'rtb',
  SubnetRouteTableAssociation: 'rtbassoc',
  FlowLog: 'fl',
  InternetGateway: 'igw',
  NatGateway: 'nat',
  VPCEndpoint: 'vpce',
  NetworkAcl: 'acl',
  NetworkInterface: 'eni',
  Instance: 'i',
  LaunchTemplate: 'lt',
  TransitGateway: 'tgw',
  EgressOnlyInternetGateway: 'eigw',
  VPCPeeringConnection: 'pcx',
  PrefixList: 'pl',
};

export function ec2Model(type: string): ResourceModelFactory {
  const kind = type.split('::')[2] ?? type;
  const prefix = ec2Prefixes[kind] ?? (kind.match(/[A-Z]/g)?.join('').toLowerCase() || 'ec2');
  return (r) => {
    const id = once(() => ec2Id(r, prefix));
    const attributes: Record<string, () => string> = { Id: id };
    if (kind === 'VPC') {
      Object.assign(attributes, {
        VpcId: id,
        CidrBlock: () => stringProperty(r, 'CidrBlock') ?? '10.0.0.0/16',
        DefaultSecurityGroup: () => ec2Id(r, 'sg'),
        DefaultNetworkAcl: () => ec2Id(r, 'acl'),
      });
    }
    if (kind === 'Subnet') {
      Object.assign(attributes, {
        SubnetId: id,
        VpcId: () => stringProperty(r, 'VpcId') ?? '',
        AvailabilityZone: () => stringProperty(r, 'AvailabilityZone') ?? `${r.region}a`,
        CidrBlock: () => stringProperty(r, 'CidrBlock') ?? '',
      });
    }
    if (kind === 'SecurityGroup') Object.assign(attributes, { GroupId: id, VpcId: () => stringProperty(r, 'VpcId') ?? '' });
    if (kind === 'RouteTable') attributes.RouteTableId = id;
    if (kind === 'InternetGateway') attributes.InternetGatewayId = id;
    if (kind === 'NatGateway') attributes.NatGatewayId = id;
    if (kind === 'EIP') {
      const allocation = once(() => ec2Id(r, 'eipalloc'));
      const address = once(() => `203.0.113.${parseInt(r.token('ip', 2, alphabets.lowerHex), 16) % 254 + 1}`);
      return { ref: address, attributes: { AllocationId: allocation, PublicIp: address } };
    }
    return { ref: id, attributes };
  };
}

export const networkModels: Record<string, ResourceModelFactory> = {
  'AWS::ApiGatewayV2::Api': (r) => {
    const id = once(() => r.token('api-id', 10, alphabets.lowerAlnum));
    const scheme = () => (stringProperty(r, 'ProtocolType') === 'WEBSOCKET' ? 'wss' : 'https');
    return {
      ref: id,
      attributes: { ApiId: id, ApiEndpoint: () => `${scheme()}://${id()}.execute-api.${r.region}.${r.urlSuffix}` },
    };
  },
  'AWS::ApiGatewayV2::Stage': (r) => ({ ref: () => stringProperty(r, 'StageName') ?? '$default', attributes: {} }),
  'AWS::ApiGatewayV2::Route': (r) => {
    const id = once(() => r.token('route-id', 7, alphabets.lowerAlnum));
    return { ref: id, attributes: { RouteId: id } };
  },
  'AWS::ApiGatewayV2::Integration': (r) => {
    const id = once(() => r.token('integration-id', 7, alphabets.lowerAlnum));
    return { ref: id, attributes: { IntegrationId: id } };
  },
  'AWS::ApiGatewayV2::Authorizer': (r) => {
    const id = once(() => r.token('authorizer-id', 6, alphabets.lowerAlnum));
    return { ref: id, attributes: { AuthorizerId: id } };
  },
  'AWS::ApiGatewayV2::DomainName': (r) => ({
    ref: () => stringProperty(r, 'DomainName') ?? r.logicalId,
    attributes: {
      RegionalDomainName: () => `d-${r.token('domain', 10, alphabets.lowerAlnum)}.execute-api.${r.region}.${r.urlSuffix}`,
      RegionalHostedZoneId: () => 'Z3UWIKFBOOGXPP',
    },
  }),
  'AWS::ApiGatewayV2::ApiMapping': (r) => ({ ref: once(() => r.token('mapping', 6, alphabets.lowerAlnum)), attributes: {} }),
  'AWS::CloudFront::Distribution': (r) => {
    const id = once(() => `E${r.token('distribution-id', 13, alphabets.upperAlnum)}`);
    return {
      ref: id,
      attributes: { Id: id, DomainName: () => `d${r.token('distribution-domain', 13, alphabets.lowerAlnum)}.cloudfront.net` },
    };
  },
  'AWS::CloudFront::Function': (r) => {
    const arn = once(() => r.arn('cloudfront', `function/${stringProperty(r, 'Name') ?? r.logicalId}`, { region: '' }));
    return {
      ref: arn,
      attributes: {
        FunctionARN: arn,
        'FunctionMetadata.FunctionARN': arn,
        Stage: () => (r.property('AutoPublish') === true ? 'LIVE' : 'DEVELOPMENT'),
      },
    };
  },
  'AWS::CloudFront::OriginAccessControl': (r) => {
    const id = once(() => `E${r.token('oac-id', 13, alphabets.upperAlnum)}`);
    return { ref: id, attributes: { Id: id } };
  },
  'AWS::CloudFront::CloudFrontOriginAccessIdentity': (r) => {
    const id = once(() => `E${r.token('oai-id', 13, alphabets.upperAlnum)}`);
    return { ref: id, attributes: { Id: id, S3CanonicalUserId: () => r.token('canonical', 96, alphabets.lowerHex) } };
  },
  ...Object.fromEntries(
    ['ResponseHeadersPolicy', 'CachePolicy', 'OriginRequestPolicy'].map((kind) => [
      `AWS::CloudFront::${kind}`,
      ((r) => {
        const id = once(() => r.uuid(kind));
        return { ref: id, attributes: { Id: id, LastModifiedTime: () => '2024-01-01T00:00:00Z' } };
      }) satisfies ResourceModelFactory,
    ]),
  ),
  ...Object.fromEntries(
    [
      ['WebACL', 'webacl'],
      ['IPSet', 'ipset'],
      ['RuleGroup', 'rulegroup'],
      ['RegexPatternSet', 'regexpatternset'],
    ].map(([kind, arnKind]) => [
      `AWS::WAFv2::${kind}`,
      ((r) => {
        const name = once(() => r.nameOr('Name', nameRules.mixed(128)));
        const id = once(() => r.uuid(kind));
        const cloudFront = () => stringProperty(r, 'Scope') === 'CLOUDFRONT';
        // CLOUDFRONT-scoped WAF resources live in us-east-1 under `global/`.
        const arn = () =>
          r.arn('wafv2', `${cloudFront() ? 'global' : 'regional'}/${arnKind}/${name()}/${id()}`, {
            region: cloudFront() ? 'us-east-1' : r.region,
          });
        return {
          ref: () => `${name()}|${id()}|${stringProperty(r, 'Scope') ?? 'REGIONAL'}`,
          attributes: { Arn: arn, Id: id, LabelNamespace: () => `awswaf:${r.account}:${arnKind}:${name()}:` },
        };
      }) satisfies ResourceModelFactory,
    ]),
  ),
};
