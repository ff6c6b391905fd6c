import { buildAwsRuntime, outboxOnlyMailer } from './aws-runtime';
import type { Runtime } from './runtime';
import { s3Files } from './s3-files';

let runtime: Promise<Runtime> | undefined;

/** The request runtime plus the files bucket: for the files, respond and superadmin functions only. */
export function awsRuntimeWithFiles(): Promise<Runtime> {
  runtime ??= buildAwsRuntime(process.env, { mailer: outboxOnlyMailer, fileStore: s3Files, signsSessions: true, servesHttp: true });
  return runtime;
}
