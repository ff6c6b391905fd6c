import type { IncomingMessage } from 'node:http';
import type { Credentials, CredentialIssuer, Principal } from '../contracts';
import { accessDenied, invalidAccessKeyId, S3Error, signatureDoesNotMatch } from './s3-errors';
import { hmacHex, parseAmzDate, parseCredential, sameSignature, sha256Hex, signingKey, stringToSignFor, type SignatureParts } from './s3-sigv4-signature';

/** Who signed an S3 request, and how (the `s3:authType` condition key). */
export interface S3Signer {
  principal: Principal;
  authType: 'REST-HEADER' | 'REST-QUERY-STRING' | 'POST';
  /** For header-signed calls: the x-amz-content-sha256 the client sent. */
  contentSha256?: string;
}

const maxPresignSeconds = 7 * 24 * 3600;
const allowedSkewMs = 15 * 60 * 1000;

/** The principal behind an access key, or S3's answer for an unknown, mismatched or expired one. */
export function knownSigner(issuer: CredentialIssuer, accessKeyId: string, sessionToken: string | undefined, now = new Date()) {
  const known = issuer.lookup(accessKeyId);
  if (!known) throw invalidAccessKeyId(accessKeyId);
  checkSessionToken(known.credentials, sessionToken, now);
  return known;
}

function checkSessionToken(credentials: Credentials, sessionToken: string | undefined, now: Date) {
  if ((credentials.sessionToken ?? undefined) !== (sessionToken || undefined)) {
    throw new S3Error('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400);
  }
  // A URL presigned with session credentials dies with the session, whatever its X-Amz-Expires says.
  if (credentials.expiration && credentials.expiration <= now) throw new S3Error('ExpiredToken', 'The provided token has expired.', 400);
}

function checkScope(parts: { region: string; service: string }, region: string, where: string) {
  if (parts.region !== region) {
    throw new S3Error('AuthorizationHeaderMalformed', `The ${where} is malformed; the region '${parts.region}' is wrong; expecting '${region}'`, 400, { Region: region });
  }
  if (parts.service !== 's3') throw new S3Error('AuthorizationHeaderMalformed', `The ${where} is malformed; incorrect service '${parts.service}'. This endpoint belongs to 's3'.`, 400);
}

/** Verifies an SDK call (Authorization header) or a presigned URL (X-Amz-* query) and names its signer. */
export function authenticate(request: IncomingMessage, issuer: CredentialIssuer, region: string, body: Buffer): S3Signer {
  const url = request.url ?? '/';
  const query = new URL(url, 'http://local').searchParams;
  const now = new Date();
  if (typeof request.headers.authorization === 'string') {
    const parts = parseAuthorizationHeader(request.headers.authorization, request.headers['x-amz-date']);
    checkScope(parts, region, 'authorization header');
    const signedAt = parseAmzDate(parts.amzDate);
    if (!signedAt) throw accessDenied('AWS authentication requires a valid Date or x-amz-date header');
    if (Math.abs(now.getTime() - signedAt.getTime()) > allowedSkewMs) {
      throw new S3Error('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403);
    }
    const payloadHash = request.headers['x-amz-content-sha256'];
    if (typeof payloadHash !== 'string') throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', 400);
    if (/^[0-9a-f]{64}$/.test(payloadHash) && payloadHash !== sha256Hex(body)) {
      throw new S3Error('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400);
    }
    const known = knownSigner(issuer, parts.accessKeyId, headerValue(request.headers['x-amz-security-token']), now);
    verify(request, parts, payloadHash, known.credentials.secretAccessKey);
    return { principal: known.principal, authType: 'REST-HEADER', contentSha256: payloadHash };
  }
  if (query.has('X-Amz-Signature')) {
    if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"', 400);
    const credential = parseCredential(query.get('X-Amz-Credential') ?? '');
    const amzDate = query.get('X-Amz-Date') ?? '';
    const expires = Number(query.get('X-Amz-Expires'));
    const signedAt = parseAmzDate(amzDate);
    if (!credential || !signedAt || !query.has('X-Amz-SignedHeaders') || !Number.isInteger(expires)) {
      throw new S3Error(
        'AuthorizationQueryParametersError',
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
        400,
      );
    }
    if (expires < 1 || expires > maxPresignSeconds) {
      throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds', 400);
    }
    checkScope(credential, region, 'X-Amz-Credential parameter');
    const known = knownSigner(issuer, credential.accessKeyId, query.get('X-Amz-Security-Token') ?? undefined, now);
    const parts: SignatureParts = { ...credential, amzDate, signedHeaders: (query.get('X-Amz-SignedHeaders') ?? '').split(';'), signature: query.get('X-Amz-Signature') ?? '' };
    // S3 checks the signature before the expiry: a tampered, expired URL is a signature mismatch.
    verify(request, parts, query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD', known.credentials.secretAccessKey);
    const expiresAt = new Date(signedAt.getTime() + expires * 1000);
    if (now > expiresAt) {
      throw new S3Error('AccessDenied', 'Request has expired', 403, {
        'X-Amz-Expires': expires,
        Expires: expiresAt.toISOString().replace(/\.\d+Z$/, 'Z'),
        ServerTime: now.toISOString().replace(/\.\d+Z$/, 'Z'),
      });
    }
    return { principal: known.principal, authType: 'REST-QUERY-STRING' };
  }
  // Anonymous: IAM has no principal to judge, and every bucket here blocks public access.
  throw accessDenied();
}

function verify(request: IncomingMessage, parts: SignatureParts, payloadHash: string, secretAccessKey: string) {
  const stringToSign = stringToSignFor({ method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers }, parts, payloadHash);
  const expected = hmacHex(signingKey(secretAccessKey, parts.date, parts.region, parts.service), stringToSign);
  if (!sameSignature(expected, parts.signature)) throw signatureDoesNotMatch(parts.accessKeyId, stringToSign);
}

function parseAuthorizationHeader(header: string, amzDate: string | string[] | undefined): SignatureParts {
  const malformed = () =>
    new S3Error('AuthorizationHeaderMalformed', 'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.', 400);
  if (!header.startsWith('AWS4-HMAC-SHA256 ')) throw new S3Error('InvalidArgument', 'Unsupported Authorization Type', 400);
  const components = Object.fromEntries(
    header
      .slice('AWS4-HMAC-SHA256 '.length)
      .split(',')
      .map((part) => part.trim().split(/=(.*)/s, 2) as [string, string]),
  );
  const credential = parseCredential(components.Credential ?? '');
  if (!credential || !components.SignedHeaders || !components.Signature) throw malformed();
  return { ...credential, amzDate: headerValue(amzDate) ?? '', signedHeaders: components.SignedHeaders.split(';'), signature: components.Signature };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
