import { randomUUID } from 'node:crypto';
import type { DeployedTemplates, FunctionSpec } from '../../test/deployed/support/contracts';
import { apiRoutes, customResources, asCloudFormationSendsThem } from '../../test/deployed/support/templates/index';

/** One function's first invocation: what it is asked, and the name the printout gives it. */
export interface FirstEvent {
  /** `GET /api/health`, `scheduled tick`, … */
  what: string;
  event: unknown;
  /** request functions are held to the request goal, the tick to its own; others to cold import and size only. */
  kind: 'request' | 'tick' | 'other';
}

export interface EdgeHeaders {
  /** The origin secret's current value, if the stacks have one (what CloudFront adds as x-origin-verify). */
  originVerify?: string;
}

/** Route keys of the function, the simplest first: GET before others, fewer path parameters first. */
function routeKeysOf(templates: DeployedTemplates, spec: FunctionSpec): string[] {
  const rank = (key: string) => (key.startsWith('GET ') ? 0 : 10) + (key.match(/\{/g)?.length ?? 0);
  return apiRoutes(templates)
    .filter((route) => route.functionArn === spec.arn)
    .map((route) => route.routeKey)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A payload 2.0 event as API Gateway builds it behind CloudFront, without a session cookie. */
function apiEvent(routeKey: string, domain: string, edge: EdgeHeaders) {
  const [method, template] = routeKey.split(' ', 2) as [string, string];
  const path = template.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
  const headers: Record<string, string> = { host: 'local.execute-api.eu-north-1.amazonaws.com', 'x-forwarded-host': domain, 'x-viewer-address': '203.0.113.7', 'user-agent': 'orchestra-bench' };
  if (edge.originVerify) headers['x-origin-verify'] = edge.originVerify;
  const now = Date.now();
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '111111111111',
      apiId: 'local',
      domainName: headers.host,
      domainPrefix: 'local',
      http: { method: method === 'ANY' ? 'GET' : method, path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.1', userAgent: 'orchestra-bench' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    isBase64Encoded: false,
  };
}

/**
 * What each deployed function is asked first. The bench measures cold start to a first response, whatever it
 * answers: an API function its simplest route without a session (a 401 or 403 is a response), the tick a
 * scheduled event on an empty control database, the control database setup CloudFormation's Create, and every
 * other function an empty input (a validation error thrown by a workflow step is a response too).
 */
export function firstEventFor(templates: DeployedTemplates, spec: FunctionSpec, entry: string, edge: EdgeHeaders): FirstEvent {
  const routes = routeKeysOf(templates, spec);
  if (routes.length > 0) return { what: routes[0]!, event: apiEvent(routes[0]!, spec.environment.BASE_DOMAIN ?? 'orchestra.test', edge), kind: 'request' };
  if (entry.endsWith('tick-lambda.ts')) {
    return {
      what: 'scheduled event',
      kind: 'tick',
      event: { version: '0', id: randomUUID(), 'detail-type': 'Scheduled Event', source: 'aws.events', account: '111111111111', time: new Date().toISOString(), region: 'eu-north-1', resources: [], detail: {} },
    };
  }
  if (entry.endsWith('prepare-control-lambda.ts')) {
    const resource = customResources(templates).find((candidate) => candidate.type === 'Custom::OrchestraControlDatabase');
    if (!resource) throw new Error('no Custom::OrchestraControlDatabase in the templates');
    return {
      what: 'CloudFormation Create',
      kind: 'other',
      event: {
        RequestType: 'Create',
        ServiceToken: resource.serviceToken,
        ResponseURL: 'https://cloudformation-custom-resource-response.invalid/',
        StackId: resource.stackId,
        RequestId: randomUUID(),
        LogicalResourceId: resource.logicalId,
        ResourceType: resource.type,
        ResourceProperties: asCloudFormationSendsThem(resource.properties),
      },
    };
  }
  if (entry.includes('ses-feedback')) {
    return {
      what: 'SNS delivery notification',
      kind: 'other',
      event: {
        Records: [
          {
            EventSource: 'aws:sns',
            EventVersion: '1.0',
            Sns: { Type: 'Notification', MessageId: randomUUID(), Message: JSON.stringify({ notificationType: 'Delivery', mail: { messageId: 'bench', destination: [] } }), Timestamp: new Date().toISOString() },
          },
        ],
      },
    };
  }
  return { what: 'empty input', event: {}, kind: 'other' };
}
