import type { IncomingHttpHeaders } from 'node:http';

/**
 * The access key id a SigV4-signed request was signed with: from the Authorization header
 * (`AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-north-1/sts/aws4_request, …`), from a presigned URL's
 * `X-Amz-Credential` query parameter, or from a presigned POST form's `X-Amz-Credential` field.
 * Endpoints map it back to the principal (CredentialIssuer.lookup) so IAM can judge the call.
 */
export function callerAccessKey(request: { headers: IncomingHttpHeaders; url?: string }, formFields?: Record<string, string>): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /Credential=([^/,\s]+)\//.exec(authorization);
    if (match) return match[1];
  }
  const fromCredential = (credential: string | null | undefined) => credential?.split('/')[0] || undefined;
  if (request.url) {
    const query = new URL(request.url, 'http://local').searchParams;
    const key = fromCredential(query.get('X-Amz-Credential'));
    if (key) return key;
  }
  if (formFields) {
    const field = Object.entries(formFields).find(([name]) => name.toLowerCase() === 'x-amz-credential');
    return fromCredential(field?.[1]);
  }
  return undefined;
}
