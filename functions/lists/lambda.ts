import { createHttpHandler } from '../../shared/http/create-http-handler';
import { awsRuntime } from '../../shared/runtime/aws-runtime';
import { listsHandlers } from './handlers';

export const handler = createHttpHandler('lists', listsHandlers, awsRuntime);
