import { createSesClient, createSesMailer } from '../adapters/aws/ses-mailer';
import { buildAwsRuntime } from './aws-runtime';
import type { Runtime } from './runtime';

let runtime: Promise<Runtime> | undefined;

/** The runtime of the tick: the request functions' runtime plus SES delivery. */
export function awsJobRuntime(): Promise<Runtime> {
  runtime ??= buildAwsRuntime(process.env, (config) =>
    createSesMailer({ client: createSesClient(), configurationSetName: config.SES_CONFIGURATION_SET }),
  );
  return runtime;
}
