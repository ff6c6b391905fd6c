import { S3Error } from './s3-errors';

/** A bucket's CORS rule as the CloudFormation template writes it (AWS::S3::Bucket CorsConfiguration.CorsRules). */
export interface S3CorsRule {
  AllowedOrigins: string[];
  AllowedMethods: string[];
  AllowedHeaders?: string[];
  ExposedHeaders?: string[];
  MaxAge?: number;
  Id?: string;
}

/** One `*` matches any run of characters, as S3 matches AllowedOrigin and AllowedHeader. */
const wildcardMatch = (pattern: string, value: string) =>
  new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i').test(value);

function matchingRule(rules: S3CorsRule[], origin: string, method: string, requestHeaders: string[]) {
  return rules.find(
    (rule) =>
      rule.AllowedOrigins.some((allowed) => wildcardMatch(allowed, origin)) &&
      rule.AllowedMethods.includes(method) &&
      requestHeaders.every((header) => (rule.AllowedHeaders ?? []).some((allowed) => wildcardMatch(allowed, header))),
  );
}

function allowHeaders(rule: S3CorsRule, origin: string): Record<string, string> {
  const anyOrigin = rule.AllowedOrigins.includes('*');
  return {
    'access-control-allow-origin': anyOrigin ? '*' : origin,
    'access-control-allow-methods': rule.AllowedMethods.join(', '),
    ...(anyOrigin ? {} : { 'access-control-allow-credentials': 'true' }),
    ...(rule.ExposedHeaders?.length ? { 'access-control-expose-headers': rule.ExposedHeaders.join(', ') } : {}),
    ...(rule.MaxAge !== undefined ? { 'access-control-max-age': String(rule.MaxAge) } : {}),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
}

/** Headers for an actual cross-origin request: none when no rule matches (the browser then blocks the answer). */
export function corsResponseHeaders(rules: S3CorsRule[] | undefined, origin: string | undefined, method: string): Record<string, string> {
  if (!rules || !origin) return {};
  const rule = matchingRule(rules, origin, method, []);
  return rule ? allowHeaders(rule, origin) : {};
}

/** The answer to an OPTIONS preflight, or the 403 S3 gives when CORS is off or no rule allows it. */
export function preflight(rules: S3CorsRule[] | undefined, origin: string | undefined, method: string | undefined, requestHeaders: string | undefined): Record<string, string> {
  if (!origin || !method) {
    throw new S3Error('BadRequest', 'Insufficient information. Origin request header needed.', 400);
  }
  if (!rules) throw new S3Error('AccessForbidden', 'CORSResponse: CORS is not enabled for this bucket.', 403, { Method: method, ResourceType: 'OBJECT' });
  const headers = (requestHeaders ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const rule = matchingRule(rules, origin, method, headers);
  if (!rule) {
    throw new S3Error(
      'AccessForbidden',
      'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.',
      403,
      { Method: method, ResourceType: 'OBJECT' },
    );
  }
  return { ...allowHeaders(rule, origin), ...(headers.length ? { 'access-control-allow-headers': headers.join(', ') } : {}) };
}
