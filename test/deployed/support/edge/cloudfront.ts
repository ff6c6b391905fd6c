import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiGateway } from './api-gateway';
import {
  aliasMatches,
  managedCachePolicies,
  managedOriginRequestPolicies,
  pathPatternMatches,
  type CacheBehavior,
  type CloudFrontDistribution,
  type DistributionOrigin,
} from './cloudfront-distribution';
import { compileCloudFrontFunction, newCloudFrontRequestId, type CloudFrontFunction } from './cloudfront-function-runtime';
import { fromFunctionRequest, fromFunctionResponse, toFunctionRequest } from './cloudfront-request-shape';
import { firstHeader, splitUrl, withoutHeaders, type EdgeRequest, type EdgeResponse, type HeaderPairs } from './edge-http';
import { applyResponseHeadersPolicy, assertPolicyEmulated } from './response-headers-policy';
import { createSiteOrigin } from './s3-site-origin';

/** An AWS::CloudFront::Function: its FunctionCode and FunctionConfig.Runtime. */
export interface CloudFrontFunctionSource {
  code: string;
  runtime: string;
}

export interface CloudFrontOptions {
  distribution: CloudFrontDistribution;
  /** The HTTP API origin: the behaviour whose custom origin's DomainName is its domain sends to `handle`. */
  apiGateway: Pick<ApiGateway, 'domainName' | 'handle'>;
  /** The web app asset folder: the site bucket's objects (the S3 origin). */
  siteFiles: string;
  /** The CloudFront Functions by the FunctionARN the behaviours' FunctionAssociations name. */
  functionCode: Record<string, CloudFrontFunctionSource | string>;
  /** The edge server's address, which API Gateway sees as the caller (sourceIp). */
  edgeIp?: string;
  /**
   * The value of a CloudFormation dynamic reference (`{{resolve:secretsmanager:…}}`) in the distribution, as
   * CloudFormation reads it at deploy time (the origin secret of the API origin's x-origin-verify header): give
   * the local Secrets Manager's value. @default throws, naming the reference
   */
  resolveDynamicReference?: (reference: string) => string;
}

const dynamicReference = /\{\{resolve:[^}]+\}\}/g;

/** The origins with their custom headers' dynamic references resolved, once, like CloudFormation at deploy. */
function resolvedOrigins(origins: DistributionOrigin[], resolve: CloudFrontOptions['resolveDynamicReference']): DistributionOrigin[] {
  const resolveOne = (reference: string, header: string): string => {
    if (!resolve) throw new Error(`CloudFront: origin header ${header} holds the dynamic reference ${reference}; pass resolveDynamicReference to createCloudFront`);
    return resolve(reference);
  };
  return origins.map((origin) =>
    origin.OriginCustomHeaders
      ? { ...origin, OriginCustomHeaders: origin.OriginCustomHeaders.map((h) => ({ ...h, HeaderValue: h.HeaderValue.replace(dynamicReference, (ref) => resolveOne(ref, h.HeaderName)) })) }
      : origin,
  );
}

export interface ViewerLogEntry {
  host: string;
  method: string;
  uri: string;
  status: number;
  behavior: string;
  /** The request as the origin received it (after the function and the origin request policy). */
  originRequest?: EdgeRequest;
}

export interface CloudFront {
  /** `http://127.0.0.1:<port>`: the viewer side (plain HTTP standing for the TLS CloudFront terminates). */
  url: string;
  port: number;
  /** One viewer request, in process. */
  handle(request: EdgeRequest): Promise<EdgeResponse>;
  readonly viewerLog: readonly ViewerLogEntry[];
  stop(): Promise<void>;
}

