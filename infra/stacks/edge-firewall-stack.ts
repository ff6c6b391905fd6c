import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { routes } from '../../functions/routes';
import type { StageConfig } from '../stage-config';

export interface EdgeFirewallStackProps extends StackProps {
  config: StageConfig;
}

/** A web ACL for CloudFront can only be created in us-east-1, whatever region the rest of the stage runs in. */
export const edgeFirewallRegion = 'us-east-1';

/** Rate-based rules count requests per viewer address over this window. */
export const rateWindowSeconds = 300;

/**
 * Per-address limits over five minutes (WAF's window), each for the paths of the route table it names. They
 * sit well above what a person does (a login or two, a reset, a musician answering a few requests from one
 * venue's Wi-Fi) and well below what guessing passwords or tokens needs. The API's own throttle and the
 * per-account login throttle in the database still apply behind them.
 */
export const rateLimits = [
  { name: 'login', limit: 100, pathMatch: 'EXACTLY', path: '/api/auth/login' },
  // The reset request and its confirmation (STARTS_WITH covers /confirm).
  { name: 'password-reset', limit: 50, pathMatch: 'STARTS_WITH', path: '/api/auth/password-reset' },
  { name: 'respond', limit: 300, pathMatch: 'STARTS_WITH', path: '/api/respond/' },
  // Everything from one address, the web app's files included (a page load is a few dozen requests).
  { name: 'all-requests', limit: 3000, pathMatch: 'STARTS_WITH', path: '/' },
] as const;

/** The route-table routes each limit covers (a limit that matched no route would protect nothing). */
export function routesLimitedBy(limit: (typeof rateLimits)[number]): string[] {
  return routes
    .filter((route) => (limit.pathMatch === 'EXACTLY' ? route.path === limit.path : route.path.startsWith(limit.path)))
    .map((route) => `${route.method} ${route.path}`);
}

/**
 * The WAF in front of CloudFront (scope CLOUDFRONT, hence its own stack in us-east-1): per-address rate rules
 * for login, password reset and the musicians' respond links, and AWS's managed common rule set. CloudFront
 * stacks are environment-agnostic, and CDK passes values between regions only between stacks with explicit
 * regions, so the web stack attaches this ACL by the ARN stored as `webAclArn` in the stage's file
 * (docs/operations.md, "The web application firewall").
 */
export class EdgeFirewallStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeFirewallStackProps) {
    super(scope, id, { ...props, env: { ...props.env, region: edgeFirewallRegion } });
    const { config } = props;
    const metric = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName: `orchestra-system-${config.stage}-${name}`,
      sampledRequestsEnabled: true,
    });

    const rateRules: wafv2.CfnWebACL.RuleProperty[] = rateLimits.map((rule, index) => ({
      name: `rate-${rule.name}`,
      priority: index,
      action: { block: {} },
      statement: {
        rateBasedStatement: {
          aggregateKeyType: 'IP',
          limit: rule.limit,
          evaluationWindowSec: rateWindowSeconds,
          // Every path counts for the all-requests rule; the others count only their own paths.
          ...(rule.path === '/'
            ? {}
            : {
                scopeDownStatement: {
                  byteMatchStatement: {
                    fieldToMatch: { uriPath: {} },
                    positionalConstraint: rule.pathMatch,
                    searchString: rule.path,
                    textTransformations: [{ priority: 0, type: 'NONE' }],
                  },
                },
              }),
        },
      },
      visibilityConfig: metric(`rate-${rule.name}`),
    }));

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `orchestra-system-${config.stage}`,
      description: `Orchestra System ${config.stage}: in front of CloudFront`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: metric('web-acl'),
      rules: [
        ...rateRules,
        {
          name: 'aws-common-rule-set',
          priority: rateRules.length,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              // The rule set blocks bodies over 8 KB; the API takes JSON up to 1 MB (a musician import),
              // so that one rule only counts. File uploads go to S3 directly, not through CloudFront.
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: metric('aws-common-rule-set'),
        },
      ],
    });

    new CfnOutput(this, 'WebAclArn', {
      description: `Store as "webAclArn" in infra/stages/${config.stage}.json and deploy the web stack to put this ACL in front of CloudFront`,
      value: this.webAcl.attrArn,
    });
  }
}
