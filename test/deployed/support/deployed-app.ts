import { localAccount, localRegion, type Credentials, type Decision, type DeployedTemplates, type FunctionSpec, type InvocationResult, type LocalEndpoint } from './contracts';
import { startLocalCluster, type LocalCluster } from './app/cluster';
import { secretsManagerReferenceResolver } from './app/dynamic-references';
import { seededSecrets } from './app/generated-secrets';
import { startRdsDataEndpoint, type RdsDataEndpoint } from './aws/rds-data-endpoint';
import { createS3Endpoint, type S3Endpoint } from './aws/s3-endpoint';
import { SecretStore } from './aws/secret-store';
import { startSecretsManagerEndpoint } from './aws/secrets-manager-endpoint';
import { createSesEndpoint, type SesEndpoint } from './aws/ses-endpoint';
import { createStepFunctionsEndpoint, type StepFunctionsEndpoint } from './aws/step-functions-endpoint';
import { startStsEndpoint } from './aws/sts-endpoint';
import { createApiGateway, type ApiGateway } from './edge/api-gateway';
import { startCloudFormationResponseEndpoint, type CloudFormationResponseEndpoint } from './edge/cloudformation-response-endpoint';
import { createCloudFront, type CloudFront } from './edge/cloudfront';
import { runCustomResource, type CustomResourceOutcome, type CustomResourceRequestType } from './edge/custom-resource';
import { fetchVia, type ViaInit, type ViaResponse } from './edge/fetch-via';
import { edgeApiRoutes, edgeCustomResource, edgeDistribution, edgeLambdaPermissions, edgeRule, edgeSubscriptions } from './edge/from-template-specs';
import type { LambdaPermission } from './edge/lambda-permissions';
import { runSchedule, type ScheduleTargetRun } from './edge/scheduled-event';
import { publishSns, type SnsDelivery } from './edge/sns-publish';
import { createAuthorizer, createCredentialIssuer, policiesFromTemplates, type LocalCredentialIssuer } from './iam';
import { createLambdaHost, type LocalLambdaHost } from './lambda/lambda-host';
import { createLambdaInvokeEndpoint } from './lambda/lambda-invoke-endpoint';
import {
  apiRoutes,
  customResources,
  distribution,
  lambdaPermissions,
  loadDeployedTemplates,
  scheduleTargets,
  secretsToCreate,
  snsSubscriptions,
  stateMachines,
  type CustomResourceSpec,
} from './templates';

/**
 * The synthesized app stood up on one machine for a scenario (ARCHITECTURE rule 10a): every Lambda asset from
 * the cloud assembly in its own process with its template environment and its role's keys; the Aurora cluster
 * as a real PostgreSQL behind the Data API; Secrets Manager, STS, SES, S3 and Step Functions as local
 * endpoints that judge every call against the caller's synthesized policies; API Gateway, CloudFront, the
 * schedule, SNS and the custom resources as the templates declare them.
 *
 * Not run: the CDK BucketDeployment (a Python function) — CloudFront serves the web asset folder it would copy.
 */
export interface DeployedApp {
  templates: DeployedTemplates;
  host: LocalLambdaHost;
  issuer: LocalCredentialIssuer;
  cluster: LocalCluster;
  secrets: SecretStore;
  ses: SesEndpoint;
  s3: S3Endpoint;
  sfn: StepFunctionsEndpoint;
  data: RdsDataEndpoint;
  api: ApiGateway;
  cloudfront: CloudFront;
  /** The apex host (the stage's domainName). */
  apex: string;
  /** CloudFormation's Create (first deploy) or Update (a later deploy) of the stacks' Lambda-backed custom resources. */
  runCustomResources(requestType: CustomResourceRequestType): Promise<CustomResourceOutcome[]>;
  /** One firing of the schedule: the tick's run, as EventBridge invokes it. */
  tick(at?: Date): Promise<ScheduleTargetRun[]>;
  /** What SES publishes to the feedback topic (a bounce or complaint notification), delivered by SNS. */
  publishFeedback(notification: string): Promise<SnsDelivery[]>;
  /** A browser's request to `https://<host><path>` through CloudFront, with that browser's cookies. */
  request(host: string, path: string, init?: ViaInit): Promise<ViaResponse>;
  /** The function of the template with this logical id prefix (e.g. `TickFunction`). */
  functionNamed(logicalIdPrefix: string): FunctionSpec;
  /** The credentials Lambda gives that function (its role's session), for a test that calls AWS as it would. */
  credentialsOf(logicalIdPrefix: string): Credentials;
  /** Each local AWS endpoint's URL by AWS_ENDPOINT_URL_<SERVICE> suffix (S3, STS, …). */
  endpoints: Readonly<Record<string, string>>;
  /** Every IAM decision that denied, for the scenario's "no unexpected denial" check. */
  denials(): Decision[];
  stop(): Promise<void>;
}

