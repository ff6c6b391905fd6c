import type { CredentialIssuer, Principal } from '../contracts';
import { callerAccessKey } from './caller-key';
import { accessDenied, S3Error, signatureDoesNotMatch } from './s3-errors';
import { knownSigner } from './s3-request-authentication';
import { hmacHex, parseCredential, sameSignature, signingKey } from './s3-sigv4-signature';

/**
 * A browser upload by presigned POST (multipart/form-data), checked as S3 checks it: the policy's signature
 * with the signer's secret, its expiration, every condition against the form, no field the policy does
 * not name, and the file's size against content-length-range.
 */
export interface AcceptedPost {
  principal: Principal;
  key: string;
  contentType: string;
  contentDisposition?: string;
  metadata: Record<string, string>;
  content: Buffer;
  successActionStatus?: string;
  successActionRedirect?: string;
}

type Condition = Record<string, string> | [string, string | number, string | number];

// Fields that need no condition of their own (S3's POST policy rules).
const exemptFields = new Set(['policy', 'x-amz-signature', 'file']);

export async function acceptPresignedPost(form: FormData, bucket: string, issuer: CredentialIssuer, region: string): Promise<AcceptedPost> {
  // S3 reads fields up to the file; anything after it is ignored.
  const fields: Record<string, string> = {};
  let file: File | undefined;
  const entries: [string, FormDataEntryValue][] = [];
  form.forEach((value, name) => entries.push([name, value]));
  for (const [name, value] of entries) {
    if (name === 'file') {
      file = typeof value === 'string' ? new File([value], '') : value;
      break;
    }
    if (typeof value === 'string') fields[name.toLowerCase()] = value;
  }
  if (!file) throw new S3Error('InvalidArgument', 'POST requires exactly one file upload per request.', 400, { ArgumentName: 'file', ArgumentValue: 0 });
  const key = fields.key;
  if (key === undefined) throw new S3Error('InvalidArgument', "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.", 400, { ArgumentName: 'key', ArgumentValue: '' });
  const encodedPolicy = fields.policy;
  if (encodedPolicy === undefined) throw accessDenied('Bucket POST must contain a field named \'Policy\'.');

  const credential = parseCredential(fields['x-amz-credential'] ?? '');
  const accessKeyId = callerAccessKey({ headers: {} }, fields);
  if (!credential || !accessKeyId || fields['x-amz-algorithm'] !== 'AWS4-HMAC-SHA256' || !fields['x-amz-signature']) {
    throw new S3Error('InvalidArgument', 'Bucket POST must contain fields X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date and X-Amz-Signature.', 400);
  }
  if (credential.region !== region) throw new S3Error('AuthorizationQueryParametersError', `Error parsing the X-Amz-Credential parameter; the region '${credential.region}' is wrong; expecting '${region}'`, 400, { Region: region });
  const known = knownSigner(issuer, accessKeyId, fields['x-amz-security-token']);
  const expected = hmacHex(signingKey(known.credentials.secretAccessKey, credential.date, credential.region, credential.service), encodedPolicy);
  if (!sameSignature(expected, fields['x-amz-signature'])) throw signatureDoesNotMatch(accessKeyId, encodedPolicy);

  let policy: { expiration?: string; conditions?: Condition[] };
  try {
    policy = JSON.parse(Buffer.from(encodedPolicy, 'base64').toString('utf8'));
  } catch {
    throw new S3Error('InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.', 400);
  }
  const expiration = policy.expiration ? new Date(policy.expiration) : undefined;
  if (!expiration || Number.isNaN(expiration.getTime())) throw new S3Error('InvalidPolicyDocument', 'Invalid Policy: Policy missing expiration.', 400);
  if (expiration <= new Date()) throw accessDenied('Invalid according to Policy: Policy expired.');

  const conditions = policy.conditions ?? [];
  const named = new Set<string>(['bucket']);
  const failed = (condition: Condition) => accessDenied(`Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`);
  const valueOf = (name: string) => (name === 'bucket' ? bucket : fields[name]);
  for (const condition of conditions) {
    if (!Array.isArray(condition)) {
      for (const [name, value] of Object.entries(condition)) {
        named.add(name.toLowerCase());
        if (valueOf(name.toLowerCase()) !== value) throw failed(condition);
      }
      continue;
    }
    const [operator, subject, value] = condition;
    const op = operator.toLowerCase();
    if (op === 'content-length-range') {
      const [min, max] = [Number(subject), Number(value)];
      if (file.size > max) throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, { ProposedSize: file.size, MaxSizeAllowed: max });
      if (file.size < min) throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400, { ProposedSize: file.size, MinSizeAllowed: min });
      continue;
    }
    const name = String(subject).replace(/^\$/, '').toLowerCase();
    named.add(name);
    const actual = valueOf(name) ?? '';
    if (op === 'eq' && actual !== value) throw failed(condition);
    else if (op === 'starts-with' && !actual.startsWith(String(value))) throw failed(condition);
    else if (op !== 'eq' && op !== 'starts-with') throw new S3Error('InvalidPolicyDocument', `Invalid Policy: Invalid Condition: unknown operator ${operator}.`, 400);
  }
  const extra = Object.keys(fields).filter((name) => !exemptFields.has(name) && !name.startsWith('x-ignore-') && !named.has(name));
  if (extra.length > 0) throw accessDenied(`Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);

  return {
    principal: known.principal,
    key: key.replace(/\$\{filename\}/g, file.name),
    contentType: fields['content-type'] ?? 'binary/octet-stream',
    contentDisposition: fields['content-disposition'],
    metadata: Object.fromEntries(Object.entries(fields).filter(([n]) => n.startsWith('x-amz-meta-')).map(([n, v]) => [n.slice('x-amz-meta-'.length), v])),
    content: Buffer.from(await file.arrayBuffer()),
    successActionStatus: fields.success_action_status,
    successActionRedirect: fields.success_action_redirect ?? fields.redirect,
  };
}
