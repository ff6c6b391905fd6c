import { createHash } from 'node:crypto';
import { AccessDeniedError, localAccount, type Authorizer, type CredentialIssuer, type LocalEndpoint, type Principal } from '../contracts';
import { callerAccessKey } from './caller-key';
import { serveEndpoint, type EndpointRequest, type EndpointResponse } from './endpoint-server';

/**
 * A local STS speaking its real protocol (awsQuery: form-encoded `Action=…&Version=2011-06-15`, XML
 * answers, errors as `ErrorResponse/Error/{Type,Code,Message}`), so the bundled SDK v3 client works
 * against it through AWS_ENDPOINT_URL_STS. AssumeRole asks the Authorizer for `sts:AssumeRole` (and
 * `sts:TagSession` when tags are passed) with the request's tags as condition keys, then issues the
 * session's keys through the CredentialIssuer, so later calls signed with them carry the session tags.
 */
export interface StsEndpointOptions {
  issuer: CredentialIssuer;
  authorizer: Authorizer;
  /** The role's MaxSessionDuration in seconds (the template's), or undefined for IAM's default of 3600. */
  maxSessionDuration?: (roleArn: string) => number | undefined;
  /** The role's unique id (AROA…) as IAM gave it (the templates' RoleId); a stable stand-in otherwise. */
  roleIdOf?: (roleArn: string) => string | undefined;
}

class StsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const namespace = 'https://sts.amazonaws.com/doc/2011-06-15/';

export async function startStsEndpoint(options: StsEndpointOptions): Promise<LocalEndpoint> {
  return serveEndpoint('STS', async (request) => {
    try {
      return await answer(request);
    } catch (error) {
      if (error instanceof StsError) return failure(error);
      throw error;
    }
  });

  function answer(request: EndpointRequest): Promise<EndpointResponse> | EndpointResponse {
    const form = new URLSearchParams(request.body.toString('utf8'));
    const query = new URL(request.url, 'http://local').searchParams;
    const param = (name: string) => form.get(name) ?? query.get(name) ?? undefined;
    const caller = identify(request);
    switch (param('Action')) {
      case 'AssumeRole':
        return assumeRole(caller, param);
      case 'GetCallerIdentity':
        return xml(
          'GetCallerIdentity',
          `<Arn>${escape(caller.arn)}</Arn><UserId>${escape(userId(caller, (arn) => options.roleIdOf?.(arn) ?? roleId(arn)))}</UserId><Account>${localAccount}</Account>`,
        );
      default:
        throw new StsError('InvalidAction', `Could not find operation ${param('Action') ?? '(none)'} for version 2011-06-15`);
    }
  }

  function identify(request: EndpointRequest): Principal {
    const key = callerAccessKey(request);
    const known = key ? options.issuer.lookup(key) : undefined;
    if (!known) throw new StsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    return known.principal;
  }

  async function assumeRole(caller: Principal, param: (name: string) => string | undefined): Promise<EndpointResponse> {
    const roleArn = param('RoleArn');
    const sessionName = param('RoleSessionName');
    if (!roleArn || roleArn.length < 20) throw validation('roleArn', roleArn, 'Member must have length greater than or equal to 20');
    if (!sessionName || sessionName.length < 2 || sessionName.length > 64) {
      throw validation('roleSessionName', sessionName, 'Member must have length between 2 and 64');
    }
    if (!/^[\w+=,.@-]*$/.test(sessionName)) throw validation('roleSessionName', sessionName, 'Member must satisfy regular expression pattern: [\\w+=,.@-]*');
    if (param('Policy') || param('PolicyArns.member.1.arn')) {
      // The Authorizer judges a session by its role's policies alone; a session policy would be ignored, so refuse it.
      throw new StsError('ValidationError', 'Session policies (Policy, PolicyArns) are not supported by the local STS');
    }

    const duration = Number(param('DurationSeconds') ?? 3600);
    if (!Number.isInteger(duration) || duration < 900) throw validation('durationSeconds', String(duration), 'Member must have value greater than or equal to 900');
    if (isAssumedRole(caller) && duration > 3600) {
      throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    }
    if (duration > (options.maxSessionDuration?.(roleArn) ?? 3600)) {
      throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }

    const tags = sessionTags(param);
    const transitive = members(param, 'TransitiveTagKeys');
    const context: Record<string, string | string[]> = { 'sts:RoleSessionName': sessionName };
    for (const [key, value] of Object.entries(tags)) context[`aws:RequestTag/${key}`] = value;
    if (Object.keys(tags).length) context['aws:TagKeys'] = Object.keys(tags);
    if (transitive.length) context['sts:TransitiveTagKeys'] = transitive;

    await authorize(caller, 'sts:AssumeRole', roleArn, context);
    if (Object.keys(tags).length) await authorize(caller, 'sts:TagSession', roleArn, context);

    const roleName = roleArn.split('/').pop()!;
    const arn = `arn:aws:sts::${localAccount}:assumed-role/${roleName}/${sessionName}`;
    const credentials = options.issuer.issue({ roleArn, arn, sessionTags: tags, label: `${roleName}/${sessionName} (assumed by ${caller.label})` }, { durationSeconds: duration });
    const expiration = credentials.expiration ?? new Date(Date.now() + duration * 1000);
    return xml(
      'AssumeRole',
      `<AssumedRoleUser><Arn>${escape(arn)}</Arn><AssumedRoleId>${options.roleIdOf?.(roleArn) ?? roleId(roleArn)}:${escape(sessionName)}</AssumedRoleId></AssumedRoleUser>` +
        `<Credentials><AccessKeyId>${escape(credentials.accessKeyId)}</AccessKeyId><SecretAccessKey>${escape(credentials.secretAccessKey)}</SecretAccessKey>` +
        `<SessionToken>${escape(credentials.sessionToken ?? '')}</SessionToken><Expiration>${expiration.toISOString()}</Expiration></Credentials>`,
    );
  }

  async function authorize(principal: Principal, action: string, resource: string, context: Record<string, string | string[]>) {
    try {
      await options.authorizer.authorize({ principal, action, resource, context });
    } catch (error) {
      if (error instanceof AccessDeniedError) throw new StsError('AccessDenied', error.message, 403);
      throw error;
    }
  }
}