export interface DeployedAppOptions {
  /** The cloud assembly (`inject('cloudAssembly')`). */
  outdir: string;
  /** Echo every function's logs to stderr (also DEPLOYED_TIER_LOGS=1). */
  echoLogs?: boolean;
  /** Step Functions Retry pauses, shortened for a scenario. */
  retryIntervalMs?: number;
}

/** Custom resources this tier runs; others (the BucketDeployment) are listed in DeployedApp's comment. */
const runsInNode = (spec: CustomResourceSpec, functions: readonly FunctionSpec[]) =>
  functions.some((f) => f.arn === spec.serviceToken && f.runtime.startsWith('nodejs'));

export async function startDeployedApp(options: DeployedAppOptions): Promise<DeployedApp> {
  const templates = loadDeployedTemplates(options.outdir);
  const stopping: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const stop of stopping.reverse()) await stop();
  };
  try {
    const secrets = new SecretStore();
    secrets.seed(seededSecrets(secretsToCreate(templates)));

    const clusterResource = single(templates.resourcesOfType('AWS::RDS::DBCluster'), 'an Aurora cluster');
    const adminSecret = single(
      secretsToCreate(templates).filter((s) => s.targetAttachment?.targetId === clusterResource.ref),
      "the cluster's admin secret",
    );
    const adminLogin = JSON.parse(secrets.read(adminSecret.arn)!.value!) as { username: string; password: string };
    const cluster = await startLocalCluster({ ...adminLogin, databaseName: String(clusterResource.properties.DatabaseName ?? 'postgres') });
    stopping.push(() => cluster.stop());

    const issuer = createCredentialIssuer();
    const policies = policiesFromTemplates(Object.values(templates.stacks).flatMap((s) => Object.values(s.resources)));
    const authorizer = createAuthorizer(policies);

    const responses = await startCloudFormationResponseEndpoint();
    stopping.push(() => responses.stop());
    const onEventFunctions = new Set(customResources(templates).map((c) => c.serviceToken));
    // The provider framework PUTs its answer to an https:// ResponseURL on port 443: its process reaches the
    // local CloudFormation endpoint through a proxy (the network a Lambda would have), nothing else changes.
    const functions = templates
      .functions()
      .map((spec) => (onEventFunctions.has(spec.arn) ? { ...spec, environment: { ...spec.environment, ...responses.functionEnvironment } } : spec));

    const endpoints: Record<string, string> = {};
    // Lambda's credentials are its role's session named after the function.
    const credentialsFor = (spec: FunctionSpec) =>
      issuer.issue({
        roleArn: spec.roleArn,
        arn: `arn:aws:sts::${localAccount}:assumed-role/${spec.roleArn.split('/').pop()}/${spec.functionName}`,
        sessionTags: {},
        label: `${spec.stack}/${spec.logicalId}`,
      });
    const host = createLambdaHost({
      functions,
      credentialsFor,
      endpoints,
      region: localRegion,
      echoLogs: options.echoLogs,
    });
    stopping.push(() => host.stop());
    const invoke = (arn: string, event: unknown): Promise<InvocationResult> => host.invoke(arn, event);

    const local: LocalEndpoint[] = [];
    local.push(await startSecretsManagerEndpoint({ issuer, authorizer, store: secrets }));
    local.push(await startStsEndpoint({ issuer, authorizer, maxSessionDuration: (roleArn) => roleMaxSessionDuration(templates, roleArn), roleIdOf: (roleArn) => policies.role(roleArn)?.roleId }));
    const data = await startRdsDataEndpoint({
      secrets,
      pg: { host: cluster.host, port: cluster.port },
      clusterArn: clusterResource.attributes.DBClusterArn!,
      issuer,
      authorizer,
    });
    local.push(data);
    const ses = await createSesEndpoint({
      issuer,
      authorizer,
      verifiedIdentities: templates.resourcesOfType('AWS::SES::EmailIdentity').map((r) => ({
        identity: String(r.properties.EmailIdentity),
        defaultConfigurationSet: r.properties.ConfigurationSetAttributes?.ConfigurationSetName,
      })),
      configurationSets: templates.resourcesOfType('AWS::SES::ConfigurationSet').map((r) => r.ref),
    });
    local.push(ses);
    const s3 = await createS3Endpoint({
      issuer,
      authorizer,
      buckets: templates.resourcesOfType('AWS::S3::Bucket').map((r) => ({ name: r.ref, corsRules: r.properties.CorsConfiguration?.CorsRules })),
    });
    local.push(s3);
    const sfn = await createStepFunctionsEndpoint({
      stateMachines: stateMachines(templates),
      invoke,
      issuer,
      authorizer,
      retryIntervalMs: options.retryIntervalMs ?? 50,
    });
    local.push(sfn);
    local.push(await createLambdaInvokeEndpoint({ host, issuer, authorizer, functions }));
    for (const endpoint of local) {
      endpoints[endpoint.service] = endpoint.url;
      stopping.push(() => endpoint.stop());
    }
    stopping.push(() => data.standIn.close());

    const permissions: LambdaPermission[] = edgeLambdaPermissions(lambdaPermissions(templates));
    const api = createApiGateway({ routes: edgeApiRoutes(apiRoutes(templates)), invoke, lambdaPermissions: permissions });
    const cloudfront = await createCloudFront({
      ...edgeDistribution(distribution(templates)),
      apiGateway: api,
      resolveDynamicReference: secretsManagerReferenceResolver(secrets),
    });
    stopping.push(() => cloudfront.stop());

    const functionNamed = (prefix: string) => single(functions.filter((f) => f.logicalId.startsWith(prefix)), `a function ${prefix}*`);
    const apex = String(templates.resourcesOfType('AWS::CloudFront::Distribution')[0]?.properties.DistributionConfig?.Aliases?.[0] ?? '');
    const rule = single(scheduleTargets(templates), 'the tick schedule');
    const subscriptions = edgeSubscriptions(snsSubscriptions(templates));

    return {
      templates,
      host,
      issuer,
      cluster,
      secrets,
      ses,
      s3,
      sfn,
      data,
      api,
      cloudfront,
      apex,
      async runCustomResources(requestType) {
        const outcomes: CustomResourceOutcome[] = [];
        for (const spec of customResources(templates).filter((c) => runsInNode(c, functions))) {
          outcomes.push(await runCustomResource({ resource: edgeCustomResource(spec), requestType, stackId: spec.stackId, invoke, responses, timeoutMs: 300_000 }));
        }
        return outcomes;
      },
      tick: (at) => runSchedule(edgeRule(rule), invoke, { at, lambdaPermissions: permissions }),
      publishFeedback: (notification) => {
        const topics = [...new Set(snsSubscriptions(templates).map((s) => s.topicArn))];
        return publishSns(single(topics, 'the SES feedback topic'), notification, subscriptions, invoke, { lambdaPermissions: permissions });
      },
      request: (hostName, path, init) => fetchVia(cloudfront, hostName, path, init),
      functionNamed,
      credentialsOf: (prefix) => credentialsFor(functionNamed(prefix)),
      endpoints,
      denials: () => authorizer.denials(),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function single<T>(items: readonly T[], what: string): T {
  if (items.length !== 1) throw new Error(`the deployed app: expected ${what}, found ${items.length}`);
  return items[0]!;
}

function roleMaxSessionDuration(templates: DeployedTemplates, roleArn: string): number | undefined {
  const role = templates.findByRefOrArn(roleArn);
  const value = role?.properties.MaxSessionDuration;
  return value === undefined ? undefined : Number(value);
}
