import { createSesClient, createSesMailer } from '../adapters/aws/ses-mailer';
import { buildAwsRuntime } from './aws-runtime';
import type { Runtime } from './runtime';
import { s3Files } from './s3-files';

let runtime: Promise<Runtime> | undefined;

/** The runtime of the tick: the request functions' runtime plus SES delivery. */
export function awsJobRuntime(): Promise<Runtime> {
  runtime ??= buildAwsRuntime(process.env, {
    mailer: (config) => createSesMailer({ client: createSesClient(), configurationSetName: config.SES_CONFIGURATION_SET }),
    // Attachments are read from the files bucket when the outbox is delivered.
    fileStore: s3Files,
    signsSessions: false,
  });
  return runtime;
}
