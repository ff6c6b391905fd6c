import { localRegion, type AwsCall } from '../contracts.js';
import type { RolePolicies } from './policy-source.js';

/**
 * The condition keys IAM fills itself for a signed request, merged over the call's own (which a service adds:
 * resource tags, request tags, `ses:FromAddress`, …). The principal keys always come from the credentials, never
 * from the call. Every product call is HTTPS in AWS, so `aws:SecureTransport` is true and S3 sees TLS 1.3.
 */
export function iamRequestContext(call: AwsCall, role: RolePolicies | undefined, now: Date): Record<string, string | string[]> {
  const { principal } = call;
  const context: Record<string, string | string[]> = {};
  if (call.action.startsWith('s3:')) context['s3:TlsVersion'] = '1.3';
  Object.assign(context, call.context);

  const principalTags = { ...role?.tags, ...principal.sessionTags };
  for (const [key, value] of Object.entries(principalTags)) context[`aws:PrincipalTag/${key}`] = value;
  context['aws:PrincipalArn'] = principal.roleArn;
  context['aws:PrincipalAccount'] = principal.roleArn.split(':')[4] ?? '';
  context['aws:PrincipalType'] = 'AssumedRole';
  context['aws:userid'] = userId(principal.arn, role);
  context['aws:SecureTransport'] = 'true';
  context['aws:CurrentTime'] = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  context['aws:EpochTime'] = String(Math.floor(now.getTime() / 1000));
  context['aws:RequestedRegion'] = localRegion;
  return context;
}

/** `AROA…:<session name>` for an assumed-role session, the role id for the role itself. */
function userId(principalArn: string, role: RolePolicies | undefined): string {
  const roleId = role?.roleId ?? 'AROAUNKNOWNROLE';
  const session = principalArn.includes(':assumed-role/') ? principalArn.split('/').pop() : undefined;
  return session ? `${roleId}:${session}` : roleId;
}
