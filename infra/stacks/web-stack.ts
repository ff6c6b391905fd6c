import * as fs from 'node:fs';
import * as path from 'node:path';
import { Annotations, CfnOutput, DefaultStackSynthesizer, Duration, RemovalPolicy, SecretValue, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { projectRoot } from '../constructs/api-function';
import { wildcardResourceFinding } from '../constructs/nag-finding';
import type { StageConfig } from '../stage-config';
import { forwardedHostHeader, originVerifyHeader, viewerAddressHeader } from '../../shared/http/middleware/edge-origin';
import { originVerifySecretName } from './api-stack';

export interface WebStackProps extends StackProps {
  config: StageConfig;
  httpApi: HttpApi;
  accessLogsBucket: s3.IBucket;
  /** Browsers upload project files straight to this bucket, so the content security policy allows it. */
  filesBucket: s3.IBucket;
  /** Built web app to upload (`frontend/dist`); nothing is uploaded when undefined. */
  webAssetsPath?: string;
}

/** `frontend/dist` when the web app has been built, else undefined: synth must work before the first build. */
export function builtWebAppPath(): string | undefined {
  const dist = path.join(projectRoot, 'frontend', 'dist');
  return fs.existsSync(path.join(dist, 'index.html')) ? dist : undefined;
}

/**
 * CloudFront in front of everything: the web app from a private bucket (Origin Access Control) and `/api/*`
 * to the HTTP API. Orchestras are told apart by host name (`<orchestra>.<domain>`), but API Gateway needs
 * its own Host header, so a viewer-request function copies the viewer's host into `x-forwarded-host` (and
 * the viewer's address into `x-viewer-address`); CloudFront adds the origin secret as `x-origin-verify`,
 * without which the functions trust neither (shared/http/middleware/edge-origin.ts).
 */
export class WebStack extends Stack {
  readonly siteBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.siteBucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 's3/site/',
      // The content is rebuilt from the repository; still kept, as CloudFormation cannot delete a non-empty bucket.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const forwardHost = new cloudfront.Function(this, 'ForwardHost', {
      comment: 'Copies the viewer Host and IP into x-forwarded-host and x-viewer-address for the API',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(forwardHostSource),
    });
    const spaFallback = new cloudfront.Function(this, 'SpaFallback', {
      comment: 'Serves index.html for client-side routes (paths without a file extension)',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(spaFallbackSource),
    });

    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Orchestra System security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(props.filesBucket.bucketRegionalDomainName), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true }],
      },
    });

    // A CloudFormation dynamic reference: the template holds only the secret's name, CloudFormation reads the
    // value at deploy time. A version id (rotation, docs/operations.md) changes the reference's text, which is
    // what makes CloudFormation read it again.
    const originVerify = SecretValue.secretsManager(originVerifySecretName(config.stage), {
      jsonField: 'value',
      versionId: config.originVerifyVersionId,
    }).unsafeUnwrap();
    const apiOrigin = new origins.HttpOrigin(`${props.httpApi.apiId}.execute-api.${this.region}.${this.urlSuffix}`, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      customHeaders: { [originVerifyHeader]: originVerify },
    });

    const certificate = config.certificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn) : undefined;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Orchestra System ${config.stage}`,
      defaultRootObject: 'index.html',
      domainNames: config.domainName ? [config.domainName, `*.${config.domainName}`] : undefined,
      certificate,
      // Only a custom certificate can raise the TLS floor; CloudFront's default one is fixed.
      minimumProtocolVersion: certificate ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // The edge firewall stack's ACL (us-east-1), by the ARN stored in the stage's file.
      webAclId: config.webAclArn,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.accessLogsBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [{ function: spaFallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: {
        '/api/*': {
          origin: apiOrigin,
          // API calls include POSTs: refuse plain HTTP instead of redirecting (a redirect drops the body).
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          // Cookies, query strings and every viewer header (including x-forwarded-host) except Host.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
          functionAssociations: [{ function: forwardHost, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
          compress: true,
        },
      },
    });

    if (config.domainName && config.hostedZoneId && config.hostedZoneName) {
      const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: config.hostedZoneId,
        zoneName: config.hostedZoneName,
      });
      const target = route53.RecordTarget.fromAlias(new route53Targets.CloudFrontTarget(this.distribution));
      // Trailing dots make the names absolute, so the domain may sit below the zone's apex.
      for (const [id, recordName] of [
        ['Apex', `${config.domainName}.`],
        ['Wildcard', `*.${config.domainName}.`],
      ] as const) {
        new route53.ARecord(this, `${id}A`, { zone, recordName, target });
        new route53.AaaaRecord(this, `${id}Aaaa`, { zone, recordName, target });
      }
    }

    if (props.webAssetsPath) {
      const deployment = new s3deploy.BucketDeployment(this, 'DeployWebApp', {
        sources: [s3deploy.Source.asset(props.webAssetsPath)],
        destinationBucket: this.siteBucket,
        distribution: this.distribution,
        distributionPaths: ['/*'],
        memoryLimit: 512,
      });
      acknowledgeBucketDeploymentFindings(this.siteBucket, deployment);
    }

    this.acknowledgeFindings(config);

    new CfnOutput(this, 'DistributionDomainName', { value: this.distribution.distributionDomainName });
    new CfnOutput(this, 'SiteBucketName', { value: this.siteBucket.bucketName });
  }

  private acknowledgeFindings(config: StageConfig): void {
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Orchestras and their musicians may be anywhere (tours, substitutes abroad); no country can be excluded.',
      },
    );
    if (!config.webAclArn) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason: 'The web ACL is made by the edge firewall stack in us-east-1 and attached once its ARN is stored as webAclArn (a first deploy cannot know it); the synth warns until then.',
      });
      if (config.stage !== 'dev') {
        Annotations.of(this).addWarningV2(
          '@orchestra-system/no-web-acl',
          `No webAclArn: CloudFront runs without the WAF. Deploy orchestra-system-${config.stage}-edge-firewall (us-east-1), store its WebAclArn output as "webAclArn" in infra/stages/${config.stage}.json and deploy the web stack again.`,
        );
      }
    }
    if (!config.certificateArn) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason: "Without the domainName/certificateArn context the distribution uses CloudFront's default certificate, which cannot enforce a minimum TLS version; every stage with a domain sets TLSv1.2_2021.",
      });
    }
  }
}

/**
 * The BucketDeployment's provider is CDK's own deploy-time Lambda (it copies the built app from the CDK
 * asset bucket and invalidates CloudFront); its role and runtime are CDK's choice, accepted here by name.
 */
function acknowledgeBucketDeploymentFindings(site: s3.Bucket, deployment: s3deploy.BucketDeployment): void {
  const provider = deployment.handlerRole.node.scope;
  if (!provider) throw new Error('BucketDeployment handler role has no scope');
  const stack = Stack.of(site);
  const reasonIam = 'CDK BucketDeployment provider: runs only during deployment and needs to copy from the CDK asset bucket into the site bucket and invalidate the distribution.';
  const assets = `arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>/*`;
  Validations.of(provider).acknowledge(
    { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: `${reasonIam} It logs through the basic execution policy CDK attaches.` },
    ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: `${reasonIam} CDK grants the object actions as wildcards.`,
    })),
    { id: `AwsSolutions-IAM5[Resource::${assets}]`, reason: `${reasonIam} Assets are read from the bootstrap asset bucket.` },
    { id: wildcardResourceFinding(stack, site.arnForObjects('*')), reason: `${reasonIam} Every object of the site bucket is replaced on deploy.` },
    { id: 'AwsSolutions-IAM5[Resource::*]', reason: `${reasonIam} CloudFront invalidation has no resource-level permissions.` },
    { id: 'AwsSolutions-L1', reason: 'CDK BucketDeployment provider: its runtime is pinned by aws-cdk-lib and upgraded with it.' },
  );
}

/**
 * Viewer-request function for `/api/*` (cloudfront-js-2.0). Overwrites any client-sent x-forwarded-host and
 * x-viewer-address, so the API only ever sees the host the viewer actually connected to and the address it
 * connected from (API Gateway's sourceIp is CloudFront's edge; x-forwarded-for starts with whatever the
 * viewer sent). CloudFront-Viewer-Address would need an origin request policy that forwards Host too, which
 * API Gateway refuses.
 */
const forwardHostSource = `function handler(event) {
  var request = event.request;
  var host = request.headers.host;
  if (host) {
    request.headers['${forwardedHostHeader}'] = { value: host.value };
  } else {
    delete request.headers['${forwardedHostHeader}'];
  }
  request.headers['${viewerAddressHeader}'] = { value: event.viewer.ip };
  return request;
}`;

/** Viewer-request function for the web app: a path whose last segment has no dot is a client-side route. */
const spaFallbackSource = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}`;

/** The web app loads only its own code and talks to its own API, plus direct uploads to the files bucket. */
function contentSecurityPolicy(filesBucketDomain: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' https://${filesBucketDomain}`,
    `form-action 'self' https://${filesBucketDomain}`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
