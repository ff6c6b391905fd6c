import { randomBytes } from 'node:crypto';

/** An S3 REST error: the `<Error><Code>…` XML body S3 answers with (HEAD answers get the status alone). */
export class S3Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
  }

  toXml(requestId: string): string {
    const details = Object.entries(this.details)
      .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
      .join('');
    return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${this.code}</Code><Message>${escapeXml(this.message)}</Message>${details}<RequestId>${requestId}</RequestId><HostId>${randomBytes(24).toString('base64')}</HostId></Error>`;
  }
}

export const noSuchKey = (key: string) => new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
export const noSuchBucket = (bucket: string) => new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
export const accessDenied = (message = 'Access Denied') => new S3Error('AccessDenied', message, 403);
export const invalidAccessKeyId = (accessKeyId: string) =>
  new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, { AWSAccessKeyId: accessKeyId });
export const signatureDoesNotMatch = (accessKeyId: string, stringToSign?: string) =>
  new S3Error(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    403,
    { AWSAccessKeyId: accessKeyId, ...(stringToSign ? { StringToSign: stringToSign } : {}) },
  );

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
