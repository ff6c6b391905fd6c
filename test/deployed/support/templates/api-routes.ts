import type { DeployedTemplates } from '../contracts.js';
import { TemplateError } from './template-error.js';

/** One HTTP API route as API Gateway would serve it, with the function its integration invokes. */
export interface ApiRoute {
  stack: string;
  logicalId: string;
  apiId: string;
  /** As in the template: `GET /api/orchestras/{id}`, `ANY /api/{proxy+}`, `$default`. */
  routeKey: string;
  /** `GET`, `POST`, …, `ANY`; `$default` for the default route. */
  method: string;
  /** With `{param}` and `{proxy+}` placeholders; `$default` for the default route. */
  path: string;
  integrationId: string;
  integrationType: string;
  /** The Lambda function's ARN (taken out of an `arn:aws:apigateway:…:lambda:path/…/invocations` URI), if the integration is a Lambda. */
  functionArn: string | undefined;
  integrationUri: string;
  payloadFormatVersion: string;
  /** API Gateway's limit for the integration (HTTP APIs: 30 s unless set lower). */
  timeoutMs: number;
  authorizationType: string;
}

const lambdaInvocationUri = /^arn:[^:]+:apigateway:[^:]+:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/;

export function apiRoutes(templates: DeployedTemplates): ApiRoute[] {
  const integrations = templates.resourcesOfType('AWS::ApiGatewayV2::Integration');
  return templates.resourcesOfType('AWS::ApiGatewayV2::Route').map((route) => {
    const where = `${route.stack}/${route.logicalId}`;
    const routeKey = String(route.properties.RouteKey);
    const apiId = String(route.properties.ApiId);
    const target = String(route.properties.Target ?? '');
    const integrationId = /^integrations\/(.+)$/.exec(target)?.[1];
    if (!integrationId) throw new TemplateError(`${where}: route ${routeKey} has no integrations/<id> Target (got "${target}")`);
    const integration = integrations.find((candidate) => candidate.ref === integrationId && String(candidate.properties.ApiId) === apiId);
    if (!integration) throw new TemplateError(`${where}: route ${routeKey} targets integration ${integrationId}, which is not in API ${apiId}`);
    const integrationUri = String(integration.properties.IntegrationUri ?? '');
    const integrationType = String(integration.properties.IntegrationType);
    const functionArn =
      integrationType === 'AWS_PROXY'
        ? (lambdaInvocationUri.exec(integrationUri)?.[1] ?? (integrationUri.includes(':lambda:') ? integrationUri : undefined))
        : undefined;
    const [method, path] = routeKey === '$default' ? ['$default', '$default'] : routeKey.split(' ', 2);
    return {
      stack: route.stack,
      logicalId: route.logicalId,
      apiId,
      routeKey,
      method,
      path,
      integrationId,
      integrationType,
      functionArn,
      integrationUri,
      // CloudFormation requires it for HTTP APIs; API Gateway's own default is 1.0.
      payloadFormatVersion: String(integration.properties.PayloadFormatVersion ?? '1.0'),
      timeoutMs: Number(integration.properties.TimeoutInMillis ?? 30_000),
      authorizationType: String(route.properties.AuthorizationType ?? 'NONE'),
    };
  });
}
