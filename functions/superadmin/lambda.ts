import { SFNClient } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { createStepFunctionsWorkflows } from '../../shared/adapters/aws/step-functions-workflows';
import { parseConfig } from '../../shared/config/app-config';
import { createHttpHandler } from '../../shared/http/create-http-handler';
import { awsRuntimeWithFiles } from '../../shared/runtime/aws-runtime-with-files';
import type { Runtime } from '../../shared/runtime/runtime';
import { superadminHandlers } from './handlers';

/** Only this function starts workflows: it alone has the state machine ARNs and states:StartExecution. */
const workflowConfig = z.object({
  PROVISIONING_STATE_MACHINE_ARN: z.string().startsWith('arn:'),
  MIGRATE_ALL_STATE_MACHINE_ARN: z.string().startsWith('arn:'),
  ORCHESTRA_SECRET_PREFIX: z.string().min(1),
});

let runtime: Promise<Runtime> | undefined;

function superadminRuntime(): Promise<Runtime> {
  runtime ??= awsRuntimeWithFiles().then((base) => {
    const config = parseConfig(workflowConfig, process.env);
    base.workflows = createStepFunctionsWorkflows({
      client: new SFNClient({}),
      provisioningStateMachineArn: config.PROVISIONING_STATE_MACHINE_ARN,
      migrateAllStateMachineArn: config.MIGRATE_ALL_STATE_MACHINE_ARN,
      orchestraSecretPrefix: config.ORCHESTRA_SECRET_PREFIX,
    });
    return base;
  });
  return runtime;
}

export const handler = createHttpHandler('superadmin', superadminHandlers, superadminRuntime);
