import { createHttpHandler } from '../../shared/http/create-http-handler';
import { awsRuntime } from '../../shared/runtime/aws-runtime';
import { engineControlsHandlers } from './handlers';

export const handler = createHttpHandler('engine-controls', engineControlsHandlers, awsRuntime);
