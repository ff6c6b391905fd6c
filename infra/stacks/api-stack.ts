import { ArnFormat, CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { type RouteGroup, routeGroups, routes } from '../../functions/routes';
import { metricsNamespace } from '../../shared/app/jobs/tick-metrics';
import { ApiFunction } from '../constructs/api-function';
import { wildcardResourceFinding } from '../constructs/nag-finding';
import { tenantRoleUserRoleName } from '../constructs/tenant-role';
import { functionEnvironment } from './function-settings';
import type { StageConfig } from '../stage-config';
import type { DataStack } from './data-stack';
import { workflowStateMachineName } from './workflows-stack';

export interface ApiStackProps extends StackProps {
  config: StageConfig;
  data: DataStack;
}

/** Steady-state and burst limits of the whole API; per-account login throttling lives in the database. */
export const apiThrottle = { rateLimit: 50, burstLimit: 100 };

/**
 * The secret whose `value` CloudFront sends to the API as x-origin-verify. Named by convention so the web
 * stack can write its CloudFormation dynamic reference as plain text (no export inside `{{resolve:…}}`).
 */
export function originVerifySecretName(stage: string): string {
  return `orchestra-system/${stage}/origin-verify`;
}

/** Requests the API answered 429 (counted from the access log), in the tick metrics' namespace with the Stage dimension. */
export const apiThrottledMetricName = 'ApiThrottledRequests';

/**
 * The HTTP API: one Lambda per route group of functions/routes.ts and one API route per route-table
 * entry, so the deployed API and the local server can't disagree about which routes exist.
 */
export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly functions: Record<RouteGroup, ApiFunction>;
  /** Requests answered 429 by the API's throttle (no HTTP API metric counts them apart from other 4xx). */
  readonly throttledRequests: cloudwatch.Metric;
  /** JSON `{ "value": "…", "previous"?: "…" }`: proves a request came through CloudFront (docs/operations.md, rotation). */
  readonly originVerifySecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, data } = props;

    // The execute-api endpoint stays public (disabling it needs a custom domain on the API as well as on
    // CloudFront); instead every request function refuses a request that lacks this secret.
    this.originVerifySecret = new secretsmanager.Secret(this, 'OriginVerify', {
      secretName: originVerifySecretName(config.stage),
      description: `Orchestra System ${config.stage}: CloudFront sends its value to the API as x-origin-verify`,
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'value', passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(this.originVerifySecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'CloudFront reads the value only when the web stack is deployed, so rotation is a two-step operator procedure (docs/operations.md: new value with the old as previous, then a web stack deploy), not a rotation Lambda.',
    });

    this.functions = Object.fromEntries(
      routeGroups.map((group) => {
        const fn = new ApiFunction(this, `${pascalCase(group)}Function`, {
          entry: `functions/${group}/lambda.ts`,
          description: `Orchestra System ${config.stage}: ${group} routes`,
          environment: functionEnvironment(config),
          logRemovalPolicy: config.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
          // The superadmin compares each orchestra's schema version with the newest migration file.
          copyIntoBundle: group === 'superadmin' ? ['migrations'] : undefined,
          // The tenant role trusts this name (every request function reaches orchestra databases through it).
          roleName: tenantRoleUserRoleName(config.stage, group),
        });
        grantRequestFunction(fn, config, data);
        fn.useOriginVerifySecret(this.originVerifySecret);
        if (groupsHandlingFiles.has(group)) fn.useFiles({ bucket: data.filesBucket });
        return [group, fn];
      }),
    ) as Record<RouteGroup, ApiFunction>;
    grantWorkflowStart(this.functions.superadmin, config);

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
            // A constant, so the metric filter below can give its metric the Stage dimension the tick's metrics have.
            stage: config.stage,
          }),
        ),
      },
    });

    // HTTP APIs publish no metric of their own for 429s (only `4xx`, which mostly counts 401/404/422 answers
    // to ordinary use): the access log has every request's status, throttled ones included, so a filter counts them.
    new logs.MetricFilter(this, 'ThrottledRequestsFilter', {
      logGroup: accessLogs,
      filterPattern: logs.FilterPattern.stringValue('$.status', '=', '429'),
      metricNamespace: metricsNamespace,
      metricName: apiThrottledMetricName,
      metricValue: '1',
      dimensions: { Stage: '$.stage' },
      unit: cloudwatch.Unit.COUNT,
    });
    this.throttledRequests = new cloudwatch.Metric({ namespace: metricsNamespace, metricName: apiThrottledMetricName, dimensionsMap: { Stage: config.stage } });

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
 * What a request function may do: control DB, orchestra DBs, session key. No email: request functions
 * write messages to the outbox and the tick sends them (ARCHITECTURE rule 7).
 */
function grantRequestFunction(fn: ApiFunction, config: StageConfig, data: DataStack): void {
  fn.useControlDatabase(data.cluster, data.controlAppSecret, data.controlDatabaseName)
    .useOrchestraDatabases(data.tenantRole, data.orchestraSecretPrefix)
    .useSessionKey(data.sessionKeySecret);
}

/**
 * The route groups whose use cases read or write the files bucket (their entries use awsRuntimeWithFiles):
 * uploads and downloads, the musician's on-request files, backups. Only they are granted the bucket.
 */
const groupsHandlingFiles = new Set<RouteGroup>(['files', 'respond', 'superadmin']);

/**
 * Only the superadmin function starts workflows and reads their progress. The state machines live in the
 * workflows stack, which is deployed after this one, so they are named by convention (no cross-stack
 * reference, no cycle).
 */
function grantWorkflowStart(fn: ApiFunction, config: StageConfig): void {
  const stack = Stack.of(fn);
  const machines = (['provision-orchestra', 'migrate-all'] as const).map((workflow) => workflowStateMachineName(config.stage, workflow));
  const machineArn = (name: string) => stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  const executionsArn = (name: string) =>
    stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${name}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  fn.setEnvironment('PROVISIONING_STATE_MACHINE_ARN', machineArn(machines[0]))
    .setEnvironment('MIGRATE_ALL_STATE_MACHINE_ARN', machineArn(machines[1]))
    .setEnvironment('MIGRATIONS_DIR', 'migrations');
  fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'StartWorkflows', actions: ['states:StartExecution'], resources: machines.map(machineArn) }));
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'FollowWorkflows',
      actions: ['states:DescribeExecution', 'states:GetExecutionHistory'],
      resources: machines.map(executionsArn),
    }),
  );
  Validations.of(fn).acknowledge(
    ...machines.map((name) => ({
      id: wildcardResourceFinding(fn, executionsArn(name)),
      reason: 'Executions are named when started; the superadmin follows any execution of these two state machines only.',
    })),
  );
}

function pascalCase(name: string): string {
  return name.replace(/(^|[-_])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}
