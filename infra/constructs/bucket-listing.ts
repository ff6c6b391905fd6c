import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * s3:ListBucket for the keys a policy may read, and no others. S3 answers HeadObject/GetObject on a missing
 * key with 404 only to a caller that may list the bucket (judged with s3:prefix = the key), 403 AccessDenied
 * to anyone else; so without this, "is the upload there?" and "does the backup exist?" fail in AWS.
 */
export function listingOf(bucket: s3.IBucket, keyPattern: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['s3:ListBucket'],
    resources: [bucket.bucketArn],
    conditions: { StringLike: { 's3:prefix': [keyPattern] } },
  });
}