const hopByHop = ['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

function cloudFrontError(status: number, title: string, detail: string): EdgeResponse {
  const html = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">\n<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">\n<TITLE>ERROR: The request could not be satisfied</TITLE>\n</HEAD><BODY>\n<H1>${status} ${title}</H1>\n<H2>The request could not be satisfied.</H2>\n<HR noshade size="1px">\n${detail}\n</BODY></HTML>`;
  return { status, headers: [['content-type', 'text/html'], ['server', 'CloudFront']], body: Buffer.from(html) };
}

function checkEmulated(distribution: CloudFrontDistribution): void {
  const { config } = distribution;
  if (config.CustomErrorResponses?.length) throw new Error('CloudFront: CustomErrorResponses are not emulated');
  for (const behavior of [config.DefaultCacheBehavior, ...(config.CacheBehaviors ?? [])]) {
    const label = behavior.PathPattern ?? 'default behaviour';
    if (behavior.LambdaFunctionAssociations?.length) throw new Error(`CloudFront ${label}: Lambda@Edge is not emulated`);
    if (behavior.CachePolicyId && !managedCachePolicies[behavior.CachePolicyId]) throw new Error(`CloudFront ${label}: cache policy ${behavior.CachePolicyId} is not emulated`);
    if (behavior.OriginRequestPolicyId && !managedOriginRequestPolicies[behavior.OriginRequestPolicyId]) {
      throw new Error(`CloudFront ${label}: origin request policy ${behavior.OriginRequestPolicyId} is not emulated`);
    }
    for (const a of behavior.FunctionAssociations ?? []) {
      if (a.EventType !== 'viewer-request') throw new Error(`CloudFront ${label}: ${a.EventType} functions are not emulated`);
    }
  }
  for (const policy of Object.values(distribution.responseHeadersPolicies)) assertPolicyEmulated(policy);
}

/**
 * The CloudFront distribution of the web stack, from its DistributionConfig: one local server that takes
 * every host (the aliases), picks the cache behaviour by path pattern, runs the behaviour's viewer-request
 * CloudFront Function (its real code), forwards to the behaviour's origin what its policies forward (the HTTP
 * API with all viewer headers but Host; the site bucket by key), adds CloudFront's own headers and the
 * response headers policy. Nothing is cached: the API behaviour disables caching, and the site's objects do
 * not change during a test.
 */
export async function createCloudFront(options: CloudFrontOptions): Promise<CloudFront> {
  const { distribution } = options;
  checkEmulated(distribution);
  const config = { ...distribution.config, Origins: resolvedOrigins(distribution.config.Origins, options.resolveDynamicReference) };
  const edgeIp = options.edgeIp ?? '130.176.0.1';
  const edgeHost = `${randomBytes(16).toString('hex')}.cloudfront.net`;
  const siteOrigin = createSiteOrigin(options.siteFiles);
  const viewerLog: ViewerLogEntry[] = [];

  const functions = new Map<string, CloudFrontFunction>();
  for (const [arn, source] of Object.entries(options.functionCode)) {
    const { code, runtime } = typeof source === 'string' ? { code: source, runtime: 'cloudfront-js-2.0' } : source;
    functions.set(arn, compileCloudFrontFunction(code, runtime, arn));
  }
  const functionFor = (behavior: CacheBehavior): CloudFrontFunction | undefined => {
    const association = behavior.FunctionAssociations?.find((a) => a.EventType === 'viewer-request');
    if (!association) return undefined;
    const fn = functions.get(association.FunctionARN);
    if (!fn) throw new Error(`CloudFront: no code given for function ${association.FunctionARN}`);
    return fn;
  };
  // Every association must have its code now, not at the first request that needs it.
  for (const behavior of [config.DefaultCacheBehavior, ...(config.CacheBehaviors ?? [])]) functionFor(behavior);

  function selectBehavior(path: string): CacheBehavior {
    return config.CacheBehaviors?.find((b) => b.PathPattern && pathPatternMatches(b.PathPattern, path)) ?? config.DefaultCacheBehavior;
  }

  function originOf(behavior: CacheBehavior): DistributionOrigin {
    const origin = config.Origins.find((o) => o.Id === behavior.TargetOriginId);
    if (!origin) throw new Error(`CloudFront: behaviour targets unknown origin ${behavior.TargetOriginId}`);
    return origin;
  }

  async function toOrigin(behavior: CacheBehavior, request: EdgeRequest, viewerIp: string, cfId: string): Promise<{ response: EdgeResponse; originRequest?: EdgeRequest }> {
    const origin = originOf(behavior);
    const { path } = splitUrl(request.url);
    if (origin.S3OriginConfig !== undefined) {
      // The managed cache policies forward nothing of the viewer's to S3 but conditional-request headers.
      const uri = path === '/' && config.DefaultRootObject ? `/${config.DefaultRootObject}` : path;
      const conditional = request.headers.filter(([n]) => n.toLowerCase() === 'if-none-match');
      return { response: await siteOrigin(request.method, `${origin.OriginPath ?? ''}${uri}`, conditional) };
    }
    if (origin.DomainName !== options.apiGateway.domainName) {
      return { response: cloudFrontError(502, 'Bad Gateway', `CloudFront wasn't able to connect to the origin ${origin.DomainName}.`) };
    }
    const policy = behavior.OriginRequestPolicyId ? managedOriginRequestPolicies[behavior.OriginRequestPolicyId] : undefined;
    const viewerHost = firstHeader(request.headers, 'host') ?? '';
    // An origin custom header replaces a viewer header of the same name (CloudFront overwrites it).
    const customNames = (origin.OriginCustomHeaders ?? []).map((h) => h.HeaderName.toLowerCase());
    const forwarded = policy ? withoutHeaders(request.headers, 'host', 'x-forwarded-for', 'via', 'x-amz-cf-id', ...hopByHop, ...customNames) : [];
    const priorForwardedFor = policy ? firstHeader(request.headers, 'x-forwarded-for') : undefined;
    const headers: HeaderPairs = [
      ['host', policy?.forwardsHost ? viewerHost : origin.DomainName],
      ...forwarded,
      ['x-forwarded-for', priorForwardedFor ? `${priorForwardedFor}, ${viewerIp}` : viewerIp],
      ['via', `2.0 ${edgeHost} (CloudFront)`],
      ['x-amz-cf-id', cfId],
      ...(origin.OriginCustomHeaders ?? []).map((h): [string, string] => [h.HeaderName.toLowerCase(), h.HeaderValue]),
    ];
    if (!policy) headers.push(['user-agent', 'Amazon CloudFront']);
    const originUrl = policy ? request.url : path;
    const originRequest: EdgeRequest = { method: request.method, url: `${origin.OriginPath ?? ''}${originUrl}`, headers, body: request.body, sourceIp: edgeIp, protocol: 'HTTP/1.1' };
    try {
      return { response: await options.apiGateway.handle(originRequest), originRequest };
    } catch (error) {
      return { response: cloudFrontError(502, 'Bad Gateway', `The origin failed: ${(error as Error).message}`), originRequest };
    }
  }

  async function handle(viewer: EdgeRequest): Promise<EdgeResponse> {
    const cfId = newCloudFrontRequestId();
    const host = (firstHeader(viewer.headers, 'host') ?? '').toLowerCase().replace(/:\d+$/, '');
    const { path } = splitUrl(viewer.url);
    const hostServed = host === distribution.domainName || (config.Aliases ?? []).some((alias) => aliasMatches(alias, host));
    const behavior = selectBehavior(path);
    const label = behavior.PathPattern ?? 'default';
    const finish = (response: EdgeResponse, originRequest?: EdgeRequest, applyPolicy = true): EdgeResponse => {
      let headers = withoutHeaders(response.headers, ...hopByHop, 'content-length');
      headers.push(['x-cache', response.status >= 400 ? 'Error from cloudfront' : 'Miss from cloudfront'], ['via', `1.1 ${edgeHost} (CloudFront)`], ['x-amz-cf-pop', 'ARN56-P1'], ['x-amz-cf-id', cfId]);
      const policy = behavior.ResponseHeadersPolicyId ? distribution.responseHeadersPolicies[behavior.ResponseHeadersPolicyId] : undefined;
      if (applyPolicy && policy) headers = applyResponseHeadersPolicy(policy, headers);
      viewerLog.push({ host, method: viewer.method, uri: path, status: response.status, behavior: label, ...(originRequest ? { originRequest } : {}) });
      return { status: response.status, headers, body: response.body };
    };
    if (!hostServed) return finish(cloudFrontError(403, 'ERROR', 'Bad request. We can\'t connect to the server for this app or website at this time.'), undefined, false);
    const allowed = behavior.AllowedMethods ?? ['GET', 'HEAD'];
    if (!allowed.includes(viewer.method.toUpperCase())) {
      return finish(cloudFrontError(403, 'ERROR', 'This distribution is not configured to allow the HTTP request method that was used for this request.'), undefined, false);
    }

    let request: EdgeRequest = viewer;
    const fn = functionFor(behavior);
    if (fn) {
      try {
        const result = await fn({
          version: '1.0',
          context: { distributionDomainName: distribution.domainName, distributionId: distribution.id, eventType: 'viewer-request', requestId: cfId },
          viewer: { ip: viewer.sourceIp },
          request: toFunctionRequest(viewer.method.toUpperCase(), viewer.url, viewer.headers),
        });
        if (result.kind === 'response') return finish(fromFunctionResponse(result.response));
        request = { ...viewer, ...fromFunctionRequest(result.request) };
      } catch (error) {
        return finish(cloudFrontError(503, 'ERROR', `The CloudFront function associated with the CloudFront distribution is invalid or could not run. (${(error as Error).message})`));
      }
    }
    const { response, originRequest } = await toOrigin(behavior, request, viewer.sourceIp, cfId);
    return finish(viewer.method.toUpperCase() === 'HEAD' ? { ...response, body: Buffer.alloc(0) } : response, originRequest);
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: HeaderPairs = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!.toLowerCase(), req.rawHeaders[i + 1]!]);
      const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
      handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers, body: Buffer.concat(chunks), sourceIp, protocol: `HTTP/${req.httpVersion}` })
        .then((response) => {
          const grouped = new Map<string, string[]>();
          for (const [name, value] of response.headers) grouped.set(name, [...(grouped.get(name) ?? []), value]);
          for (const [name, values] of grouped) res.setHeader(name, values.length === 1 && name !== 'set-cookie' ? values[0]! : values);
          res.setHeader('content-length', String(response.body.length));
          res.writeHead(response.status);
          res.end(req.method === 'HEAD' ? undefined : response.body);
        })
        .catch((error: Error) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`edge emulation failed: ${error.stack}`);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    handle,
    viewerLog,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
