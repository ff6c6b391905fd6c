import { CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { type RouteGroup, routeGroups, routes } from '../../functions/routes';
import { ApiFunction } from '../constructs/api-function';
import { functionEnvironment } from './function-settings';
import type { StageConfig } from '../stage-config';
import type { DataStack } from './data-stack';

export interface ApiStackProps extends StackProps {
  config: StageConfig;
  data: DataStack;
}

/** Steady-state and burst limits of the whole API; per-account login throttling lives in the database. */
export const apiThrottle = { rateLimit: 50, burstLimit: 100 };

/**
 * The HTTP API: one Lambda per route group of functions/routes.ts and one API route per route-table
 * entry, so the deployed API and the local server can't disagree about which routes exist.
 */
export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly functions: Record<RouteGroup, ApiFunction>;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, data } = props;

    this.functions = Object.fromEntries(
      routeGroups.map((group) => {
        const fn = new ApiFunction(this, `${pascalCase(group)}Function`, {
          entry: `functions/${group}/lambda.ts`,
          description: `Orchestra System ${config.stage}: ${group} routes`,
          environment: functionEnvironment(config),
          logRemovalPolicy: config.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
        grantRequestFunction(fn, config, data);
        return [group, fn];
      }),
    ) as Record<RouteGroup, ApiFunction>;

    // The default stage is made by hand: HttpApi's automatic one takes no access-log or throttle settings.
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `orchestra-system-${config.stage}`,
      description: `Orchestra System ${config.stage}: JSON API under /api, served through CloudFront`,
      createDefaultStage: false,
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: config.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: apiThrottle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: AccessLogField.contextRequestId(),
            ip: AccessLogField.contextIdentitySourceIp(),
            requestTime: AccessLogField.contextRequestTime(),
            method: AccessLogField.contextHttpMethod(),
            routeKey: '$context.routeKey',
            status: AccessLogField.contextStatus(),
            protocol: AccessLogField.contextProtocol(),
            responseLength: AccessLogField.contextResponseLength(),
            integrationLatency: AccessLogField.contextIntegrationLatency(),
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    const integrations = Object.fromEntries(
      routeGroups.map((group) => [group, new HttpLambdaIntegration(`${pascalCase(group)}Integration`, this.functions[group].function, {
          // One invoke permission per function instead of one per route keeps the function policy small.
          scopePermissionToRoute: false,
        })]),
    ) as Record<RouteGroup, HttpLambdaIntegration>;
    for (const route of routes) {
      this.httpApi.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration: integrations[route.group] });
    }

    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'Authorization happens in the handlers: a signed session cookie bound to the orchestra of the host name (SPEC 5). Login, password reset, respond and health are public by design.',
    });

    new CfnOutput(this, 'ApiEndpoint', { value: this.httpApi.apiEndpoint });
  }
}

/**
 * What a request function may do: control DB, orchestra DBs, session key, files. No email: request
 * functions write messages to the outbox and the tick sends them (ARCHITECTURE rule 7).
 */
function grantRequestFunction(fn: ApiFunction, config: StageConfig, data: DataStack): void {
  fn.useControlDatabase(data.cluster, data.controlAppSecret, data.controlDatabaseName)
    .useOrchestraDatabases(data.tenantRole, data.orchestraSecretPrefix)
    .useSessionKey(data.sessionKeySecret)
    .useFiles({ bucket: data.filesBucket, accessPolicy: data.filesAccessPolicy });
}

function pascalCase(name: string): string {
  return name.replace(/(^|[-_])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}
