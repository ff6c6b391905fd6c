import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { localAccount, localRegion } from '../contracts';
import { buildApiGatewayEvent, newApiRequestId, newTraceId } from './api-gateway-event';
import { internalServerError, mapFunctionResult, notFound, serviceUnavailable } from './api-gateway-response';
import { matchRoute, type ApiRoute } from './api-route-matching';
import { splitUrl, type EdgeRequest, type EdgeResponse } from './edge-http';
import { findInvokePermission, type LambdaPermission } from './lambda-permissions';
import type { InvokeFunction } from './service-invocation';


export interface ApiGatewayOptions {
  routes: readonly ApiRoute[];
  invoke: InvokeFunction;
  /** When given, a route whose function grants API Gateway no invoke permission answers 500, as in AWS. */
  lambdaPermissions?: readonly LambdaPermission[];
  /** The HTTP API's integration timeout (30 s, its maximum); a test may shorten it. */
  integrationTimeoutMs?: number;
  now?: () => Date;
}

/** One request as the stage's access log would show it. */
export interface ApiAccessLogEntry {
  requestId: string;
  routeKey: string;
  status: number;
  functionArn?: string;
  /** Why the integration failed ($context.integrationErrorMessage), if it did. */
  integrationError?: string;
  event?: APIGatewayProxyEventV2;
}

export interface ApiGateway {
  apiId: string;
  /** `<apiId>.execute-api.<region>.amazonaws.com`: the origin domain CloudFront sends the Host of. */
  domainName: string;
  handle(request: EdgeRequest): Promise<EdgeResponse>;
  readonly accessLog: readonly ApiAccessLogEntry[];
}

type Outcome = { kind: 'result'; result: Awaited<ReturnType<InvokeFunction>> } | { kind: 'timeout' };

/**
 * The HTTP API (AWS::ApiGatewayV2::Api, `$default` stage, Lambda proxy integrations with payload format 2.0)
 * built from its routes as the API stack declares them: route selection, the 2.0 event, response mapping,
 * the integration timeout and, optionally, the functions' resource policies.
 */
export function createApiGateway(options: ApiGatewayOptions): ApiGateway {
  const apiId = options.routes[0]?.apiId;
  if (!apiId) throw new Error('createApiGateway: no routes');
  for (const route of options.routes) {
    if (route.payloadFormatVersion !== '2.0') throw new Error(`route ${route.routeKey}: payload format ${route.payloadFormatVersion} is not emulated`);
  }
  const domainName = `${apiId}.execute-api.${localRegion}.amazonaws.com`;
  const timeoutMs = options.integrationTimeoutMs ?? 30_000;
  const now = options.now ?? (() => new Date());
  const accessLog: ApiAccessLogEntry[] = [];

  async function invokeWithinLimit(functionArn: string, event: unknown): Promise<Outcome> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<Outcome>((resolve) => (timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs)));
    try {
      return await Promise.race([options.invoke(functionArn, event).then((result): Outcome => ({ kind: 'result', result })), limit]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function handle(request: EdgeRequest): Promise<EdgeResponse> {
    const requestId = newApiRequestId();
    const at = now();
    const method = request.method.toUpperCase();
    const { path } = splitUrl(request.url);
    const match = matchRoute(options.routes, method, path);
    const respond = (response: EdgeResponse, entry: Omit<ApiAccessLogEntry, 'requestId' | 'status'>): EdgeResponse => {
      accessLog.push({ requestId, status: response.status, ...entry });
      response.headers.push(['apigw-requestid', requestId], ['date', at.toUTCString()]);
      return response;
    };
    if (!match) return respond(notFound(), { routeKey: '-' });

    const { route } = match;
    const event = buildApiGatewayEvent(request, match, {
      accountId: localAccount,
      apiId,
      domainName,
      requestId,
      traceId: newTraceId(at),
      now: at,
    });
    if (options.lambdaPermissions) {
      const resource = route.routeKey === '$default' ? '$default' : `${method}${path}`;
      const sourceArn = `arn:aws:execute-api:${localRegion}:${localAccount}:${apiId}/$default/${resource}`;
      const call = { functionArn: route.functionArn, principal: 'apigateway.amazonaws.com', sourceArn, sourceAccount: localAccount };
      if (!findInvokePermission(options.lambdaPermissions, call)) {
        return respond(internalServerError(), {
          routeKey: route.routeKey,
          functionArn: route.functionArn,
          integrationError: `The IAM role configured on the integration or API Gateway doesn't have permissions to call the integration (no Lambda permission for ${sourceArn})`,
          event,
        });
      }
    }
    const outcome = await invokeWithinLimit(route.functionArn, event);
    if (outcome.kind === 'timeout') {
      return respond(serviceUnavailable(), { routeKey: route.routeKey, functionArn: route.functionArn, integrationError: 'Integration timeout', event });
    }
    const response = mapFunctionResult(outcome.result);
    const integrationError = outcome.result.ok
      ? response.status === 500 && !isStructured500(outcome.result.payload)
        ? 'The Lambda function returned a response API Gateway cannot map'
        : undefined
      : `${outcome.result.error.errorType}: ${outcome.result.error.errorMessage}`;
    return respond(response, { routeKey: route.routeKey, functionArn: route.functionArn, event, ...(integrationError ? { integrationError } : {}) });
  }

  return { apiId, domainName, handle, accessLog };
}

function isStructured500(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && (payload as { statusCode?: unknown }).statusCode === 500;
}
