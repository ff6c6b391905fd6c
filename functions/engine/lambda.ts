import { createHttpHandler } from '../../shared/http/create-http-handler';
import { awsRuntime } from '../../shared/runtime/aws-runtime';
import { engineHandlers } from './handlers';

export const handler = createHttpHandler('engine', engineHandlers, awsRuntime);
