import { createHttpHandler } from '../../shared/http/create-http-handler';
import { awsRuntime } from '../../shared/runtime/aws-runtime';
import { filesHandlers } from './handlers';

export const handler = createHttpHandler('files', filesHandlers, awsRuntime);
