import { createHttpHandler } from '../../shared/http/create-http-handler';
import { awsRuntime } from '../../shared/runtime/aws-runtime';
import { musiciansHandlers } from './handlers';

export const handler = createHttpHandler('musicians', musiciansHandlers, awsRuntime);