/** `Tags.member.N.Key` / `Tags.member.N.Value`, as the query protocol flattens a list of structures. */
function sessionTags(param: (name: string) => string | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  const seen = new Set<string>();
  for (let n = 1; ; n++) {
    const key = param(`Tags.member.${n}.Key`);
    if (key === undefined) break;
    // Session tag keys are case-insensitive in IAM.
    if (seen.has(key.toLowerCase())) throw new StsError('InvalidParameterValue', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(key.toLowerCase());
    tags[key] = param(`Tags.member.${n}.Value`) ?? '';
  }
  if (Object.keys(tags).length > 50) throw validation('tags', '…', 'Member must have length less than or equal to 50');
  return tags;
}

function members(param: (name: string) => string | undefined, list: string): string[] {
  const values: string[] = [];
  for (let n = 1; ; n++) {
    const value = param(`${list}.member.${n}`);
    if (value === undefined) return values;
    values.push(value);
  }
}

function isAssumedRole(principal: Principal): boolean {
  return principal.arn.includes(':assumed-role/') && principal.arn !== principal.roleArn;
}

/** A stable stand-in for IAM's role id (AROA…), derived from the ARN. */
function roleId(roleArn: string): string {
  return 'AROA' + createHash('sha256').update(roleArn).digest('hex').slice(0, 17).toUpperCase();
}

function userId(principal: Principal, idOf: (roleArn: string) => string): string {
  const session = principal.arn.includes(':assumed-role/') ? principal.arn.split('/').pop() : undefined;
  return session ? `${idOf(principal.roleArn)}:${session}` : idOf(principal.roleArn);
}

function validation(member: string, value: string | undefined, constraint: string): StsError {
  return new StsError('ValidationError', `1 validation error detected: Value '${value ?? 'null'}' at '${member}' failed to satisfy constraint: ${constraint}`);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function xml(action: string, result: string): EndpointResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body:
      `<${action}Response xmlns="${namespace}"><${action}Result>${result}</${action}Result>` +
      `<ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

function failure(error: StsError): EndpointResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml' },
    body:
      `<ErrorResponse xmlns="${namespace}"><Error><Type>Sender</Type><Code>${error.code}</Code>` +
      `<Message>${escape(error.message)}</Message></Error><RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`,
  };
}
