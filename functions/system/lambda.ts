import { createHttpHandler } from '../../shared/http/create-http-handler';
import { awsRuntime } from '../../shared/runtime/aws-runtime';
import { systemHandlers } from './handlers';

export const handler = createHttpHandler('system', systemHandlers, awsRuntime);
